"""Integrity tests of the gold annotations (GUIDELINES.md) and of the tools that build and convert them.

The mention tests read the committed ``annotations/mentions.jsonl``; a regeneration test checks that it
is what ``build_gold.py`` makes from the part files now.  Table and class files that do not exist yet
are skipped with a reason.  Known gold problems are ``xfail(strict=True)`` entries of the ``_XFAIL``
tables below, so that a fix is noticed (and the entry removed).
"""
from __future__ import annotations

import csv
import doctest
import json
import re
import sys
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "annotations" / "tools"))

import build_gold  # noqa: E402
import check_part  # noqa: E402
import convert  # noqa: E402
import guidelines  # noqa: E402

TABLES_DIR = ROOT / "annotations" / "tables"
CLASSES_DIR = ROOT / "annotations" / "classes"
GOLD_PATH = build_gold.OUT_PATH
LINES = build_gold.doc_lines()
DOC = build_gold.read_doc()
LABELS = guidelines.labels()
NORM_KEYS = guidelines.norm_keys()
KINDS = guidelines.record_kinds()
ROWS: list[dict[str, Any]] = build_gold.read_gold() if GOLD_PATH.exists() else []
SPANS = [(row["line"], span) for row in ROWS for span in row["spans"]]
NUMERIC = ("MONEY", "PERCENT", "QUANTITY")
PLAIN_DECIMAL = re.compile(r"^-?\d+(\.\d+)?$")

# Known gold problems, reported to the lead (not fixed here: gold is changed by its annotators only).
_XFAIL_COVERAGE = {  # section: why some of its non-blank lines are in no part file
}


def span_id(item: tuple[int, dict[str, Any]]) -> str:
    line, span = item
    return f"L{line}:{span['start']}:{span['label']}"


def spans_of(*labels: str) -> list[tuple[int, dict[str, Any]]]:
    return [item for item in SPANS if item[1]["label"] in labels]


def nospace(text: str) -> str:
    return re.sub(r"\s+", "", text)


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def csv_rows(name: str, directory: Path = TABLES_DIR) -> list[Any]:
    """``(name, csv line, row)`` parameters, or one skipped parameter naming the missing file."""
    path = directory / f"{name}.csv"
    if not path.exists():
        return [pytest.param(None, id=f"{name}.csv", marks=pytest.mark.skip(reason=f"{path.relative_to(ROOT)} does not exist yet"))]
    return [(name, i, row) for i, row in enumerate(read_csv(path)[1], 2)]


def need(path: Path) -> None:
    if not path.exists():
        pytest.skip(f"{path.relative_to(ROOT)} does not exist yet")


# --- the mention gold: every paragraph and span ---------------------------------------------------
# Paragraph-level tests check all spans of one row in one assertion (the offending spans are listed);
# value checks are parametrized per span.  This keeps the item count, and so the runtime, small.


def row_id(row: dict[str, Any]) -> str:
    return f"L{row['line']}"


def section_id(name: str) -> str:
    """ASCII test ids for sections: ``front``, ``ch1``..``ch8``, ``annex1``..``annex5``."""
    return f"ch{build_gold.CHAPTERS.index(name) + 1}" if name in build_gold.CHAPTERS else name.replace("附件", "annex")


def test_gold_file_exists():
    assert GOLD_PATH.exists(), "run annotations/tools/build_gold.py [--partial]"


@pytest.mark.parametrize("row", ROWS, ids=row_id)
def test_gold_span_offsets_match_the_document(row):
    """The row is its document line; each span's text is its document slice; spans are in order,
    inside the line, non-empty, and neither duplicate nor overlap."""
    assert row["doc_id"] == build_gold.DOC_ID
    assert DOC[row["start"] : row["end"]] == row["text"] == LINES[row["line"] - 1]
    assert [s for s in row["spans"] if DOC[s["start"] : s["end"]] != s["text"]] == []
    edges = [row["start"]] + [x for s in row["spans"] for x in (s["start"], s["end"])] + [row["end"]]
    assert edges == sorted(edges) and all(s["start"] < s["end"] for s in row["spans"]), edges


@pytest.mark.parametrize("row", ROWS, ids=row_id)
def test_gold_labels_and_norm_keys_follow_the_guideline(row):
    """Labels are the guideline's ten; DATE/MONEY/PERCENT/QUANTITY carry a norm with the section 2
    keys, the other labels none."""
    assert [s for s in row["spans"] if s["label"] not in LABELS] == []
    wrong = [s for s in row["spans"] if (set(s["norm"]) if isinstance(s["norm"], dict) else s["norm"])
             != NORM_KEYS.get(s["label"])]
    assert wrong == []


@pytest.mark.parametrize("item", spans_of(*NUMERIC), ids=span_id)
def test_gold_norm_numbers_are_plain_decimals_in_order(item):
    norm = item[1]["norm"]
    nums = {k: norm[k] for k in ("value", "min", "max") if norm.get(k) is not None}
    assert all(isinstance(v, str) and PLAIN_DECIMAL.match(v) for v in nums.values()), nums
    dec = {k: Decimal(v) for k, v in nums.items()}
    low, high = dec.get("min", Decimal("-Infinity")), dec.get("max", Decimal("Infinity"))
    assert low <= dec.get("value", low) <= high and low <= high, nums


@pytest.mark.parametrize("item", spans_of("DATE"), ids=span_id)
def test_gold_date_norm_is_an_iso_range(item):
    norm = item[1]["norm"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", norm["start"]) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", norm["end"])
    assert date.fromisoformat(norm["start"]) <= date.fromisoformat(norm["end"])


def test_gold_lines_are_unique_and_sorted():
    lines = [row["line"] for row in ROWS]
    assert lines == sorted(set(lines))


def test_gold_file_is_regenerated_from_parts():
    """The committed file equals a build from the part files now (rerun build_gold.py if not)."""
    assert build_gold.build_bytes(partial=True) == GOLD_PATH.read_bytes()


SECTIONS = [name for name, _ in build_gold.section_bounds(LINES)]


@pytest.mark.parametrize("section", SECTIONS, ids=section_id)
def test_gold_split_follows_split_json(section):
    expected = "test" if section in build_gold.load_split()["test_sections"] else "train"
    splits = {row["split"] for row in ROWS if build_gold.section_of_line(row["line"]) == section}
    assert splits <= {expected}


requires_all_parts = pytest.mark.skipif(
    bool(build_gold.missing_parts()), reason=f"part files missing: {build_gold.missing_parts()}")
COVERED = {row["line"] for row in ROWS}


def uncovered(section: str) -> list[int]:
    return [i for i, line in enumerate(LINES, 1) if not build_gold.is_blank(line) and i not in COVERED
            and build_gold.section_of_line(i) == section]


COVERAGE_CASES = [
    pytest.param(name, id=section_id(name),
                 marks=[pytest.mark.xfail(strict=True, reason=_XFAIL_COVERAGE[name])] if name in _XFAIL_COVERAGE else [])
    for name in SECTIONS
]


@requires_all_parts
@pytest.mark.parametrize("section", COVERAGE_CASES)
def test_gold_covers_every_nonblank_line(section):
    assert uncovered(section) == []


# --- build_gold: sections, split and errors -------------------------------------------------------

SECTION_CASES = [(1, "front"), (95, "front"), (96, "一"), (600, "二"), (799, "三"), (848, "四"),
                 (1010, "五"), (1233, "八"), (1252, "八"), (1253, "附件1"), (1391, "附件3"), (1566, "附件5")]


@pytest.mark.parametrize(("line", "section"), SECTION_CASES)
def test_build_gold_section_of_line(line, section):
    assert build_gold.section_of_line(line) == section


def test_build_gold_split_json_names_known_sections():
    split = build_gold.load_split()
    known = {name for name, _ in build_gold.section_bounds(LINES)}
    assert split["doc_id"] == build_gold.DOC_ID and split["unit"] == "section"
    assert set(split["test_sections"]) <= known and split["note"]


# (part file content, expected error code): each row of the part is '{"line": N, "spans": [...]}'.
DOC_LINE_5 = LINES[4]  # 中国电子信息产业发展研究院
BUILD_ERROR_CASES = [
    ('{"line": 5, "spans": [{"text": "研究所", "label": "ORG"}]}', "G006"),
    ('{"line": 5, "spans": [{"text": "中国", "label": "LOC"}, {"text": "中国电子", "label": "ORG", "col": 0}]}', "G007"),
    ('{"line": 5, "spans": []}\n{"line": 5, "spans": []}', "G003"),
    ('{"line": 2, "spans": []}', "G008"),
    ('{"line": 5, "spans": [{"text": "中国", "label": "LOC", "col": 3}]}', "G006"),
    ('{"line": 5 "spans": []}', "G001"),
    ('{"spans": []}', "G002"),
]


@pytest.mark.parametrize(("content", "code"), BUILD_ERROR_CASES)
def test_build_gold_fails_with_file_and_line(tmp_path, content, code):
    (tmp_path / "part-x.jsonl").write_text(content + "\n", encoding="utf-8")
    with pytest.raises(build_gold.GoldError, match=rf"^\[{code}\].*part-x\.jsonl"):
        build_gold.build_rows(build_gold.read_parts([tmp_path / "part-x.jsonl"]), LINES, True, [])


def test_build_gold_without_partial_requires_every_line(tmp_path):
    (tmp_path / "part-x.jsonl").write_text('{"line": 5, "spans": []}\n', encoding="utf-8")
    with pytest.raises(build_gold.GoldError, match=r"^\[G009\]"):
        build_gold.build_rows(build_gold.read_parts([tmp_path / "part-x.jsonl"]), LINES, False, [])


COL_CASES = [  # (spans of line 5, expected local starts)
    ([{"text": "中国电子信息产业发展研究院", "label": "ORG"}], [0]),
    ([{"text": "信息", "label": "ORG"}, {"text": "研究院", "label": "ORG"}], [4, 10]),
    ([{"text": "研究院", "label": "ORG", "col": 10}], [10]),
]


@pytest.mark.parametrize(("spans", "starts"), COL_CASES)
def test_build_gold_locates_spans(spans, starts):
    row = build_gold.PartRow(Path("part-x.jsonl"), 1, 5, tuple(spans))
    base = build_gold.line_starts(LINES)[4]
    assert [s["start"] - base for s in build_gold.locate_row(row, DOC_LINE_5, base)] == starts


# --- converters (annotations/tools/convert.py: a wrapper of cnreport annotations; tests/interop has the rest) ---

ROUND_TRIPS = [("doccano", "t.jsonl", "from-doccano"), ("label-studio", "t.json", "from-label-studio")]


@pytest.mark.parametrize(("export", "name", "back"), ROUND_TRIPS, ids=[r[0] for r in ROUND_TRIPS])
def test_convert_round_trip_gives_identical_rows(export, name, back, tmp_path):
    assert convert.main([export, str(tmp_path / name)]) == 0
    assert convert.main([back, str(tmp_path / name), str(tmp_path / "back.jsonl")]) == 0
    assert (tmp_path / "back.jsonl").read_bytes() == GOLD_PATH.read_bytes()


def test_convert_import_rejects_a_changed_paragraph(tmp_path):
    assert convert.main(["doccano", str(tmp_path / "t.jsonl")]) == 0
    first, *rest = (tmp_path / "t.jsonl").read_text(encoding="utf-8").splitlines()
    task = json.loads(first)
    task["text"] += "x"
    (tmp_path / "t.jsonl").write_text("\n".join([json.dumps(task, ensure_ascii=False), *rest]), encoding="utf-8")
    assert convert.main(["from-doccano", str(tmp_path / "t.jsonl"), str(tmp_path / "back.jsonl")]) == 1


def test_convert_spacy_writes_both_splits(tmp_path):
    assert convert.main(["spacy", str(tmp_path / "db")]) == 0
    assert sorted(p.name for p in (tmp_path / "db").iterdir()) == ["test.spacy", "train.spacy"]


# --- record tables --------------------------------------------------------------------------------

TABLE_KINDS = sorted(KINDS)
TABLE_NAMES = [(kind, table) for kind in TABLE_KINDS for table in KINDS[kind][0]]
# The row's first cell written as text in the document, tried in this order: dates, amounts and
# enumerations are normalized, and issuer/region/province/city/category cells are filled down from the
# row above (tables/README.md "Same as above"), so they are not looked for on the row's line.
FIRST_TEXT_CELL = {
    "policies": ("title",), "standards": ("code", "title"), "institutions": ("name",), "courses": ("school",),
    "infrastructure": ("lead", "city", "name"), "parks": ("name",), "alliances": ("name",), "cases": ("company",),
    "regions": ("region",), "enterprise_layouts": ("company",), "financing": ("company",), "funds": ("name",),
}
TABLE_ROWS = [item for kind in TABLE_KINDS for item in csv_rows(kind)]
FIGURE_ROWS = csv_rows("figures")


def table_row_id(item: tuple[str, int, dict[str, str]]) -> str:
    return f"{item[0]}.csv:{item[1]}"



@pytest.mark.parametrize("kind", TABLE_KINDS)
def test_tables_header_is_the_guideline_columns(kind):
    need(TABLES_DIR / f"{kind}.csv")
    assert read_csv(TABLES_DIR / f"{kind}.csv")[0] == KINDS[kind][1]


def test_tables_figures_header_is_the_guideline_columns():
    need(TABLES_DIR / "figures.csv")
    assert read_csv(TABLES_DIR / "figures.csv")[0] == guidelines.figure_columns()


@pytest.mark.parametrize("kind", TABLE_KINDS + ["figures"])
def test_tables_have_no_duplicate_rows(kind):
    need(TABLES_DIR / f"{kind}.csv")
    rows = [tuple(r.values()) for r in read_csv(TABLES_DIR / f"{kind}.csv")[1]]
    assert len(rows) == len(set(rows)), [r for r in set(rows) if rows.count(r) > 1]


@pytest.mark.parametrize(("kind", "table"), TABLE_NAMES)
def test_tables_every_guideline_table_has_rows(kind, table):
    need(TABLES_DIR / f"{kind}.csv")
    assert any(r["table"] == table for r in read_csv(TABLES_DIR / f"{kind}.csv")[1])


def cell_on_line(cell: str, line: str) -> bool:
    """True if the cell is in the line, spaces ignored, or starts with one of its tab-separated cells
    (a cell wrapped onto a later line; a closing quote/bracket left at the break is wrap debris)."""
    text = nospace(cell)
    pieces = (nospace(p).rstrip("”’》）)") for p in line.split("\t"))
    return text in nospace(line) or any(len(p) >= 2 and text.startswith(p) for p in pieces)


@pytest.mark.parametrize("item", TABLE_ROWS, ids=table_row_id)
def test_tables_line_holds_the_first_text_cell(item):
    kind, _, row = item
    cell = next((row[c] for c in FIRST_TEXT_CELL[kind] if row[c]), "")
    assert cell and cell_on_line(cell, LINES[int(row["line"]) - 1]), cell


@pytest.mark.parametrize("item", FIGURE_ROWS, ids=table_row_id)
def test_figures_text_is_in_its_line(item):
    row = item[2]
    assert row["text"] and row["text"] in LINES[int(row["line"]) - 1]


# --- classification labels ------------------------------------------------------------------------

PARAGRAPH_ROWS = csv_rows("paragraphs", CLASSES_DIR)
ORG_TYPE_ROWS = csv_rows("org_types", CLASSES_DIR)


@pytest.mark.parametrize("item", PARAGRAPH_ROWS, ids=table_row_id)
def test_classes_paragraph_labels_in_guideline_sets(item):
    row = item[2]
    assert row["domain"] in guidelines.label_set("domain") and row["topic"] in guidelines.label_set("topic")


@pytest.mark.parametrize("item", ORG_TYPE_ROWS, ids=table_row_id)
def test_classes_org_types_in_guideline_set(item):
    assert item[2]["type"] in guidelines.label_set("type")


# --- the tools themselves -------------------------------------------------------------------------


def test_guidelines_agree_with_check_part():
    assert set(LABELS) == check_part.LABELS and len(LABELS) == 10
    assert NORM_KEYS == check_part.NORM_KEYS


@pytest.mark.parametrize("module", [build_gold, convert, guidelines], ids=lambda m: m.__name__)
def test_tools_doctests(module):
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted > 0
