"""A record kind without rows is written as an empty JSONL file and a CSV with its header (issue 19)."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from nlp.records.serialize import empty_row, record_stems
from nlp.records.writer import combine, write_document

STEMS = record_stems()


@pytest.fixture(scope="module")
def combined(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("empty")
    write_document(out, "d1", {"documents": [{"doc_id": "d1", "title": "国外数据安全政策研究报告"}]})
    combine(out, {stem: empty_row(stem) for stem in STEMS})
    return out


@pytest.mark.parametrize("stem", [s for s in STEMS if s != "documents"], ids=str)
def test_a_kind_without_rows_has_an_empty_jsonl_and_a_csv_header(combined: Path, stem: str) -> None:
    assert (combined / f"{stem}.jsonl").read_bytes() == b""
    text = (combined / f"{stem}.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 1 and "doc_id" in rows[0] and "raw_start" in rows[0]


@pytest.mark.parametrize("stem, column", [("financing", "amount_currency"), ("parks", "province"),
                                          ("figures", "metric"), ("mentions", "label"), ("paragraphs", "topic")],
                         ids=["financing", "parks", "figures", "mentions", "paragraphs"])
def test_the_empty_header_names_the_kinds_own_columns(combined: Path, stem: str, column: str) -> None:
    header = (combined / f"{stem}.csv").read_bytes().decode("utf-8-sig").splitlines()[0].split(",")
    assert column in header
