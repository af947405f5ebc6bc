"""Currencies and money written in several units (两毛五, 三块四分, 两美元又三美分, 壹佰捌拾壹圆柒角, ￥300).

The tables are data: ``nlp/data/normalize/currencies.tsv`` (word or symbol → ISO 4217 code, before or after the
number), ``minor_units.tsv`` (角, 分, 毛, 美分 ...) and ``count_context.tsv`` (words that make a bare 万/亿 number a
count or money). This module only composes them.

>>> compound_money("两毛五"), compound_money("三块四分"), compound_money("一块二")
((Decimal('0.25'), 'CNY'), (Decimal('3.04'), 'CNY'), (Decimal('1.2'), 'CNY'))
>>> compound_money("两美元又三美分"), compound_money("10日元5钱")
((Decimal('2.03'), 'USD'), (Decimal('10.05'), 'JPY'))
>>> split_prefix("US$5")
('USD', '5')
"""
from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from ..data import read_tsv
from .numbers import parse_number

NUMERAL_CHARS = "0-9.零〇○一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟萬億"
JOINERS = ("又", "零")  # 两美元又三美分, 三块零五分


@lru_cache(maxsize=1)
def currency_rows() -> tuple[tuple[str, str, str], ...]:
    """(word, code, position) rows of ``currencies.tsv``, longest word first."""
    rows = read_tsv("normalize/currencies.tsv", ("word", "code", "position", "note"))
    return tuple(sorted(((r["word"], r["code"], r["position"]) for r in rows), key=lambda r: (-len(r[0]), r[0])))


@lru_cache(maxsize=1)
def currencies_after() -> dict[str, str]:
    """Currency words written after the number (元, 美元, 人民币 ...) → code."""
    return {word: code for word, code, position in currency_rows() if position in ("post", "both")}


@lru_cache(maxsize=1)
def currencies_before() -> dict[str, str]:
    """Currency words and symbols written before the number (￥, US$, 人民币, RMB ...) → code."""
    return {word: code for word, code, position in currency_rows() if position in ("pre", "both")}


@lru_cache(maxsize=1)
def minor_units() -> dict[str, tuple[str, Decimal]]:
    """Minor money units (角, 分, 美分 ...) → (code, value in the code's main unit)."""
    rows = read_tsv("normalize/minor_units.tsv", ("word", "code", "value", "note"))
    return {r["word"]: (r["code"], Decimal(r["value"])) for r in rows}


@lru_cache(maxsize=1)
def count_context() -> tuple[tuple[str, str], ...]:
    """(word, count|money) of ``count_context.tsv``, longest first."""
    rows = read_tsv("normalize/count_context.tsv", ("word", "reading", "note"))
    return tuple(sorted(((r["word"], r["reading"]) for r in rows), key=lambda r: (-len(r[0]), r[0])))


def split_prefix(text: str) -> tuple[str | None, str]:
    """A currency written before the number, and the rest (``￥300`` → (``CNY``, ``300``)).

    >>> split_prefix("人民币300万元"), split_prefix("300元")
    (('CNY', '300万元'), (None, '300元'))
    """
    match = _prefix_re().match(text)
    if match:
        return currencies_before()[match.group(1)], text[match.end():]
    return None, text


@lru_cache(maxsize=1)
def _prefix_re() -> re.Pattern[str]:
    words = sorted(currencies_before(), key=lambda w: (-len(w), w))
    return re.compile(rf"({'|'.join(re.escape(w) for w in words)})(?=[{NUMERAL_CHARS}数几])")


@lru_cache(maxsize=1)
def _compound_hint() -> re.Pattern[str]:
    """A minor unit, or a numeral right after a currency word: without either, no compound amount."""
    minor = "|".join(re.escape(w) for w in sorted(minor_units(), key=len, reverse=True))
    major = "|".join(re.escape(w) for w in sorted(currencies_after(), key=len, reverse=True))
    return re.compile(rf"{minor}|(?:{major})[{NUMERAL_CHARS}又]")


def _unit_pattern() -> re.Pattern[str]:
    words = sorted(set(currencies_after()) | set(minor_units()), key=lambda w: (-len(w), w))
    alternation = "|".join(re.escape(w) for w in words)
    return re.compile(rf"([{NUMERAL_CHARS}]+?)({alternation})")


_UNIT_RE: list[re.Pattern[str]] = []


def _segments(text: str) -> tuple[list[tuple[Decimal, str, Decimal]], str] | None:
    """(number, code, unit value) of each number+unit piece, and the bare digits left at the end."""
    if not _UNIT_RE:
        _UNIT_RE.append(_unit_pattern())
    pieces, i = [], 0
    while i < len(text):
        match = _UNIT_RE[0].match(text, i)
        if not match:
            break
        number = parse_number(match.group(1))
        if number is None:
            return None
        code, value = minor_units().get(match.group(2)) or (currencies_after()[match.group(2)], Decimal(1))
        pieces.append((number, code, value))
        i = match.end()
        if i < len(text) and text[i] in JOINERS:
            i += 1
    return (pieces, text[i:]) if pieces else None


def compound_money(text: str) -> tuple[Decimal, str] | None:
    """Money written in several units, or in a minor unit, or with a bare trailing digit; ``None`` otherwise
    (a single main-unit amount such as ``300万元`` is read by the amount grammar)."""
    if not _compound_hint().search(text):
        return None
    found = _segments(text)
    if found is None:
        return None
    pieces, tail = found
    codes = {code for _, code, _ in pieces}
    if len(codes) != 1 or (len(pieces) == 1 and pieces[0][2] == 1 and not tail):
        return None
    total = sum((number * value for number, _, value in pieces), Decimal(0))
    if tail:
        digit = parse_number(tail)
        last_value = pieces[-1][2]
        if digit is None or len(tail) != 1 or digit >= 10 or codes != {"CNY"} or last_value < Decimal("0.1"):
            return None
        total += digit * last_value / 10  # 一块二 = 1.2, 两毛五 = 0.25
    units = [value for _, _, value in pieces]
    if units != sorted(units, reverse=True) or len(set(units)) != len(units):
        return None  # 五分三元 is no amount
    return total, codes.pop()


FOLLOWING_MONEY = re.compile(r"^[^，。；;,\n]{0,6}?(?:增长?至|增长?到|降至|下降到|减少到|提高到|上升到|到|至|[-—–~～])\s*"
                             r"[0-9.,]+\s*(?:[十百千万亿]\s*)*(?:元|美元|人民币|欧元|英镑|日元|港元)")


def context_reading(before: str, after: str = "") -> str | None:
    """``count`` or ``money`` from the nearest word of ``count_context.tsv`` in the clause before a bare number
    (a table row is one clause), or ``money`` when the amount it grows to has a currency.

    >>> context_reading("IPv6 活跃用户数达"), context_reading("市场营收达"), context_reading("其中")
    ('count', 'money', None)
    >>> context_reading("我国数字经济规模从", "增至 45.5 万亿元")
    'money'
    """
    if FOLLOWING_MONEY.match(after) or any(after.lstrip().startswith(w) for w in currencies_after() if len(w) > 1 or w == "元"):
        return "money"  # 从 27.2 万亿增至 45.5 万亿元; 4700 亿 | 元 cut by a line break
    clause = re.split(r"[。；;！？!?，,、\n]", before)[-1]
    best: tuple[int, str] | None = None
    for word, reading in count_context():
        at = clause.rfind(word)
        if at >= 0 and (best is None or at + len(word) > best[0]):
            best = (at + len(word), reading)
    return best[1] if best else None
