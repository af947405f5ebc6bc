"""The SQLite store: one typed table per record kind, written one document per transaction.

Columns are typed: counts and offsets ``INTEGER``; decimal amounts (``value``, ``min``, ``max``, ``count``,
``share`` and every ``*_value``/``*_min``/``*_max`` column) ``REAL`` with the exact decimal string beside them in
``<column>_text`` (a REAL is a binary float: compare and sort with it, report the text); the rest ``TEXT``. Every
table has a primary key (``documents``: ``doc_id``; the others ``(doc_id, seq)``, ``seq`` the row's place in the
document's output) and indexes on ``doc_id``, ``label`` and ``kind`` where the table has them. ``PRAGMA
user_version`` names the layout; a store of an older, untyped layout is dropped and rebuilt by the next run.
"""
from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path
from typing import Any

from .writer import flatten

#: The layout this module writes (``PRAGMA user_version``); 0 is the untyped store of before.
STORE_VERSION = 2
DECIMAL_NAMES = frozenset({"value", "min", "max", "count", "share"})
DECIMAL_SUFFIXES = ("_value", "_min", "_max")
INDEXED_COLUMNS = ("doc_id", "label", "kind")
TEXT_SUFFIX = "_text"


def is_decimal_column(name: str) -> bool:
    """Whether a column holds decimal strings (stored as REAL plus the exact text).

    >>> [is_decimal_column(n) for n in ("value_value", "amount_max", "share", "text", "size_text")]
    [True, True, True, False, False]
    """
    return name in DECIMAL_NAMES or name.endswith(DECIMAL_SUFFIXES)


def to_real(text: Any) -> float | None:
    """A decimal string as a float; ``None`` for empty or unreadable text (the text column keeps it)."""
    if text is None or text == "":
        return None
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def column_type(name: str, value: Any) -> str:
    """The SQLite type of a new column, from its name and first value."""
    if is_decimal_column(name):
        return "REAL"
    if isinstance(value, (bool, int)):
        return "INTEGER"
    if isinstance(value, float):
        return "REAL"
    return "TEXT"


def typed_row(flat: dict[str, Any]) -> dict[str, Any]:
    """One flattened row as store columns: decimals split into REAL and exact text; dicts and lists as JSON."""
    out: dict[str, Any] = {}
    for key, value in flat.items():
        if isinstance(value, (dict, list)):
            value = json.dumps(value, ensure_ascii=False, sort_keys=True)
        if is_decimal_column(key):
            out[key] = to_real(value)
            out[key + TEXT_SUFFIX] = value
        else:
            out[key] = value
    return out


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _columns(conn: sqlite3.Connection, table: str) -> dict[str, str]:
    return {r[1]: r[2] for r in conn.execute(f"PRAGMA table_info({_quote(table)})")}


def _migrate(conn: sqlite3.Connection) -> None:
    """Drop the tables of an older layout (their rows are rebuilt from the documents by the run)."""
    if conn.execute("PRAGMA user_version").fetchone()[0] == STORE_VERSION:
        return
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'").fetchall():
        conn.execute(f"DROP TABLE {_quote(name)}")
    conn.execute(f"PRAGMA user_version = {STORE_VERSION}")


def _ensure_table(conn: sqlite3.Connection, table: str, rows: list[dict[str, Any]]) -> None:
    """Create the table (typed, keyed, indexed) or add the columns these rows bring."""
    existing = _columns(conn, table)
    if not existing:
        key = "doc_id TEXT PRIMARY KEY" if table == "documents" else \
            "doc_id TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (doc_id, seq)"
        conn.execute(f"CREATE TABLE {_quote(table)} ({key})")
        existing = _columns(conn, table)
    first: dict[str, Any] = {}
    for row in rows:
        for name, value in row.items():
            if first.get(name) is None:
                first[name] = value
    for name, value in first.items():
        if name not in existing:
            kind = "TEXT" if name.endswith(TEXT_SUFFIX) and is_decimal_column(name[:-len(TEXT_SUFFIX)]) \
                else column_type(name, value)
            conn.execute(f"ALTER TABLE {_quote(table)} ADD COLUMN {_quote(name)} {kind}")
            existing[name] = kind
    for name in INDEXED_COLUMNS:
        if name in existing:
            conn.execute(f"CREATE INDEX IF NOT EXISTS {_quote(f'{table}_{name}')} ON {_quote(table)} ({_quote(name)})")


def store_document(db: Path, doc_id: str, tables: dict[str, list[dict[str, Any]]]) -> None:
    """Replace one document's rows in every table of the store, in one transaction (all or nothing)."""
    db.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        _migrate(conn)
        known = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in known:
            conn.execute(f"DELETE FROM {_quote(table)} WHERE doc_id = ?", (doc_id,))
        for table, rows in sorted(tables.items()):
            typed = [typed_row(flatten(r)) for r in rows]
            typed = [{**r, "doc_id": doc_id} if table == "documents" else {**r, "doc_id": doc_id, "seq": i}
                     for i, r in enumerate(typed)]
            if not typed:
                continue
            _ensure_table(conn, table, typed)
            for row in typed:
                keys = sorted(row)
                conn.execute(f"INSERT INTO {_quote(table)} ({','.join(map(_quote, keys))}) "
                             f"VALUES ({','.join('?' * len(keys))})", [row[k] for k in keys])
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    finally:
        conn.close()


def stored_doc_ids(db: Path) -> set[str]:
    """Document ids already in the store (empty for a store of an older layout, which the run rebuilds)."""
    if not db.exists():
        return set()
    conn = sqlite3.connect(db)
    try:
        if conn.execute("PRAGMA user_version").fetchone()[0] != STORE_VERSION:
            return set()
        return {r[0] for r in conn.execute('SELECT doc_id FROM "documents"')}
    except sqlite3.OperationalError:
        return set()
    finally:
        conn.close()
