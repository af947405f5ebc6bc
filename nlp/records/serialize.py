"""Records → plain rows (dicts of JSON-ready values), one function per record type, in the documented format
(``docs/output-format.md``). Decimals become plain decimal strings; the row order is deterministic.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..normalizers.numbers import plain
from .schema import (SCHEMA_VERSION, Amount, DateValue, Extraction, FieldValue, GenericRow, KeyFigure, Mention,
                     Provenance, TableRow, TableSummary)


def value_dict(value: DateValue | Amount | None) -> dict[str, Any] | None:
    """The normalized value as the gold's ``norm`` keys."""
    if isinstance(value, DateValue):
        return {"start": value.start, "end": value.end, "granularity": value.granularity,
                "qualifier": value.qualifier, "resolved_from": value.resolved_from}
    if isinstance(value, Amount):
        out: dict[str, Any] = {"kind": value.kind, "value": plain(value.value), "min": plain(value.lower),
                               "max": plain(value.upper), "qualifier": value.qualifier}
        if value.kind == "money":
            out["currency"] = value.currency
        if value.kind == "quantity":
            out["unit"] = value.unit
        return out
    return None


def mention_row(m: Mention) -> dict[str, Any]:
    p = m.prov
    return {"doc_id": p.doc_id, "label": m.label, "text": m.text, "page": p.page, "line": p.line, "sentence": p.sentence,
            "char_start": p.char_start, "char_end": p.char_end, "raw_start": p.raw_start, "raw_end": p.raw_end,
            "source": m.source, "value": value_dict(m.value), "org_type": m.org_type}


def field_columns(name: str, value: FieldValue) -> dict[str, Any]:
    """One typed record field as its output column(s): a date at the precision written (``2022-05``), an amount as
    ``<name>_text``/``_value``/``_min``/``_max``/``_currency``/``_qualifier`` (GUIDELINES section 4), a bare
    decimal in plain notation, a yes/no mark as ``1``/``0``, several values joined with ``;``, a missing value as
    ``""``.

    >>> field_columns("date", DateValue("2022.5", "2022-05-01", "2022-05-31", "month")), field_columns("lead", ("甲", "乙"))
    ({'date': '2022-05'}, {'lead': '甲;乙'})
    """
    from .cells import amount_columns
    if isinstance(value, Amount):
        return amount_columns(name, value)
    if isinstance(value, DateValue):
        return {name: value.partial()}
    if isinstance(value, bool):
        return {name: "1" if value else "0"}
    if isinstance(value, Decimal):
        return {name: plain(value) or ""}
    if isinstance(value, tuple):
        return {name: ";".join(value)}
    return {name: "" if value is None else value}


def table_row(r: TableRow) -> dict[str, Any]:
    """One typed record, its fields written out by :func:`field_columns`, with provenance and ``source``
    (``table`` or ``prose``): page and line; for a prose policy its sentence (index and char span), for a table row
    of a text input its line's char span (``-1`` where there is none)."""
    p = r.prov
    fields: dict[str, Any] = {}
    for name, value in r.fields.items():
        fields.update(field_columns(name, value))
    return {"doc_id": p.doc_id, "kind": r.kind, "table": r.table, "row": r.row, "line": p.line, "page": p.page,
            **fields, "sentence": p.sentence, "char_start": p.char_start, "char_end": p.char_end,
            "raw_start": p.raw_start, "raw_end": p.raw_end, "flags": list(r.flags), "source": r.source}


def generic_row(r: GenericRow) -> dict[str, Any]:
    """One body row of a table as read (``table_rows``): header and cells side by side, with provenance."""
    p = r.prov
    return {"doc_id": p.doc_id, "table": r.table, "caption": r.caption, "pages": list(r.pages), "page": p.page,
            "row": r.row, "kind": r.kind, "header": list(r.header), "cells": list(r.cells), "source": "table",
            "line": p.line, "char_start": p.char_start, "char_end": p.char_end, "raw_start": p.raw_start,
            "raw_end": p.raw_end}


def table_summary_row(t: TableSummary) -> dict[str, Any]:
    """One table of a document and what became of it (``tables``): kind, rows, typed records and by which reader,
    the header cells that name no field."""
    p = t.prov
    return {"doc_id": p.doc_id, "table": t.table, "caption": t.caption, "pages": list(t.pages), "kind": t.kind,
            "rows": t.rows, "typed": t.typed, "typed_by": t.typed_by, "header": list(t.header),
            "unmapped": list(t.unmapped), "page": p.page, "line": p.line, "raw_start": p.raw_start,
            "raw_end": p.raw_end}


def figure_row(f: KeyFigure) -> dict[str, Any]:
    p = f.prov
    unit = f.value.currency if f.value.kind == "money" else ("ratio" if f.value.kind == "percent" else f.value.unit)
    return {"doc_id": p.doc_id, "line": p.line, "page": p.page, "sentence": p.sentence, "metric": f.metric,
            "value": plain(f.value.value), "min": plain(f.value.lower), "max": plain(f.value.upper), "unit": unit,
            "period_start": f.period.start if f.period else "", "period_end": f.period.end if f.period else "",
            "scope": f.scope, "qualifier": f.value.qualifier, "text": f.value.text,
            "raw_start": p.raw_start, "raw_end": p.raw_end}


def document_row(ex: Extraction) -> dict[str, Any]:
    return {"doc_id": ex.doc_id, "path": ex.source_path, "title": ex.title, "reference_year": ex.reference_year,
            "reference_year_source": ex.meta.get("reference_year_source", ""), "pages": ex.pages,
            "chars": ex.meta.get("chars", 0), "schema_version": SCHEMA_VERSION}


#: Columns of the kinds that are not typed table rows (paragraph rows are made in nlp/classify/predict.py).
PARAGRAPH_COLUMNS = ("doc_id", "line", "domain", "topic", "raw_start", "raw_end", "page")


def empty_row(stem: str) -> dict[str, Any]:
    """A row of ``stem`` with every column and no values: what an output file without rows is headed with.

    >>> sorted(empty_row("policies"))[2:7]
    ['date', 'doc_id', 'doc_number', 'flags', 'issuer']
    """
    from .cells import normalize_row
    empty = Provenance("", 0, 0, 0, 0, 0, 0)
    if stem == "mentions":
        return mention_row(Mention("", "", empty, ""))
    if stem == "figures":
        return figure_row(KeyFigure("", Amount("", "quantity", Decimal(0), None, None, ""), None, "", empty))
    if stem == "paragraphs":
        return dict.fromkeys(PARAGRAPH_COLUMNS, "")
    if stem == "table_rows":
        return generic_row(GenericRow("", "", (), 0, "", (), (), empty))
    if stem == "tables":
        return table_summary_row(TableSummary("", "", (), "", 0, 0, "", (), (), empty))
    if stem == "documents":
        return dict.fromkeys(("doc_id", "path", "title", "reference_year", "reference_year_source", "pages",
                              "chars", "schema_version"), "")
    return table_row(TableRow(stem, "", 0, normalize_row(stem, {}, "", None), empty))


def record_stems() -> tuple[str, ...]:
    """Every output file stem: documents, mentions, figures, paragraphs, the tables and their generic rows, then the
    table record kinds."""
    from .tables import table_config
    return ("documents", "mentions", "figures", "paragraphs", "tables", "table_rows", *table_config()["kinds"])


def extraction_tables(ex: Extraction) -> dict[str, list[dict[str, Any]]]:
    """All output tables of one extraction, by file stem."""
    tables: dict[str, list[dict[str, Any]]] = {
        "documents": [document_row(ex)],
        "mentions": sorted((mention_row(m) for m in ex.mentions),
                           key=lambda r: (r["doc_id"], r["page"], r["char_start"], r["label"])),
        "figures": [figure_row(f) for f in ex.figures],
        "paragraphs": list(ex.meta.get("paragraphs", [])),
    }
    tables["table_rows"] = [generic_row(r) for r in ex.generic]
    tables["tables"] = [table_summary_row(t) for t in ex.tables]
    for row in ex.rows:
        tables.setdefault(row.kind, []).append(table_row(row))
    return tables
