"""Cross-report figures (issue 14): the gold PDFs of annotations/reports/ (reports the shipped models never saw:
they were trained on the first report only) extracted and scored by page and content; the floors of
``cross_report_floors`` in evaluation/thresholds.json hold.

The PDFs are not in the repository (their issuers keep the copyright): they are read from ``$CNREPORT_CORPUS_REAL``,
else ``../shared/corpus-real/`` beside the checkout or its parent; the module is skipped, saying so, where they are
absent. Both are extracted once per module (about 20 s).
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import pytest

from nlp.api import extract_many
from nlp.options import ExtractOptions
from nlp.scoring.report_gold import load_reports
from nlp.scoring.run import evaluate_outputs
from nlp.scoring.thresholds import check_thresholds, load_thresholds

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "annotations"
THRESHOLDS = ROOT / "evaluation" / "thresholds.json"

pytestmark = pytest.mark.slow


def _real_dir() -> Path | None:
    candidates = [os.environ.get("CNREPORT_CORPUS_REAL", ""), ROOT.parent / "shared" / "corpus-real",
                  ROOT.parents[1] / "shared" / "corpus-real"]
    return next((Path(c) for c in candidates if c and Path(c).is_dir()), None)


def _gold_pdfs() -> list[Path]:
    real = _real_dir()
    reports = load_reports(GOLD)
    if real is None or not reports:
        return []
    found = [real / str(g.document.get("file") or f"{g.key}.pdf") for g in reports.values() if g.spans is not None]
    return sorted(p for p in found if p.is_file())


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> Any:
    pdfs = _gold_pdfs()
    if not pdfs:
        pytest.skip("the gold reports' PDFs are not here (set CNREPORT_CORPUS_REAL to ../shared/corpus-real)")
    out = tmp_path_factory.mktemp("cross") / "out"
    done = extract_many(pdfs, out, ExtractOptions(), workers=1)
    assert not done.failed, done.failed
    return evaluate_outputs(out, GOLD, "test", baselines=False)


def test_gold_pdfs_are_the_annotated_files() -> None:
    by_sha = load_reports(GOLD)
    for pdf in _gold_pdfs():
        assert hashlib.sha256(pdf.read_bytes()).hexdigest() in by_sha, pdf


def test_cross_report_floors_hold(results: Any) -> None:
    thresholds = {**load_thresholds(THRESHOLDS), "floors": {}}  # the in-report floors: tests/cli/test_evaluate.py
    assert check_thresholds(results, thresholds, require_reports=True) == []


@pytest.mark.parametrize("label", ["ORG", "LOC", "PRODUCT"])
def test_cross_report_floors_cover_the_names(label: str) -> None:
    """Floors on every report held out from training (the cross-report figures) and on all reports pooled."""
    from nlp.train.reports import report_settings
    floors = load_thresholds(THRESHOLDS).get("cross_report_floors", {})
    assert f"reports_total.mentions.strict.labels.{label}.f1" in floors
    for key in report_settings()["held_out"]:
        assert f"reports.{key}.mentions.strict.labels.{label}.f1" in floors


def test_every_gold_report_is_scored(results: Any) -> None:
    scored = set(results.to_dict()["systems"]["cnreport"]["reports"])
    assert scored == {g.key for g in load_reports(GOLD).values() if g.spans is not None}
