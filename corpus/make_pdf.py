"""Typeset the seed report text into a report-like PDF, deterministically.

Usage::

    python corpus/make_pdf.py [--input TXT] [--output PDF] [--manifest] [--check] [--dump]

Defaults: ``corpus/cn-blockchain-2022-2023.txt`` -> ``corpus/cn-blockchain-2022-2023.pdf``.
``--manifest`` also rewrites ``corpus/manifest.csv`` (sha256 and page count of both files),
``--check`` re-reads the PDF with pdfminer and checks that the text survived, ``--dump``
prints the parsed blocks (paragraph joins, rebuilt table rows) instead of only building.

The input is the UTF-8 text extracted from the original CCID PDF.  It is read line by line and
turned into blocks with the rules below; the blocks are typeset with reportlab platypus on A4
with the built-in CID font STSong-Light (no font file is embedded or downloaded).

Line kinds (after stripping whitespace, so a line holding only spaces is blank)
-----------------------------------------------------------------------------
* cover: everything before the first ``#`` heading after the ``# title`` line.  The ``#`` line
  is the title, a line like ``二零二三年四月`` is the date, every other line is an issuer.
* heading: a line starting with ``#``.  ``**`` markers are dropped.  The level comes from the
  text, not from the number of ``#`` (the extraction is inconsistent): ``一、`` numbering is
  level 1, ``（一）``/``(一)`` is level 2 (half-width brackets are normalised to
  full-width); an unnumbered heading (``前 言``) is level 1 under ``#``/``##``, else 2.
* table caption: a line starting ``表 N-M`` or ``附件 N：`` (with or without ``#``).  An
  ``附件`` caption is also a level-1 heading (new page).  The caption is set above the table.
* table row: a line containing a tab.  Rows after a caption (blank lines allowed in between,
  they are page breaks of the original) form the table; the first row is the header and fixes
  the column count.  A following ``数据来源：``/``来源：`` line is the table's source line,
  set below the table.
* figure: a ``图 N-M`` caption line.  A source line directly before it (blank lines allowed)
  belongs to the figure.  The figure is set as an empty ruled placeholder box, the source line
  and the caption under it.
* everything else is prose.

Paragraph joins
---------------
A prose line is joined with the next prose line (skipping blank lines only, never across a
heading, caption, table, figure or source line, nor onto a whole-line ``**label**``) when it does not end with sentence punctuation
(``。！？；：!?;:…``, optionally followed by closing quotes/brackets) and is at least
20 characters long.  Short lines without final punctuation (committee names, the list of
co-publishers) stay single lines, set without first-line indent.  Joins concatenate CJK text
directly and put one space between two ASCII letters/digits.  A line that is bold as a whole
(``**...**``) is a label line; in the front matter a label containing ``委员会`` starts a page.
The middle dot ``·`` (U+00B7), the one character of the text the font's UniGB-UCS2-H CMap
does not map, is set as U+30FB, which shows the same glyph and extracts as U+00B7 again.
Inline ``**`` and ``<b>`` markers are removed (STSong-Light has no bold face; headings,
captions and table headers get a synthetic bold by stroking the glyph outlines).

Table rows
----------
1. Rows made only of ``-`` characters (markdown separators) are dropped; cell text is stripped.
2. A row longer than the header loses empty cells, first at the end, then at the start.
3. A row whose cells are all filled but fewer than the header's (trailing empty cells ignored)
   lost its leading empty cells in the extraction.  It is shifted right by the offset that
   best matches the column types (number, date, 《title》, percentage, prose, short text) of
   the full rows; a cell equal to a header label counts 10 (such a row is a repeated
   sub-header and is set like the header).  Ties keep it at the left.
4. Key columns are the columns other than the first that are filled in >= 90 % of the rows
   and have a median length of at most 12 characters (dates, amounts, codes; a blank first
   cell means a merged cell, see 5).  A row with an empty key column is the
   continuation of a cell that wrapped onto the next line: it is merged into the row above,
   cell by cell.  A row with an empty cell is merged the same way when the cell above its
   last filled cell is prose (over 30 characters or containing ，。；) that stops without
   sentence punctuation.  When a merged piece closes a 《》 title that
   the cell above had already closed (also “” and （）), the earlier closer is dropped.
5. Empty cells in the leading columns before the first key column are cells merged over
   several rows in the original (a province listed once for several rows); they are drawn
   merged with the filled cell above them (no rule between), so a group may still break
   across pages.
Tables use Paragraph cells (word-wrapped), full grid rules, and repeat the header row on every
page they continue to.  Column widths: every column gets its unwrapped width when that fits;
otherwise columns up to 20 % of the frame keep their width and the others share the rest in
proportion to the square root of their unwrapped widths (capped at that width).

Layout
------
A4, 2.6 cm side margins, STSong-Light 11 pt body text with CJK line breaking (reportlab's
kinsoku list is extended with ，；：！？”》 etc. so they hang instead of starting a line).
Page 1 is the cover (title, issuers, date; no header or number).  Every other page has the
running header "2022-2023 中国区块链年度发展报告" over a double rule and the footer
"- N -", N being the physical page number.  Level-1 headings (and each 附件) start a page
and are centred; level-2 headings are left-aligned; headings, captions and table headers are
set in synthetic bold and the headings are also PDF outline entries.  Figures are empty
placeholder boxes with the source line and the caption under them, kept on one page.

Checking
--------
``--check`` extracts the PDF with ``pdfminer.high_level.extract_text`` and fails if a
``(cid:N)`` code appears, or if a paragraph, heading or table cell of the parsed input (or
one of the probe strings) is missing from the extracted text once all whitespace is removed
and the running header/footer lines are dropped (the PDF wraps lines where the text does not).

Determinism
-----------
``invariant=1``, fixed metadata (title, author 赛迪区块链研究院, subject, keywords, creator) and no
CreationDate/ModDate entries: the same input gives a byte-identical PDF (also independent of
the output path and of PYTHONHASHSEED).
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import re
import statistics
import sys
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.lib import textsplit as rl_textsplit
from reportlab.platypus import paragraph as rl_paragraph
from reportlab.platypus import (BaseDocTemplate, CondPageBreak, Flowable, Frame, KeepTogether,
                                NextPageTemplate, PageBreak, PageTemplate, Paragraph, Spacer,
                                Table, TableStyle)

HERE = Path(__file__).resolve().parent
DEFAULT_INPUT = HERE / "cn-blockchain-2022-2023.txt"
DEFAULT_OUTPUT = HERE / "cn-blockchain-2022-2023.pdf"
DEFAULT_MANIFEST = HERE / "manifest.csv"

FONT = "STSong-Light"
REPORT_TITLE = "2022-2023 中国区块链年度发展报告"
AUTHOR = "赛迪区块链研究院"
SUBJECT = "2022 年我国区块链发展总体情况、产业、技术、应用、标准、企业、问题与建议"
KEYWORDS = "区块链, 年度发展报告, 赛迪, CCID, 2022, 2023"
CREATOR = "corpus/make_pdf.py (reportlab)"

PAGE_W, PAGE_H = A4
MARGIN_L = MARGIN_R = 2.6 * cm
MARGIN_T = 3.0 * cm
MARGIN_B = 2.6 * cm
FRAME_W = PAGE_W - MARGIN_L - MARGIN_R
INK = colors.HexColor("#1F1F1F")
ACCENT = colors.HexColor("#1F3A68")
RULE = colors.HexColor("#3A3A3A")
HEAD_FILL = colors.HexColor("#DCE3EE")

SENTENCE_END = "。！？；：!?;:…"
CLOSERS = "”’」』）)】》〉\"'"
OPENERS = {"“": "”", "《": "》", "（": "）", "(": ")"}
JOIN_MIN_CHARS = 20
NO_LINE_START = "，；：！？”’》〉』」…%"
CN_NUM = "一二三四五六七八九十"

RE_HEADING = re.compile(r"^#+\s*(.*)$")
RE_TABLE_CAPTION = re.compile(r"^表\s*\d+\s*-\s*\d+")
RE_APPENDIX = re.compile(r"^附件\s*\d+\s*[：:]")
RE_FIGURE = re.compile(r"^图\s*\d+\s*-\s*\d+")
RE_SOURCE = re.compile(r"^(数据)?来源[：:]")
RE_DATE_CN = re.compile(rf"^[{CN_NUM}二零〇]+年[{CN_NUM}]+月$")
RE_LEVEL1 = re.compile(rf"^[{CN_NUM}]+、")
RE_LEVEL2 = re.compile(rf"^[（(]\s*([{CN_NUM}]+)\s*[）)]\s*")
RE_SEPARATOR = re.compile(r"^-+$")
RE_TAG = re.compile(r"</?b>", re.I)
# U+00B7 has no mapping in STSong-Light's UniGB-UCS2-H CMap (it would be dropped); U+30FB maps
# to the same GB glyph, and pdfminer reads that glyph back as U+00B7.
GLYPH_SUBSTITUTES = str.maketrans({"\u00b7": "\u30fb"})


# --------------------------------------------------------------------------- data model

@dataclass
class Cover:
    """Cover page content: title, issuing bodies and the date line."""
    title: str
    issuers: list[str]
    date: str


@dataclass
class Heading:
    """A section heading; level 1 starts a page."""
    text: str
    level: int


@dataclass
class Para:
    """A body paragraph; kind is 'body', 'list' (short line) or 'label' (bold line)."""
    text: str
    kind: str = "body"
    lines: list[int] = field(default_factory=list)


@dataclass
class TableBlock:
    """A captioned table: header + body rows of equal length, optional source line."""
    caption: str
    rows: list[list[str]]
    source: str = ""
    appendix: bool = False
    subheaders: set[int] = field(default_factory=set)
    spans: list[tuple[int, int, int]] = field(default_factory=list)  # (col, first row, last row)
    merges: list[int] = field(default_factory=list)                   # input lines merged up


@dataclass
class Figure:
    """A figure placeholder with its caption and optional source line."""
    caption: str
    source: str = ""


# --------------------------------------------------------------------------- text helpers

def read_lines(path: Path) -> list[str]:
    """Read the UTF-8 input and return its lines without line terminators."""
    return path.read_text(encoding="utf-8").splitlines()


def strip_debris(text: str) -> str:
    """Drop ``**`` and ``<b>`` markers and surrounding whitespace."""
    return RE_TAG.sub("", text).replace("**", "").strip()


def to_markup(text: str) -> str:
    """Escape text for a reportlab Paragraph (markers removed, middle dot substituted)."""
    return escape(strip_debris(text).translate(GLYPH_SUBSTITUTES))


def is_blank(line: str) -> bool:
    """True for empty lines and lines holding only whitespace."""
    return not line.strip()


def ends_sentence(text: str) -> bool:
    """True if text ends with sentence punctuation, possibly followed by closing marks."""
    core = strip_debris(text).rstrip(CLOSERS + " ")
    return bool(core) and core[-1] in SENTENCE_END


def join_text(left: str, right: str) -> str:
    """Concatenate two pieces of one paragraph/cell: no space, except between ASCII words."""
    left, right = left.rstrip(), right.lstrip()
    if left and right and left[-1].isascii() and left[-1].isalnum() \
            and right[0].isascii() and right[0].isalnum():
        return left + " " + right
    return left + right


def line_kind(line: str) -> str:
    """Classify one input line (see the module docstring)."""
    if is_blank(line):
        return "blank"
    if "\t" in line:
        return "row"
    text = strip_debris(line)
    heading = RE_HEADING.match(text)
    body = strip_debris(heading.group(1)) if heading else text
    if RE_TABLE_CAPTION.match(body) or RE_APPENDIX.match(body):
        return "caption"
    if heading:
        return "heading"
    if RE_FIGURE.match(body):
        return "figure"
    if RE_SOURCE.match(body):
        return "source"
    return "text"


def heading_text(line: str) -> str:
    """Heading text without '#', '**' and with full-width （一） numbering."""
    text = strip_debris(RE_HEADING.sub(r"\1", line.strip()))
    return RE_LEVEL2.sub(lambda m: f"（{m.group(1)}）", text)


def heading_level(text: str, hashes: int) -> int:
    """Level from the numbering; unnumbered headings under '##' or '#' are chapters."""
    if RE_LEVEL1.match(text) or RE_APPENDIX.match(text):
        return 1
    if RE_LEVEL2.match(text):
        return 2
    return 1 if hashes <= 2 else 2


def next_nonblank(lines: list[str], i: int) -> int:
    """Index of the first non-blank line at or after i (len(lines) if none)."""
    while i < len(lines) and is_blank(lines[i]):
        i += 1
    return i


# --------------------------------------------------------------------------- cover & prose

def parse_cover(lines: list[str]) -> tuple[Cover, int]:
    """Read the title, issuers and date before the first heading after the title."""
    start = next_nonblank(lines, 0)
    title = heading_text(lines[start])
    issuers, date, i = [], "", start + 1
    while i < len(lines) and line_kind(lines[i]) != "heading":
        text = strip_debris(lines[i])
        if text and RE_DATE_CN.match(text):
            date = text
        elif text:
            issuers.append(text)
        i += 1
    return Cover(title, issuers, date), i


def is_bold_line(line: str) -> bool:
    """True if the whole line is one ``**...**`` span."""
    s = line.strip()
    return s.startswith("**") and s.endswith("**") and s.count("**") == 2 and len(s) > 4


def parse_paragraph(lines: list[str], i: int) -> tuple[Para, int]:
    """Collect one paragraph starting at line i, joining lines the extraction broke."""
    text, used, j = lines[i].strip(), [i + 1], i + 1
    if is_bold_line(text):
        return Para(text, "label", used), j
    while not ends_sentence(text) and len(strip_debris(text)) >= JOIN_MIN_CHARS:
        k = next_nonblank(lines, j)
        if k >= len(lines) or line_kind(lines[k]) != "text" or is_bold_line(lines[k]):
            break
        text, j = join_text(text, lines[k].strip()), k + 1
        used.append(k + 1)
    short = len(strip_debris(text)) < 30 and not ends_sentence(text)
    return Para(text, "list" if short else "body", used), j


def parse_figure(lines: list[str], i: int, source: str = "") -> tuple[Figure, int]:
    """Figure at caption line i (source already read by the caller, if any)."""
    return Figure(strip_debris(lines[i]), source), i + 1


def parse_source(lines: list[str], i: int) -> tuple[object, int]:
    """A source line: attached to a following figure caption, else a small note."""
    k = next_nonblank(lines, i + 1)
    if k < len(lines) and line_kind(lines[k]) == "figure":
        return parse_figure(lines, k, strip_debris(lines[i]))
    return Para(lines[i].strip(), "source", [i + 1]), i + 1


# --------------------------------------------------------------------------- tables

def split_row(line: str) -> list[str]:
    """Split a tab-separated line into stripped, debris-free cells."""
    return [strip_debris(c) for c in line.split("\t")]


def collect_rows(lines: list[str], i: int) -> tuple[list[tuple[int, list[str]]], int]:
    """Read tab rows from line i on (blank lines allowed); return (line no, cells) pairs."""
    rows: list[tuple[int, list[str]]] = []
    while True:
        k = next_nonblank(lines, i)
        if k >= len(lines) or line_kind(lines[k]) != "row":
            return rows, i
        cells = split_row(lines[k])
        if not all(RE_SEPARATOR.match(c) for c in cells if c):
            rows.append((k + 1, cells))
        i = k + 1


def trim_long(cells: list[str], ncols: int) -> list[str]:
    """Drop empty cells (trailing first, then leading) until the row fits the header."""
    cells = list(cells)
    while len(cells) > ncols and cells[-1] == "":
        cells.pop()
    while len(cells) > ncols and cells[0] == "":
        cells.pop(0)
    return cells[:ncols]


def cell_type(text: str) -> str:
    """Coarse content type of a cell, used to realign shifted rows."""
    if re.fullmatch(r"\d+", text):
        return "num"
    if re.match(r"^\d{4}\s*[.\-年/]", text):
        return "date"
    if text.startswith("《"):
        return "book"
    if text.endswith("%"):
        return "pct"
    if len(text) > 30 or re.search(r"[，。；,;]", text):
        return "prose"
    return "short"


def column_types(rows: list[list[str]], ncols: int) -> list[str]:
    """Most common cell type per column over the filled cells of full-length rows."""
    types = []
    for c in range(ncols):
        seen = [cell_type(r[c]) for r in rows if len(r) == ncols and r[c]]
        types.append(max(sorted(set(seen)), key=seen.count) if seen else "short")
    return types


def align_short(cells: list[str], header: list[str], types: list[str]) -> tuple[list[str], bool]:
    """Place a short, fully filled row at the best-matching offset; flag sub-header rows."""
    ncols = len(header)
    best, best_score, sub = 0, -1, False
    for off in range(ncols - len(cells) + 1):
        score = sum(10 if cells[k] == header[off + k] else int(cell_type(cells[k]) == types[off + k])
                    for k in range(len(cells)))
        if score > best_score:
            best, best_score = off, score
    sub = any(cells[k] == header[best + k] for k in range(len(cells)))
    return [""] * best + cells + [""] * (ncols - best - len(cells)), sub


def normalise_rows(raw: list[list[str]], header: list[str]) -> tuple[list[list[str]], set[int]]:
    """Apply rules 2-3: trim long rows, realign rows that lost leading empty cells."""
    ncols = len(header)
    trimmed = [trim_long(r, ncols) for r in raw]
    types = column_types(trimmed, ncols)
    out: list[list[str]] = []
    subs: set[int] = set()
    for r in trimmed:
        filled = list(r)
        while filled and filled[-1] == "":
            filled.pop()
        if filled and all(filled) and len(filled) < ncols:
            r, sub = align_short(filled, header, types)
            if sub:
                subs.add(len(out))
        out.append(r + [""] * (ncols - len(r)))
    return out, subs


def key_columns(rows: list[list[str]]) -> list[int]:
    """Columns after the first filled in >= 90 % of rows with a median length <= 12 characters.

    The first column is never a key column: a blank first cell is how the extraction shows a
    cell merged over several rows (rule 5), not a wrapped line.
    """
    keys = []
    for c in range(1, len(rows[0]) if rows else 0):
        vals = [r[c] for r in rows]
        filled = [v for v in vals if v]
        if filled and len(filled) >= 0.9 * len(vals) and statistics.median(map(len, filled)) <= 12:
            keys.append(c)
    return keys


def unfinished_prose(text: str) -> bool:
    """True for a prose cell that stops without sentence punctuation (it wrapped on)."""
    return cell_type(text) == "prose" and not ends_sentence(text)


def merge_cell(above: str, piece: str) -> str:
    """Append a wrapped piece to the cell above (drop a premature closer, see rule 4)."""
    for opener, closer in OPENERS.items():
        if above.endswith(closer) and closer in piece and opener not in piece:
            above = above[:-1]
    return join_text(above, piece)


def is_continuation(row: list[str], prev: list[str], keys: list[int]) -> bool:
    """Rule 4: an empty key column, or an empty cell and the last filled cell continues prose."""
    if any(not row[c] for c in keys):
        return True
    filled = [c for c, v in enumerate(row) if v]
    return "" in row and bool(filled) and unfinished_prose(prev[filled[-1]])


def merge_continuations(rows, lines_no, subs, keys):
    """Merge continuation rows into the row above; return rows, sub-header indexes, merged lines."""
    out, out_subs, merged = [], set(), []
    for idx, (row, ln) in enumerate(zip(rows, lines_no)):
        if out and idx not in subs and is_continuation(row, out[-1], keys):
            out[-1] = [merge_cell(a, b) if b else a for a, b in zip(out[-1], row)]
            merged.append(ln)
            continue
        if idx in subs:
            out_subs.add(len(out) + 1)          # +1: index in rows including the header
        out.append(row)
    return out, out_subs, merged


def group_spans(rows: list[list[str]], keys: list[int], subs: set[int]) -> list[tuple[int, int, int]]:
    """Rule 5: vertical spans for empty cells in leading columns before the first key column.

    Returns (column, first table row, last table row) with the header as table row 0.
    Sub-header rows end a span and start none.
    """
    spans = []
    for c in range(min(keys) if keys else 0):
        start = None
        for r in range(len(rows) + 1):
            plain = r < len(rows) and r + 1 not in subs
            if plain and start is not None and not any(rows[r][:c + 1]):
                continue
            if start is not None and r - 1 > start:
                spans.append((c, start + 1, r))
            start = r if plain and rows[r][c] else None
    return spans


def parse_table(lines: list[str], i: int) -> tuple[object, int]:
    """Caption at line i plus its rows and source line; returns a TableBlock (or Heading)."""
    caption = heading_text(lines[i])
    appendix = bool(RE_APPENDIX.match(caption))
    found, j = collect_rows(lines, i + 1)
    if not found:
        return (Heading(caption, 1) if appendix else Para(caption, "caption", [i + 1])), i + 1
    table = build_table(caption, found, appendix)
    k = next_nonblank(lines, j)
    if k < len(lines) and line_kind(lines[k]) == "source":
        after = next_nonblank(lines, k + 1)
        if after >= len(lines) or line_kind(lines[after]) != "figure":
            table.source, j = strip_debris(lines[k]), k + 1
    return table, j


def build_table(caption: str, found: list[tuple[int, list[str]]], appendix: bool) -> TableBlock:
    """Apply the row rules to the (line number, cells) pairs of one table."""
    header = [c for c in found[0][1] if c] or found[0][1]
    body, subs = normalise_rows([cells for _, cells in found[1:]], header)
    keys = key_columns(body)
    rows, subs, merged = merge_continuations(body, [n for n, _ in found[1:]], subs, keys)
    table = TableBlock(caption, [header] + rows, appendix=appendix, subheaders=subs, merges=merged)
    table.spans = group_spans(rows, keys, subs)
    return table


# --------------------------------------------------------------------------- document parse

def parse_document(lines: list[str]) -> tuple[Cover, list[object]]:
    """Turn the input lines into a cover and a list of blocks."""
    cover, i = parse_cover(lines)
    blocks: list[object] = []
    block: object
    while i < len(lines):
        kind = line_kind(lines[i])
        if kind == "blank":
            i += 1
            continue
        if kind == "heading":
            text = heading_text(lines[i])
            hashes = len(lines[i].strip()) - len(lines[i].strip().lstrip("#"))
            block, i = Heading(text, heading_level(text, hashes)), i + 1
        elif kind == "caption":
            block, i = parse_table(lines, i)
        elif kind == "figure":
            block, i = parse_figure(lines, i)
        elif kind == "source":
            block, i = parse_source(lines, i)
        elif kind == "row":
            found, i = collect_rows(lines, i)
            block = build_table("", found, False)
        else:
            block, i = parse_paragraph(lines, i)
        blocks.append(block)
    return cover, blocks


# --------------------------------------------------------------------------- typesetting

def register_font() -> None:
    """Register the built-in CID font (no download), map <b>/<i> to it, extend kinsoku.

    reportlab's CJK line breaker keeps 、。）」 etc. off the start of a line but not the
    full-width comma and friends; they are added so that they hang at the line end instead.
    """
    for module in (rl_paragraph, rl_textsplit):
        extra = "".join(ch for ch in NO_LINE_START if ch not in module.ALL_CANNOT_START)
        module.ALL_CANNOT_START += extra
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT, italic=FONT, boldItalic=FONT)


def make_styles() -> dict[str, ParagraphStyle]:
    """Paragraph styles: body text 11 pt, CJK line breaking everywhere."""
    base = ParagraphStyle("base", fontName=FONT, fontSize=11, leading=19.5, textColor=INK,
                          wordWrap="CJK", alignment=TA_LEFT)

    def mk(name, **kw):
        """A style derived from the base style."""
        return ParagraphStyle(name, parent=base, **kw)

    return {
        "body": mk("body", firstLineIndent=22, spaceAfter=3),
        "list": mk("list", alignment=TA_LEFT, spaceAfter=2),
        "label": mk("label", alignment=TA_LEFT, spaceBefore=6, spaceAfter=2),
        "committee": mk("committee", fontSize=15, leading=22, alignment=TA_CENTER,
                        spaceBefore=24, spaceAfter=18),
        "h1": mk("h1", fontSize=16, leading=24, alignment=TA_CENTER, spaceBefore=4,
                 spaceAfter=16, textColor=ACCENT),
        "h2": mk("h2", fontSize=13, leading=20, alignment=TA_LEFT, spaceBefore=10,
                 spaceAfter=6, textColor=ACCENT),
        "caption": mk("caption", fontSize=10.5, leading=15, alignment=TA_CENTER,
                      spaceBefore=8, spaceAfter=5),
        "source": mk("source", fontSize=9, leading=13, alignment=TA_LEFT, spaceBefore=3,
                     spaceAfter=8, textColor=colors.HexColor("#444444")),
        "fig_source": mk("fig_source", fontSize=9, leading=13, alignment=TA_CENTER,
                         spaceBefore=3, textColor=colors.HexColor("#444444")),
        "cell": mk("cell", fontSize=9, leading=12.5, alignment=TA_LEFT),
        "cell_head": mk("cell_head", fontSize=9, leading=12.5, alignment=TA_CENTER),
        "cover_title": mk("cover_title", fontSize=28, leading=40, alignment=TA_CENTER,
                          textColor=ACCENT),
        "cover_issuer": mk("cover_issuer", fontSize=14, leading=26, alignment=TA_CENTER),
        "cover_date": mk("cover_date", fontSize=14, leading=24, alignment=TA_CENTER,
                         spaceBefore=20),
    }


class BoldParagraph(Paragraph):
    """A Paragraph drawn with fill+stroke text (PDF render mode 2): synthetic bold."""

    stroke_width = 0.32

    def draw(self):
        """Draw the paragraph with stroked glyph outlines."""
        canv = self.canv
        canv.saveState()
        canv.setStrokeColor(self.style.textColor)
        canv.setLineWidth(self.stroke_width)
        canv._code.append("2 Tr")
        super().draw()
        canv._code.append("0 Tr")
        canv.restoreState()


class HeadingParagraph(BoldParagraph):
    """A bold heading that also adds a PDF outline entry (bookmark)."""

    def __init__(self, text, style, level, key):
        """Heading text/style plus outline level and bookmark key."""
        super().__init__(text, style)
        self.outline = (strip_debris(text), level, key)

    def draw(self):
        """Bookmark this position, add the outline entry, draw the heading."""
        title, level, key = self.outline
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(title, key, level=level, closed=level > 0)
        super().draw()


class FigureBox(Flowable):
    """Placeholder for a chart of the original: a ruled, lightly shaded empty frame."""

    def __init__(self, width, height):
        """Box size in points; centred in the frame."""
        super().__init__()
        self.width, self.height = width, height
        self.hAlign = "CENTER"

    def wrap(self, availWidth, availHeight):
        """Fixed size."""
        return self.width, self.height

    def draw(self):
        """Shaded box with a few faint horizontal grid lines."""
        c = self.canv
        c.saveState()
        c.setFillColor(colors.HexColor("#F3F5F8"))
        c.setStrokeColor(colors.HexColor("#9AA5B5"))
        c.setLineWidth(0.6)
        c.rect(0, 0, self.width, self.height, stroke=1, fill=1)
        c.setStrokeColor(colors.HexColor("#D5DAE2"))
        c.setLineWidth(0.4)
        for k in range(1, 5):
            y = self.height * k / 5
            c.line(12, y, self.width - 12, y)
        c.restoreState()


class ReportDoc(BaseDocTemplate):
    """A4 document: a bare cover template and a body template with header and footer."""

    def __init__(self, filename, **kw):
        """Margins, fixed metadata, invariant mode and the two page templates."""
        super().__init__(filename, pagesize=A4, leftMargin=MARGIN_L, rightMargin=MARGIN_R,
                         topMargin=MARGIN_T, bottomMargin=MARGIN_B, invariant=1,
                         title=REPORT_TITLE, author=AUTHOR, subject=SUBJECT,
                         keywords=KEYWORDS, creator=CREATOR, **kw)
        frame = Frame(MARGIN_L, MARGIN_B, FRAME_W, PAGE_H - MARGIN_T - MARGIN_B, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate("cover", [frame], onPage=draw_cover_page),
                               PageTemplate("body", [frame], onPage=draw_running_page)])

    def beforeDocument(self):
        """Drop CreationDate/ModDate from the info dictionary (no timestamps at all)."""
        self.canv._doc.info.__class__ = NoDateInfo
        self.canv.showOutline()


class NoDateInfo(pdfdoc.PDFInfo):
    """PDF /Info without CreationDate and ModDate."""

    def format(self, document):
        """Same as PDFInfo.format minus the two date entries."""
        d = {"Title": pdfdoc.PDFString(self.title), "Author": pdfdoc.PDFString(self.author),
             "Producer": pdfdoc.PDFString(self.producer), "Creator": pdfdoc.PDFString(self.creator),
             "Subject": pdfdoc.PDFString(self.subject), "Keywords": pdfdoc.PDFString(self.keywords),
             "Trapped": pdfdoc.PDFName(self.trapped)}
        return pdfdoc.PDFDictionary(d).format(document)


def draw_cover_page(canv, doc):
    """Decorative bands on the cover; no header, no page number."""
    canv.saveState()
    canv.setFillColor(ACCENT)
    canv.rect(0, PAGE_H - 2.2 * cm, PAGE_W, 2.2 * cm, stroke=0, fill=1)
    canv.rect(0, 0, PAGE_W, 1.2 * cm, stroke=0, fill=1)
    canv.setStrokeColor(ACCENT)
    canv.setLineWidth(1.2)
    canv.line(MARGIN_L, PAGE_H * 0.62, PAGE_W - MARGIN_R, PAGE_H * 0.62)
    canv.setLineWidth(0.5)
    canv.line(MARGIN_L, PAGE_H * 0.62 - 4, PAGE_W - MARGIN_R, PAGE_H * 0.62 - 4)
    canv.restoreState()


def draw_running_page(canv, doc):
    """Running header (report title over a double rule) and footer '- N -'."""
    canv.saveState()
    top = PAGE_H - MARGIN_T + 0.55 * cm
    canv.setFont(FONT, 9)
    canv.setFillColor(colors.HexColor("#333333"))
    canv.drawCentredString(PAGE_W / 2, top + 5, REPORT_TITLE)
    canv.setStrokeColor(RULE)
    canv.setLineWidth(0.9)
    canv.line(MARGIN_L, top, PAGE_W - MARGIN_R, top)
    canv.setLineWidth(0.3)
    canv.line(MARGIN_L, top - 2.2, PAGE_W - MARGIN_R, top - 2.2)
    canv.drawCentredString(PAGE_W / 2, MARGIN_B - 1.2 * cm, f"- {doc.page} -")
    canv.restoreState()


def cover_story(cover: Cover, st) -> list:
    """Flowables of the cover page, ending with the switch to the body template."""
    story = [Spacer(1, 5.2 * cm), BoldParagraph(escape(cover.title), st["cover_title"]),
             Spacer(1, 7.2 * cm)]
    story += [Paragraph(escape(name), st["cover_issuer"]) for name in cover.issuers]
    story += [Paragraph(escape(cover.date), st["cover_date"]),
              NextPageTemplate("body"), PageBreak()]
    return story


# --------------------------------------------------------------------------- table layout

def widest_word(text: str, size: float) -> float:
    """Width of the longest unbreakable ASCII run (CJK text can break anywhere)."""
    runs = re.findall(r"[!-~]+", text) or [""]
    return max(pdfmetrics.stringWidth(r, FONT, size) for r in runs)


def column_widths(rows: list[list[str]], avail: float, size: float = 9, pad: float = 8) -> list[float]:
    """Column widths: natural widths scaled to fill when they fit; otherwise short columns
    (natural width <= 20 % of the frame) keep theirs and the rest is shared in proportion to
    the square root of the natural widths, no column getting more than its natural width."""
    ncols = len(rows[0])
    natural = [max(pdfmetrics.stringWidth(r[c], FONT, size) for r in rows) + pad for c in range(ncols)]
    minimum = [max(widest_word(r[c], size) for r in rows) + pad for c in range(ncols)]
    if sum(natural) <= avail:
        return [w * avail / sum(natural) for w in natural]
    free = {c for c in range(ncols) if natural[c] > 0.2 * avail}
    widths = [0.0 if c in free else natural[c] for c in range(ncols)]
    while free:
        room = avail - sum(widths)
        weight = {c: natural[c] ** 0.5 for c in free}
        total = sum(weight.values())
        capped = {c for c in free if room * weight[c] / total >= natural[c]}
        for c in (capped or free):
            widths[c] = natural[c] if capped else room * weight[c] / total
        free = free - capped if capped else set()
    widths = [max(w, m, 2 * size + pad) for w, m in zip(widths, minimum)]
    return [w * avail / sum(widths) for w in widths]


def cell_flowable(text: str, st, head: bool) -> Paragraph:
    """A word-wrapped cell; header and sub-header cells in synthetic bold."""
    cls = BoldParagraph if head else Paragraph
    return cls(to_markup(text), st["cell_head"] if head else st["cell"])


def table_style(tb: TableBlock) -> TableStyle:
    """Ruled grid, shaded header/sub-header rows; grouped cells get no rule between them.

    Grouped cells (rule 5) are drawn like merged cells by leaving out the horizontal rule above
    each continuation cell; real SPANs would forbid page breaks inside a group.
    """
    open_cells = {(c, r) for c, r0, r1 in tb.spans for r in range(r0 + 1, r1 + 1)}
    cmds = [("BOX", (0, 0), (-1, -1), 1.0, RULE),
            ("LINEBEFORE", (1, 0), (-1, -1), 0.5, RULE),
            ("LINEBELOW", (0, 0), (-1, 0), 0.9, RULE),
            ("LINEBELOW", (0, "splitlast"), (-1, "splitlast"), 1.0, RULE),
            ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]
    ncols = len(tb.rows[0])
    for r in range(2, len(tb.rows)):
        for c in range(ncols):
            if (c, r) not in open_cells:
                cmds.append(("LINEABOVE", (c, r), (c, r), 0.5, RULE))
    for r in sorted(tb.subheaders):
        cmds.append(("BACKGROUND", (0, r), (-1, r), HEAD_FILL))
    return TableStyle(cmds)


def table_flowables(tb: TableBlock, st, key: str) -> list:
    """Caption (heading for 附件), the ruled table with repeated header, the source line."""
    cells = [[cell_flowable(t, st, r == 0 or r in tb.subheaders) for t in row]
             for r, row in enumerate(tb.rows)]
    table = Table(cells, colWidths=column_widths(tb.rows, FRAME_W), repeatRows=1,
                  style=table_style(tb), hAlign="CENTER")
    if tb.appendix:
        out = [HeadingParagraph(to_markup(tb.caption), st["h1"], 0, key)]
    else:
        out = [CondPageBreak(4 * cm), BoldParagraph(to_markup(tb.caption), st["caption"])]
    out.append(table)
    if tb.source:
        out.append(Paragraph(to_markup(tb.source), st["source"]))
    return out


# --------------------------------------------------------------------------- story

def heading_flowables(h: Heading, st, key: str) -> list:
    """Heading paragraph with its outline entry; level 1 gets a new page."""
    if h.level == 1:
        return [PageBreak(), HeadingParagraph(to_markup(h.text), st["h1"], 0, key)]
    return [CondPageBreak(3 * cm), HeadingParagraph(to_markup(h.text), st["h2"], 1, key)]


def para_flowables(p: Para, st, front: bool) -> list:
    """Body, list, label or source paragraph (committee label starts a page in front matter)."""
    if p.kind == "label" and front and "委员会" in p.text:
        return [PageBreak(), BoldParagraph(to_markup(p.text), st["committee"])]
    if p.kind == "label":
        return [BoldParagraph(to_markup(p.text), st["label"])]
    return [Paragraph(to_markup(p.text), st[p.kind] if p.kind in st else st["body"])]


def figure_flowables(f: Figure, st) -> list:
    """Placeholder box, source line and caption kept on one page."""
    parts = [FigureBox(FRAME_W * 0.8, 4.8 * cm)]
    if f.source:
        parts.append(Paragraph(to_markup(f.source), st["fig_source"]))
    parts.append(BoldParagraph(to_markup(f.caption), st["caption"]))
    return [Spacer(1, 4), KeepTogether(parts)]


def build_story(cover: Cover, blocks: list, st) -> list:
    """All flowables in reading order."""
    story, front, n = cover_story(cover, st), True, 0
    for b in blocks:
        n += 1
        key = f"h{n}"
        if isinstance(b, Heading):
            front = front and not RE_LEVEL1.match(b.text)
            items = heading_flowables(b, st, key)
        elif isinstance(b, TableBlock):
            items = ([PageBreak()] if b.appendix else []) + table_flowables(b, st, key)
        elif isinstance(b, Figure):
            items = figure_flowables(b, st)
        else:
            items = para_flowables(b, st, front)
        if items and isinstance(items[0], PageBreak) and isinstance(story[-1], PageBreak):
            items = items[1:]
        story += items
    return story


def build_pdf(src: Path, dst: Path) -> int:
    """Parse src, typeset it to dst; return the number of pages."""
    register_font()
    cover, blocks = parse_document(read_lines(src))
    doc = ReportDoc(str(dst))
    doc.build(build_story(cover, blocks, make_styles()))
    return doc.page


# --------------------------------------------------------------------------- manifest & check

def sha256(path: Path) -> str:
    """Hex sha256 of a file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def pdf_page_count(path: Path) -> int:
    """Number of page objects in a reportlab PDF (uncompressed object headers)."""
    return len(re.findall(rb"/Type /Page[^s]", path.read_bytes()))


def write_manifest(txt: Path, pdf: Path, out: Path) -> None:
    """Rewrite manifest.csv: one row for the seed text, one for the typeset PDF."""
    cover, _ = parse_cover(read_lines(txt))
    issuer = "; ".join(cover.issuers)
    rows = [
        ["cn-blockchain-2022-2023-txt", cover.title, issuer, "2023", "zh", "seed text extracted "
         "from the original CCID PDF (赛迪区块链研究院, 二零二三年四月); not modified", "", sha256(txt)],
        ["cn-blockchain-2022-2023-pdf", cover.title, issuer, "2023", "zh", "typeset from "
         f"{txt.name} by corpus/make_pdf.py (reportlab, STSong-Light)",
         str(pdf_page_count(pdf)), sha256(pdf)],
    ]
    with out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["id", "title", "issuer", "year", "language", "source", "pages", "sha256"])
        w.writerows(rows)


def squash(text: str) -> str:
    """Remove all whitespace (line wrapping and CJK spacing differ between txt and PDF)."""
    return re.sub(r"\s+", "", text)


def check_pdf(txt: Path, pdf: Path, probes: list[str]) -> bool:
    """Extract the PDF with pdfminer; report (cid:N) codes, probe phrases and coverage."""
    from pdfminer.high_level import extract_text
    text = extract_text(str(pdf))
    body = squash("\n".join(l for l in text.splitlines()
                            if l.strip() != REPORT_TITLE and not re.fullmatch(r"\s*- \d+ -\s*", l)))
    cover, blocks = parse_document(read_lines(txt))
    pieces = [b.text for b in blocks if isinstance(b, (Para, Heading))]
    pieces += [c for b in blocks if isinstance(b, TableBlock) for r in b.rows for c in r if c]
    missing = [p for p in pieces if squash(strip_debris(p)) not in body]
    ok = "(cid:" not in text and not missing
    print(f"chars extracted: {len(text)}; (cid:N) codes: {text.count('(cid:')}")
    print(f"paragraphs/headings/cells found: {len(pieces) - len(missing)}/{len(pieces)}")
    for p in missing[:10]:
        print("  MISSING:", p[:80])
    for probe in probes:
        hit_lit, hit_sq = probe in text, squash(probe) in body
        ok &= hit_sq
        print(f"  probe {probe!r}: literal={hit_lit} whitespace-insensitive={hit_sq}")
    return ok


# --------------------------------------------------------------------------- CLI

def dump(blocks: list) -> None:
    """Print the parsed blocks: joins, table rows, merges (for reviewing the rules)."""
    for b in blocks:
        if isinstance(b, Para):
            tag = "JOIN " + "+".join(map(str, b.lines)) if len(b.lines) > 1 else f"L{b.lines[0]}"
            print(f"[{b.kind}] {tag}: {b.text[:60]}")
        elif isinstance(b, TableBlock):
            print(f"[table] {b.caption} rows={len(b.rows)} merged={b.merges} spans={b.spans} "
                  f"sub={sorted(b.subheaders)} source={bool(b.source)}")
            for r in b.rows:
                print("    | " + " | ".join(c[:14] for c in r))
        else:
            print(f"[{type(b).__name__.lower()}] {b}")


PROBES = ["2022 年我国区块链产业规模", "GM/T 0122-2022", "T/CESA 1190-2022", "上海零数科技有限公司"]


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--input", type=Path, default=DEFAULT_INPUT)
    ap.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    ap.add_argument("--manifest", action="store_true", help="also rewrite corpus/manifest.csv")
    ap.add_argument("--check", action="store_true", help="verify the PDF text with pdfminer")
    ap.add_argument("--dump", action="store_true", help="print parsed blocks and exit")
    args = ap.parse_args(argv)
    if args.dump:
        dump(parse_document(read_lines(args.input))[1])
        return 0
    pages = build_pdf(args.input, args.output)
    print(f"{args.output}: {pages} pages, {args.output.stat().st_size} bytes, sha256 {sha256(args.output)}")
    if args.manifest:
        write_manifest(args.input, args.output, DEFAULT_MANIFEST)
        print(f"wrote {DEFAULT_MANIFEST}")
    if args.check and not check_pdf(args.input, args.output, PROBES):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
