"""The shipped models are those ``cnreport train`` produces from the shipped annotations (issue 17).

Fast: every shipped model's ``meta.json`` records the SHA-256 of its inputs (annotation files, configs, term lists,
training code: nlp/train/provenance.py) and they are the repository's files; the NER learned from the training
reports of settings.toml and from the first report's train split as it reads today; the classifiers, retrained
(seconds), are byte-identical to the shipped ones (or, on a machine whose floating point rounds otherwise, have the
same figures).

Slow (marked ``slow``, skipped without the real PDFs): the real reports' training examples, ingested and placed
today, are those the shipped NER learned from; the NER retrained with the shipped seed is byte-identical to the
shipped one (spaCy with fixed seeds on CPU gives the same bytes across processes on one machine; elsewhere the
figures must be the same; it takes several minutes).

When one fails, the models are stale: retrain them with the one command of docs/readme-notes/train.md,
``cnreport train --annotations annotations --out models --corpus-real ../shared/corpus-real``.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from nlp.models_io import folder_digests
from nlp.train import MODEL_NAMES, train
from nlp.train.classifiers import CLASSIFIERS
from nlp.train.data import read_gold_lines
from nlp.train.provenance import ANNOTATION_FILES, changed_inputs, examples_digest, package_files, report_files
from nlp.train.reports import find_corpus_real, read_report_lines, report_settings

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "annotations"
MODELS = ROOT / "models"
RETRAIN = "stale models: cnreport train --annotations annotations --out models --corpus-real ../shared/corpus-real"


def _meta(name: str) -> dict[str, Any]:
    return json.loads((MODELS / name / "meta.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", MODEL_NAMES)
def test_shipped_inputs_are_the_repository_files(name: str) -> None:
    assert changed_inputs(_meta(name)["inputs"], GOLD) == [], RETRAIN


@pytest.mark.parametrize("name", MODEL_NAMES)
def test_shipped_inputs_cover_what_the_model_reads(name: str) -> None:
    inputs = _meta(name)["inputs"]
    reports = report_settings()["train"] if name == "ner" else []
    assert set(inputs["annotations"]) == {*ANNOTATION_FILES[name], *report_files(reports)}
    assert set(inputs["package"]) == set(package_files(name))


def test_shipped_ner_learned_from_the_training_reports() -> None:
    meta = _meta("ner")
    assert meta["reports"]["missing"] == []
    assert [p["key"] for p in meta["reports"]["placements"]] == report_settings()["train"]
    for pdf in meta["inputs"]["pdfs"]:
        document = json.loads((GOLD / "reports" / pdf["key"] / "document.json").read_text(encoding="utf-8"))
        assert pdf["sha256"] == document["sha256"]
    held = set(report_settings()["held_out"])
    assert not held & {p["key"] for p in meta["inputs"]["pdfs"]}
    assert not [f for f in meta["inputs"]["annotations"] if any(f"/{key}/" in f for key in held)]


def test_first_report_examples_are_those_learned() -> None:
    first = [g for g in read_gold_lines(GOLD) if g.split == "train"]
    assert examples_digest(first) == _meta("ner")["inputs"]["examples_sha256"]["first_report"], RETRAIN


@pytest.fixture(scope="module")
def retrained_classifiers(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("classifiers")
    train(GOLD, out, seed=_meta("org_type")["seed"], only="classifiers", progress=False)
    return out


def same_model(folder: Path, name: str) -> bool:
    """True when a retrained model is the shipped one: the same bytes, or, where this machine's floating point
    differs from the one that trained the shipped model (another CPU's BLAS kernels round the last bits
    otherwise), the same figures to six decimals. Which of the two held is printed."""
    if folder_digests(folder) == _meta(name)["files"]:
        print(f"{name}: byte-identical to the shipped model")
        return True
    retrained = json.loads((folder / "meta.json").read_text(encoding="utf-8"))["metrics"]
    print(f"{name}: not byte-identical on this machine; comparing its figures")
    return bool(rounded(retrained) == rounded(_meta(name)["metrics"]))


def rounded(value: Any) -> Any:
    """Numbers of a metrics tree rounded to six decimals.

    >>> rounded({"f1": 0.12345678, "n": [1, 0.5]})
    {'f1': 0.123457, 'n': [1, 0.5]}
    """
    if isinstance(value, dict):
        return {k: rounded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [rounded(v) for v in value]
    return round(value, 6) if isinstance(value, float) else value


@pytest.mark.parametrize("name", CLASSIFIERS)
def test_classifiers_retrain_to_the_shipped_models(retrained_classifiers: Path, name: str) -> None:
    assert same_model(retrained_classifiers / name, name), RETRAIN


REAL = find_corpus_real()
HAVE_PDFS = REAL is not None and all((REAL / f"{k}.pdf").is_file() for k in report_settings()["train"])
needs_pdfs = pytest.mark.skipif(not HAVE_PDFS, reason="the real PDFs are not here (set CNREPORT_CORPUS_REAL to "
                                                      "../shared/corpus-real)")


@pytest.mark.slow
@needs_pdfs
@pytest.mark.parametrize("key", report_settings()["train"])
def test_report_examples_are_those_learned(key: str) -> None:
    data = read_report_lines(GOLD, REAL, [key])
    assert examples_digest(data.lines) == _meta("ner")["inputs"]["examples_sha256"][key], RETRAIN


@pytest.mark.slow
@needs_pdfs
def test_ner_retrains_to_the_shipped_model(tmp_path: Path) -> None:
    meta = _meta("ner")
    train(GOLD, tmp_path, seed=meta["seed"], only="ner", progress=False, corpus_real=REAL)
    assert same_model(tmp_path / "ner", "ner"), RETRAIN


def test_digest_helper_reads_bytes(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes("区块链\n".encode("utf-8"))
    assert changed_inputs({"package": {"x.txt": hashlib.sha256(path.read_bytes()).hexdigest()}}, GOLD, tmp_path) == []
    assert changed_inputs({"package": {"x.txt": "0" * 64}}, GOLD, tmp_path) == ["x.txt"]
