"""Arithmetic checks on tables: parts must add up to their total, shares to one."""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from .schema import TableRow

SHARE_TOLERANCE = Decimal("0.02")


def check_totals(rows: list[TableRow]) -> list[TableRow]:
    """Flag a table whose counts do not add up to its total row, or whose shares do not add up to 1.

    Every row of a failing table gets the flag (``sum_mismatch`` or ``share_mismatch``), so that a misread cell
    shows up even though no pattern could catch it.
    """
    totals = [r for r in rows if r.fields.get("is_total") is True]
    parts = [r for r in rows if r.fields.get("is_total") is False]
    if not totals or not parts:
        return rows
    flags: list[str] = []
    total_count = _number(totals[0].fields.get("count"))
    counts = [_number(r.fields.get("count")) for r in parts]
    if total_count is not None and all(c is not None for c in counts) and sum(counts) != total_count:  # type: ignore[arg-type]
        flags.append("sum_mismatch")
    shares = [_number(r.fields.get("share")) for r in parts]
    if all(s is not None for s in shares) and abs(sum(shares) - 1) > SHARE_TOLERANCE:  # type: ignore[arg-type]
        flags.append("share_mismatch")
    if not flags:
        return rows
    return [replace(r, flags=tuple(flags)) if isinstance(r.fields.get("is_total"), bool) else r for r in rows]


def _number(value: object) -> Decimal | None:
    return value if isinstance(value, Decimal) else None
