"""Character classes shared by ingest and text normalization: full-width forms, CJK characters, and which spaces
normalization removes (those a PDF sets next to CJK characters), so that ingest measures a line as the NLP stages
will read it."""
from __future__ import annotations

FULLWIDTH = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F) if chr(c) not in "（），：；！？"}
FULLWIDTH["\u3000"] = " "
FULLWIDTH["\u00a0"] = " "


def is_cjk(char: str) -> bool:
    """True for CJK ideographs and CJK/full-width punctuation.

    >>> is_cjk("区"), is_cjk("，"), is_cjk("A")
    (True, True, False)
    """
    code = ord(char)
    return (0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0x3000 <= code <= 0x303F
            or 0xFF00 <= code <= 0xFFEF or code in (0x201C, 0x201D, 0x2018, 0x2019, 0x2014, 0x00B7))


def removable_space(text: str, index: int) -> bool:
    """True for a space (of the width-folded ``text``) that normalization removes: its run of spaces has a CJK
    character on either side, or starts or ends a line or a cell."""
    left = index - 1
    while left >= 0 and text[left] == " ":
        left -= 1
    right = index + 1
    while right < len(text) and text[right] == " ":
        right += 1
    if left < 0 or right >= len(text) or text[left] in "\n\t" or text[right] in "\n\t":
        return True
    return is_cjk(text[left]) or is_cjk(text[right])


def normalized_length(line: str) -> int:
    """The length of a line once normalized (full width folded, the removable spaces gone) and stripped.

    >>> normalized_length("图 13 2020 年中国部分省份"), normalized_length(" 表 1 ")
    (15, 2)
    """
    mapped = "".join(FULLWIDTH.get(c, c) for c in line)
    kept = "".join(c for i, c in enumerate(mapped) if c != " " or not removable_space(mapped, i))
    return len(kept.strip())
