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

from ..data import normalization_table, read_tsv
from ..records.schema import Amount
from .money import compound_money, context_reading, currencies_after, split_prefix
from .numbers import FULLWIDTH_DIGITS, parse_chinese, parse_number

CHINESE_NUMERAL = "零〇○一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟萬億点"
MAGNITUDES = "十百千万亿萬億"
UNKNOWN_CURRENCY = re.compile(r"^(?P<num>[0-9.]+|[零〇一二两三四五六七八九十百千万亿]+)(?P<mag>[十百千万亿]*)"
                              r"(?P<word>[^\W\d_零〇一二两三四五六七八九十百千万亿角分毛块元]{1,5}(?:元|币|镑|郎|索|尔|盾|铢|克朗))$")


@lru_cache(maxsize=1)
def range_words() -> dict[str, tuple[str, ...]]:
    """Role (sep, and, open, close) → words of ``nlp/data/normalize/range_words.tsv``, longest first."""
    roles: dict[str, list[str]] = {}
    for row in read_tsv("normalize/range_words.tsv", ("word", "role", "note")):
        roles.setdefault(row["role"], []).append(row["word"])
    return {role: tuple(sorted(words, key=lambda w: (-len(w), w))) for role, words in roles.items()}


def _alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first so that 超过 wins over 超."""
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


@lru_cache(maxsize=1)
def _grammar() -> re.Pattern[str]:
    table = normalization_table()
    pre = [w for w, (_, pos) in table["qualifiers"].items() if pos == "pre"]
    post = [w for w, (_, pos) in table["qualifiers"].items() if pos == "post"]
    units = set(currencies_after()) | set(table["quantity_units"]) | set(table["percent_words"])
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
    currencies = currencies_after()
    found = _currency_search().search(unit_text)
    if found:
        return "money", currencies[found.group(0)], None
    return "quantity", None, unit_text


@lru_cache(maxsize=1)
def _currency_search() -> re.Pattern[str]:
    """Any currency word written after a number, longest first (万美元 → 美元, not 元)."""
    return re.compile(_alternation(currencies_after()))


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


@lru_cache(maxsize=16384)
def parse_amount(text: str, kind_hint: str | None = None, default_unit: str | None = None) -> Amount | None:
    """Parse one amount expression.

    Args:
        text: the expression as written, spaces allowed (``约 67 亿元``).
        kind_hint: ``money``, ``percent`` or ``quantity`` when the context knows (a table column); used when the
            text has no unit of its own.
        default_unit: a unit to apply when the text has none (``亿元`` from a ``单位：亿元`` line or a header).

    Returns:
        An :class:`Amount` in base units (元; a fraction for percent) or ``None`` when the text is not an amount.
        Results are cached (an :class:`Amount` is immutable): a report repeats its expressions.
    """
    cleaned = clean_amount_text(text)
    if not cleaned or len(cleaned) > 40:
        return None
    ranged = _parse_range(cleaned, text, kind_hint, default_unit)
    if ranged is not None:
        return ranged
    return _parse_single(cleaned, text, kind_hint, default_unit)


def clean_amount_text(text: str) -> str:
    """No spaces, half-width digits, ``余``/``多`` after the magnitude (``300多万元`` → ``300万多元``), no ``整``."""
    cleaned = re.sub(r"\s+", "", text.translate(FULLWIDTH_DIGITS))
    cleaned = re.sub(rf"([0-9{MAGNITUDES[:3]}])(余|多)((?:[十百千]?[万亿萬億])+)", r"\1\3\2", cleaned)
    for suffix in normalization_table()["amount_suffixes"]:
        if cleaned.endswith(suffix) and len(cleaned) > 1 and cleaned[-2] in "元圆角分":
            cleaned = cleaned[: -len(suffix)]
    return cleaned


def _parse_single(cleaned: str, text: str, kind_hint: str | None, default_unit: str | None) -> Amount | None:
    """One amount (not a range): a currency before the number, money in several units, or the amount grammar."""
    code, rest = split_prefix(cleaned)
    if code is not None:
        amount = _parse_single(rest, text, "money", default_unit) or _parse_single(rest + "元", text, "money", None)
        if amount is None or amount.kind != "money":
            return None
        return replace(amount, currency=code)
    compound = compound_money(cleaned)
    if compound is not None:
        value, currency = compound
        return Amount(text, "money", value, value, value, "exact", currency, None)
    return _parse_grammar(cleaned, text, kind_hint, default_unit) or _unknown_currency(cleaned, text)


def _unknown_currency(cleaned: str, text: str) -> Amount | None:
    """A number and a currency word not in the table (``500泰达币``): money, its word kept as the unit."""
    match = UNKNOWN_CURRENCY.match(cleaned)
    if not match:
        return None
    number = parse_number(match.group("num") + match.group("mag"))
    if number is None:
        return None
    return Amount(text, "money", number, number, number, "exact", None, match.group("word"))


def _parse_grammar(cleaned: str, text: str, kind_hint: str | None, default_unit: str | None) -> Amount | None:
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


@lru_cache(maxsize=16384)
def read_amount(text: str, before: str = "", kind_hint: str | None = None, after: str = "") -> Amount | None:
    """An amount read with the words before it (one path for ``cnreport normalize`` and ``extract``): a bare
    number with 万/亿 or a vague magnitude and no unit (``6.08 亿``, ``数亿``) is money only when the nearest
    context word of ``count_context.tsv`` says so, else a count (a quantity with no unit).

    >>> read_amount("6.08 亿", "IPv6 活跃用户数达").kind, read_amount("200 亿", "营收达").currency
    ('quantity', 'CNY')
    >>> a = read_amount("数亿"); a.kind, a.lower, a.upper
    ('quantity', Decimal('200000000'), Decimal('900000000'))
    """
    amount = parse_amount(text, kind_hint)
    if amount is not None or kind_hint not in (None, "money"):
        return amount
    cleaned = clean_amount_text(text)
    if not re.search(r"[万亿萬億]", cleaned) or re.search(r"[^0-9.,零〇一二两三四五六七八九十百千万亿萬億数几余多超约近逾以上下左右级-]", cleaned):
        return None
    reading = context_reading(before, after)
    if reading == "money":
        return parse_amount(text, "money")
    if reading == "count" or kind_hint is None:
        counted = parse_amount(text, "quantity")
        return replace(counted, unit=None) if counted is not None else None
    return None


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
    """``10-20亿元``, ``五块六到五块七毛八``, ``约18%-25%``, ``在100万和200万之间`` → range with bounds. A side with
    no unit of its own takes the other side's (``100-200万元``); a magnitude written on both sides is each one's own.

    >>> r = parse_amount("100 万-500 万", kind_hint="money"); r.lower, r.upper, r.qualifier
    (Decimal('1000000'), Decimal('5000000'), 'range')
    >>> r = parse_amount("五块六到五块七毛八"); r.lower, r.upper
    (Decimal('5.6'), Decimal('5.78'))
    """
    if not _range_hint().search(cleaned):
        return None
    words = range_words()
    body, framed = _strip_frame(cleaned, words)
    pre = _leading_qualifier(body)
    body = body[len(pre):]
    separators = words["sep"] + (words["and"] if framed else ())
    for sep in separators:
        at = body.find(sep, 1)
        if at <= 0 or at + len(sep) >= len(body):
            continue
        left, right = body[:at], body[at + len(sep):]
        high = _parse_single(right, right, kind_hint, default_unit)
        if high is None:
            continue
        low = _range_low(left, right, high, kind_hint, default_unit)
        if low is None or low.kind != high.kind:
            continue
        bottom = low.value if low.value is not None else low.lower
        top = high.value if high.value is not None else high.upper
        if bottom is None or top is None or bottom > top:
            continue
        return Amount(text, high.kind, None, bottom, top, "range", high.currency or low.currency, high.unit)
    return None


@lru_cache(maxsize=1)
def _range_hint() -> re.Pattern[str]:
    """Any separator or 之间-type word: without one, no range (a quick test before trying each separator)."""
    words = range_words()
    return re.compile(_alternation(words["sep"] + words.get("close", ())))


def _strip_frame(text: str, words: dict[str, tuple[str, ...]]) -> tuple[str, bool]:
    """Without the 从/在 before and the 之间 after; whether a 之间 closed it."""
    for word in words.get("open", ()):
        if text.startswith(word):
            text = text[len(word):]
            break
    for word in words.get("close", ()):
        if text.endswith(word) and len(text) > len(word):
            return text[: -len(word)], True
    return text, False


def _leading_qualifier(text: str) -> str:
    match = _leading_qualifier_re().match(text)
    return match.group(0) if match else ""


@lru_cache(maxsize=1)
def _leading_qualifier_re() -> re.Pattern[str]:
    table = normalization_table()["qualifiers"]
    return re.compile(_alternation(w for w, (_, pos) in table.items() if pos == "pre"))


def _range_low(left: str, right: str, high: Amount, kind_hint: str | None, default_unit: str | None) -> Amount | None:
    """The low end: its own reading when it has a unit or magnitude, else with the high end's unit."""
    if re.fullmatch(rf"[0-9.,{CHINESE_NUMERAL.replace('万', '').replace('亿', '')}]+", left) and \
            not re.search(r"[万亿萬億]$", left):
        suffix = re.sub(rf"^[0-9.,{CHINESE_NUMERAL}]*?(?=[{MAGNITUDES}]*[^0-9.,{CHINESE_NUMERAL}]|[{MAGNITUDES}]+$)", "", right)
        suffix = suffix if suffix != right else re.sub(r"^[0-9.,]+", "", right)
        low = _parse_single(left + suffix, left + suffix, kind_hint or high.kind, default_unit)
        if low is not None:
            return low
    return _parse_single(left, left, kind_hint or high.kind, default_unit)
