"""Normalize money, percent and quantity expressions into :class:`~nlp.records.schema.Amount` values.

Qualifier, currency, unit and vague-magnitude words come from ``nlp/data/normalize/zh.yaml``; the bounds follow
the annotation guidelines (section 2.2). Anything unreadable gives ``None``.

>>> parse_amount("约 67 亿元").value
Decimal('6700000000')
>>> parse_amount("数千万人民币").lower, parse_amount("数千万人民币").upper
(Decimal('20000000'), Decimal('90000000'))
>>> parse_amount("3.08%").value
Decimal('0.0308')
>>> parse_amount("未透露") is None
True
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from decimal import Decimal
from functools import lru_cache

from ..data import normalization_table
from ..records.schema import Amount
from .numbers import FULLWIDTH_DIGITS, parse_chinese, parse_number

CHINESE_NUMERAL = "零〇○一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟"
RANGE_SEPARATORS = "-－~～—–至到"


def _alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first so that 超过 wins over 超."""
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


@lru_cache(maxsize=1)
def _grammar() -> re.Pattern[str]:
    table = normalization_table()
    pre = [w for w, (_, pos) in table["qualifiers"].items() if pos == "pre"]
    post = [w for w, (_, pos) in table["qualifiers"].items() if pos == "post"]
    units = set(table["currencies"]) | set(table["quantity_units"]) | set(table["percent_words"])
    return re.compile(
        rf"^(?P<pre>{_alternation(pre)})?(?P<vague>{_alternation(table['vague'])})?"
        rf"(?P<num>[0-9.,]+)?(?P<cn>[{CHINESE_NUMERAL}]*)(?P<ji>级)?"
        rf"(?P<post1>{_alternation(post)})?(?P<unit>(?:{_alternation(units)})+)?(?P<post2>{_alternation(post)})?$"
    )


def _bare_unit(match: re.Match[str]) -> bool:
    """A magnitude word alone names a unit, not an amount: ``（亿元）`` of a header, ``万元`` (but ``百万元``, ``数亿元``,
    ``亿元级`` are amounts).

    >>> parse_amount("亿元") is None, parse_amount("百万元") is None
    (True, False)
    """
    big_units = normalization_table()["big_units"]
    return (not match.group("num") and match.group("cn") in big_units and not match.group("vague")
            and not match.group("ji") and not match.group("pre"))


def _percent_words_form(text: str) -> tuple[str, str] | None:
    """``百分之三十`` → (``三十``, ``%``)."""
    if text.startswith("百分之"):
        return text[3:], "%"
    return None


def _kind_and_unit(unit_text: str) -> tuple[str, str | None, str | None]:
    """Classify the unit run after the number: (kind, currency, unit)."""
    table = normalization_table()
    for word in table["percent_words"]:
        if unit_text.endswith(word):
            return "percent", None, None
    for word in sorted(table["currencies"], key=len, reverse=True):
        if word in unit_text:
            return "money", table["currencies"][word], None
    return "quantity", None, unit_text


MIXED_QUALIFIER = "approx"  # GUIDELINES decisions log: 近 80 余家, 约 1700 余家 (qualifiers of different senses)


def _qualifier_of(match: re.Match[str]) -> str:
    """The qualifier of the expression; words of the same sense count once, mixed senses give ``approx``.

    >>> _qualifier_of(_grammar().match("近80余家")), _qualifier_of(_grammar().match("超40余项"))
    ('approx', 'over')
    """
    table = normalization_table()["qualifiers"]
    senses = {str(table[word][0]) for word in (match.group(g) for g in ("pre", "post1", "post2")) if word}
    if len(senses) > 1:
        return MIXED_QUALIFIER
    return senses.pop() if senses else "exact"


def _bounds(value: Decimal, qualifier: str) -> tuple[Decimal | None, Decimal | None]:
    if qualifier == "exact":
        return value, value
    if qualifier == "over":
        return value, None
    if qualifier == "under":
        return None, value
    return None, None


def with_qualifier(amount: Amount, qualifier: str) -> Amount:
    """The same amount under another qualifier, its bounds recomputed (a qualifier read from the context).

    >>> a = with_qualifier(parse_amount("17%"), "approx"); a.value, a.lower, a.upper, a.qualifier
    (Decimal('0.17'), None, None, 'approx')
    """
    if amount.value is None or amount.qualifier == qualifier:
        return amount
    lower, upper = _bounds(amount.value, qualifier)
    return replace(amount, qualifier=qualifier, lower=lower, upper=upper)


def _base_number(match: re.Match[str]) -> Decimal | None:
    """The number of the expression, Arabic with magnitude (``3.2万亿``) or Chinese (``一千二百``)."""
    num, cn = match.group("num"), match.group("cn")
    if num:
        return parse_number(num + cn)
    if cn:
        return parse_chinese(cn)
    return None


def _scale(kind: str, number: Decimal) -> Decimal:
    return number / 100 if kind == "percent" else number


def parse_amount(text: str, kind_hint: str | None = None, default_unit: str | None = None) -> Amount | None:
    """Parse one amount expression.

    Args:
        text: the expression as written, spaces allowed (``约 67 亿元``).
        kind_hint: ``money``, ``percent`` or ``quantity`` when the context knows (a table column); used when the
            text has no unit of its own.
        default_unit: a unit to apply when the text has none (``亿元`` from a ``单位：亿元`` line or a header).

    Returns:
        An :class:`Amount` in base units (元; a fraction for percent) or ``None`` when the text is not an amount.
    """
    cleaned = re.sub(r"\s+", "", text.translate(FULLWIDTH_DIGITS))
    if not cleaned or len(cleaned) > 40:
        return None
    ranged = _parse_range(cleaned, text, kind_hint, default_unit)
    if ranged is not None:
        return ranged
    words = _percent_words_form(cleaned)
    if words:
        cleaned = words[0] + words[1]
    match = _grammar().match(cleaned)
    if not match or not (match.group("num") or match.group("cn")) or _bare_unit(match):
        return None
    unit_text = match.group("unit") or ""
    if not unit_text and default_unit:
        with_unit = parse_amount(cleaned + default_unit, kind_hint)
        return replace(with_unit, text=text) if with_unit else None
    if not unit_text and (kind_hint is None or (kind_hint == "money" and not match.group("cn"))):
        return None
    kind, currency, unit = _kind_and_unit(unit_text) if unit_text else (kind_hint or "quantity", None, None)
    if kind == "money" and currency is None:
        currency = "CNY"
    number = _base_number(match)
    if number is None:
        return None
    return _build(text, kind, number, match, currency, unit)


def _build(text: str, kind: str, number: Decimal, match: re.Match[str], currency: str | None, unit: str | None) -> Amount:
    vague = match.group("vague")
    if match.group("ji") and not vague and _qualifier_of(match) in ("under", "over"):
        return _level_bound(text, kind, number, _qualifier_of(match), currency, unit)
    if vague or match.group("ji"):
        lo_mult: int
        hi_mult: int | None
        lo_mult, hi_mult = normalization_table()["vague"].get(vague, [1, None]) if vague else (1, None)
        upper: Decimal | None
        if match.group("ji"):
            upper = _scale(kind, number * 10) - (Decimal(1) if kind != "percent" else 0)
        else:
            upper = _scale(kind, number * hi_mult) if hi_mult is not None else None
        return Amount(text, kind, None, _scale(kind, number * lo_mult), upper, "vague", currency, unit)
    value = _scale(kind, number)
    qualifier = _qualifier_of(match)
    lower, upper = _bounds(value, qualifier)
    return Amount(text, kind, value, lower, upper, qualifier, currency, unit)


def _level_bound(text: str, kind: str, number: Decimal, qualifier: str, currency: str | None,
                 unit: str | None) -> Amount:
    """``十万级及以下`` → under the top of the 十万级 range (999999); ``千万级以上`` → over its bottom.

    >>> a = parse_amount("十万级及以下", kind_hint="money"); a.value, a.lower, a.upper, a.qualifier
    (Decimal('999999'), None, Decimal('999999'), 'under')
    """
    top = _scale(kind, number * 10) - (Decimal(1) if kind != "percent" else 0)
    bottom = _scale(kind, number)
    if qualifier == "under":
        return Amount(text, kind, top, None, top, qualifier, currency, unit)
    return Amount(text, kind, bottom, bottom, None, qualifier, currency, unit)


def _parse_range(cleaned: str, text: str, kind_hint: str | None, default_unit: str | None) -> Amount | None:
    """``10-20亿元`` → range with bounds; both sides share the unit written after the second. A magnitude written
    on both sides (``100万-500万``) is the first number's own.

    >>> r = parse_amount("100 万-500 万", kind_hint="money"); r.lower, r.upper, r.qualifier
    (Decimal('1000000'), Decimal('5000000'), 'range')
    """
    match = re.match(rf"^([0-9.]+)([十百千万亿]*)[{RANGE_SEPARATORS}]([0-9.]+.*)$", cleaned)
    if not match:
        return None
    high = parse_amount(match.group(3), kind_hint, default_unit)
    if high is None or high.value is None:
        return None
    low_number = parse_number(match.group(1) + (match.group(2) or _magnitude_suffix(match.group(3))))
    if low_number is None:
        return None
    low = _scale(high.kind, low_number)
    if low > high.value:
        return None
    return Amount(text, high.kind, None, low, high.value, "range", high.currency, high.unit)


def _magnitude_suffix(text: str) -> str:
    """The magnitude characters right after the number of ``text`` (``20亿元`` → ``亿``)."""
    match = re.match(r"^[0-9.]+([十百千万亿]*)", text)
    return match.group(1) if match else ""
