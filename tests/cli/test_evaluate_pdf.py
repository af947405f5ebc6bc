"""Evaluation by content (issue 14): ``cnreport evaluate`` of an extraction of the corpus **PDF** and of its
**text** give the same figures within 0.01, because predictions are aligned with the gold text
(:mod:`nlp.scoring.realign`) instead of being matched by offsets into one particular text.

Both files are extracted once per module (about 15 s together).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from nlp.api import extract_many
from nlp.options import ExtractOptions
from nlp.scoring.harness import evaluate

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
GOLD = ROOT / "annotations"
#: The most two extractions of the same report may differ on any headline figure.
TOLERANCE = 0.01

pytestmark = pytest.mark.slow


def _headline(out: Path, split: str) -> dict[str, Any]:
    system = evaluate(out, GOLD, split).to_dict()["systems"]["cnreport"]
    assert system["misaligned_docs"] == {}
    return dict(system["headline"])


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("pdf-vs-text")
    for kind in ("txt", "pdf"):
        result = extract_many([CORPUS / f"cn-blockchain-2022-2023.{kind}"], base / kind, ExtractOptions(), workers=1)
        assert not result.failed, result.failed
    return {kind: base / kind for kind in ("txt", "pdf")}


@pytest.fixture(scope="module")
def headlines(extracted: dict[str, Path]) -> dict[str, dict[str, Any]]:
    return {kind: _headline(out, "test") for kind, out in extracted.items()}


HEADLINE_NAMES = ["mentions.strict.micro.f1", "mentions.strict.macro.f1", "mentions.partial.overall.f1",
                  "mentions.values.micro.f1", "records.rows.micro.f1", "records.fields.micro.f1", "figures.rows.f1",
                  "figures.fields.micro.f1", "classes.domain.macro_f1", "classes.topic.macro_f1",
                  "classes.org_type.macro_f1"]


@pytest.mark.parametrize("name", HEADLINE_NAMES)
def test_issue_14_pdf_and_text_extractions_score_alike(headlines: dict[str, dict[str, Any]], name: str) -> None:
    txt, pdf = headlines["txt"][name], headlines["pdf"][name]
    assert txt is not None and pdf is not None
    assert abs(txt - pdf) <= TOLERANCE, (name, txt, pdf)


def test_issue_14_pdf_mentions_are_scored_not_zero(headlines: dict[str, dict[str, Any]]) -> None:
    assert headlines["pdf"]["mentions.strict.micro.f1"] > 0.7


@pytest.mark.parametrize("kind", ["txt", "pdf"])
def test_issue_13_every_table_record_of_the_first_report(extracted: dict[str, Path], kind: str) -> None:
    """639 of the 639 gold table rows (annotations/tables, every split) from the report's text and from its PDF,
    and no extra row: the table work on real layouts keeps the first report whole."""
    records = evaluate(extracted[kind], GOLD, "all").to_dict()["systems"]["cnreport"]["corpus"]["records"]
    assert {k: records["rows_micro"][k] for k in ("tp", "fp", "fn")} == {"tp": 639, "fp": 0, "fn": 0}
