"""The combined ``OUT/<kind>.jsonl`` and ``.csv`` files, updated for the documents a run wrote without reading the
other documents again.

Each combined file is the concatenation of its documents' rows in doc-id order. ``OUT/combined-files.json`` records,
per kind, the CSV columns and each document's byte lengths in both files, so a run splices: the bytes of the
unchanged documents are copied from the old file, the written documents' rows rendered anew. When a written
document brings a CSV column the file does not have yet, that kind is rebuilt from all document folders (the
header changes, and every row with it); so is everything when the manifest is missing or does not match the files.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterable

from .writer import DOCS_DIR, atomic_write, csv_body, csv_columns, csv_header, jsonl_bytes, read_document_tables

MANIFEST = "combined-files.json"
MANIFEST_VERSION = 1


def _doc_folders(out: Path) -> list[Path]:
    return sorted(p for p in (out / DOCS_DIR).glob("*") if p.is_dir() and not p.name.startswith("."))


def _write_kind(out: Path, kind: str, columns: list[str], pieces: dict[str, tuple[bytes, bytes]]) -> dict[str, Any]:
    """Write one kind's two files from per-document byte pieces; returns its manifest entry."""
    order = sorted(d for d, (j, _) in pieces.items() if j)
    if not order:
        return _write_empty_kind(out, kind)
    atomic_write(out / f"{kind}.jsonl", b"".join(pieces[d][0] for d in order))
    atomic_write(out / f"{kind}.csv", csv_header(columns) + b"".join(pieces[d][1] for d in order))
    return {"columns": columns, "docs": [[d, len(pieces[d][0]), len(pieces[d][1])] for d in order]}


def _empty_columns(kind: str) -> list[str]:
    """The CSV header of a kind without rows: the columns of its empty row (:func:`~nlp.records.serialize.empty_row`),
    none for a kind cnreport does not know."""
    from .serialize import empty_row, record_stems
    return csv_columns([empty_row(kind)]) if kind in record_stems() else []


def _write_empty_kind(out: Path, kind: str) -> dict[str, Any]:
    """A kind without rows: an empty JSONL file and a CSV with only its header (issue 19), so that a user's script
    that reads every kind finds each file; an unknown kind's files are removed."""
    columns = _empty_columns(kind)
    if not columns:
        for suffix in (".jsonl", ".csv"):
            (out / f"{kind}{suffix}").unlink(missing_ok=True)
        return {}
    atomic_write(out / f"{kind}.jsonl", b"")
    atomic_write(out / f"{kind}.csv", csv_header(columns))
    return {"columns": columns, "docs": []}


def _all_kinds(folders: list[Path]) -> list[str]:
    """Every record kind cnreport writes, and any other kind found in a document folder."""
    from .serialize import record_stems
    return sorted(set(record_stems()) | {p.stem for f in folders for p in f.glob("*.jsonl")})


def _rebuild_kind(out: Path, kind: str, folders: list[Path]) -> dict[str, Any]:
    """One kind from every document folder."""
    rows = {f.name: read_document_tables(f).get(kind, []) for f in folders}
    columns = csv_columns([r for doc in rows.values() for r in doc])
    pieces = {d: (jsonl_bytes(r), csv_body(r, columns)) for d, r in rows.items() if r}
    return _write_kind(out, kind, columns, pieces)


def rebuild(out: Path) -> dict[str, Any]:
    """Every combined file from every document folder, and the manifest."""
    folders = _doc_folders(out)
    kinds = _all_kinds(folders)
    entries = {kind: _rebuild_kind(out, kind, folders) for kind in kinds}
    manifest = {"version": MANIFEST_VERSION, "kinds": {k: e for k, e in entries.items() if e}}
    if manifest["kinds"] or (out / MANIFEST).exists():
        atomic_write(out / MANIFEST, json.dumps(manifest, sort_keys=True).encode("utf-8"))
    return manifest


def _load(out: Path) -> dict[str, Any] | None:
    """The manifest, or ``None`` when it is missing or does not match the files' sizes."""
    try:
        manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        if manifest.get("version") != MANIFEST_VERSION:
            return None
        for kind, entry in manifest["kinds"].items():
            header = len(csv_header(entry["columns"]))
            if (out / f"{kind}.jsonl").stat().st_size != sum(d[1] for d in entry["docs"]) or \
                    (out / f"{kind}.csv").stat().st_size != header + sum(d[2] for d in entry["docs"]):
                return None
        return manifest
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _old_pieces(out: Path, kind: str, entry: dict[str, Any], skip: set[str]) -> dict[str, tuple[bytes, bytes]]:
    """The unchanged documents' bytes, sliced from the old combined files."""
    if not entry:
        return {}
    jsonl = (out / f"{kind}.jsonl").read_bytes()
    csv = (out / f"{kind}.csv").read_bytes()
    j_at, c_at = 0, len(csv_header(entry["columns"]))
    pieces = {}
    for doc_id, j_len, c_len in entry["docs"]:
        if doc_id not in skip:
            pieces[doc_id] = (jsonl[j_at:j_at + j_len], csv[c_at:c_at + c_len])
        j_at, c_at = j_at + j_len, c_at + c_len
    return pieces


def update_combined(out: Path, written: Iterable[str]) -> dict[str, Any]:
    """Bring the combined files up to date after the documents ``written`` (doc ids) changed."""
    manifest = _load(out)
    if manifest is None:
        return rebuild(out)
    changed = {doc_id: read_document_tables(out / DOCS_DIR / doc_id) for doc_id in sorted(set(written))}
    if not changed:
        return manifest
    from .serialize import record_stems
    kinds = sorted(set(manifest["kinds"]) | set(record_stems()) | {k for tables in changed.values() for k in tables})
    folders: list[Path] | None = None
    for kind in kinds:
        entry = manifest["kinds"].get(kind, {})
        new_rows = {d: t.get(kind, []) for d, t in changed.items()}
        wanted = csv_columns([r for rows in new_rows.values() for r in rows])
        entry = entry if entry.get("docs") else {}  # an empty kind's header is no constraint on new rows
        if entry and not set(wanted) <= set(entry["columns"]):
            folders = folders if folders is not None else _doc_folders(out)
            result = _rebuild_kind(out, kind, folders)
        else:
            columns = entry["columns"] if entry else wanted
            pieces = _old_pieces(out, kind, entry, set(changed))
            pieces.update({d: (jsonl_bytes(r), csv_body(r, columns)) for d, r in new_rows.items() if r})
            result = _write_kind(out, kind, columns, pieces)
        if result:
            manifest["kinds"][kind] = result
        else:
            manifest["kinds"].pop(kind, None)
    atomic_write(out / MANIFEST, json.dumps(manifest, sort_keys=True).encode("utf-8"))
    return manifest


def write_extraction(out: Path, extraction: Any, db: Path | None = None, fingerprint: str = "",
                     combine: bool = True) -> str:
    """The per-document entry point: write one extraction's folder (``OUT/docs/<doc_id>/``) and its rows in the
    SQLite store (one transaction), then, unless ``combine=False`` (a batch that calls :func:`update_combined`
    once at its end), splice it into the combined files. Returns the doc id."""
    from .serialize import extraction_tables
    from .writer import DEFAULT_DB, store_sqlite, write_document
    tables = extraction_tables(extraction)
    write_document(out, extraction.doc_id, tables, fingerprint)
    store_sqlite(db or out / DEFAULT_DB, extraction.doc_id, tables)
    if combine:
        update_combined(out, [extraction.doc_id])
    return extraction.doc_id
