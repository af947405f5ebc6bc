"""What a shipped model was made from (issue 17: "the shipped models are those ``cnreport train`` produces from the
shipped annotations"): the SHA-256 of every training input, recorded in each model's ``meta.json`` as ``inputs``.

- ``annotations``: the gold files the model learns from, relative to the annotations folder (the first report's
  ``mentions.jsonl`` and ``split.json``; for the NER the trained reports' ``reports/<key>/mentions.jsonl`` and
  ``document.json``; for the classifiers their ``classes/*.csv``);
- ``package``: the configs, data files and code that decide the model, relative to the folder holding ``nlp/``
  (settings.toml, ner.cfg, the term lists and jieba dictionary the NER's features read, the training code);
- ``pdfs``: the real PDFs (key, file name, SHA-256) the NER learned from, and ``examples_sha256``: the digest of the
  training examples themselves per source (the first report's train split, each report: every line's text and gold
  spans), which moves when the ingest reads a PDF otherwise.

``tests/train/test_reproducible.py`` compares the shipped metas with the repository (fast) and retrains (slow).
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..data.terms import GAZETTEER_FILES
from .data import MENTIONS, ORG_TYPES, PARAGRAPHS, SPLIT, GoldLine

PACKAGE_ROOT = Path(__file__).resolve().parents[2]

#: Package files every model depends on.
COMMON_FILES = ("nlp/train/settings.toml",)
#: Package files the NER depends on beside them: its config, the jieba dictionary and term lists its tokenizer and
#: features read, and the code that tokenizes, places the real reports' gold and trains.
NER_FILES = ("nlp/train/ner.cfg", "nlp/train/ner.py", "nlp/train/reports.py", "nlp/segment/tokenizer.py",
             "nlp/segment/features.py", "nlp/segment/terms.py", "nlp/data/jieba_userdict.txt",
             "nlp/data/gazetteers/org_suffixes.tsv", "nlp/data/gazetteers/org_stops.tsv",
             *(f"nlp/data/{name}" for name in GAZETTEER_FILES))
CLASSIFIER_FILES = ("nlp/train/classifiers.py",)
#: The annotation files each model learns from (relative to the annotations folder; the NER adds its reports').
ANNOTATION_FILES = {"ner": (MENTIONS, SPLIT), "para_domain": (MENTIONS, SPLIT, PARAGRAPHS),
                    "para_topic": (MENTIONS, SPLIT, PARAGRAPHS), "org_type": (MENTIONS, SPLIT, ORG_TYPES)}


def sha256_of(path: Path) -> str:
    """SHA-256 (hex) of a file."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def digests(root: Path, names: Iterable[str]) -> dict[str, str]:
    """``{name: sha256}`` of the files ``root/name`` that exist (sorted by name)."""
    return {name: sha256_of(Path(root) / name) for name in sorted(set(names)) if (Path(root) / name).is_file()}


def report_files(keys: Sequence[str]) -> list[str]:
    """The gold files of the trained reports, relative to the annotations folder."""
    return [f"reports/{key}/{name}" for key in keys for name in ("document.json", "mentions.jsonl")]


def package_files(model: str) -> tuple[str, ...]:
    """The package files a model depends on."""
    return COMMON_FILES + (NER_FILES if model == "ner" else CLASSIFIER_FILES)


def examples_digest(lines: Iterable[GoldLine]) -> str:
    """SHA-256 of training lines as learned (section, line, text, spans, unknown ranges), in order.

    >>> from nlp.train.data import GoldSpan
    >>> examples_digest([GoldLine(1, "中国", "train", "一", (GoldSpan(0, 2, "LOC"),))])[:12]
    '746b0dc56c8f'
    """
    digest = hashlib.sha256()
    for g in lines:
        row = [g.section, g.line, g.text, [[s.start, s.end, s.label] for s in g.spans], [list(u) for u in g.unknown]]
        digest.update((json.dumps(row, ensure_ascii=False) + "\n").encode("utf-8"))
    return digest.hexdigest()


def model_inputs(model: str, annotations: Path, reports: Sequence[str] = (), pdfs: Sequence[dict[str, str]] = (),
                 examples: dict[str, str] | None = None) -> dict[str, Any]:
    """The ``inputs`` of one model's meta (module docstring)."""
    names = [*ANNOTATION_FILES[model], *(report_files(reports) if model == "ner" else [])]
    out: dict[str, Any] = {"annotations": digests(annotations, names),
                           "package": digests(PACKAGE_ROOT, package_files(model))}
    if model == "ner":
        out["pdfs"] = list(pdfs)
        out["examples_sha256"] = dict(examples or {})
    return out


def changed_inputs(inputs: dict[str, Any], annotations: Path, package_root: Path = PACKAGE_ROOT) -> list[str]:
    """The recorded inputs whose file now differs or is gone (``annotations/…`` or the package path)."""
    out = []
    for group, root, prefix in (("annotations", Path(annotations), "annotations/"), ("package", package_root, "")):
        for name, digest in inputs.get(group, {}).items():
            path = root / name
            if not path.is_file() or sha256_of(path) != digest:
                out.append(prefix + name)
    return out
