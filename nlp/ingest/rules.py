"""The ingest rules of ``nlp/data/ingest.yaml``: file signatures, page-number lines and placeholder titles."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..data import read_yaml
from ..errors import DataFileError

INGEST_FILE = "ingest.yaml"
INGEST_KEYS = frozenset({"pdf_magic", "pdf_magic_window", "pdf_eof_marker", "pdf_eof_window", "signatures",
                         "page_numbers", "placeholder_titles", "title_suffixes", "title_noise", "front_matter",
                         "slogan_marks"})


@dataclass(frozen=True, slots=True)
class IngestRules:
    """Compiled ingest rules.

    Attributes:
        pdf_magic: bytes a PDF starts with.
        pdf_magic_window: bytes from the start in which the PDF header may appear.
        pdf_eof_marker: the end-of-file marker of a complete PDF.
        pdf_eof_window: bytes from the end searched for the marker.
        signatures: ``(leading bytes, name)`` of file types we refuse, for the message.
        page_number: one regex matching a whole page-number line.
        placeholder_title: one regex finding metadata titles that are not titles.
        title_suffix: one regex matching a whole cover line that completes the title above it (its year).
        title_noise: the regexes removed from a placeholder metadata title to leave the report's name.
        front_matter: one regex matching a whole heading that is no title (序言, 目录).
        slogan_marks: the characters that make a cover line a slogan, not a title.
    """

    pdf_magic: bytes
    pdf_magic_window: int
    pdf_eof_marker: bytes
    pdf_eof_window: int
    signatures: tuple[tuple[bytes, str], ...]
    page_number: re.Pattern[str]
    placeholder_title: re.Pattern[str]
    title_suffix: re.Pattern[str]
    title_noise: tuple[re.Pattern[str], ...]
    front_matter: re.Pattern[str]
    slogan_marks: str


@lru_cache(maxsize=1)
def ingest_rules() -> IngestRules:
    """Load and compile ``nlp/data/ingest.yaml`` (once per process)."""
    data = read_yaml(INGEST_FILE, INGEST_KEYS)
    where = f"nlp/data/{INGEST_FILE}"
    try:
        signatures = tuple((bytes.fromhex(s["hex"]), str(s["name"])) for s in data["signatures"])
        page_number = re.compile("|".join(f"(?:{p})" for p in data["page_numbers"]))
        placeholder = re.compile("|".join(f"(?:{p})" for p in data["placeholder_titles"]))
        title_suffix = re.compile("|".join(f"(?:{p})" for p in data["title_suffixes"]))
        title_noise = tuple(re.compile(p) for p in data["title_noise"])
        front_matter = re.compile("|".join(f"(?:{p})" for p in data["front_matter"]))
    except (KeyError, TypeError, ValueError, re.error) as exc:
        raise DataFileError(where, f"bad entry ({exc})") from exc
    return IngestRules(str(data["pdf_magic"]).encode("latin-1"), int(data["pdf_magic_window"]),
                       str(data["pdf_eof_marker"]).encode("latin-1"), int(data["pdf_eof_window"]),
                       signatures, page_number, placeholder, title_suffix, title_noise, front_matter,
                       str(data["slogan_marks"]))


def is_page_number(text: str) -> bool:
    """True for a line that is only a page number.

    >>> [is_page_number(t) for t in ("- 7 -", "第 3 页", "12", "iv", "2022 年")]
    [True, True, True, True, False]
    """
    return bool(ingest_rules().page_number.fullmatch(text.strip()))


def is_placeholder_title(title: str) -> bool:
    """True for a metadata title that names a file or a marking instead of the report.

    >>> [is_placeholder_title(t) for t in ("报告2021-院提交-0312.docx", "秘密★发布前", "中国数字经济发展报告（2022年）")]
    [True, True, False]
    >>> [is_placeholder_title(t) for t in ("PowerPoint 演示文稿", "白皮书", "国外数据安全政策研究报告")]
    [True, True, False]
    """
    return bool(ingest_rules().placeholder_title.search(title))


def is_title_suffix(line: str) -> bool:
    """True for a cover line that completes the title line above it: the year or edition printed under it.

    >>> [is_title_suffix(t) for t in ("（2021 年）", "(2022年)", "（2016）", "2021 年 3 月", "中国信息通信研究院")]
    [True, True, True, False, False]
    """
    return bool(ingest_rules().title_suffix.fullmatch(line.strip()))


def placeholder_name(title: str) -> str:
    """What a placeholder metadata title says of the report once the office suite's prefix, the file extension and
    the draft and version marks are removed.

    >>> placeholder_name("Microsoft Word - 百度区块链白皮书-终稿V180925 带封面.docx")
    '百度区块链白皮书'
    >>> placeholder_name("报告2021-院提交-0312.docx"), placeholder_name("PowerPoint 演示文稿")
    ('报告2021-院提交-0312', 'PowerPoint 演示文稿')
    """
    for pattern in ingest_rules().title_noise:
        title = pattern.sub("", title)
    return title.strip()


def is_front_matter(line: str) -> bool:
    """True for a heading of the front matter, which is no title (spacing ignored).

    >>> [is_front_matter(t) for t in ("序        言", "目 录", "前言", "区块链平台调研与分析")]
    [True, True, True, False]
    """
    return bool(ingest_rules().front_matter.fullmatch(re.sub(r"\s+", "", line.strip().lstrip("#").strip())))
