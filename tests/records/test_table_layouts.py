"""Policy and financing tables in the layouts of real reports we cannot ship (issue 13), made at test time by
:mod:`tests.records.layout_pdfs`: every row must come out as a typed record with every field right.

The white paper's ruled policy tables (rules as lines, as thin filled rectangles, as one rectangle per cell; a date
broken over two lines; tables going on over pages with and without a repeated header; a row cut by the page
break; an issuer merged over rows and over the page break; ``同上``; captions above and below) and the slide deck's
financing table without any rule (text boxes in columns, wrapped names centred in their rows, the table going on
on the next slide) are extracted once per module with the default pipeline.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from nlp.api import extract
from nlp.records.schema import Extraction
from nlp.records.serialize import table_row

from .layout_pdfs import expected_financing, expected_policies, expected_prose_policies, slide_deck, white_paper

POLICY_FIELDS = ("date", "title", "issuer")


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("layouts")
    return {"white_paper": white_paper(folder / "white_paper.pdf"), "slide_deck": slide_deck(folder / "slide_deck.pdf")}


@pytest.fixture(scope="module")
def extractions(made: dict[str, Path]) -> dict[str, Extraction]:
    return {name: extract(path) for name, path in made.items()}


def _rows(extraction: Extraction, kind: str) -> list[dict[str, Any]]:
    return [table_row(r) for r in extraction.rows if r.kind == kind]


def test_pdfs_are_made_deterministically(made: dict[str, Path], tmp_path: Path) -> None:
    assert white_paper(tmp_path / "a.pdf").read_bytes() == made["white_paper"].read_bytes()
    assert slide_deck(tmp_path / "b.pdf").read_bytes() == made["slide_deck"].read_bytes()


@pytest.mark.parametrize("expected", expected_policies(), ids=lambda e: e["title"][1:13])
def test_policy_row(extractions: dict[str, Extraction], expected: dict[str, str]) -> None:
    found = [r for r in _rows(extractions["white_paper"], "policies") if r["title"] == expected["title"]]
    assert len(found) == 1, [r["title"] for r in _rows(extractions["white_paper"], "policies")]
    assert {k: found[0][k] for k in POLICY_FIELDS} == expected
    assert found[0]["page"] >= 1 and found[0]["raw_start"] >= 0


@pytest.mark.parametrize("expected", expected_financing(), ids=lambda e: e["company"][:8])
def test_financing_row(extractions: dict[str, Extraction], expected: dict[str, str]) -> None:
    found = [r for r in _rows(extractions["slide_deck"], "financing") if r["company"] == expected["company"]]
    assert len(found) == 1, [r["company"] for r in _rows(extractions["slide_deck"], "financing")]
    assert {k: found[0][k] for k in expected} == expected


@pytest.mark.parametrize("expected", expected_prose_policies(), ids=lambda e: e["title"][1:13])
def test_prose_policy(extractions: dict[str, Extraction], expected: dict[str, str]) -> None:
    found = [r for r in _rows(extractions["white_paper"], "policies") if r["source"] == "prose"
             and r["title"] == expected["title"]]
    assert len(found) == 1
    assert {k: found[0][k] for k in expected} == expected
    assert found[0]["page"] == 1 and found[0]["sentence"] >= 0 and found[0]["raw_start"] >= 0


def test_no_extra_records(extractions: dict[str, Extraction]) -> None:
    policies = _rows(extractions["white_paper"], "policies")
    assert len([r for r in policies if r["source"] == "table"]) == len(expected_policies())
    assert len([r for r in policies if r["source"] == "prose"]) == len(expected_prose_policies())
    assert len(_rows(extractions["slide_deck"], "financing")) == len(expected_financing())
    assert {r.kind for r in extractions["slide_deck"].rows} == {"financing"}


@pytest.mark.parametrize(("name", "table", "pages", "rows"), [
    ("white_paper", "表11", (1, 2), 9),
    ("white_paper", "表12", (2, 3), 8),
    ("white_paper", "表13", (3, 4), 6),
    ("slide_deck", "T1", (2, 3), 12),
], ids=["ruled-lines-repeated-header-cut-row", "thin-rects-no-repeated-header", "cell-rects-merged-caption-below",
        "slides-no-rules-over-two-slides"])
def test_tables_found(extractions: dict[str, Extraction], name: str, table: str, pages: tuple[int, ...],
                      rows: int) -> None:
    found = [r for r in extractions[name].generic if r.table == table]
    assert (found[0].pages, len(found)) == (pages, rows)


def test_slide_without_table(extractions: dict[str, Extraction]) -> None:
    """Slide 4's two bullet columns and chart labels are aligned text, not a table."""
    assert not [r for r in extractions["slide_deck"].generic if 4 in r.pages]
