"""Write extraction results: per-document JSONL (atomically), combined JSONL + CSV (UTF-8 with BOM) per record
kind, and the SQLite store keyed by the document's SHA-256 (a re-run replaces, never duplicates).
"""
from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sqlite3
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import OutputNotWritableError

DOCS_DIR = "docs"
FINGERPRINT_FILE = "PIPELINE"
DEFAULT_DB = "cnreport.sqlite"


def jsonl_bytes(rows: list[dict[str, Any]]) -> bytes:
    """Deterministic JSON Lines: sorted keys, UTF-8, no ASCII escapes."""
    return "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows).encode("utf-8")


def flatten(row: dict[str, Any]) -> dict[str, Any]:
    """Nested dicts (``value``) become ``value_<key>`` columns; lists are joined with ``;``."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, dict):
            for sub, inner in value.items():
                out[f"{key}_{sub}"] = inner
        elif key == "value" and value is None and "label" in row:
            continue
        elif isinstance(value, list):
            out[key] = ";".join(map(str, value))
        else:
            out[key] = value
    return out


#: Columns shown first and last in the CSV files (what an analyst reads first; provenance offsets at the end).
LEADING_COLUMNS = ("kind", "table", "row", "page", "line", "sentence", "label", "text", "metric")
TRAILING_COLUMNS = ("flags", "source", "char_start", "char_end", "raw_start", "raw_end", "doc_id")


def column_order(columns: list[str]) -> list[str]:
    """Leading columns, then the record's own fields in their order, then provenance.

    >>> column_order(["doc_id", "company", "kind", "raw_start", "date"])
    ['kind', 'company', 'date', 'raw_start', 'doc_id']
    """
    lead = [c for c in LEADING_COLUMNS if c in columns]
    trail = [c for c in TRAILING_COLUMNS if c in columns]
    return lead + [c for c in columns if c not in lead and c not in trail] + trail


def csv_columns(rows: list[dict[str, Any]]) -> list[str]:
    """The CSV columns of these rows (flattened, in first-seen order), ordered by :func:`column_order`."""
    columns: dict[str, None] = {}
    for row in rows:
        columns.update(dict.fromkeys(flatten(row)))
    return column_order(list(columns))


def csv_header(columns: list[str]) -> bytes:
    """The BOM (so that Excel opens the Chinese text correctly) and the header line."""
    return b"\xef\xbb\xbf" + csv_body([], columns, header=True)


def csv_body(rows: list[dict[str, Any]], columns: list[str], header: bool = False) -> bytes:
    """The CSV lines of ``rows`` under ``columns`` (missing fields empty)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n")
    if header:
        writer.writeheader()
    for row in rows:
        writer.writerow({k: ("" if v is None else v) for k, v in flatten(row).items()})
    return buffer.getvalue().encode("utf-8")


def csv_bytes(rows: list[dict[str, Any]], header_row: dict[str, Any] | None = None) -> bytes:
    """CSV with a BOM and a header; columns by :func:`csv_columns`. Without rows, the columns are those of
    ``header_row`` (an empty row of the kind), so the file still has its header."""
    columns = csv_columns(rows or ([header_row] if header_row else []))
    return csv_header(columns) + csv_body(rows, columns)


@lru_cache(maxsize=1)
def _file_mode() -> int:
    """The mode a new file gets under the process umask (read once: reading it means setting and restoring it)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def atomic_write(path: Path, data: bytes) -> None:
    """Write to a temp file in the same folder, then rename over ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix="." + path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, _file_mode())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def check_writable(out: Path) -> None:
    """Fail early, with a coded error, when the output folder cannot be created or written."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = tempfile.NamedTemporaryFile(dir=out, prefix=".probe", delete=True)
        probe.close()
    except OSError as exc:
        raise OutputNotWritableError(out, exc.strerror or str(exc)) from exc


def write_document(out: Path, doc_id: str, tables: dict[str, list[dict[str, Any]]], fingerprint: str = "",
                   files: dict[str, bytes] | None = None) -> Path:
    """Write one document's tables into ``OUT/docs/<doc_id>/`` atomically (a temp folder renamed into place), with
    the fingerprint of the pipeline that made them (:func:`nlp.api.pipeline_fingerprint`) in ``PIPELINE`` and
    any other ``files`` (name: bytes; ``text.json``, the document's text that ``cnreport view`` shows)."""
    final = out / DOCS_DIR / doc_id
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=final.parent, prefix=f".{doc_id[:12]}.", suffix=".tmp"))
    try:
        for stem, rows in sorted(tables.items()):
            (tmp / f"{stem}.jsonl").write_bytes(jsonl_bytes(rows))
        for name, data in sorted((files or {}).items()):
            (tmp / name).write_bytes(data)
        (tmp / FINGERPRINT_FILE).write_text(fingerprint + "\n", encoding="ascii")
        if final.exists():
            shutil.rmtree(final)
        os.replace(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return final


def stored_fingerprint(out: Path, doc_id: str) -> str | None:
    """The pipeline fingerprint a document's folder was written with (``None``: no folder, or written before
    fingerprints were kept)."""
    try:
        return (out / DOCS_DIR / doc_id / FINGERPRINT_FILE).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None


def read_document_tables(folder: Path) -> dict[str, list[dict[str, Any]]]:
    """Read back the per-document JSONL files."""
    return {p.stem: [json.loads(line) for line in p.read_text(encoding="utf-8").splitlines() if line]
            for p in sorted(folder.glob("*.jsonl"))}


def combine(out: Path, empty_rows: dict[str, dict[str, Any]] | None = None) -> dict[str, list[dict[str, Any]]]:
    """Merge all per-document folders (sorted by doc id) and write ``OUT/<stem>.jsonl`` and ``.csv``; a kind of
    ``empty_rows`` (stem → a row with every column empty) without any row gets an empty JSONL and a CSV header."""
    combined: dict[str, list[dict[str, Any]]] = {stem: [] for stem in empty_rows or {}}
    docs = sorted(p for p in (out / DOCS_DIR).glob("*") if p.is_dir() and not p.name.startswith("."))
    for folder in docs:
        for stem, rows in read_document_tables(folder).items():
            combined.setdefault(stem, []).extend(rows)
    for stem, rows in sorted(combined.items()):
        atomic_write(out / f"{stem}.jsonl", jsonl_bytes(rows))
        atomic_write(out / f"{stem}.csv", csv_bytes(rows, (empty_rows or {}).get(stem)))
    return combined


def store_sqlite(db: Path, doc_id: str, tables: dict[str, list[dict[str, Any]]]) -> None:
    """Replace one document's rows in the typed SQLite store, in one transaction (:mod:`nlp.records.store`)."""
    from .store import store_document
    store_document(db, doc_id, tables)


def stored_doc_ids(db: Path) -> set[str]:
    """Document ids already in the store (for skipping unchanged inputs)."""
    from .store import stored_doc_ids as ids
    return ids(db)
