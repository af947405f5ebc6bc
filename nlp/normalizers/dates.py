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
from functools import lru_cache

from ..data import normalization_table
from ..records.schema import DateValue
from .numbers import FULLWIDTH_DIGITS, parse_chinese

DEFAULT_REFERENCE_YEAR = 2022
MIN_YEAR, MAX_YEAR = 1000, 2999  # a year written as a year (1789-01-29, 1789年); a bare number is 1900..2100
BARE_YEARS = (1900, 2100)
RANGE_SPLIT = re.compile(r"[—–\-~～至到]+")
CN_YEAR = "零〇○一二三四五六七八九"
CN_SMALL = "一二三四五六七八九十"
CN_ANY = "零〇○一二两三四五六七八九十百千"
DATE_PUNCT = str.maketrans({"－": "-", "／": "/", "．": ".", "～": "~"})


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
    ("y_part", rf"(?P<y>\d{{4}}|[{CN_YEAR}]{{4}})(?P<rest>年?(?:上半年|下半年|前半年|后半年|年底|年末|年初|年中|第?[一二三四]季度|Q[1-4])|年度?|全年)"),
    ("y_bare", r"(?P<y>(?:19|20)\d{2}|2100)"),
    ("week", r"(?:(?P<y>\d{4})年(?:的)?)?第(?P<w>\d{1,2})周"),
    ("weeks", r"(?:(?P<y>\d{4})年(?:的)?)?前(?P<w>\d{1,2})周"),
    ("nth_month", r"(?:(?P<y>\d{4})年(?:的)?)?第(?P<m>\d{1,2})个月"),
    ("first_months", r"(?:(?P<y>\d{4})年(?:的)?)?前(?P<m>\d{1,2})个月"),
    ("dmy", r"(?P<d>\d{1,2})[./](?P<m>\d{1,2})[./](?P<y>\d{4})"),
    ("md", r"(?P<m>\d{1,2})月(?P<d>\d{1,2})[日号]?"),
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
    relative = not groups.get("y")
    if name == "dmy":
        span = _day_or_swapped(year, month or 0, day or 0)
    elif name.startswith("ymd") or name == "md":
        span = _day(year, month or 0, day or 0)
    elif name in ("week", "weeks"):
        span = _weeks(year, 1 if name == "weeks" else int(groups["w"]), int(groups["w"]))
    elif name == "nth_month":
        span = _month_span(year, month or 0, month or 0, "month")
    elif name == "first_months":
        span = _month_span(year, 1, month or 0, "period")
    elif name in ("ym", "ym_cn", "m"):
        span = _month_span(year, month or 0, month or 0, "month")
    elif name == "y_part":
        span = _year_part(year, groups["rest"])
    else:
        span = _month_span(year, 1, 12, "year")
    if span and relative:
        span = _Span(span.start, span.end, span.granularity, True)
    return span


def _day_or_swapped(year: int, month: int, day: int) -> _Span | None:
    """``13.5.2015`` is day.month.year; ``5/13/2015`` (the second number > 12) is month/day/year."""
    if month > 12 and day <= 12:
        month, day = day, month
    return _day(year, month, day)


def _weeks(year: int, first: int, last: int) -> _Span | None:
    """ISO weeks ``first``..``last`` of ``year`` (2021年的第一周 = 2021-01-04..2021-01-10)."""
    try:
        start, end = date.fromisocalendar(year, first, 1), date.fromisocalendar(year, last, 7)
    except ValueError:
        return None
    return _Span(start, end, "week") if MIN_YEAR <= year <= MAX_YEAR and first <= last else None


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
    if re.fullmatch(r"\d{1,2}[日号]?", second) and a.granularity == "day":
        b = _day(a.start.year, a.start.month, int(second.rstrip("日号")))  # 2020年12月23-31日
    year_month = re.match(r"^(\d{4})年(\d{1,2})月?$", first)
    if b is not None and b.relative and not a.relative:
        b = _single(f"{a.start.year}年{second}" if "月" in second else second, a.start.year)
    elif b is None and year_month and re.fullmatch(r"\d{1,2}月", second):
        b = _single(f"{a.start.year}年{second}", ref_year)
    if b is None or b.end < a.start:
        return None
    return _Span(a.start, b.end, "period")


def _between(text: str, ref_year: int) -> _Span | None:
    """``2015年和2018年之间``, ``2007年与2009年间``, ``2010年之后2018年之前``: both years inclusive."""
    match = re.fullmatch(r"(.+?)(?:之后|以后)(.+?)(?:之前|以前)", text)
    if match:
        first, second = match.groups()
    else:
        match = re.fullmatch(r"(.+?)[和与及到至\-~—–](.+?)(?:之间|期间|间)", text)
        if not match:
            return None
        first, second = match.groups()
    a, b = _single(first, ref_year), _single(second, ref_year)
    if a is None or b is None or b.end < a.start:
        return None
    return _Span(a.start, b.end, "period", a.relative and b.relative)


def arabize(text: str) -> str:
    """Chinese numerals of a date as digits: ``二零零四年八月十五`` → ``2004年8月15``, ``两千零四年`` → ``2004年``,
    ``第三个月`` → ``第3个月``.

    >>> arabize("二零零四年八月十五"), arabize("2015年三月三号"), arabize("2021年的第一周")
    ('2004年8月15', '2015年3月3号', '2021年的第1周')
    """
    def number(match: re.Match[str]) -> str:
        value = _int(match.group(1))
        return str(value) + match.group(2) if value is not None else match.group(0)
    text = re.sub(rf"([{CN_ANY}]{{2,4}})(年)", number, text)
    text = re.sub(rf"(?<![{CN_ANY}第前])([{CN_ANY}]{{1,3}})(月|[日号](?!本)|周|个月)", number, text)
    text = re.sub(rf"(?<=[第前])([{CN_ANY}]{{1,3}})(周|个月)", number, text)
    return re.sub(rf"(?<=\d月)([{CN_ANY}]{{1,3}})()$", number, text)


def _clean(text: str) -> str:
    """Half-width digits, no 从/自 before, no weekday
    after, Chinese numerals as digits."""
    text = text.translate(FULLWIDTH_DIGITS).translate(DATE_PUNCT)
    text = re.sub(r"\s+", "", text)
    bracketed = re.sub(r"[（(]([^（()）]+)[）)]$", r"\1", text)
    for weekday in sorted(normalization_table()["weekdays"], key=len, reverse=True):
        if bracketed.endswith(weekday):
            text = bracketed
            text = re.sub(r"[，,、（(]*$", "", text[: -len(weekday)].rstrip("（("))
            break
    text = re.sub(r"^(?:从|自|由|于|在)(?=\d|[零〇○一二两三四五六七八九十])", "", text)
    return arabize(text)


def _strip_qualifiers(text: str) -> tuple[str, str | None]:
    table = normalization_table()
    for word in sorted(table["asof_words"], key=len, reverse=True):
        if text.startswith(word):
            return text[len(word):], "asof"
    for word in table["since_words"]:
        if text.endswith(word):
            return text[: -len(word)], "since"
    return text, None


@lru_cache(maxsize=16384)
def parse_date(text: str, reference_year: int = DEFAULT_REFERENCE_YEAR) -> DateValue | None:
    """Parse one date expression.

    Args:
        text: the expression as written (spaces allowed).
        reference_year: the report's own year, used for expressions without a year (今年, 上半年, 5 月).

    Returns:
        A :class:`DateValue` with inclusive ISO ``start``/``end``, or ``None`` if ``text`` is not a date.
        Results are cached (a :class:`DateValue` is immutable).
    """
    if len(text) > 60:
        return None
    spaced = re.sub(r"^\s*(\d{4})\s+(\d{1,2})\s+(\d{1,2})\s*$", r"\1-\2-\3", text.translate(FULLWIDTH_DIGITS))
    cleaned = re.sub(r"\s+", "", spaced)
    if not cleaned or len(cleaned) > 30:
        return None
    cleaned, qualifier = _strip_qualifiers(cleaned)
    span = _plan_period(cleaned)
    if span is None:
        cleaned = _clean(cleaned)
        span = _single(cleaned, reference_year) or _range(cleaned, reference_year) or _between(cleaned, reference_year)
    if span is None:
        return None
    resolved = None
    if span.relative:
        qualifier = qualifier or "relative"
        resolved = "reference_year"
    return DateValue(text, span.start.isoformat(), span.end.isoformat(), span.granularity, qualifier, resolved)


def date_value(text: str, reference_year: int | None) -> DateValue | None:
    """The date of ``text``; with no reference year (``None``) a date relative to the report's year (今年, 5 月) is
    not resolved and gives ``None``, an absolute one is read as usual.

    >>> date_value("2021年5月", None).start, date_value("今年", None), date_value("今年", 2023).start
    ('2021-05-01', None, '2023-01-01')
    """
    if reference_year is not None:
        return parse_date(text, reference_year)
    return None if relative_date(text) else parse_date(text, DEFAULT_REFERENCE_YEAR)


def relative_date(text: str) -> bool:
    """True when ``text`` is a date that needs the report's year (今年, 上半年, 5 月)."""
    value = parse_date(text, DEFAULT_REFERENCE_YEAR)  # any year: only whether it was used matters
    return value is not None and value.resolved_from == "reference_year"
