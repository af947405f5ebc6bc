"""The shipped models are found wherever cnreport is installed, and a model a run needs is never silently missing.

``nlp.options.shipped_models_dir`` looks in the installed package (``nlp/models``, which the wheel carries: setup.py
maps the package onto the top-level ``models/``) and else in a source checkout's ``models/``. A missing model is
``[E011]`` naming it, for every mode that uses it; ``--mode rules`` runs without the NER (issue 16).
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from nlp.errors import ModelLoadError
from nlp.options import DEFAULT_MODELS_DIR, ExtractOptions, Mode, shipped_models_dir

ROOT = Path(__file__).resolve().parents[2]
SENTENCE = "2022 年蚂蚁链和中国信息通信研究院联合立项，区块链产业规模约 67 亿元。"


def _layout(tmp_path: Path, parts: tuple[str, ...]) -> Path:
    """A fake install: ``nlp/`` plus the given extra paths (folders, or pyproject.toml as a file)."""
    package = tmp_path / "nlp"
    package.mkdir()
    for part in parts:
        target = tmp_path / part
        if part.endswith(".toml"):
            target.write_text("[project]\nname = 'cnreport'\n", encoding="utf-8")
        else:
            target.mkdir(parents=True)
    return package


@pytest.mark.parametrize(("parts", "expected"), [
    (("nlp/models",), "nlp/models"),                                   # an installed wheel
    (("pyproject.toml", "models"), "models"),                           # a source checkout (editable, PYTHONPATH)
    (("nlp/models", "pyproject.toml", "models"), "nlp/models"),         # both: the package's own copy first
    (("models",), "nlp/models"),                                        # site-packages/models of some other package
    ((), "nlp/models"),                                                 # nothing: the installed path, E011 on use
], ids=["wheel", "checkout", "both", "foreign-models-folder", "none"])
def test_shipped_models_dir(tmp_path: Path, parts: tuple[str, ...], expected: str) -> None:
    assert shipped_models_dir(_layout(tmp_path, parts)) == tmp_path / expected


def test_default_models_dir_holds_the_shipped_models() -> None:
    assert sorted(p.parent.name for p in DEFAULT_MODELS_DIR.glob("*/meta.json")) == \
        ["ner", "org_type", "para_domain", "para_topic"]


def _models_without(tmp_path: Path, missing: str) -> Path:
    folder = tmp_path / "models"
    folder.mkdir()
    for name in ("ner", "org_type", "para_domain", "para_topic"):
        if name != missing:
            (folder / name).symlink_to(DEFAULT_MODELS_DIR / name, target_is_directory=True)
    return folder


@pytest.mark.parametrize(("mode", "missing"), [
    (Mode.COMBINED, "ner"), (Mode.NER, "ner"),
    (Mode.COMBINED, "org_type"), (Mode.COMBINED, "para_domain"), (Mode.COMBINED, "para_topic"),
    (Mode.NER, "para_topic"),
])
def test_missing_model_is_an_error_naming_it(tmp_path: Path, mode: Mode, missing: str) -> None:
    from nlp.pipeline import Pipeline
    models = _models_without(tmp_path, missing)
    with pytest.raises(ModelLoadError) as error:
        Pipeline(ExtractOptions(models, mode))
    assert error.value.message.startswith(f"[E011] {models / missing}: ")
    assert f"the {missing} model is missing" in error.value.message


@pytest.mark.parametrize("missing", ["ner", "org_type", "all"])
def test_rules_mode_runs_without_missing_models(tmp_path: Path, missing: str) -> None:
    """``--mode rules`` is the explicit way to run without the NER; a missing classifier is then left out."""
    from nlp.pipeline import Pipeline
    models = tmp_path / "empty" if missing == "all" else _models_without(tmp_path, missing)
    pipeline = Pipeline(ExtractOptions(models, Mode.RULES))
    assert not pipeline.has_ner
    assert (pipeline.classifiers.org_type is None) == (missing in ("org_type", "all"))
    from nlp.ingest.textfile import text_document
    extraction = pipeline.run(text_document(SENTENCE.encode("utf-8"), "<t>"))
    assert {"DATE", "MONEY", "ORG"} <= {m.label for m in extraction.mentions}


def test_unreadable_model_is_an_error_even_in_rules_mode(tmp_path: Path) -> None:
    """A classifier that is there but changed is refused in every mode (its digest no longer matches)."""
    from nlp.pipeline import Pipeline
    models = _models_without(tmp_path, "org_type")
    shutil.copytree(DEFAULT_MODELS_DIR / "org_type", models / "org_type")
    (models / "org_type" / "model.skops").write_bytes(b"not a model")
    with pytest.raises(ModelLoadError, match=r"^\[E011\] .*org_type: cannot load model"):
        Pipeline(ExtractOptions(models, Mode.RULES))


def test_cli_missing_models_exit_1_with_one_coded_line(tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_text(SENTENCE + "\n", encoding="utf-8")
    empty = tmp_path / "none"
    empty.mkdir()
    command = [sys.executable, "-m", "nlp", "extract", str(source), "-o", str(tmp_path / "out"), "--models",
               str(empty), "--workers", "1", "--quiet"]
    run = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert run.returncode == 1
    assert run.stderr.strip().splitlines() == [
        f"[E011] {empty / 'ner'}: cannot load model (the ner model is missing, no meta.json; give --models DIR with "
        f"trained models, or --mode rules to run without the NER)"]
    rules = subprocess.run([*command, "--mode", "rules"], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert rules.returncode == 0, rules.stderr
