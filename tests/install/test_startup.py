"""Start-up: ``--version``, the ``nlp`` import-name clash, and loading only what a command needs (issues 16, 17).

Each case runs the command in a fresh interpreter (``cnreport_cli.main``, the console script's entry point) and
reports which heavy libraries it imported: ``--help``, ``--version`` and ``normalize`` import no spaCy and no jieba
(so no NER and no jieba dictionary), ``normalize`` no pdfminer either; ``extract --mode rules`` loads no NER; no
extraction loads jieba's global dictionary beside the pipeline's own.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import cnreport_cli
from nlp import __version__
from nlp.errors import ImportClashError
from nlp.options import DEFAULT_MODELS_DIR

ROOT = Path(__file__).resolve().parents[2]
SENTENCE = "2022 年我国区块链产业规模约 67 亿元，同比增长 3.08%。"
PROBE = """
import contextlib, io, json, sys
import cnreport_cli
out = io.StringIO()
with contextlib.redirect_stdout(out):
    code = cnreport_cli.main(sys.argv[1:])
import nlp.api
pipelines = list(nlp.api._PIPELINES.values())
jieba = sys.modules.get("jieba")
print(json.dumps({"code": code, "stdout": out.getvalue(),
                  "modules": sorted(m for m in ("spacy", "jieba", "jieba.posseg", "pdfminer", "sklearn", "pandas")
                                    if m in sys.modules),
                  "ner": [p.has_ner for p in pipelines],
                  "global_jieba_dictionary": bool(jieba and jieba.dt.initialized)}))
"""


def _env(**extra: str) -> dict[str, str]:
    env = {**os.environ, **extra}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (extra.get("PYTHONPATH"), str(ROOT), os.environ.get("PYTHONPATH"))
                                        if p)
    return env


def probe(args: list[str], cwd: Path = ROOT, **env: str) -> dict[str, object]:
    run = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, cwd=cwd,
                         env=_env(**env), timeout=600)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout.strip().splitlines()[-1])


def test_version_names_the_version_and_where_the_models_are() -> None:
    result = probe(["--version"])
    assert result["code"] == 0
    assert result["stdout"].startswith(f"cnreport {__version__} (Python ")
    assert f"models {DEFAULT_MODELS_DIR})" in result["stdout"]


@pytest.mark.parametrize(("args", "unloaded"), [
    (["--help"], {"spacy", "jieba", "pdfminer", "sklearn", "pandas"}),
    (["--version"], {"spacy", "jieba", "pdfminer", "sklearn", "pandas"}),
    (["normalize", "--kind", "date", "2022年3月", "今年"], {"spacy", "jieba", "pdfminer", "sklearn", "pandas"}),
    (["normalize", "--kind", "amount", "约67亿元"], {"spacy", "jieba", "pdfminer", "sklearn", "pandas"}),
    (["extract", "--help"], {"spacy", "jieba", "pdfminer", "sklearn", "pandas"}),
], ids=["help", "version", "normalize-date", "normalize-amount", "extract-help"])
def test_light_commands_load_no_models(args: list[str], unloaded: set[str]) -> None:
    result = probe(args)
    assert result["code"] == 0
    assert not unloaded & set(result["modules"]), result["modules"]


@pytest.mark.parametrize(("mode", "ner"), [("rules", False), ("combined", True)])
def test_extract_loads_the_ner_only_when_the_mode_uses_it(tmp_path: Path, mode: str, ner: bool) -> None:
    source = tmp_path / "a.txt"
    source.write_text(SENTENCE + "\n", encoding="utf-8")
    result = probe(["extract", str(source), "-o", str(tmp_path / "out"), "--mode", mode, "--workers", "1", "--quiet"])
    assert result["code"] == 0
    assert result["ner"] == [ner]
    assert result["global_jieba_dictionary"] is False  # the pipeline's own jieba dictionary only


def test_second_extract_process_imports_no_scikit_learn(tmp_path: Path) -> None:
    """The first process caches the classifiers' compact form (nlp/classify/linear.py); the next one predicts
    with it and never imports scikit-learn, skops or pandas."""
    source = tmp_path / "a.txt"
    source.write_text(SENTENCE + "\n", encoding="utf-8")
    args = ["extract", str(source), "--workers", "1", "--quiet"]
    first = probe([*args, "-o", str(tmp_path / "one")], CNREPORT_CACHE_DIR=str(tmp_path / "cache"))
    second = probe([*args, "-o", str(tmp_path / "two")], CNREPORT_CACHE_DIR=str(tmp_path / "cache"))
    assert first["code"] == second["code"] == 0
    assert "sklearn" in first["modules"]
    assert not {"sklearn", "pandas"} & set(second["modules"]), second["modules"]
    assert (tmp_path / "one" / "mentions.jsonl").read_bytes() == (tmp_path / "two" / "mentions.jsonl").read_bytes()


def test_clash_code_is_catalogued() -> None:
    assert cnreport_cli.CODE == ImportClashError.code == "E032"


FOREIGN_INIT = '"""Another distribution\'s package named nlp."""\nraise ImportError("not cnreport")\n'


def _clash_run(tmp_path: Path, pythonpath: Path, args: list[str]) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", "import sys, cnreport_cli; sys.exit(cnreport_cli.main(sys.argv[1:]))", *args]
    env = _env(PYTHONPATH=str(pythonpath))
    return subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, env=env, timeout=300)


@pytest.mark.parametrize("args", [["--version"], ["normalize", "--kind", "date", "2022年"]])
def test_another_nlp_earlier_on_the_path_is_one_coded_line(tmp_path: Path, args: list[str]) -> None:
    """A package ``nlp`` of another distribution shadows cnreport's (a user site, PYTHONPATH)."""
    (tmp_path / "other" / "nlp").mkdir(parents=True)
    (tmp_path / "other" / "nlp" / "__init__.py").write_text(FOREIGN_INIT, encoding="utf-8")
    run = _clash_run(tmp_path, tmp_path / "other", args)
    assert run.returncode == 1
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and run.stdout == ""
    assert lines[0].startswith(f"[E032] {tmp_path / 'other' / 'nlp' / '__init__.py'}: the package 'nlp' that Python "
                               f"imports is not cnreport's: another distribution named 'nlp' overwrote or shadows it")
    assert "pip uninstall nlp" in lines[0]


def test_overwritten_init_is_one_coded_line(tmp_path: Path) -> None:
    """``pip install nlp`` into cnreport's environment replaces ``nlp/__init__.py``, keeping cnreport's other files."""
    import shutil
    site = tmp_path / "site"
    shutil.copytree(ROOT / "nlp", site / "nlp", ignore=shutil.ignore_patterns("__pycache__", "models"))
    (site / "nlp" / "__init__.py").write_text(FOREIGN_INIT, encoding="utf-8")
    run = _clash_run(tmp_path, site, ["--version"])
    assert run.returncode == 1
    assert run.stderr.startswith(f"[E032] {site / 'nlp' / '__init__.py'}: ")
    assert len(run.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("module", ["nlp.cli", "nlp.api", "nlp.pipeline", "nlp.text.blocks", "nlp.segment.sentences",
                                    "nlp.ingest", "nlp.records.tables", "nlp.scoring.run", "nlp.train", "nlp.view"])
def test_module_imports_first_in_a_fresh_interpreter(module: str) -> None:
    """``import nlp`` no longer imports the API eagerly, so each entry module must import on its own, first."""
    run = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True, text=True, cwd=ROOT,
                         env=_env(), timeout=300)
    assert run.returncode == 0, run.stderr
