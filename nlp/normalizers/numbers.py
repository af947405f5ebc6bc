"""Numbers written with Arabic digits, Chinese numerals, or both (``67``, ``1,200``, ``3.2万``, ``一千二百``).

Tables of digits and units live in ``nlp/data/normalize/zh.yaml``; this module holds only the algorithm.
Junk gives ``None``, never an exception.
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

from ..data import normalization_table

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
    if not cleaned or not all(c.isdigit() or c == "." for c in cleaned) or cleaned.count(".") > 1:
        return None
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return None


def parse_chinese(text: str) -> Decimal | None:
    """Parse a Chinese numeral, positional (一千二百) or digit-by-digit (二零二三).

    >>> parse_chinese("一千二百")
    Decimal('1200')
    >>> parse_chinese("二零二三")
    Decimal('2023')
    >>> parse_chinese("十四")
    Decimal('14')
    >>> parse_chinese("三千万")
    Decimal('30000000')
    """
    digits, small, big = _tables()
    if not text or any(c not in digits and c not in small and c not in big for c in text):
        return None
    if all(c in digits for c in text):
        return Decimal("".join(str(digits[c]) for c in text))
    total, section, number = Decimal(0), Decimal(0), Decimal(0)
    for char in text:
        if char in digits:
            number = Decimal(digits[char])
        elif char in small:
            section += (number or 1) * small[char]
            number = Decimal(0)
        else:
            section += number
            if section == 0:
                section = Decimal(1)
            if big[char] > 10000 and total:
                total = (total + section) * big[char]
            else:
                total += section * big[char]
            section, number = Decimal(0), Decimal(0)
    return total + section + number


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
            return None
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
