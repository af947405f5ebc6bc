"""``cnreport evaluate`` and ``cnreport report`` end to end on the corpus: baselines in the same run, the
floors of evaluation/thresholds.json, the JSON schema of evaluation/README.md, and the HTML report as
rendered by headless Chromium.

The corpus is extracted once per module (``out_dir``) and evaluated once with the baselines (``results``).
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from nlp.api import extract_many
from nlp.cli import main
from nlp.options import ExtractOptions
from nlp.scoring.run import check_thresholds_file, evaluate_outputs, report_html, results_json
from nlp.scoring.thresholds import check_thresholds, load_thresholds

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus" / "cn-blockchain-2022-2023.txt"
GOLD = ROOT / "annotations"
THRESHOLDS = ROOT / "evaluation" / "thresholds.json"
README = ROOT / "evaluation" / "README.md"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SYSTEMS = ["cnreport", "rules_only", "ner_only", "rules+ner", "jieba_posseg"]
NAME_LABELS = {"PER", "LOC", "ORG"}

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("extract") / "out"
    result = extract_many([CORPUS], out, ExtractOptions(), workers=1)
    assert not result.failed, result.failed
    return out


@pytest.fixture(scope="module")
def results(out_dir: Path) -> Any:
    return evaluate_outputs(out_dir, GOLD, "test", baselines=True, workers=2)


@pytest.fixture(scope="module")
def results_file(results: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("eval") / "latest.json"
    path.write_text(results_json(results), encoding="utf-8")
    return path


def test_floors_of_thresholds_json_hold_on_test_split(results: Any) -> None:
    assert check_thresholds_file(results, THRESHOLDS) == []


def test_thresholds_cover_the_headline_figures() -> None:
    floors = load_thresholds(THRESHOLDS)["floors"]
    for name in ("mentions.strict.micro.f1", "records.rows.micro.f1", "figures.rows.f1", "classes.org_type.macro_f1",
                 *(f"corpus.mentions.schemes.strict.labels.{label}.f1"
                   for label in ("TITLE", "STD", "DATE", "MONEY", "PERCENT", "QUANTITY"))):
        assert name in floors


# (id, floors, expected failure count): a figure below its floor fails; the file's names must exist
FLOOR_CASES = [
    ("above-current-fails", {"mentions.strict.micro.f1": 0.999}, 1),
    ("at-zero-passes", {"mentions.strict.micro.f1": 0.0, "corpus.records.kinds.standards.rows.f1": 0.0}, 0),
    ("unknown-figure-fails", {"corpus.mentions.schemes.strict.labels.NOPE.f1": 0.1}, 1),
    ("undefined-figure-fails-positive-floor", {"corpus.records.kinds.policies.rows.f1": 0.5}, 1),
]


@pytest.mark.parametrize(("floors", "failures"), [c[1:] for c in FLOOR_CASES], ids=[c[0] for c in FLOOR_CASES])
def test_threshold_check_fails_below_a_floor(results: Any, floors: dict[str, float], failures: int) -> None:
    assert len(check_thresholds(results, {"system": "cnreport", "split": "test", "floors": floors})) == failures


def test_baselines_run_beside_ours(results: Any) -> None:
    assert list(results.systems) == SYSTEMS
    for name in SYSTEMS[1:]:
        assert results.systems[name].pred_dir.startswith("in-process: mode=")
        assert "cn-blockchain-2022-2023.txt" in results.systems[name].pred_dir


def test_rules_plus_ner_baseline_is_what_extract_wrote(results: Any) -> None:
    data = results.to_dict()["systems"]
    assert data["rules+ner"]["headline"] == data["cnreport"]["headline"]


def test_jieba_baseline_predicts_names_only(results: Any) -> None:
    labels = results.to_dict()["systems"]["jieba_posseg"]["corpus"]["mentions"]["schemes"]["strict"]["labels"]
    predicted = {label for label, prf in labels.items() if prf["tp"] + prf["fp"] > 0}
    assert predicted and predicted <= NAME_LABELS


def test_evaluation_is_deterministic(out_dir: Path, results: Any) -> None:
    again = evaluate_outputs(out_dir, GOLD, "test", baselines=False)
    first = {**results.to_dict(), "systems": {"cnreport": results.to_dict()["systems"]["cnreport"]}, "notes": []}
    assert results_json(again) == results_json(first)


def _keys(node: Any, skip: frozenset[str]) -> set[str]:
    """Every key of a JSON tree, not descending into the mappings keyed by data (labels, kinds, names)."""
    if isinstance(node, list):
        return set().union(*(_keys(x, skip) for x in node)) if node else set()
    if not isinstance(node, dict):
        return set()
    out = set()
    for key, value in node.items():
        out.add(key)
        if key not in skip:
            out |= _keys(value, skip)
    return out


def test_every_json_key_is_documented_in_evaluation_readme(results: Any) -> None:
    data = json.loads(results_json(results))
    dynamic = frozenset({"systems", "documents", "labels", "kinds", "fields", "doc_id_map", "headline", "gold",
                         "pred", "value", "classes"})
    keys = _keys(data, dynamic)
    system = data["systems"]["cnreport"]
    keys |= _keys(system["classes"]["org_type"], frozenset({"labels"}))
    keys |= set(system["headline"])
    text = README.read_text(encoding="utf-8")
    assert sorted(k for k in keys if f"`{k}`" not in text) == []
    assert data["schema_version"] in text


def test_cli_evaluate_prints_tables_and_writes_json(out_dir: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "r.json"
    argv = ["evaluate", str(out_dir), "--gold", str(GOLD), "--no-baselines", "--json", str(path),
            "--thresholds", str(THRESHOLDS)]
    assert main(argv) == 0
    table = capsys.readouterr().out
    for heading in ("mentions.strict.micro.f1", "Mentions (strict", "Records (rows", "figures", "confusion org_type",
                    "Per document", "micro", "macro"):
        assert heading in table
    first = path.read_bytes()
    assert main(argv) == 0
    assert path.read_bytes() == first
    assert json.loads(first)["split"] == "test"


# (id, argv after "evaluate", exit code, start of the first stderr line)
CLI_ERRORS = [
    ("missing-folder", ["no/such/out", "--no-baselines"], 1, "[E001] no/such/out: no such file or directory"),
    ("bad-baseline", ["{out}", "--no-baselines", "--baseline", "nodir"], 2, "cnreport: error: --baseline must look"),
    ("missing-thresholds", ["{out}", "--no-baselines", "--thresholds", "no/such.json"], 1, "[E001] no/such.json"),
]


@pytest.mark.parametrize(("args", "code", "message"), [c[1:] for c in CLI_ERRORS], ids=[c[0] for c in CLI_ERRORS])
def test_cli_evaluate_errors_are_one_line(out_dir: Path, capsys: pytest.CaptureFixture[str], args: list[str],
                                         code: int, message: str) -> None:
    assert main(["evaluate", *(a.format(out=out_dir) for a in args), "--gold", str(GOLD)]) == code
    err = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert err[0].startswith(message)


def test_cli_evaluate_fails_when_a_floor_is_not_met(out_dir: Path, tmp_path: Path) -> None:
    strict = tmp_path / "thresholds.json"
    strict.write_text(json.dumps({"floors": {"mentions.strict.micro.f1": 0.999}}), encoding="utf-8")
    assert main(["evaluate", str(out_dir), "--gold", str(GOLD), "--no-baselines", "--thresholds", str(strict)]) == 1


def test_report_from_json_equals_report_from_results(results: Any, results_file: Path) -> None:
    assert report_html(results_file) == report_html_from(results)


def report_html_from(results: Any) -> str:
    from nlp.scoring.reporters import render_html
    return render_html(json.loads(results_json(results)))


def test_report_is_self_contained(results_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    assert main(["report", str(results_file), "-o", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//|@import|url\(""", html)
    assert html.count("<svg") == 2 and 'id="f-group"' in html and 'id="mentions-partial"' in html


@pytest.mark.browser
def test_report_renders_in_headless_chromium(results: Any, results_file: Path, tmp_path: Path) -> None:
    if CHROMIUM is None:
        pytest.skip("chromium is not installed: the HTML report cannot be checked in a browser")
    out = tmp_path / "report.html"
    assert main(["report", str(results_file), "-o", str(out)]) == 0
    run = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={tmp_path / 'profile'}",
                          "--dump-dom", out.as_uri()], capture_output=True, text=True, timeout=180)
    dom = run.stdout
    assert 'id="js-ok"' in dom, run.stderr[-2000:]
    assert 'id="js-error"' not in dom
    shown = re.search(r'<b id="shown">(\d+)</b>', dom)
    assert shown is not None
    assert int(shown.group(1)) == len(results.systems["cnreport"].errors)  # the filter ran: ours only on opening
    errors = results.to_dict()["systems"]["cnreport"]["errors"]
    assert any(e["outcome"] == "fp" for e in errors) and any(e["outcome"] == "fn" for e in errors)
