"""Model artifacts: ``models/<name>/`` holds the model (a spaCy ``to_disk`` folder or ``model.skops``) and
``meta.json``. Loading checks the meta (missing fields are an error, a version mismatch a warning, as spaCy's
``load_meta``), verifies the SHA-256 of the model files recorded in the meta, and never unpickles: spaCy's own
format for the NER and skops with an explicit trusted-type list for scikit-learn.
"""
from __future__ import annotations

import hashlib
import json
import logging
import warnings
from pathlib import Path
from typing import Any

from .errors import ModelLoadError

FORMAT = 1
REQUIRED_META = ("name", "version", "schema_version", "format", "trained_on", "labels", "metrics", "versions", "files")
logger = logging.getLogger(__name__)


def file_digest(path: Path) -> str:
    """SHA-256 of a file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def folder_digests(folder: Path) -> dict[str, str]:
    """SHA-256 of every file below ``folder`` except meta.json, keyed by relative path (sorted)."""
    return {str(p.relative_to(folder)): file_digest(p) for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != "meta.json"}


def library_versions() -> dict[str, str]:
    """Versions of the libraries a model depends on."""
    import platform

    import jieba
    import sklearn
    import spacy
    return {"python": platform.python_version(), "sklearn": sklearn.__version__, "spacy": spacy.__version__,
            "jieba": jieba.__version__}


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
    "nlp.classify.features.CharNgrams",
    "sklearn.pipeline.Pipeline", "sklearn.feature_extraction.text.TfidfVectorizer",
    "sklearn.linear_model._logistic.LogisticRegression", "sklearn.svm._classes.LinearSVC",
    "sklearn.naive_bayes.ComplementNB", "sklearn.preprocessing._label.LabelEncoder",
    "builtins.dict", "numpy.ndarray", "numpy.dtype", "scipy.sparse._csr.csr_matrix",
]


def load_skops_model(folder: Path) -> Any:
    """Load ``model.skops`` after checking the meta; only the listed types are trusted."""
    import skops.io as sio

    load_meta(folder)
    path = folder / "model.skops"
    untrusted = [t for t in sio.get_untrusted_types(file=path) if t not in SKOPS_TRUSTED]
    if untrusted:
        raise ModelLoadError(folder, f"model.skops holds untrusted types {untrusted[:5]}")
    try:
        return sio.load(path, trusted=SKOPS_TRUSTED)
    except Exception as exc:
        raise ModelLoadError(folder, f"skops cannot load it ({type(exc).__name__})") from exc
