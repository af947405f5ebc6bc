"""Numbers written with Arabic digits, Chinese numerals, or both (``67``, ``1,200``, ``3.2万``, ``一千二百``).

Tables of digits and units live in ``nlp/data/normalize/zh.yaml``; this module holds only the algorithm.
Junk gives ``None``, never an exception.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from ..data import normalization_table

ARABIC_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]*)?|\.[0-9]+")
FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９．，", "0123456789.,")


def _tables() -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    table = normalization_table()
    return table["digits"], table["small_units"], table["big_units"]


def parse_arabic(text: str) -> Decimal | None:
    """Parse an Arabic-digit number with optional thousands commas.

    >>> parse_arabic("1,200")
    Decimal('1200')
    >>> parse_arabic("3.08")
    Decimal('3.08')
    >>> parse_arabic("abc") is None
    True
    """
    cleaned = text.translate(FULLWIDTH_DIGITS).replace(",", "").replace("，", "").strip()
    if not ARABIC_NUMBER.fullmatch(cleaned):
        return None
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return None


def parse_chinese(text: str) -> Decimal | None:
    """Parse a Chinese numeral, positional (一千二百) or digit-by-digit (二零二三), Arabic digits mixed in
    (``1亿5千万``), financial capitals (壹佰捌拾), a decimal point (三点五) and the colloquial tail (一万二 = 12000).

    >>> parse_chinese("一千二百")
    Decimal('1200')
    >>> parse_chinese("二零二三")
    Decimal('2023')
    >>> parse_chinese("十四")
    Decimal('14')
    >>> parse_chinese("三千万")
    Decimal('30000000')
    >>> parse_chinese("一万二"), parse_chinese("两千零四"), parse_chinese("1亿5千万")
    (Decimal('12000'), Decimal('2004'), Decimal('150000000'))
    """
    digits, small, big = _tables()
    if not text or any(c not in digits and c not in small and c not in big and c not in ARABIC for c in text):
        return _decimal_chinese(text) if text and "点" in text else None
    if all(c in digits for c in text):
        return Decimal("".join(str(digits[c]) for c in text))
    if text[0] in ARABIC and text.lstrip("0123456789.") and all(c not in ARABIC and c not in digits
                                                                 for c in text.lstrip("0123456789.")):
        return parse_number(text)
    return _positional(text, digits, small, big)


ARABIC = frozenset("0123456789.")


def _tokens(text: str, digits: dict[str, int]) -> list[str | Decimal] | None:
    """Numbers (a Chinese digit or an Arabic run) and unit characters, in order."""
    tokens: list[str | Decimal] = []
    i = 0
    while i < len(text):
        if text[i] in ARABIC:
            j = i
            while j < len(text) and text[j] in ARABIC:
                j += 1
            number = parse_arabic(text[i:j])
            if number is None:
                return None
            tokens.append(number)
            i = j
            continue
        tokens.append(Decimal(digits[text[i]]) if text[i] in digits else text[i])
        i += 1
    return tokens


def _positional(text: str, digits: dict[str, int], small: dict[str, int], big: dict[str, int]) -> Decimal | None:
    tokens = _tokens(text, digits)
    if tokens is None:
        return None
    total, section, number = Decimal(0), Decimal(0), Decimal(0)
    last_unit, after_zero, previous_number = 0, False, False
    for token in tokens:
        if isinstance(token, Decimal):
            if previous_number and token != 0:
                return None  # 二三 inside a positional numeral is not a number
            after_zero = after_zero or (token == 0 and last_unit > 0)
            number, previous_number = token, token != 0
            continue
        previous_number = False
        if token in small:
            section += (number or 1) * small[token]
            last_unit = small[token]
        else:
            section += number
            if section == 0 and total:
                total *= big[token]  # 两万亿: the 亿 multiplies the 万 before it
                section, last_unit = Decimal(0), big[token]
                number, after_zero = Decimal(0), False
                continue
            if section == 0:
                section = Decimal(1)
            if big[token] > 10000 and total:
                total = (total + section) * big[token]
            else:
                total += section * big[token]
            section, last_unit = Decimal(0), big[token]
        number, after_zero = Decimal(0), False
    if number and last_unit >= 100 and not after_zero and isinstance(tokens[-2], str):
        number *= Decimal(last_unit) / 10  # 一万二 = 12000, 三千五 = 3500 (not 一千零五)
    return total + section + number


def _decimal_chinese(text: str) -> Decimal | None:
    """``三点五`` → 3.5, ``一百点零五`` → 100.05, ``三点五亿`` → 3.5e8."""
    digits, _, big = _tables()
    whole, _, rest = text.partition("点")
    tail = ""
    while rest and rest[-1] in big:
        tail, rest = rest[-1] + tail, rest[:-1]
    if not rest or any(c not in digits for c in rest):
        return None
    head = parse_chinese(whole) if whole else None
    scale = magnitude(tail)
    if head is None or scale is None:
        return None
    return (head + Decimal("0." + "".join(str(digits[c]) for c in rest))) * scale


def magnitude(text: str) -> Decimal | None:
    """The multiplier of a run of magnitude characters (``万亿`` → 10^12, ``千万`` → 10^7).

    >>> magnitude("万亿")
    Decimal('1000000000000')
    >>> magnitude("")
    Decimal('1')
    """
    _, small, big = _tables()
    result = Decimal(1)
    for char in text:
        if char in small:
            result *= small[char]
        elif char in big:
            result *= big[char]
        else:
            return None
    return result


def parse_number(text: str) -> Decimal | None:
    """Parse Arabic digits followed by optional magnitude characters, or a Chinese numeral.

    >>> parse_number("3.2万")
    Decimal('32000.0')
    >>> parse_number("两")
    Decimal('2')
    """
    text = text.translate(FULLWIDTH_DIGITS).replace(" ", "")
    split = len(text)
    while split > 0 and not (text[split - 1].isdigit() or text[split - 1] == "."):
        split -= 1
    if split:
        head, tail = parse_arabic(text[:split]), magnitude(text[split:])
        if head is None or tail is None:
            return parse_chinese(text)  # 1亿5千万: Arabic digits inside a Chinese numeral
        return head * tail
    return parse_chinese(text)


def plain(value: Decimal | None) -> str | None:
    """Write a Decimal in plain notation without exponent or trailing zeros.

    >>> plain(Decimal("6.7E+9"))
    '6700000000'
    >>> plain(Decimal("0.03080"))
    '0.0308'
    >>> plain(None) is None
    True
    """
    if value is None:
        return None
    text = format(value.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"
