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
from ..records.schema import Amount
from ..text.normalize import tidy_cell_spaces

HEADER_UNIT = re.compile(r"[（(]\s*(?:单位[：:])?\s*([^()（）]+)\s*[)）]")
TOTAL_WORDS = ("总计", "合计", "总数")
SPACED_FIELDS = {"standards": ("title",), "policies": ("title",)}  # titles keep the spaces between their elements
AMOUNT_RE = re.compile(r"(?:(共|总|合计)\s*)?((?:约|超|近)?\s*[\d.]+\s*(?:万亿|亿|万)?\s*(?:元|人民币|美元)?)")


@lru_cache(maxsize=1)
def _config() -> dict[str, Any]:
    return yaml.safe_load(read_text("tables.yaml"))


def iso_partial(text: str, year: int | None) -> str:
    """A table date at the precision written: ``2022.5`` → ``2022-05``; empty when unreadable, or when it needs
    the report's year (``5 月``) and the report names none (``year`` is ``None``).

    >>> iso_partial("2022-1-16", 2022), iso_partial("2017.06", 2022), iso_partial("2022 年 1 月", 2022)
    ('2022-01-16', '2017-06', '2022-01')
    >>> iso_partial("5 月", 2021), iso_partial("5 月", None)
    ('2021-05', '')
    """
    value = parse_date(text, year) if year is not None else parse_date(text)
    if value is None or (year is None and value.qualifier == "relative"):
        return ""
    if value.granularity == "day":
        return value.start
    if value.granularity == "month":
        return value.start[:7]
    if value.granularity == "year":
        return value.start[:4]
    return value.start + "/" + value.end


def amount_fields(name: str, text: str, kind: str, default_unit: str | None) -> dict[str, str]:
    """``<name>_text``, ``_value``, ``_min``, ``_max``, ``_currency``, ``_qualifier`` of an amount cell."""
    amount = _cell_amount(text, kind, default_unit)
    fields = {f"{name}_text": text}
    if amount is None:
        return fields | {f"{name}_{k}": "" for k in ("value", "min", "max", "currency", "qualifier")}
    return fields | {
        f"{name}_value": plain(amount.value) or "", f"{name}_min": plain(amount.lower) or "",
        f"{name}_max": plain(amount.upper) or "", f"{name}_currency": amount.currency or "",
        f"{name}_qualifier": amount.qualifier,
    }


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


def normalize_row(kind: str, group: dict[str, str], caption: str, year: int | None) -> dict[str, str]:
    """Typed, normalized fields of one row (a dict of field → cell text)."""
    spec = _config()["kinds"][kind]
    fields: dict[str, str] = {}
    for name in _config()["columns"][kind]:
        text = clean_text(group.get(name, ""), keep_between_cjk=name in SPACED_FIELDS.get(kind, ()))
        if name in spec["amounts"]:
            if kind == "regions":
                amount = _cell_amount(text, spec["amounts"][name], None)
                fields[name] = (plain(amount.value) or "") if amount else ""
            else:
                fields.update(amount_fields(name, text, spec["amounts"][name], None))
        elif name in spec["dates"]:
            fields[name] = iso_partial(text, year)
        elif name in spec["multi"]:
            fields[name] = ";".join(p.strip() for p in re.split(r"[、;；]", re.sub(r"等$", "", text)) if p.strip())
        else:
            fields[name] = text
    return _kind_specific(kind, fields, group, caption)


def _kind_specific(kind: str, fields: dict[str, str], group: dict[str, str], caption: str) -> dict[str, str]:
    if kind == "standards":
        fields["status"] = standard_status(group.get("status", ""), caption)
        fields["level"] = standard_level(fields.get("code", ""), caption)
    elif kind == "institutions":
        fields["lead"] = institution_lead(caption)
    elif kind == "regions":
        region = re.sub(r"\s+", "", group.get("region", ""))
        fields["region"] = region
        fields["is_total"] = "1" if region in TOTAL_WORDS else "0"
    elif kind == "parks":
        fields["region"] = re.sub(r"\s*[（(]\d+[)）]\s*$", "", fields.get("region", ""))
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
