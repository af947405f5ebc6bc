"""The document page of ``cnreport view``: a header with the legend, then the text line by line, each line's
mentions marked (:mod:`nlp.view.marks`) and the records that came from it (table rows, key figures, paragraph
classes, by their provenance ``line``) beside it. One self-contained HTML file: inline CSS, no script, no
external asset; every text from the document is escaped."""
from __future__ import annotations

import bisect
from collections import Counter
from html import escape
from pathlib import Path
from typing import Any

from ..errors import ViewError
from ..records.writer import atomic_write, read_document_tables
from .marks import color_of, line_fragments, render_marks
from .text import DocumentText, read_document_text

#: Fields of a record row that say where it is, not what it says (shown in the card's heading or not at all).
PLACE_FIELDS = frozenset({"doc_id", "kind", "table", "row", "line", "page", "sentence", "raw_start", "raw_end", "flags"})
RECORD_TABLES_SKIPPED = frozenset({"documents", "mentions"})

CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;margin:0;color:#222}
header{position:sticky;top:0;background:#fafafa;border-bottom:1px solid #ddd;padding:.6em 1em;z-index:2}
h1{font-size:1.2em;margin:0 0 .3em} .meta{color:#555;font-size:.85em;word-break:break-all}
.legend{margin-top:.4em} .legend .key{display:inline-block;margin:.15em .3em;padding:.1em .5em;border-radius:.3em;font-size:.85em}
main{padding:.5em 1em} .page{margin:1em 0 .3em;color:#888;font-size:.8em;border-bottom:1px dashed #ccc}
.row{display:grid;grid-template-columns:3.5em minmax(0,3fr) minmax(0,2fr);gap:.8em;border-bottom:1px solid #f2f2f2}
.ln{color:#aaa;text-align:right;font-size:.8em;padding-top:.35em;user-select:none}
.text{white-space:pre-wrap;line-height:2.1;word-break:break-all}
mark.entity{padding:.1em .25em;margin:0 .1em;border-radius:.3em;line-height:1}
mark.entity .label{font-size:.6em;font-weight:bold;vertical-align:middle;margin-left:.3em;text-transform:uppercase}
.record{font-size:.8em;border-left:3px solid #999;background:#f7f7f7;margin:.25em 0;padding:.2em .5em}
.record .kind{font-weight:bold;color:#444} .record .flags{color:#b00}
.record table{border-collapse:collapse} .record td{padding:0 .4em 0 0;vertical-align:top}
.record td.k{color:#777;white-space:nowrap}
.row.empty .text{line-height:1}
.record.figure{border-color:#e0a000} .record.paragraph{border-color:#6a9fd4}
"""


def write_view(folder: Path, out: Path, pages: tuple[int, int] | None = None) -> Path:
    """Render the document folder ``OUT/docs/<id>`` (``pages``: only those) into the HTML file ``out``."""
    if not (folder / "documents.jsonl").is_file():
        raise ViewError(folder, "not a document folder written by cnreport extract (no documents.jsonl); "
                                "give OUT/docs/<doc_id>")
    tables = read_document_tables(folder)
    document = tables["documents"][0]
    text = read_document_text(folder, document)
    atomic_write(out, render_document(document, text, tables, pages).encode("utf-8"))
    return out


def render_document(document: dict[str, Any], text: DocumentText, tables: dict[str, list[dict[str, Any]]],
                    pages: tuple[int, int] | None = None) -> str:
    """The HTML page of one document: its ``documents.jsonl`` row, its text and all its tables."""
    lines = text.text.split("\n")
    starts = _line_starts(lines)
    shown = _shown_lines(text, starts, pages, document)
    mentions = list(enumerate(tables.get("mentions", [])))
    by_line = _mentions_by_line(mentions, starts)
    records = _records_by_line(tables)
    body, page = [], None
    if records.get(0) and pages is None:  # a record without a line (none so far) is still shown, first
        body.append(f'<div class="row" id="L0" data-line="0"><span class="ln"></span>'
                    f'<div class="text">(no source line)</div><div class="records">{"".join(records[0])}</div></div>')
    for number in shown:
        start = starts[number - 1]
        if text.page_of(start) != page:
            page = text.page_of(start)
            body.append(f'<div class="page" data-page="{page}">page {page}</div>')
        fragments = line_fragments(by_line.get(number, []), start, start + len(lines[number - 1]))
        cards = "".join(records.get(number, []))
        empty = "" if lines[number - 1].strip() or cards else " empty"
        body.append(f'<div class="row{empty}" id="L{number}" data-line="{number}" data-page="{page}">'
                    f'<span class="ln">{number}</span>'
                    f'<div class="text" data-start="{start}">{render_marks(lines[number - 1], start, fragments)}</div>'
                    f'<div class="records">{cards}</div></div>')
    shown_mentions = [row for number in shown for _, row in by_line.get(number, []) if row["raw_start"] >= starts[number - 1]]
    return _page(document, text, shown_mentions, pages, "\n".join(body))


def _line_starts(lines: list[str]) -> list[int]:
    starts, offset = [], 0
    for line in lines:
        starts.append(offset)
        offset += len(line) + 1
    return starts


def _shown_lines(text: DocumentText, starts: list[int], pages: tuple[int, int] | None, document: dict[str, Any]) -> list[int]:
    """1-based numbers of the lines to show (all, or those of the pages asked for)."""
    numbers = list(range(1, len(starts) + 1))
    if pages is None:
        return numbers
    shown = [n for n in numbers if pages[0] <= text.page_of(starts[n - 1]) <= pages[1]]
    if not shown:
        last = text.first_page + len(text.page_starts) - 1
        raise ViewError(document.get("path", document["doc_id"]),
                        f"pages {pages[0]}-{pages[1]} are outside the document (pages {text.first_page}-{last})")
    return shown


def _mentions_by_line(mentions: list[tuple[int, dict[str, Any]]], starts: list[int]) -> dict[int, list[tuple[int, dict[str, Any]]]]:
    """Each mention under every line it touches (a mention across a line break is on two lines)."""
    by_line: dict[int, list[tuple[int, dict[str, Any]]]] = {}
    for index, row in mentions:
        first = bisect.bisect_right(starts, row["raw_start"])
        last = bisect.bisect_right(starts, max(row["raw_start"], row["raw_end"] - 1))
        for number in range(first, last + 1):
            by_line.setdefault(number, []).append((index, row))
    return by_line


def _records_by_line(tables: dict[str, list[dict[str, Any]]]) -> dict[int, list[str]]:
    """The record cards (HTML) by the line their provenance names, in table order."""
    cards: dict[int, list[str]] = {}
    for stem, rows in sorted(tables.items()):
        if stem in RECORD_TABLES_SKIPPED:
            continue
        for index, row in enumerate(rows):
            cards.setdefault(int(row.get("line") or 0), []).append(_card(stem, index, row))
    return cards


def _card(stem: str, index: int, row: dict[str, Any]) -> str:
    kind = "figure" if stem == "figures" else "paragraph" if stem == "paragraphs" else "table"
    if kind == "table":
        heading = f'{stem} · {row.get("table", "")} row {row.get("row", "")}'
    else:
        heading = stem[:-1]
    if kind == "paragraph":
        classes = " · ".join(f"{k} {_shown(v)}" for k, v in row.items() if k not in PLACE_FIELDS and _shown(v))
        return (f'<div class="record paragraph" data-table="{escape(stem)}" data-index="{index}" '
                f'data-line="{escape(str(row.get("line", "")))}"><span class="kind">paragraph</span> {escape(classes)}</div>')
    if kind == "figure":
        return _figure_card(stem, index, row)
    fields = "".join(f'<tr><td class="k">{escape(str(k))}</td><td>{escape(_shown(v))}</td></tr>'
                     for k, v in row.items() if k not in PLACE_FIELDS and _shown(v))
    flags = f'<div class="flags">flags: {escape(", ".join(map(str, row["flags"])))}</div>' if row.get("flags") else ""
    return (f'<div class="record {kind}" data-table="{escape(stem)}" data-index="{index}" '
            f'data-line="{escape(str(row.get("line", "")))}" data-start="{escape(str(row.get("raw_start", "")))}" '
            f'data-end="{escape(str(row.get("raw_end", "")))}"><div class="kind">{escape(heading)}</div>'
            f'<table>{fields}</table>{flags}</div>')


def _figure_card(stem: str, index: int, row: dict[str, Any]) -> str:
    """A key figure on two lines: its metric, then value and unit, period, qualifier, scope and source text."""
    period = "–".join(dict.fromkeys(p for p in (row.get("period_start"), row.get("period_end")) if p))
    facts = [f'{_shown(row.get("value")) or _shown(row.get("min")) + "–" + _shown(row.get("max"))} {_shown(row.get("unit"))}'.strip(),
             period, _shown(row.get("qualifier")), f'scope {row["scope"]}' if row.get("scope") else "",
             f'“{row["text"]}”' if row.get("text") else ""]
    return (f'<div class="record figure" data-table="{escape(stem)}" data-index="{index}" '
            f'data-line="{escape(str(row.get("line", "")))}" data-start="{escape(str(row.get("raw_start", "")))}" '
            f'data-end="{escape(str(row.get("raw_end", "")))}"><div class="kind">figure · {escape(_shown(row.get("metric")))}</div>'
            f'<div>{escape(" · ".join(f for f in facts if f))}</div></div>')


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        return ", ".join(f"{k} {v}" for k, v in value.items() if v not in (None, ""))
    if isinstance(value, list):
        return "; ".join(map(str, value))
    return str(value)


def _page(document: dict[str, Any], text: DocumentText, mentions: list[dict[str, Any]], pages: tuple[int, int] | None,
          body: str) -> str:
    counts = Counter(row["label"] for row in mentions)
    legend = "".join(f'<span class="key" data-label="{escape(label)}" style="background: {escape(color_of(label))}">'
                     f'{escape(label)} {counts[label]}</span>' for label in sorted(counts))
    title = document.get("title") or document.get("path") or document["doc_id"]
    part = f" · pages {pages[0]}-{pages[1]}" if pages else ""
    meta = (f'{escape(str(document.get("path", "")))} · {document.get("pages", "")} pages{escape(part)} · '
            f'doc_id {escape(document["doc_id"])}')
    return ("<!DOCTYPE html>\n<html lang=\"zh\"><head><meta charset=\"utf-8\">"
            f"<title>{escape(str(title))}</title><style>{CSS}</style></head><body>"
            f'<header><h1>{escape(str(title))}</h1><div class="meta">{meta}</div>'
            f'<div class="legend">{legend}</div></header><main>\n{body}\n</main></body></html>\n')
