"""Normalize Chinese date expressions into :class:`~nlp.records.schema.DateValue` (inclusive ISO start/end).

Handles ``2022 年 5 月``, ``2022.5``, ``2022-1-16``, ``2022年底``, ``截至2022年底``, ``2020 年—2022 年``,
``2022—2024年``, ``上半年``, ``二零二三年四月``, ``十四五`` and relative words resolved against the report's
reference year. Word lists live in ``nlp/data/normalize/zh.yaml``. Junk gives ``None``.

>>> parse_date("2022 年 5 月").start, parse_date("2022 年 5 月").end
('2022-05-01', '2022-05-31')
>>> parse_date("截至2022年底").qualifier
'asof'
>>> parse_date("十四五").end
'2025-12-31'
>>> parse_date("区块链") is None
True
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from ..data import normalization_table
from ..records.schema import DateValue
from .numbers import FULLWIDTH_DIGITS, parse_chinese

DEFAULT_REFERENCE_YEAR = 2022
MIN_YEAR, MAX_YEAR = 1900, 2100
RANGE_SPLIT = re.compile(r"[—–\-~～至到]+")
CN_YEAR = "零〇○一二三四五六七八九"
CN_SMALL = "一二三四五六七八九十"


@dataclass(frozen=True)
class _Span:
    start: date
    end: date
    granularity: str
    relative: bool = False


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _month_span(year: int, first: int, last: int, granularity: str) -> _Span | None:
    if not (MIN_YEAR <= year <= MAX_YEAR and 1 <= first <= last <= 12):
        return None
    return _Span(date(year, first, 1), date(year, last, _last_day(year, last)), granularity)


def _day(year: int, month: int, day: int) -> _Span | None:
    if not (MIN_YEAR <= year <= MAX_YEAR and 1 <= month <= 12 and 1 <= day <= _last_day(year, month)):
        return None
    return _Span(date(year, month, day), date(year, month, day), "day")


def _int(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    value = parse_chinese(text)
    return int(value) if value is not None else None


def _year_part(year: int, rest: str) -> _Span | None:
    """The part of ``year`` named by ``rest`` (``""``, ``上半年``, ``年底``, ``第一季度``)."""
    table = normalization_table()
    rest = rest.removeprefix("年")
    if rest == "" or rest == "度" or rest == "全年":
        return _month_span(year, 1, 12, "year")
    if rest in table["halves"]:
        first, last = table["halves"][rest]
        return _month_span(year, first, last, "half")
    if rest in table["quarters"]:
        first, last = table["quarters"][rest]
        return _month_span(year, first, last, "quarter")
    edge = table["year_edges"].get(rest) or table["year_edges"].get("年" + rest)
    if edge:
        (m1, d1), (m2, d2) = edge
        span = _Span(date(year, m1, d1), date(year, m2, d2), "day" if (m1, d1) == (m2, d2) else "month")
        return span if MIN_YEAR <= year <= MAX_YEAR else None
    return None


SINGLE_PATTERNS: tuple[tuple[str, str], ...] = (
    ("ymd", r"(?P<y>\d{4})[年.\-/](?P<m>\d{1,2})[月.\-/](?P<d>\d{1,2})[日号]?"),
    ("ym", r"(?P<y>\d{4})[年.\-/](?P<m>\d{1,2})月?(?:份)?"),
    ("ymd_cn", rf"(?P<y>[{CN_YEAR}]{{4}})年(?P<m>[{CN_SMALL}]{{1,2}})月(?P<d>[{CN_SMALL}]{{1,3}})[日号]"),
    ("ym_cn", rf"(?P<y>[{CN_YEAR}]{{4}})年(?P<m>[{CN_SMALL}]{{1,2}})月(?:份)?"),
    ("y_part", rf"(?P<y>\d{{4}}|[{CN_YEAR}]{{4}})(?P<rest>年?(?:上半年|下半年|年底|年末|年初|年中|第?[一二三四]季度|Q[1-4])|年度?|全年)"),
    ("y_bare", r"(?P<y>\d{4})"),
    ("md", r"(?P<m>\d{1,2})月(?P<d>\d{1,2})[日号]"),
    ("m", r"(?P<m>\d{1,2})月(?:份)?"),
)
_COMPILED = tuple((name, re.compile(rf"^{pattern}$")) for name, pattern in SINGLE_PATTERNS)


def _single(text: str, ref_year: int) -> _Span | None:
    """One date (not a range)."""
    for name, pattern in _COMPILED:
        match = pattern.match(text)
        if match:
            return _from_match(name, match, ref_year)
    return _relative(text, ref_year)


def _from_match(name: str, match: re.Match[str], ref_year: int) -> _Span | None:
    groups = match.groupdict()
    year = _int(groups["y"]) if groups.get("y") else ref_year
    month = _int(groups["m"]) if groups.get("m") else None
    day = _int(groups["d"]) if groups.get("d") else None
    if year is None:
        return None
    relative = "y" not in groups
    if name.startswith("ymd") or name == "md":
        span = _day(year, month or 0, day or 0)
    elif name in ("ym", "ym_cn", "m"):
        span = _month_span(year, month or 0, month or 0, "month")
    elif name == "y_part":
        span = _year_part(year, groups["rest"])
    else:
        span = _month_span(year, 1, 12, "year")
    if span and relative:
        span = _Span(span.start, span.end, span.granularity, True)
    return span


def _relative(text: str, ref_year: int) -> _Span | None:
    table = normalization_table()
    for word, offset in table["relative_years"].items():
        if text.startswith(word):
            span = _year_part(ref_year + offset, text[len(word):])
            return _Span(span.start, span.end, span.granularity, True) if span else None
    if text in table["halves"] or text in table["quarters"]:
        span = _year_part(ref_year, text)
        return _Span(span.start, span.end, span.granularity, True) if span else None
    return None


def _plan_period(text: str) -> _Span | None:
    years = normalization_table()["plan_periods"].get(text.strip("“”\"'「」"))
    if not years:
        return None
    return _Span(date(years[0], 1, 1), date(years[1], 12, 31), "period")


def _range(text: str, ref_year: int) -> _Span | None:
    """``2020年—2022年``, ``2019-2022``, ``2022年1-3月``: two dates; the second may inherit the first's year."""
    parts = [p for p in RANGE_SPLIT.split(text) if p]
    if len(parts) != 2 or not RANGE_SPLIT.search(text):
        return None
    first, second = parts
    if re.fullmatch(r"\d{4}", first) and second.endswith("年") and re.fullmatch(r"\d{4}年", second):
        first += "年"
    a = _single(first, ref_year)
    if a is None:
        return None
    b = _single(second, ref_year)
    year_month = re.match(r"^(\d{4})年(\d{1,2})月?$", first)
    if b is not None and b.relative and not a.relative:
        b = _single(f"{a.start.year}年{second}" if "月" in second else second, a.start.year)
    elif b is None and year_month and re.fullmatch(r"\d{1,2}月", second):
        b = _single(f"{a.start.year}年{second}", ref_year)
    if b is None or b.end < a.start:
        return None
    return _Span(a.start, b.end, "period")


def _strip_qualifiers(text: str) -> tuple[str, str | None]:
    table = normalization_table()
    for word in sorted(table["asof_words"], key=len, reverse=True):
        if text.startswith(word):
            return text[len(word):], "asof"
    for word in table["since_words"]:
        if text.endswith(word):
            return text[: -len(word)], "since"
    return text, None


def parse_date(text: str, reference_year: int = DEFAULT_REFERENCE_YEAR) -> DateValue | None:
    """Parse one date expression.

    Args:
        text: the expression as written (spaces allowed).
        reference_year: the report's own year, used for expressions without a year (今年, 上半年, 5 月).

    Returns:
        A :class:`DateValue` with inclusive ISO ``start``/``end``, or ``None`` if ``text`` is not a date.
    """
    cleaned = re.sub(r"\s+", "", text.translate(FULLWIDTH_DIGITS))
    if not cleaned or len(cleaned) > 30:
        return None
    cleaned, qualifier = _strip_qualifiers(cleaned)
    span = _plan_period(cleaned) or _single(cleaned, reference_year) or _range(cleaned, reference_year)
    if span is None:
        return None
    resolved = None
    if span.relative:
        qualifier = qualifier or "relative"
        resolved = "reference_year"
    return DateValue(text, span.start.isoformat(), span.end.isoformat(), span.granularity, qualifier, resolved)
