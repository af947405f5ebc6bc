"""Normalize the cells of one table row into the typed fields of its record kind (GUIDELINES section 4)."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import yaml

from ..data import read_text
from ..normalizers.amounts import parse_amount
from ..normalizers.dates import parse_date
from ..normalizers.numbers import plain
from ..records.schema import Amount, DateValue, FieldValue
from ..text.normalize import tidy_cell_spaces

HEADER_UNIT = re.compile(r"[（(]\s*(?:单位[：:])?\s*([^()（）]+)\s*[)）]")
TOTAL_WORDS = ("总计", "合计", "总数")
SPACED_FIELDS = {"standards": ("title",), "policies": ("title",)}  # titles keep the spaces between their elements
AMOUNT_RE = re.compile(r"(?:(共|总|合计)\s*)?((?:约|超|近)?\s*[\d.]+\s*(?:万亿|亿|万)?\s*(?:元|人民币|美元)?)")


@lru_cache(maxsize=1)
def _config() -> dict[str, Any]:
    return yaml.safe_load(read_text("tables.yaml"))


def table_date(text: str, year: int | None) -> DateValue | None:
    """A table cell's date (``None`` when unreadable, or when it needs the report's year, ``5 月``, and the report
    names none).

    >>> [table_date(t, 2022).partial() for t in ("2022-1-16", "2017.06", "2022 年 1 月", "2018 年 2 月13 日")]
    ['2022-01-16', '2017-06', '2022-01', '2018-02-13']
    >>> table_date("5 月", 2021).partial(), table_date("5 月", None)
    ('2021-05', None)
    """
    value = parse_date(text, year) if year is not None else parse_date(text)
    if value is None or (year is None and value.qualifier == "relative"):
        return None
    return value


def iso_partial(text: str, year: int | None) -> str:
    """A table date at the precision written (``2022.5`` → ``2022-05``), empty when :func:`table_date` reads none.

    >>> iso_partial("2022-1-16", 2022), iso_partial("2017.06", 2022), iso_partial("5 月", None)
    ('2022-01-16', '2017-06', '')
    """
    value = table_date(text, year)
    return value.partial() if value else ""


def cell_amount(text: str, kind: str, default_unit: str | None = None) -> Amount:
    """An amount cell as a value object; one that reads no value keeps its text (``未披露``) with no value.

    >>> a = cell_amount("超 3 亿", "money"); (a.value, a.lower, a.upper, a.currency, a.qualifier)
    (Decimal('300000000'), Decimal('300000000'), None, 'CNY', 'over')
    >>> cell_amount("5", "money", "亿元").value, cell_amount("未披露", "money").value
    (Decimal('500000000'), None)
    """
    found = _cell_amount(text, kind, default_unit)
    if found is None:
        return Amount(text, kind, None, None, None, "")
    return Amount(text, found.kind, found.value, found.lower, found.upper, found.qualifier, found.currency, found.unit)


def amount_fields(name: str, text: str, kind: str, default_unit: str | None) -> dict[str, str]:
    """``<name>_text``, ``_value``, ``_min``, ``_max``, ``_currency``, ``_qualifier`` of an amount cell, as written
    out (:func:`amount_columns` of :func:`cell_amount`)."""
    return amount_columns(name, cell_amount(text, kind, default_unit))


def amount_columns(name: str, amount: Amount) -> dict[str, str]:
    """An amount field written out as the gold's columns (GUIDELINES section 4): ``<name>_text``, ``_value``,
    ``_min``, ``_max``, ``_currency``, ``_qualifier`` (empty strings where there is none)."""
    return {f"{name}_text": amount.text, f"{name}_value": plain(amount.value) or "",
            f"{name}_min": plain(amount.lower) or "", f"{name}_max": plain(amount.upper) or "",
            f"{name}_currency": amount.currency or "", f"{name}_qualifier": amount.qualifier}


def _cell_amount(text: str, kind: str, default_unit: str | None) -> Amount | None:
    amount = parse_amount(text, kind_hint=kind, default_unit=default_unit)
    if amount is not None or kind != "money":
        return amount
    found = [(m.group(1), m.group(2)) for m in AMOUNT_RE.finditer(text) if m.group(2).strip(" .")]
    for marker, candidate in sorted(found, key=lambda f: f[0] is None):
        amount = parse_amount(candidate, kind_hint=kind, default_unit=default_unit)
        if amount is not None:
            return amount
    return None


def clean_text(text: str, keep_between_cjk: bool = False) -> str:
    """Cell text with markup debris removed and spaces tidied by the gold's convention
    (:func:`nlp.text.normalize.tidy_cell_spaces`)."""
    return tidy_cell_spaces(re.sub(r"\*\*|</?b>", "", text), keep_between_cjk)


def header_unit(header: str) -> str | None:
    """The unit a header cell gives its column's amounts (``融资金额（亿元）`` → ``亿元``).

    >>> header_unit("融资金额（亿元）"), header_unit("金额(单位：万元)"), header_unit("金额")
    ('亿元', '万元', None)
    """
    match = HEADER_UNIT.search(header)
    return match.group(1).strip() if match else None


def normalize_row(kind: str, group: dict[str, str], caption: str, year: int | None,
                  units: dict[str, str] | None = None) -> dict[str, FieldValue]:
    """Typed, normalized fields of one row (``group``: field → cell text), in the kind's column order: dates as
    :class:`DateValue`, amounts as :class:`Amount` (``units``: field → the unit its header gives), a region's count
    and share as bare decimals, multi-valued fields as tuples, text tidied."""
    spec = _config()["kinds"][kind]
    fields: dict[str, FieldValue] = {}
    for name in _config()["columns"][kind]:
        text = clean_text(group.get(name, ""), keep_between_cjk=name in SPACED_FIELDS.get(kind, ()))
        if name in spec["amounts"]:
            amount = cell_amount(text, spec["amounts"][name], (units or {}).get(name))
            fields[name] = amount.value if kind == "regions" else amount
        elif name in spec["dates"]:
            fields[name] = table_date(text, year)
        elif name in spec["multi"]:
            fields[name] = tuple(p.strip() for p in re.split(r"[、;；]", re.sub(r"等$", "", text)) if p.strip())
        else:
            fields[name] = text
    return _kind_specific(kind, fields, group, caption)


def _kind_specific(kind: str, fields: dict[str, FieldValue], group: dict[str, str],
                   caption: str) -> dict[str, FieldValue]:
    if kind == "standards":
        fields["status"] = standard_status(group.get("status", ""), caption)
        fields["level"] = standard_level(str(fields.get("code") or ""), caption)
    elif kind == "institutions":
        fields["lead"] = institution_lead(caption)
    elif kind == "regions":
        region = re.sub(r"\s+", "", group.get("region", ""))
        fields["region"] = region
        fields["is_total"] = region in TOTAL_WORDS
    elif kind == "parks":
        fields["region"] = re.sub(r"\s*[（(]\d+[)）]\s*$", "", str(fields.get("region") or ""))
    return fields


def institution_lead(caption: str) -> str:
    """The lead kind named first in the caption (``政府牵头，多个企业和高校…`` → government).

    >>> institution_lead("表1-11 政府牵头，多个企业和高校共同合作研究机构一览表"), institution_lead("表1-8 以高校为主的研究机构一览表")
    ('government', 'university')
    """
    found = [(caption.find(word), lead) for word, lead in _config()["institution_leads"].items() if word in caption]
    return min(found)[1] if found else ""


def standard_status(text: str, caption: str) -> str:
    """``发布`` → published …; a table with a 发布日期 column and no status column is ``published``."""
    compact = re.sub(r"\s+", "", text)
    if not compact:
        return "published"
    for pattern, status in _config()["status"].items():
        if re.search(pattern, compact):
            return status
    return compact


def standard_level(code: str, caption: str) -> str:
    """International, national, industry, local, group or enterprise, from the code (or the caption)."""
    if "国际" in caption:
        return "international"
    compact = code.replace(" ", "")
    for pattern, level in _config()["standard_levels"].items():
        if re.search(pattern, compact):
            return level
    return ""
