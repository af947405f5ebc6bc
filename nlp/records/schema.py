"""One typed schema for every record cnreport writes.

Offsets are character (code point) offsets, end-exclusive, as in spaCy spans. ``char_*`` are offsets in the
normalized document text, ``raw_*`` in the original text as ingested (for a ``.txt`` input: the file's text).
Numbers are ``Decimal``; in JSON and CSV they are written as plain decimal strings.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

SCHEMA_VERSION = "1.0"

MENTION_LABELS = ("ORG", "LOC", "PER", "TITLE", "STD", "PRODUCT", "DATE", "MONEY", "PERCENT", "QUANTITY")
VALUE_LABELS = ("DATE", "MONEY", "PERCENT", "QUANTITY")


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a record came from: document, page (1-based), sentence index and character spans."""

    doc_id: str
    page: int
    sentence: int
    char_start: int
    char_end: int
    raw_start: int
    raw_end: int
    line: int = 0


@dataclass(frozen=True, slots=True)
class DateValue:
    """A normalized date expression: inclusive ISO ``start``/``end`` and a granularity.

    ``qualifier`` is ``None``, ``asof`` (截至), ``since`` (以来) or ``relative`` (year resolved from the
    report's reference year or context; then ``resolved_from`` says which).
    """

    text: str
    start: str
    end: str
    granularity: str
    qualifier: str | None = None
    resolved_from: str | None = None

    def partial(self) -> str:
        """The date at the precision written, as records write it: ``2022-05-16``, ``2022-05``, ``2022``; other
        granularities (quarter, half, period) as ``start/end``.

        >>> DateValue("2022 年 5 月", "2022-05-01", "2022-05-31", "month").partial()
        '2022-05'
        """
        if self.granularity == "day":
            return self.start
        if self.granularity == "month":
            return self.start[:7]
        if self.granularity == "year":
            return self.start[:4]
        return self.start + "/" + self.end


@dataclass(frozen=True, slots=True)
class Amount:
    """A normalized amount: money, percent or quantity, keeping the raw ``text`` beside the value.

    ``value`` is the point value in base units (元, a fraction for percent, the counted unit for quantities);
    ``lower``/``upper`` are inclusive bounds (``None`` = unbounded or unknown).
    """

    text: str
    kind: str
    value: Decimal | None
    lower: Decimal | None
    upper: Decimal | None
    qualifier: str
    currency: str | None = None
    unit: str | None = None


@dataclass(frozen=True, slots=True)
class Mention:
    """An entity or value mention with its label, source and normalized value."""

    label: str
    text: str
    prov: Provenance
    source: str
    value: DateValue | Amount | None = None
    norm_text: str = ""
    org_type: str | None = None


#: A typed record field: text; a date or an amount as a value object (an amount keeps its cell text even when it
#: reads no value); a bare number (a region's count or share); a yes/no mark; several values; or missing.
FieldValue = str | DateValue | Amount | Decimal | bool | tuple[str, ...] | None


@dataclass(frozen=True, slots=True)
class TableRow:
    """One typed record: a row of one of the report's tables (``source`` ``table``) or a policy named in a
    sentence (``prose``), its fields typed (:data:`FieldValue`, in the kind's column order)."""

    kind: str
    table: str
    row: int
    fields: dict[str, FieldValue]
    prov: Provenance
    flags: tuple[str, ...] = ()
    source: str = "table"


@dataclass(frozen=True, slots=True)
class GenericRow:
    """One body row of any table, as read: the table's id and caption, its pages, the header and the cells.

    ``kind`` is the record kind the header vocabulary and caption give the table, ``generic`` when none fits.
    """

    table: str
    caption: str
    pages: tuple[int, ...]
    row: int
    kind: str
    header: tuple[str, ...]
    cells: tuple[str, ...]
    prov: Provenance


@dataclass(frozen=True, slots=True)
class TableSummary:
    """What became of one table of a document (``tables`` output): its id, caption, pages, record kind (``generic``
    when none fits), body rows, typed records made from it and by which reader (``tables.yaml`` layouts:
    ``table_reader``; the header vocabulary: ``header_vocabulary``; none: ``""``), its header and the header cells
    that name no field (kept only in the generic rows); ``prov`` is where its first body row is."""

    table: str
    caption: str
    pages: tuple[int, ...]
    kind: str
    rows: int
    typed: int
    typed_by: str
    header: tuple[str, ...]
    unmapped: tuple[str, ...]
    prov: Provenance


@dataclass(frozen=True, slots=True)
class KeyFigure:
    """A quantitative statement of the prose: metric, value, period and scope."""

    metric: str
    value: Amount
    period: DateValue | None
    scope: str
    prov: Provenance


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything extracted from one document."""

    doc_id: str
    source_path: str
    title: str
    reference_year: int | None
    pages: int
    mentions: tuple[Mention, ...] = ()
    rows: tuple[TableRow, ...] = ()
    figures: tuple[KeyFigure, ...] = ()
    generic: tuple[GenericRow, ...] = ()
    meta: dict[str, Any] = field(default_factory=dict)
    tables: tuple[TableSummary, ...] = ()
