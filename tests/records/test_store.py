"""The SQLite store (typed, keyed, indexed, one transaction per document) and the spliced combined files."""
from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

import nlp
from nlp.records.combined import MANIFEST, rebuild, update_combined, write_extraction
from nlp.records.schema import Extraction
from nlp.records.store import STORE_VERSION, stored_doc_ids
from nlp.records.writer import DEFAULT_DB

#: Short real lines of the first report (each its own document).
LINES = {
    "size": "2022 年我国区块链产业规模约 67 亿元，同比去年增长 3.08%。",
    "fund": "2022 年全国共设立 10 支区块链专项基金，总规模近两百亿元。",
}


@pytest.fixture(scope="module")
def store(corpus_extraction: Extraction, tmp_path_factory: pytest.TempPathFactory) -> sqlite3.Connection:
    out = tmp_path_factory.mktemp("store")
    write_extraction(out, corpus_extraction)
    return sqlite3.connect(out / DEFAULT_DB)


def test_money_over_a_billion_is_the_true_answer(store: sqlite3.Connection, corpus_extraction: Extraction) -> None:
    """The issue's query: a plain comparison on the REAL column, no CAST; 12 rows on the first report."""
    rows = store.execute("SELECT text, value_value_text FROM mentions WHERE label = 'MONEY' AND value_value > 1e9 "
                         "ORDER BY value_value DESC").fetchall()
    exact = sorted(((m.text, str(m.value.value)) for m in corpus_extraction.mentions
                    if m.label == "MONEY" and m.value is not None and m.value.value is not None
                    and m.value.value > Decimal(10) ** 9), key=lambda r: -Decimal(r[1]))
    assert len(rows) == 12
    assert [r[0] for r in rows] == [r[0] for r in exact]
    assert rows[0] == ("超 700 亿元", "70000000000")


@pytest.mark.parametrize("table, column, kind", [
    ("mentions", "value_value", "REAL"), ("mentions", "value_value_text", "TEXT"), ("mentions", "page", "INTEGER"),
    ("mentions", "char_start", "INTEGER"), ("mentions", "label", "TEXT"), ("figures", "value", "REAL"),
    ("figures", "value_text", "TEXT"), ("documents", "pages", "INTEGER"), ("financing", "amount_value", "REAL"),
    ("regions", "share", "REAL"), ("regions", "count", "REAL"), ("regions", "row", "INTEGER"),
], ids=lambda v: str(v))
def test_columns_are_typed(store: sqlite3.Connection, table: str, column: str, kind: str) -> None:
    types = {r[1]: r[2] for r in store.execute(f'PRAGMA table_info("{table}")')}
    assert types[column] == kind


def test_every_table_has_a_primary_key(store: sqlite3.Connection) -> None:
    tables = [r[0] for r in store.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    keyless = [t for t in tables if not any(r[5] for r in store.execute(f'PRAGMA table_info("{t}")'))]
    assert len(tables) >= 10 and keyless == []


@pytest.mark.parametrize("table, column", [("mentions", "doc_id"), ("mentions", "label"), ("figures", "doc_id"),
                                           ("regions", "kind"), ("financing", "kind")], ids=lambda v: str(v))
def test_indexes(store: sqlite3.Connection, table: str, column: str) -> None:
    indexed = {r[2] for name in [i[1] for i in store.execute(f'PRAGMA index_list("{table}")')]
               for r in store.execute(f'PRAGMA index_info("{name}")')}
    assert column in indexed


def test_exact_text_keeps_the_decimal(store: sqlite3.Connection) -> None:
    assert store.execute("SELECT value_text FROM figures WHERE value_text = '0.0308'").fetchone() == ("0.0308",)


def test_rewriting_a_document_replaces_its_rows(tmp_path: Path) -> None:
    extraction = nlp.extract(LINES["size"])
    write_extraction(tmp_path, extraction)
    write_extraction(tmp_path, extraction)
    conn = sqlite3.connect(tmp_path / DEFAULT_DB)
    assert conn.execute("SELECT COUNT(*) FROM documents").fetchone() == (1,)
    assert conn.execute("SELECT COUNT(DISTINCT seq) = COUNT(*) FROM mentions").fetchone() == (1,)


def test_an_untyped_store_of_before_is_dropped_and_rebuilt(tmp_path: Path) -> None:
    db = tmp_path / DEFAULT_DB
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE documents (doc_id)")
        conn.execute("INSERT INTO documents VALUES ('old')")
    assert stored_doc_ids(db) == set()
    write_extraction(tmp_path, nlp.extract(LINES["size"]))
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone() == (STORE_VERSION,)
    assert "old" not in stored_doc_ids(db)


def _combined_bytes(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.suffix in (".jsonl", ".csv")}


@pytest.mark.parametrize("order", [("size", "fund"), ("fund", "size")], ids=["size-first", "fund-first"])
def test_spliced_combined_files_equal_a_full_rebuild(tmp_path: Path, order: tuple[str, str]) -> None:
    for name in order:
        write_extraction(tmp_path, nlp.extract(LINES[name]))
    first = nlp.extract(LINES[order[0]])
    write_extraction(tmp_path, first)  # rewrite one: its rows spliced in place
    spliced = _combined_bytes(tmp_path)
    rebuild(tmp_path)
    assert spliced == _combined_bytes(tmp_path)
    assert (tmp_path / MANIFEST).exists()


def test_update_reads_only_the_written_documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ids = [write_extraction(tmp_path, nlp.extract(text)) for text in LINES.values()]
    read: list[str] = []
    import nlp.records.combined as combined
    original = combined.read_document_tables
    monkeypatch.setattr(combined, "read_document_tables", lambda folder: read.append(folder.name) or original(folder))
    update_combined(tmp_path, ids[:1])
    assert read == ids[:1]
