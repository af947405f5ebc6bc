"""Model artifacts: ``models/<name>/`` holds the model (a spaCy ``to_disk`` folder or ``model.skops``) and
``meta.json``. Loading checks the meta (missing fields are an error, a version mismatch a warning, as spaCy's
``load_meta``), verifies the SHA-256 of the model files recorded in the meta, and never unpickles: spaCy's own
format for the NER and skops with an explicit trusted-type list for scikit-learn.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import warnings
import zipfile
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import ModelLoadError

FORMAT = 1
REQUIRED_META = ("name", "version", "schema_version", "format", "trained_on", "labels", "metrics", "versions", "files")
logger = logging.getLogger(__name__)


def file_digest(path: Path) -> str:
    """SHA-256 of a file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


DOC_SUFFIXES = (".md",)


def folder_digests(folder: Path) -> dict[str, str]:
    """SHA-256 of every file below ``folder`` except meta.json and the documentation (``*.md``: model card,
    README), keyed by relative path (sorted)."""
    return {p.relative_to(folder).as_posix(): file_digest(p) for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != "meta.json" and p.suffix not in DOC_SUFFIXES}


def library_versions() -> dict[str, str]:
    """Versions of the libraries a model depends on (read from the installed distributions' metadata, so that
    checking a spaCy model's meta does not import scikit-learn; once per process)."""
    return dict(_library_versions())


@lru_cache(maxsize=1)
def _library_versions() -> tuple[tuple[str, str], ...]:
    import platform
    from importlib.metadata import version
    return (("python", platform.python_version()), ("sklearn", version("scikit-learn")), ("spacy", version("spacy")),
            ("jieba", version("jieba")))


def next_version(target: Path) -> str:
    """The version of a retrained model: the old one's patch number + 1, or ``1.0.0`` for a new model."""
    try:
        old = json.loads((target / "meta.json").read_text(encoding="utf-8"))["version"]
        major, minor, patch = (int(x) for x in str(old).split("."))
        return f"{major}.{minor}.{patch + 1}"
    except (OSError, ValueError, KeyError, TypeError):
        return "1.0.0"


def write_meta(folder: Path, meta: dict[str, Any]) -> dict[str, Any]:
    """Write ``folder/meta.json``: ``meta`` plus ``format``, library ``versions`` and the ``files`` digests.

    Call it last, once every model file is in ``folder``; returns the full meta.
    """
    full = {**meta, "format": FORMAT, "versions": library_versions(), "files": folder_digests(folder)}
    missing = [key for key in REQUIRED_META if key not in full]
    if missing:
        raise ValueError(f"meta for {folder} lacks {missing}")
    text = json.dumps(full, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    (folder / "meta.json").write_text(text, encoding="utf-8")
    return full


def save_atomically(target: Path, write: Callable[[Path], None]) -> None:
    """Fill a fresh temp folder next to ``target`` with ``write(tmp)``, then swap it in for ``target``.

    If ``write`` raises, the temp folder is removed and ``target`` (the old model) is left as it was. The swap is
    two renames on the same file system (old → aside, new → target), then the old folder is deleted.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    try:
        write(tmp)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    aside = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        os.replace(target, aside)
    os.replace(tmp, target)
    os.chmod(target, 0o755)
    shutil.rmtree(aside, ignore_errors=True)


def require_model(folder: Path) -> Path:
    """``folder`` when it holds a model (its ``meta.json``), else ``[E011]`` naming the model and what to do.

    A model a run needs is never silently left out: ``--models DIR`` points at another models folder, and
    ``--mode rules`` runs without the NER.
    """
    if not (folder / "meta.json").is_file():
        raise ModelLoadError(folder, f"the {folder.name} model is missing, no meta.json; give --models DIR with "
                                     f"trained models, or --mode rules to run without the NER")
    return folder


def load_meta(folder: Path) -> dict[str, Any]:
    """Read and check ``meta.json``: required fields, format, file digests; warn on library version drift."""
    path = folder / "meta.json"
    if not path.exists():
        raise ModelLoadError(folder, "meta.json is missing")
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ModelLoadError(folder, f"meta.json is not JSON ({exc})") from exc
    missing = [key for key in REQUIRED_META if key not in meta]
    if missing:
        raise ModelLoadError(folder, f"meta.json lacks {missing}")
    if meta["format"] != FORMAT:
        raise ModelLoadError(folder, f"format {meta['format']} is not supported (this cnreport reads format {FORMAT})")
    actual = folder_digests(folder)
    if actual != meta["files"]:
        changed = sorted(set(actual.items()) ^ set(meta["files"].items()))
        raise ModelLoadError(folder, f"model files do not match meta.json digests (tampered or foreign): {[c[0] for c in changed][:5]}")
    current = library_versions()
    for lib in ("spacy", "sklearn"):
        trained = meta["versions"].get(lib)
        if trained and trained.split(".")[:2] != current[lib].split(".")[:2]:
            warnings.warn(f"[W001] {folder}: trained with {lib} {trained}, running {current[lib]}", stacklevel=2)
    return meta


def load_spacy_model(folder: Path) -> Any:
    """Load a spaCy pipeline saved with ``to_disk`` after checking its meta."""
    import spacy

    from .segment import tokenizer  # noqa: F401  (registers cnreport.jieba_tokenizer.v1)
    load_meta(folder)
    try:
        return spacy.load(folder / "model")
    except Exception as exc:  # spaCy raises many types for a broken folder
        raise ModelLoadError(folder, f"spaCy cannot load it ({type(exc).__name__}: {str(exc)[:120]})") from exc


SKOPS_TRUSTED = [
    "sklearn.pipeline.Pipeline", "sklearn.feature_extraction.text.TfidfVectorizer",
    "sklearn.linear_model._logistic.LogisticRegression", "sklearn.svm._classes.LinearSVC",
    "sklearn.naive_bayes.ComplementNB", "sklearn.preprocessing._label.LabelEncoder",
    "builtins.dict", "numpy.ndarray", "numpy.dtype", "scipy.sparse._csr.csr_matrix",
]


def load_skops_model(folder: Path) -> Any:
    """Load ``model.skops`` after checking the meta; only the listed types are trusted.

    Raises:
        ModelLoadError: if the meta or digests do not match, the file is not a skops archive (a pickle, a random
            file), or it holds a type outside :data:`SKOPS_TRUSTED`.
    """
    import skops.io as sio
    from skops.io.exceptions import UntrustedTypesFoundException

    load_meta(folder)
    path = folder / "model.skops"
    try:  # one read: skops refuses the archive when it holds a type outside the list
        return sio.load(path, trusted=SKOPS_TRUSTED)
    except UntrustedTypesFoundException as exc:
        raise ModelLoadError(folder, f"model.skops holds untrusted types ({str(exc)[:200]})") from exc
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:  # not a zip, no schema.json, bad JSON
        raise ModelLoadError(folder, f"model.skops is not a skops archive ({type(exc).__name__})") from exc
    except Exception as exc:
        raise ModelLoadError(folder, f"skops cannot load it ({type(exc).__name__})") from exc
