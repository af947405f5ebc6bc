"""The annotation units every format converts through, the rows file they are stored in, and the record of what a
conversion changed.

A :class:`Unit` is one task of an annotation tool: a non-blank line (the grain of ``annotations/mentions.jsonl``) or
a page of one report's text, with its spans in **document** offsets (code points, end-exclusive). The rows file is
``annotations/mentions.jsonl``'s format, one unit a line::

    {"doc_id", "line" | "page", "start", "end", "text", "split"?, "spans": [{"start", "end", "label", "text", "norm"}]}

with sorted keys and ``ensure_ascii=False``, so a rows file read and written again is byte-identical.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..errors import AnnotationFileError

UNIT_KEYS = ("line", "page")


@dataclass(frozen=True, slots=True)
class Span:
    """One annotated mention: document offsets (end-exclusive), label, and its normalized value (or None)."""

    start: int
    end: int
    label: str
    norm: Any = None

    @property
    def key(self) -> tuple[int, int, str]:
        """``(start, end, label)``, what identifies a span in a unit."""
        return (self.start, self.end, self.label)


@dataclass(frozen=True, slots=True)
class Unit:
    """One task: a line or a page of a report's text, with its spans.

    Attributes:
        doc_id: the document (the SHA-256 of the report file for ``extract``'s documents).
        key: ``"line"`` or ``"page"``.
        number: the 1-based line or page number.
        start: document offset of ``text[0]``.
        text: the unit's text, exactly as in the document.
        spans: the spans, document offsets, inside the unit.
        split: ``train``/``test`` for gold lines; None when the source has no split.
    """

    doc_id: str
    key: str
    number: int
    start: int
    text: str
    spans: tuple[Span, ...] = ()
    split: str | None = None

    @property
    def end(self) -> int:
        """Document offset just past the unit's text."""
        return self.start + len(self.text)

    @property
    def name(self) -> str:
        """``line 45`` or ``page 3``, for messages.

        >>> Unit("d", "line", 45, 0, "x").name
        'line 45'
        """
        return f"{self.key} {self.number}"

    def local(self, span: Span) -> tuple[int, int]:
        """A span's offsets relative to the unit's text.

        >>> Unit("d", "line", 2, 10, "中国区块链").local(Span(12, 15, "X"))
        (2, 5)
        """
        return span.start - self.start, span.end - self.start

    def span_text(self, span: Span) -> str:
        """The text a span covers."""
        start, end = self.local(span)
        return self.text[start:end]


@dataclass(frozen=True, slots=True)
class Change:
    """A span a conversion did not carry over unchanged, with the reason.

    Attributes:
        doc_id: the document.
        unit: ``line 45`` / ``page 3`` (empty when the span fits no unit).
        span: the span as it was (document offsets).
        text: the text it covered.
        kind: ``moved`` (new boundaries in ``new``), ``dropped``, ``added``, ``relabelled``, ``norm changed``, or
            ``not in doc.ents`` (kept, but not an entity of the spaCy doc).
        reason: why.
        new: the new ``(start, end)`` of a moved span, document offsets.
        new_text: the text the moved span covers.
    """

    doc_id: str
    unit: str
    span: Span
    text: str
    kind: str
    reason: str
    new: tuple[int, int] | None = None
    new_text: str = ""

    def describe(self) -> str:
        """One line: where, what, and why.

        >>> Change("d", "line 3", Span(4, 9, "DATE"), "2022-", "moved", "not on jieba token boundaries", (4, 13),
        ...        "2022-2023").describe()
        "d line 3 DATE [4, 9) '2022-' moved to [4, 13) '2022-2023': not on jieba token boundaries"
        """
        where = " ".join(part for part in (self.doc_id[:16], self.unit) if part)
        head = f"{where} {self.span.label} [{self.span.start}, {self.span.end}) {self.text!r} {self.kind}"
        if self.new is not None:
            head += f" to [{self.new[0]}, {self.new[1]}) {self.new_text!r}"
        return f"{head}: {self.reason}"

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"doc_id": self.doc_id, "unit": self.unit, "label": self.span.label, "start": self.span.start,
                "end": self.span.end, "text": self.text, "kind": self.kind, "reason": self.reason,
                "new": list(self.new) if self.new else None, "new_text": self.new_text}


@dataclass
class Conversion:
    """The units a conversion produced and what it changed on the way (empty ``changes``: nothing changed)."""

    units: list[Unit]
    changes: list[Change] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def spans(self) -> int:
        """The number of spans in the units."""
        return sum(len(u.spans) for u in self.units)


# --- the rows file ------------------------------------------------------------------------------------------------


def unit_row(unit: Unit) -> dict[str, Any]:
    """The rows-file object of a unit (the format of ``annotations/mentions.jsonl``)."""
    row: dict[str, Any] = {"doc_id": unit.doc_id, unit.key: unit.number, "start": unit.start, "end": unit.end,
                           "text": unit.text, "spans": [{"start": s.start, "end": s.end, "label": s.label,
                                                         "text": unit.span_text(s), "norm": s.norm}
                                                        for s in unit.spans]}
    if unit.split is not None:
        row["split"] = unit.split
    return row


def dumps_rows(units: Iterable[Unit]) -> bytes:
    """The rows file's bytes: one JSON object a line, sorted keys, ``ensure_ascii=False``."""
    return "".join(json.dumps(unit_row(u), ensure_ascii=False, sort_keys=True) + "\n" for u in units).encode("utf-8")


def unit_key(row: dict[str, Any]) -> str:
    """``line`` or ``page``: which numbering a row (or a task's metadata) carries.

    >>> unit_key({"line": 3}), unit_key({"page": 2})
    ('line', 'page')
    """
    keys = [k for k in UNIT_KEYS if isinstance(row.get(k), int) and not isinstance(row.get(k), bool)]
    if len(keys) != 1:
        raise KeyError("a unit needs an integer 'line' or 'page' (exactly one)")
    return keys[0]


def checked_span(where: str, text: str, base: int, start: Any, end: Any, label: Any, norm: Any = None) -> Span:
    """A span from unit-local offsets, checked to lie inside the unit's text.

    Raises:
        AnnotationFileError: offsets that are not integers, empty or outside the text, or an empty label.
    """
    if not (isinstance(start, int) and isinstance(end, int)) or isinstance(start, bool) or isinstance(end, bool):
        raise AnnotationFileError(where, f"span offsets must be integers, got [{start!r}, {end!r})")
    if not 0 <= start < end <= len(text):
        raise AnnotationFileError(where, f"span [{start}, {end}) {label} is outside the text (length {len(text)})")
    if not isinstance(label, str) or not label:
        raise AnnotationFileError(where, f"span [{start}, {end}) has no label")
    return Span(base + start, base + end, label, norm)


def row_unit(row: Any, where: str) -> Unit:
    """A unit from a rows-file object; span texts, when given, must be what the offsets cover.

    Raises:
        AnnotationFileError: a missing key or a span that does not fit the text.
    """
    try:
        key, text, base = unit_key(row), row["text"], row["start"]
        if not isinstance(text, str) or not isinstance(base, int):
            raise KeyError("'text' must be a string and 'start' an integer")
        spans = []
        for item in row.get("spans", []):
            span = checked_span(where, text, base, item["start"] - base, item["end"] - base, item["label"],
                                item.get("norm"))
            if "text" in item and item["text"] != text[span.start - base:span.end - base]:
                raise AnnotationFileError(where, f"span [{span.start}, {span.end}) says {item['text']!r} but the "
                                                 f"text there is {text[span.start - base:span.end - base]!r}")
            spans.append(span)
        return Unit(str(row.get("doc_id", "")), key, row[key], base, text, tuple(spans), row.get("split"))
    except (KeyError, TypeError, AttributeError) as exc:
        raise AnnotationFileError(where, f"not a rows-file object ({exc})") from exc


def json_lines(path: Path) -> Iterator[tuple[Any, str]]:
    """Each object of a JSON-lines file with where it is (``path:line``), blank lines skipped.

    Raises:
        AnnotationFileError: a line that is not JSON (named by file and line).
    """
    with path.open(encoding="utf-8-sig") as handle:
        for n, raw in enumerate(handle, 1):
            if raw.strip():
                try:
                    yield json.loads(raw), f"{path}:{n}"
                except json.JSONDecodeError as exc:
                    raise AnnotationFileError(f"{path}:{n}", f"not valid JSON ({exc.msg})") from exc


def read_rows(path: Path) -> list[Unit]:
    """The units of a rows file (``annotations/mentions.jsonl`` or one written by ``annotations import``).

    Raises:
        AnnotationFileError: a line that is not JSON or not a row (named by file and line).
    """
    return [row_unit(row, where) for row, where in json_lines(path)]


def sorted_units(units: Iterable[Unit]) -> list[Unit]:
    """Units in file order: by document, numbering, number."""
    return sorted(units, key=lambda u: (u.doc_id, u.key, u.number))


def with_spans(unit: Unit, spans: Iterable[Span]) -> Unit:
    """The unit with these spans, in text order."""
    return replace(unit, spans=tuple(sorted(spans, key=lambda s: (s.start, s.end, s.label))))


# --- what changed ------------------------------------------------------------------------------------------------


def diff_units(before: Sequence[Unit], after: Sequence[Unit]) -> list[Change]:
    """Every span of ``before`` that ``after`` does not hold unchanged, and every span ``after`` adds.

    Spans are matched by unit and ``(start, end, label)``; a span of ``before`` missing from ``after`` is ``moved``
    when ``after`` has a span of the same label overlapping it that matches nothing in ``before``, else ``dropped``
    (or ``relabelled`` when the same offsets carry another label); a span kept with another norm is ``norm changed``.
    """
    old = {(u.doc_id, u.key, u.number): u for u in before}
    new = {(u.doc_id, u.key, u.number): u for u in after}
    changes: list[Change] = []
    for key in sorted(set(old) | set(new)):
        changes += _unit_diff(old.get(key), new.get(key))
    return changes


def _unit_diff(before: Unit | None, after: Unit | None) -> list[Change]:
    unit = before or after
    assert unit is not None
    old = {s.key: s for s in (before.spans if before else ())}
    new = {s.key: s for s in (after.spans if after else ())}
    unmatched = [s for k, s in new.items() if k not in old]
    changes = []
    for key, span in old.items():
        if key in new:
            if new[key].norm != span.norm:
                changes.append(Change(unit.doc_id, unit.name, span, unit.span_text(span), "norm changed",
                                      f"{span.norm!r} -> {new[key].norm!r}"))
            continue
        partner = next((s for s in unmatched if s.label == span.label and s.start < span.end and span.start < s.end),
                       None)
        relabelled = next((s for s in unmatched if (s.start, s.end) == (span.start, span.end)), None)
        if partner is not None and after is not None:
            unmatched.remove(partner)
            changes.append(Change(unit.doc_id, unit.name, span, unit.span_text(span), "moved", "boundaries differ",
                                  (partner.start, partner.end), after.span_text(partner)))
        elif relabelled is not None:
            unmatched.remove(relabelled)
            changes.append(Change(unit.doc_id, unit.name, span, unit.span_text(span), "relabelled",
                                  f"{span.label} -> {relabelled.label}"))
        else:
            changes.append(Change(unit.doc_id, unit.name, span, unit.span_text(span), "dropped",
                                  "not in the second file" if after is not None else f"no {unit.name} in the second file"))
    for span in unmatched:
        assert after is not None
        changes.append(Change(unit.doc_id, unit.name, span, after.span_text(span), "added", "not in the first file"))
    return changes
