"""`cnreport extract` end to end on the corpus text: output files, determinism, the store, re-runs, help."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from nlp.cli import main

ROOT = Path(__file__).resolve().parents[2]
CORPUS_TXT = ROOT / "corpus" / "cn-blockchain-2022-2023.txt"
KINDS = ["alliances", "cases", "courses", "enterprise_layouts", "financing", "funds", "infrastructure",
         "institutions", "parks", "policies", "regions", "standards"]


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    first, second = tmp_path_factory.mktemp("run1"), tmp_path_factory.mktemp("run2")
    for out in (first, second):
        assert main(["extract", str(CORPUS_TXT), "-o", str(out), "--quiet", "--workers", "1"]) == 0
    return first, second


def output_files(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*") if p.is_file() and p.suffix in (".csv", ".jsonl"))


def test_same_input_gives_byte_identical_output(two_runs: tuple[Path, Path]) -> None:
    first, second = two_runs
    names = [p.relative_to(first) for p in output_files(first)]
    assert names == [p.relative_to(second) for p in output_files(second)]
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


@pytest.mark.parametrize("kind", KINDS + ["mentions", "figures", "documents"])
def test_every_kind_is_written_as_csv_with_bom_and_jsonl(two_runs: tuple[Path, Path], kind: str) -> None:
    out = two_runs[0]
    assert (out / f"{kind}.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    rows = [json.loads(line) for line in (out / f"{kind}.jsonl").read_text(encoding="utf-8").splitlines()]
    assert rows, f"no {kind} rows"
    assert all("page" in row or kind == "documents" for row in rows)


def test_store_holds_the_document_once_and_a_rerun_skips_it(two_runs: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    out = two_runs[0]
    assert main(["extract", str(CORPUS_TXT), "-o", str(out), "--workers", "1"]) == 0
    assert "1 skipped as unchanged" in capsys.readouterr().err
    with sqlite3.connect(out / "cnreport.sqlite") as db:
        tables = [r[0] for r in db.execute("select name from sqlite_master where type='table'")]
        assert tables
        docs = {r[0] for t in tables if t != "documents" and "doc_id" in [c[1] for c in db.execute(f"pragma table_info({t})")]
                for r in db.execute(f"select distinct doc_id from {t}")}
    assert len(docs) == 1


def test_a_rerun_with_another_pipeline_extracts_again(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A document is skipped only when the same pipeline made it: another --mode (or code, data or models) re-extracts."""
    out = tmp_path / "out"
    assert main(["extract", str(CORPUS_TXT), "-o", str(out), "--workers", "1", "--mode", "rules"]) == 0
    assert main(["extract", str(CORPUS_TXT), "-o", str(out), "--workers", "1", "--mode", "rules"]) == 0
    assert "0 done (0 pages), 1 skipped as unchanged" in capsys.readouterr().err
    assert main(["extract", str(CORPUS_TXT), "-o", str(out), "--workers", "1"]) == 0
    assert "1 done (1 pages), 0 skipped" in capsys.readouterr().err


def test_pipeline_fingerprint_follows_models_and_options(tmp_path: Path) -> None:
    import shutil

    from nlp.api import pipeline_fingerprint
    from nlp.options import DEFAULT_MODELS_DIR, ExtractOptions

    models = tmp_path / "models"
    shutil.copytree(DEFAULT_MODELS_DIR / "org_type", models / "org_type")
    before = pipeline_fingerprint(ExtractOptions(models_dir=models))
    assert pipeline_fingerprint(ExtractOptions(models_dir=models)) == before
    assert pipeline_fingerprint(ExtractOptions(models_dir=models, mode="rules")) != before
    assert pipeline_fingerprint(ExtractOptions(models_dir=models, pages=(1, 3))) != before
    meta = models / "org_type" / "meta.json"
    meta.write_text(meta.read_text(encoding="utf-8").replace('"seed": 0', '"seed": 1'), encoding="utf-8")
    assert pipeline_fingerprint(ExtractOptions(models_dir=models)) != before


@pytest.mark.parametrize("command", ["extract", "normalize", "train", "evaluate", "report", "view", "annotations"])
def test_every_subcommand_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([command, "--help"]) == 0
    assert "usage: cnreport " + command in capsys.readouterr().out


@pytest.mark.parametrize("kind, text, key, expected", [
    ("amount", "约 67 亿元", "value", "6700000000"),
    ("amount", "约 67 亿元", "qualifier", "approx"),
    ("amount", "数千万人民币", "qualifier", "vague"),
    ("amount", "3.08%", "value", "0.0308"),
    ("date", "截至2022年底", "end", "2022-12-31"),
    ("date", "十四五", "start", "2021-01-01"),
    ("date", "十四五", "end", "2025-12-31"),
    ("date", "2022.5", "granularity", "month"),
    ("date", "不是日期", "start", None),
])
def test_normalize_prints_one_json_object_per_expression(kind: str, text: str, key: str, expected: str | None,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["normalize", "--kind", kind, text]) == 0
    row = json.loads(capsys.readouterr().out)
    assert row["text"] == text and row[key] == expected
