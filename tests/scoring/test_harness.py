"""The harness on the hand-made excerpt of tests/scoring/conftest.py: predictions read at the gold's offsets are
scored; predictions whose offsets are those of another text (a PDF extraction, whose pages put the report's
lines at other offsets) are flagged, in the results, the terminal report and the HTML report."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from nlp.scoring.harness import evaluate
from nlp.scoring.reporters import render_html, render_terminal
from nlp.scoring.results import misalignment_warnings

from .conftest import GOLD_DOC, pred_mention, write_pred

RIGHT = [pred_mention(1, "67 亿元", "MONEY"), pred_mention(3, "赛迪区块链研究院", "ORG"),
         pred_mention(4, "交通运输部", "ORG"), pred_mention(6, "北京", "LOC")]


def shifted(rows: list[dict[str, Any]], by: int) -> list[dict[str, Any]]:
    """The same mentions at offsets ``by`` characters later, as in a text with a page header before them."""
    keys = ("char_start", "char_end", "raw_start", "raw_end")
    return [{**row, **{k: row[k] + by for k in keys}} for row in rows]


@pytest.mark.parametrize("rows, expected", [
    (RIGHT, {}),
    (shifted(RIGHT, 7), {GOLD_DOC: [4, 4]}),
    (RIGHT[:3] + shifted(RIGHT[3:], 7), {}),  # one of four differs: not most of them
    (RIGHT[:2] + shifted(RIGHT[2:], 7), {}),  # half: not more than half
    (RIGHT[:1] + shifted(RIGHT[1:], 7), {GOLD_DOC: [3, 4]}),
])
def test_mentions_away_from_the_gold_text_mark_the_document_misaligned(gold_dir: Path, tmp_path: Path,
                                                                       rows: list[dict[str, Any]],
                                                                       expected: dict[str, list[int]]) -> None:
    results = evaluate(write_pred(tmp_path / "out", rows), gold_dir, "all")
    assert results.systems["cnreport"].misaligned_docs == expected


def test_a_misaligned_extraction_is_warned_about_in_every_report(gold_dir: Path, tmp_path: Path) -> None:
    results = evaluate(write_pred(tmp_path / "out", shifted(RIGHT, 7)), gold_dir, "all")
    [warning] = misalignment_warnings(results)
    assert warning.startswith(f"mention offsets do not match the gold text of {GOLD_DOC} for system cnreport (4 of 4")
    assert f"WARNING {warning}" in render_terminal(results).splitlines()
    assert f"Warning: mention offsets do not match the gold text of {GOLD_DOC} for system cnreport" in render_html(results)
    assert misalignment_warnings(results.to_dict()) == [warning]


def test_an_aligned_extraction_scores_and_warns_nothing(gold_dir: Path, tmp_path: Path) -> None:
    results = evaluate(write_pred(tmp_path / "out", RIGHT), gold_dir, "all")
    assert misalignment_warnings(results) == []
    assert results.systems["cnreport"].corpus.mentions.to_dict()["schemes"]["strict"]["micro"]["tp"] == 4


def test_cli_evaluate_prints_the_warning_on_stderr(gold_dir: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    from nlp.cli import main
    out = write_pred(tmp_path / "out", shifted(RIGHT, 7))
    assert main(["evaluate", str(out), "--gold", str(gold_dir), "--split", "all", "--no-baselines"]) == 0
    err = capsys.readouterr().err.splitlines()
    assert f"cnreport: warning: mention offsets do not match the gold text of {GOLD_DOC} for system cnreport (4 of 4 " \
           "mentions differ), so their mentions score 0; evaluate an extraction of the text the gold was made from " \
           "(corpus/*.txt), not of the PDF" in err
