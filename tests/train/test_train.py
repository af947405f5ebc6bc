"""End-to-end training on the tiny annotations folder, the atomic swap, and ``cnreport train``."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from nlp.cli import main
from nlp.models_io import file_digest, load_meta, load_spacy_model
from nlp.train import MODEL_NAMES, train, wanted_models

META_FIELDS = ("name", "version", "schema_version", "format", "trained_on", "labels", "metrics", "versions", "files",
               "split", "seed", "date", "train_seconds", "size_bytes")

ONLY_CASES = [
    (None, MODEL_NAMES),
    ("ner", ("ner",)),
    ("classifiers", ("para_domain", "para_topic", "org_type")),
    (["org_type", "ner"], ("ner", "org_type")),
]


@pytest.mark.parametrize("only, expected", ONLY_CASES, ids=["all", "ner", "classifiers", "list"])
def test_train_wanted_models(only: object, expected: tuple[str, ...]) -> None:
    assert wanted_models(only) == expected


def test_train_wanted_models_rejects_unknown() -> None:
    with pytest.raises(ValueError, match="--only"):
        wanted_models("crf")


@pytest.mark.parametrize("name", MODEL_NAMES)
def test_train_writes_model_folder_with_meta(tiny_training: tuple[Path, dict], name: str) -> None:
    out, _ = tiny_training
    meta = load_meta(out / name)
    assert [f for f in META_FIELDS if f not in meta] == []
    assert meta["split"]["test_sections"] == ["三", "五", "附件3", "附件5"]
    assert (out / name / "MODEL_CARD.md").read_text(encoding="utf-8").startswith(f"# {name} 1.0.0")


@pytest.mark.parametrize("name", MODEL_NAMES)
def test_train_returns_test_split_figures(tiny_training: tuple[Path, dict], name: str) -> None:
    _, results = tiny_training
    metrics = results[name]["metrics"]
    assert ("per_label" in metrics) if name == "ner" else (metrics["n"] > 0 and metrics["family"] in metrics["families"])


def test_train_ner_is_a_spacy_pipeline_with_jieba_tokenizer(tiny_training: tuple[Path, dict]) -> None:
    nlp = load_spacy_model(tiny_training[0] / "ner")
    assert nlp.pipe_names == ["tok2vec", "ner"]
    text = "2022 年 5 月，最高人民法院发布《最高人民法院关于加强区块链司法应用的意见》"
    assert nlp(text).text == text


def test_train_ner_counts_unaligned_spans(tiny_training: tuple[Path, dict]) -> None:
    alignment = tiny_training[1]["ner"]["alignment"]
    assert alignment["total"] == alignment["aligned"] + alignment["unaligned"] > 0


def test_train_skips_org_type_without_its_file(tmp_path: Path) -> None:
    from tests.train.conftest import write_tiny_annotations
    annotations = write_tiny_annotations(tmp_path / "a", org_types=False)
    results = train(annotations, tmp_path / "m", only="org_type", progress=False)
    assert "org_types.csv is missing" in results["org_type"]["skipped"]


def test_train_swap_keeps_old_model_when_training_raises(tiny_annotations: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    train(tiny_annotations, tmp_path, only="para_domain", progress=False)
    before = {p.name: file_digest(p) for p in (tmp_path / "para_domain").iterdir()}

    def broken_dump(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")
    monkeypatch.setattr("skops.io.dump", broken_dump)
    with pytest.raises(RuntimeError, match="disk full"):
        train(tiny_annotations, tmp_path, only="para_domain", progress=False)
    assert {p.name: file_digest(p) for p in (tmp_path / "para_domain").iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["para_domain"]


def test_train_retrain_bumps_version(tiny_annotations: Path, tmp_path: Path) -> None:
    train(tiny_annotations, tmp_path, only="para_topic", progress=False)
    train(tiny_annotations, tmp_path, only="para_topic", progress=False)
    assert json.loads((tmp_path / "para_topic" / "meta.json").read_text(encoding="utf-8"))["version"] == "1.0.1"


def test_train_cli_prints_figures(tiny_annotations: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    code = main(["train", "--annotations", str(tiny_annotations), "--out", str(tmp_path), "--only", "classifiers",
                 "--quiet", "--cv", "2"])
    assert code == 0
    assert "para_domain (test split" in capsys.readouterr().out


def test_train_ner_cross_validation_sums_folds(tiny_annotations: Path) -> None:
    from nlp.train.data import read_gold_lines
    from nlp.train.ner import cross_validate_ner
    lines = read_gold_lines(tiny_annotations)
    result = cross_validate_ner(lines, folds=2, seed=0, max_epochs=1)
    gold = sum(len(g.spans) for g in lines)
    assert result["folds"] == 2 and result["micro"]["tp"] + result["micro"]["fn"] == gold


def test_train_from_another_folder_writes_its_models_there(tiny_annotations: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["train", "--annotations", str(tiny_annotations), "--only", "para_domain", "--quiet"]) == 0
    assert (tmp_path / "models" / "para_domain" / "meta.json").is_file()
