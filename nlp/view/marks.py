"""Mentions as nested ``<mark>`` elements over one line of text, as spaCy's displaCy marks entities.

A mention is cut into fragments where it crosses a line break (each line is its own row) or partly overlaps an
earlier mention; a mention inside another (the same span with two labels) is nested in it. Every fragment carries
the mention's index in ``mentions.jsonl`` and its raw offsets, and the last fragment shows the label.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from typing import Any

from ..data import read_tsv

COLOR_FILE = "view/label_colors.tsv"


@lru_cache(maxsize=1)
def label_colors() -> dict[str, str]:
    """Label -> CSS color, from ``nlp/data/view/label_colors.tsv``."""
    return {row["label"]: row["color"] for row in read_tsv(COLOR_FILE, ("label", "color"))}


def color_of(label: str) -> str:
    """The label's color: the data file's, else a light color derived from the name (stable across runs).

    >>> color_of("ORG")
    '#7aecec'
    >>> color_of("NEWLABEL") == color_of("NEWLABEL")
    True
    """
    if label in label_colors():
        return label_colors()[label]
    hue = int(hashlib.sha256(label.encode("utf-8")).hexdigest()[:4], 16) % 360
    return f"hsl({hue}, 70%, 82%)"


@dataclass(frozen=True, slots=True)
class Fragment:
    """The part ``[start, end)`` (raw offsets) of mention ``index``; ``last`` when the mention ends here."""

    start: int
    end: int
    index: int
    label: str
    title: str
    last: bool


def mention_title(row: dict[str, Any]) -> str:
    """The hover text of a mention: label, source, normalized value, organization type."""
    parts = [row["label"], str(row.get("source") or "")]
    value = row.get("value")
    if isinstance(value, dict):
        parts.append(", ".join(f"{k} {v}" for k, v in sorted(value.items()) if v not in (None, "")))
    if row.get("org_type"):
        parts.append(f"type {row['org_type']}")
    return " · ".join(p for p in parts if p)


def line_fragments(rows: list[tuple[int, dict[str, Any]]], start: int, end: int) -> list[Fragment]:
    """The fragments of the mentions ``(index, row)`` that fall in the line ``[start, end)``."""
    out = []
    for index, row in rows:
        lo, hi = max(start, row["raw_start"]), min(end, row["raw_end"])
        if lo < hi:
            out.append(Fragment(lo, hi, index, row["label"], mention_title(row), hi == row["raw_end"]))
    return sorted(out, key=lambda f: (f.start, -f.end, f.index))


def render_marks(text: str, offset: int, fragments: list[Fragment]) -> str:
    """HTML of ``text`` (which starts at raw offset ``offset``) with the fragments as nested marks."""
    return _render(text, offset, offset, offset + len(text), fragments)


def _render(text: str, offset: int, start: int, end: int, fragments: list[Fragment]) -> str:
    html, pos, todo = [], start, list(fragments)
    while todo:
        first = todo.pop(0)
        inner, rest = [], []
        for f in todo:
            if f.start >= first.end:
                rest.append(f)
            elif f.end <= first.end:
                inner.append(f)
            else:  # crosses the end of ``first``: the part inside nests, the rest follows it
                inner.append(Fragment(f.start, first.end, f.index, f.label, f.title, False))
                rest.append(Fragment(first.end, f.end, f.index, f.label, f.title, f.last))
        html.append(escape(text[pos - offset:first.start - offset]))
        html.append(_mark(first, _render(text, offset, first.start, first.end, inner)))
        pos, todo = first.end, sorted(rest, key=lambda f: (f.start, -f.end, f.index))
    html.append(escape(text[pos - offset:end - offset]))
    return "".join(html)


def _mark(f: Fragment, body: str) -> str:
    label = f'<span class="label">{escape(f.label)}</span>' if f.last else ""
    return (f'<mark class="entity" data-mention="{f.index}" data-label="{escape(f.label)}" data-start="{f.start}" '
            f'data-end="{f.end}" title="{escape(f.title)}" style="background: {escape(color_of(f.label))}">'
            f'{body}{label}</mark>')
