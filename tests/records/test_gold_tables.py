"""Every gold table row (annotations/tables/<kind>.csv) is extracted: a row of the same kind, table and line with the
same key (the kind's first identifying column) and the same normalized fields.

Case ids are ``r-<kind>-<line>`` (``-2`` for the second row of a line, as in the two halves of 表6-1); known
mismatches are strict xfails listed in tests/data/known_failures.tsv.
"""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from nlp.records.schema import Extraction, TableRow
from nlp.records.serialize import table_row

ROOT = Path(__file__).resolve().parents[2]
TABLES = ROOT / "annotations" / "tables"
DATA = ROOT / "tests" / "data"
#: The first identifying column of each record kind (annotations/GUIDELINES.md section 4).
KEY = {"policies": "title", "standards": "title", "institutions": "name", "courses": "school",
       "infrastructure": "name", "parks": "name", "alliances": "name", "cases": "platform", "regions": "region",
       "enterprise_layouts": "company", "financing": "company", "funds": "name"}
NOT_FIELDS = ("table", "line")


def known_failures() -> dict[str, str]:
    """Case id → reason, from tests/data/known_failures.tsv."""
    rows = (line.split("\t") for line in (DATA / "known_failures.tsv").read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#"))
    return {row[0]: row[1] for row in rows}


def gold_rows() -> list[tuple[str, str, dict[str, str]]]:
    """(case id, kind, gold row) of every record table, in file and row order."""
    out = []
    for kind in sorted(KEY):
        seen: dict[str, int] = {}
        with open(TABLES / f"{kind}.csv", encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                seen[row["line"]] = seen.get(row["line"], 0) + 1
                suffix = f"-{seen[row['line']]}" if seen[row["line"]] > 1 else ""
                out.append((f"r-{kind}-{row['line']}{suffix}", kind, row))
    return out


def row_params() -> list[object]:
    failing = known_failures()
    return [pytest.param(kind, row, id=f"{case}:{row[KEY[kind]][:20]}",
                         marks=[pytest.mark.xfail(reason=failing[case], strict=True)] if case in failing else [])
            for case, kind, row in gold_rows()]


@pytest.fixture(scope="module")
def rows_by_line(corpus_extraction: Extraction) -> dict[tuple[str, int], list[TableRow]]:
    """Extracted rows by (kind, line of the first cell)."""
    index: dict[tuple[str, int], list[TableRow]] = {}
    for row in (r for r in corpus_extraction.rows if r.source == "table"):
        index.setdefault((row.kind, row.prov.line), []).append(row)
    return index


@pytest.mark.parametrize(("kind", "gold"), row_params())
def test_gold_row_is_extracted(kind: str, gold: dict[str, str], rows_by_line: dict[tuple[str, int], list[TableRow]]) -> None:
    candidates = [r for r in rows_by_line.get((kind, int(gold["line"])), []) if r.table == gold["table"]]
    keyed = [r for r in candidates if r.fields.get(KEY[kind]) == gold[KEY[kind]]]
    assert keyed, f"no {kind} row with {KEY[kind]}={gold[KEY[kind]]!r}; found {[r.fields.get(KEY[kind]) for r in candidates]}"
    expected = {k: v for k, v in gold.items() if k not in NOT_FIELDS}
    written = table_row(keyed[0])
    got = {k: str(written.get(k, "")) for k in expected}
    assert got == expected


def test_known_table_failures_name_gold_rows() -> None:
    """Every ``r-`` id of known_failures.tsv names a gold row."""
    ids = {case for case, _, _ in gold_rows()}
    assert [case for case in known_failures() if case.startswith("r-") and case not in ids] == []


@pytest.mark.parametrize("kind", sorted(KEY))
def test_row_count_per_kind_matches_gold(kind: str, corpus_extraction: Extraction) -> None:
    """No extra or missing rows: as many extracted table rows of each kind as gold rows (policies named in the prose,
    ``source`` ``prose``, are not table rows)."""
    gold = sum(1 for _, k, _ in gold_rows() if k == kind)
    assert sum(1 for row in corpus_extraction.rows if row.kind == kind and row.source == "table") == gold
