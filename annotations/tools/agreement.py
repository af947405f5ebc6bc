"""Agreement between the first pass (the gold) and the independent second pass on the sample lines.

Usage::

    python annotations/tools/agreement.py                 # frozen first pass vs second pass
    python annotations/tools/agreement.py --adjudicated   # current part files vs second pass
    python annotations/tools/agreement.py --check         # compare with the committed JSON instead

The second pass (``annotations/src/second_pass/sample.jsonl``, GUIDELINES section 8) covers every 10th
non-blank line of the document.  The *honest* figure compares it with the first pass as it was before
adjudication, frozen in ``annotations/src/second_pass/first_pass_sample.jsonl`` (the part-file rows of
the sample lines, copied verbatim before any gold fix) and is written to ``annotations/agreement.json``.
``--adjudicated`` compares it with the part files as they are now (after the gold fixes) and writes
``annotations/agreement-adjudicated.json``.  Both print the markdown tables kept in
``annotations/README.md``.

Span texts are resolved to offsets exactly as ``build_gold.py`` does (left to right, optional ``col``).
Offsets in the output are paragraph-local (column in the line), end-exclusive.

Matching rules (each pairs a first-pass span with at most one second-pass span; spans of one pass
never overlap, so the pairing is unique):

- ``strict``: same start, end and label.
- ``span``: same start and end, any label (reported micro only).
- ``overlap``: the spans share at least one character and have the same label.

Per label, both passes are filtered to the label first; ``micro`` pools the per-label counts.  F1 is
``2·tp / (2·tp + fp + fn)`` with the first pass as reference (fp: second pass only, fn: first pass
only), which is symmetric in the two passes; it is ``None`` when neither pass has a span.  Values:
among strict matches of DATE/MONEY/PERCENT/QUANTITY, the share whose ``norm`` objects are equal on every
key (decimal strings compared as numbers).  ``kappa``: Cohen's kappa over the characters of the sample
lines, each character labelled with the label of the span covering it or ``O``.

Disagreements (strict misses and value mismatches) are listed with the decision taken on each, read
from ``annotations/src/second_pass/adjudication.jsonl`` (``{"line", "kind", "first", "second",
"decision", "fixed", "reason", "rule"?}``; ``first``/``second`` are the span texts; ``decision`` is
``first``, ``second`` or ``unclear``; ``rule`` is a proposed guideline rule).
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import build_gold
from check_part import sample_lines
from guidelines import labels as guideline_labels

ANNOTATIONS = build_gold.ROOT / "annotations"
SECOND_PASS_DIR = ANNOTATIONS / "src" / "second_pass"
SECOND_PATH = SECOND_PASS_DIR / "sample.jsonl"
BLIND_PATH = SECOND_PASS_DIR / "sample_b.jsonl"
BLIND_OUT_PATH = ANNOTATIONS / "agreement-blind.json"
FROZEN_FIRST_PATH = SECOND_PASS_DIR / "first_pass_sample.jsonl"
ADJUDICATION_PATH = SECOND_PASS_DIR / "adjudication.jsonl"
OUT_PATH = ANNOTATIONS / "agreement.json"
ADJUDICATED_OUT_PATH = ANNOTATIONS / "agreement-adjudicated.json"
NORM_LABELS = ("DATE", "MONEY", "PERCENT", "QUANTITY")
DECIMAL_KEYS = frozenset({"value", "min", "max"})
DECISIONS = frozenset({"first", "second", "unclear"})
OUTSIDE = "O"


@dataclass(frozen=True, slots=True)
class LineSpan:
    """One mention of one pass, with paragraph-local, end-exclusive offsets.

    Attributes:
        line: 1-based document line.
        start: Column of the first character in the line.
        end: Column after the last character.
        label: The mention label.
        text: The span text (``line_text[start:end]``).
        norm: The normalized value, or None.
    """

    line: int
    start: int
    end: int
    label: str
    text: str
    norm: Mapping[str, Any] | None = None

    def overlaps(self, other: LineSpan) -> bool:
        """Whether the spans share a character (touching spans do not).

        >>> LineSpan(1, 0, 2, "LOC", "中国").overlaps(LineSpan(1, 2, 4, "LOC", "江苏"))
        False
        """
        return self.start < other.end and other.start < self.end

    def to_dict(self) -> dict[str, Any]:
        """``{"start", "end", "label", "text", "norm"}`` (the line is given by the caller)."""
        return {"start": self.start, "end": self.end, "label": self.label, "text": self.text,
                "norm": dict(self.norm) if self.norm is not None else None}


@dataclass(frozen=True, slots=True)
class Counts:
    """Agreement counts with the first pass as reference; scores are ``None`` when undefined.

    >>> c = Counts(3, 1, 0) + Counts(0, 0, 1)
    >>> c.tp, c.fp, c.fn, round(c.f1, 3), Counts().f1 is None
    (3, 1, 1, 0.75, True)
    """

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float | None:
        """``tp / (tp + fp)``: the share of second-pass spans the first pass has."""
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float | None:
        """``tp / (tp + fn)``: the share of first-pass spans the second pass has."""
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float | None:
        """``2·tp / (2·tp + fp + fn)``."""
        return _ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn)

    def to_dict(self) -> dict[str, Any]:
        """``{"tp", "fp", "fn", "first", "second", "precision", "recall", "f1"}`` (scores rounded to 4)."""
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "first": self.tp + self.fn,
                "second": self.tp + self.fp, "precision": _round(self.precision),
                "recall": _round(self.recall), "f1": _round(self.f1)}


def _ratio(num: float, den: float) -> float | None:
    """``num / den``, or None when ``den`` is zero.

    >>> _ratio(1, 4), _ratio(0, 0)
    (0.25, None)
    """
    return None if den == 0 else num / den


def _round(x: float | None) -> float | None:
    """Round a score to 4 places for the JSON (None stays None)."""
    return None if x is None else round(x, 4)


# --- reading the passes ---------------------------------------------------------------------------


def line_spans(row: build_gold.PartRow) -> list[LineSpan]:
    """Resolve a part row's span texts to line columns the way ``build_gold.py`` does.

    Raises:
        build_gold.GoldError: If a span is not found (the message names the file and line).
    """
    text = build_gold.doc_lines()[row.line - 1]
    return [LineSpan(row.line, s["start"], s["end"], s["label"], s["text"], s["norm"])
            for s in build_gold.locate_row(row, text, 0)]


def read_pass(paths: Iterable[Path], lines: Iterable[int]) -> dict[int, list[LineSpan]]:
    """The spans of one pass on the wanted lines, by line.

    Args:
        paths: Part-format files (``{"line", "spans"}`` rows).
        lines: The document lines to keep.

    Raises:
        build_gold.GoldError: On a bad row, a span not found, or a wanted line missing.
    """
    wanted = set(lines)
    rows = [row for row in build_gold.read_parts(paths) if row.line in wanted]
    missing = sorted(wanted - {row.line for row in rows})
    if missing:
        raise build_gold.GoldError(f"[G020] {', '.join(p.name for p in paths)}: sample lines not annotated: "
                                   f"{missing[:10]}")
    return {row.line: line_spans(row) for row in rows}


def the_sample() -> list[int]:
    """The second-pass sample: every 10th non-blank line of the document, in order."""
    return sorted(sample_lines(list(build_gold.doc_lines())))


def blind_sample() -> list[int]:
    """Sample B of the blind pass: every 10th non-blank line starting at the 5th (5th, 15th, ...)."""
    nonblank = [i for i, line in enumerate(build_gold.doc_lines(), 1) if line.strip()]
    return nonblank[4::10]


def blind_agreement() -> dict[str, Any]:
    """The current gold vs the blind pass on sample B (annotated in isolation from a copy of the document and
    the guidelines only; see annotations/README.md)."""
    sample = blind_sample()
    first = read_pass(build_gold.part_paths(), sample)
    second = read_pass([BLIND_PATH], sample)
    result = measure(first, second, guideline_labels(), ())
    return {"first_pass": [str(p.relative_to(build_gold.ROOT)) for p in build_gold.part_paths()],
            "second_pass": str(BLIND_PATH.relative_to(build_gold.ROOT)), **result}


# --- matching -------------------------------------------------------------------------------------


def strict_rule(a: LineSpan, b: LineSpan) -> bool:
    """Same bounds and same label."""
    return (a.start, a.end, a.label) == (b.start, b.end, b.label)


def span_rule(a: LineSpan, b: LineSpan) -> bool:
    """Same bounds, whatever the labels."""
    return (a.start, a.end) == (b.start, b.end)


def overlap_rule(a: LineSpan, b: LineSpan) -> bool:
    """At least one shared character and the same label."""
    return a.label == b.label and a.overlaps(b)


RULES: dict[str, Callable[[LineSpan, LineSpan], bool]] = {
    "strict": strict_rule, "span": span_rule, "overlap": overlap_rule}


def pair_spans(first: Sequence[LineSpan], second: Sequence[LineSpan],
               rule: Callable[[LineSpan, LineSpan], bool]) -> list[tuple[LineSpan, LineSpan]]:
    """Pair each first-pass span with the first unpaired second-pass span the rule accepts.

    >>> a = [LineSpan(1, 0, 2, "LOC", "中国")]
    >>> len(pair_spans(a, [LineSpan(1, 0, 2, "ORG", "中国")], span_rule)), len(pair_spans(a, a, strict_rule))
    (1, 1)
    """
    taken: set[int] = set()
    pairs = []
    for a in first:
        for i, b in enumerate(second):
            if i not in taken and rule(a, b):
                taken.add(i)
                pairs.append((a, b))
                break
    return pairs


def count(first: Sequence[LineSpan], second: Sequence[LineSpan], rule: Callable[[LineSpan, LineSpan], bool]) -> Counts:
    """Counts of one line under one rule."""
    tp = len(pair_spans(first, second, rule))
    return Counts(tp, len(second) - tp, len(first) - tp)


def of_label(spans: Iterable[LineSpan], label: str) -> list[LineSpan]:
    """The spans carrying ``label``."""
    return [s for s in spans if s.label == label]


def label_counts(first: Mapping[int, list[LineSpan]], second: Mapping[int, list[LineSpan]],
                 rule: Callable[[LineSpan, LineSpan], bool], labels: Sequence[str]) -> dict[str, Counts]:
    """Per-label counts over all sample lines (both passes filtered to the label first)."""
    return {label: sum((count(of_label(first[n], label), of_label(second[n], label), rule) for n in first),
                       Counts()) for label in labels}


# --- normalized values ----------------------------------------------------------------------------


def same_value(key: str, a: Any, b: Any) -> bool:
    """Equality of one norm key; ``value``/``min``/``max`` compare as decimals.

    >>> same_value("value", "0.50", "0.5"), same_value("max", "0.5", None), same_value("unit", "家", "家")
    (True, False, True)
    """
    if key in DECIMAL_KEYS and a is not None and b is not None:
        try:
            return Decimal(str(a)) == Decimal(str(b))
        except InvalidOperation:
            pass
    return a == b


def norm_mismatches(a: Mapping[str, Any] | None, b: Mapping[str, Any] | None) -> list[str]:
    """The norm keys on which two spans differ, sorted (empty: same value).

    >>> norm_mismatches({"value": "0.5", "max": "0.5", "qualifier": "exact"},
    ...                 {"value": "0.5", "max": None, "qualifier": "over"})
    ['max', 'qualifier']
    """
    a, b = a or {}, b or {}
    return sorted(k for k in set(a) | set(b) if not same_value(k, a.get(k), b.get(k)))


def strict_pairs(first: Mapping[int, list[LineSpan]],
                 second: Mapping[int, list[LineSpan]]) -> list[tuple[LineSpan, LineSpan]]:
    """All strict matches, in line order."""
    return [p for n in sorted(first) for p in pair_spans(first[n], second[n], strict_rule)]


def value_agreement(pairs: Sequence[tuple[LineSpan, LineSpan]]) -> dict[str, Any]:
    """Per normalized label and overall: ``{"matched", "agreed", "agreement"}`` over strict matches."""
    out: dict[str, Any] = {}
    for label in (*NORM_LABELS, "all"):
        chosen = [(a, b) for a, b in pairs if a.label == label or (label == "all" and a.label in NORM_LABELS)]
        agreed = sum(not norm_mismatches(a.norm, b.norm) for a, b in chosen)
        out[label] = {"matched": len(chosen), "agreed": agreed, "agreement": _round(_ratio(agreed, len(chosen)))}
    return out


# --- kappa ----------------------------------------------------------------------------------------


def char_labels(line_text: str, spans: Iterable[LineSpan]) -> list[str]:
    """The label of each character of a line (``O`` outside every span).

    >>> char_labels("在中国", [LineSpan(1, 1, 3, "LOC", "中国")])
    ['O', 'LOC', 'LOC']
    """
    out = [OUTSIDE] * len(line_text)
    for s in spans:
        out[s.start:s.end] = [s.label] * (s.end - s.start)
    return out


def cohen_kappa(a: Sequence[str], b: Sequence[str]) -> float | None:
    """Cohen's kappa of two equally long label sequences; None when chance agreement is 1.

    >>> cohen_kappa(["O", "X", "X", "O"], ["O", "X", "O", "O"])
    0.5
    """
    n = len(a)
    if n == 0:
        return None
    observed = sum(x == y for x, y in zip(a, b)) / n
    ca, cb = Counter(a), Counter(b)
    expected = sum(ca[k] * cb[k] for k in ca) / (n * n)
    return _ratio(observed - expected, 1 - expected)


def char_kappa(first: Mapping[int, list[LineSpan]], second: Mapping[int, list[LineSpan]]) -> dict[str, Any]:
    """Character-level kappa over all sample lines: ``{"chars", "kappa"}``."""
    lines = build_gold.doc_lines()
    a = [lab for n in sorted(first) for lab in char_labels(lines[n - 1], first[n])]
    b = [lab for n in sorted(first) for lab in char_labels(lines[n - 1], second[n])]
    return {"chars": len(a), "kappa": _round(cohen_kappa(a, b))}


# --- disagreements --------------------------------------------------------------------------------


def disagreement_kind(a: LineSpan | None, b: LineSpan | None) -> str:
    """``first_only``, ``second_only``, ``label``, ``boundary`` or ``boundary+label``.

    >>> disagreement_kind(LineSpan(1, 0, 1, "PRODUCT", "台"), None)
    'first_only'
    """
    if b is None:
        return "first_only"
    if a is None:
        return "second_only"
    if (a.start, a.end) == (b.start, b.end):
        return "label"
    return "boundary" if a.label == b.label else "boundary+label"


def line_disagreements(n: int, first: Sequence[LineSpan], second: Sequence[LineSpan]) -> list[dict[str, Any]]:
    """The strict misses of one line, an overlapping pair reported once, then its value mismatches."""
    pairs = pair_spans(first, second, strict_rule)
    paired_a = {id(a) for a, _ in pairs}
    paired_b = {id(b) for _, b in pairs}
    rest_a = [a for a in first if id(a) not in paired_a]
    rest_b = [b for b in second if id(b) not in paired_b]
    items, used_b = [], set()
    for a in rest_a:
        b = next((b for b in rest_b if id(b) not in used_b and a.overlaps(b)), None)
        if b is not None:
            used_b.add(id(b))
        items.append(_item(n, disagreement_kind(a, b), a, b, []))
    items += [_item(n, "second_only", None, b, []) for b in rest_b if id(b) not in used_b]
    items += [_item(n, "value", a, b, bad) for a, b in pairs if (bad := norm_mismatches(a.norm, b.norm))]
    return sorted(items, key=lambda d: (d["line"], _col(d)))


def _col(item: Mapping[str, Any]) -> int:
    side = item["first"] or item["second"]
    return side["start"]


def _item(n: int, kind: str, a: LineSpan | None, b: LineSpan | None, keys: list[str]) -> dict[str, Any]:
    return {"line": n, "kind": kind, "first": a.to_dict() if a else None, "second": b.to_dict() if b else None,
            "keys": keys}


def read_adjudication(path: Path = ADJUDICATION_PATH) -> list[dict[str, Any]]:
    """The decisions taken on the disagreements (empty list if the file does not exist).

    Raises:
        build_gold.GoldError: On bad JSON or a decision not in ``first``/``second``/``unclear``.
    """
    if not path.exists():
        return []
    out = []
    for i, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip():
            continue
        try:
            row = json.loads(raw)
        except json.JSONDecodeError as err:
            raise build_gold.GoldError(f"[G021] {path.name}:{i}: bad JSON: {err}") from None
        if row.get("decision") not in DECISIONS:
            raise build_gold.GoldError(f"[G022] {path.name}:{i}: decision must be one of {sorted(DECISIONS)}")
        out.append(row)
    return out


def adjudication_key(line: int, kind: str, first_text: str | None, second_text: str | None) -> tuple[Any, ...]:
    """How a disagreement and its decision are joined: line, kind and the two span texts."""
    return (line, kind, first_text, second_text)


def attach_decisions(items: Sequence[dict[str, Any]], decisions: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Each disagreement with its ``adjudication`` (``{"decision", "fixed", "reason", "rule"}`` or None)."""
    by_key = {adjudication_key(d["line"], d["kind"], d.get("first"), d.get("second")): d for d in decisions}
    out = []
    for item in items:
        key = adjudication_key(item["line"], item["kind"], (item["first"] or {}).get("text"),
                               (item["second"] or {}).get("text"))
        d = by_key.get(key)
        out.append({**item, "adjudication": None if d is None else
                    {"decision": d["decision"], "fixed": d.get("fixed", False), "reason": d.get("reason", ""),
                     "rule": d.get("rule")}})
    return out


# --- the whole measurement ------------------------------------------------------------------------


def measure(first: Mapping[int, list[LineSpan]], second: Mapping[int, list[LineSpan]],
            labels: Sequence[str], decisions: Sequence[Mapping[str, Any]] = ()) -> dict[str, Any]:
    """Agreement of two passes over the same lines.

    Args:
        first: First-pass spans by line (the reference).
        second: Second-pass spans by line (same lines).
        labels: The labels to report, in order.
        decisions: Adjudication rows joined to the disagreements.

    Returns:
        ``{"lines", "labels": {label: {"strict", "overlap"}}, "micro": {"strict", "span", "overlap"},
        "values", "kappa", "disagreements"}``.
    """
    per_rule = {name: label_counts(first, second, rule, labels) for name, rule in RULES.items() if name != "span"}
    span_micro = sum((count(first[n], second[n], span_rule) for n in first), Counts())
    micro = {name: sum(c.values(), Counts()).to_dict() for name, c in per_rule.items()}
    items = [d for n in sorted(first) for d in line_disagreements(n, first[n], second[n])]
    return {
        "lines": len(first),
        "labels": {lab: {name: per_rule[name][lab].to_dict() for name in per_rule} for lab in labels},
        "micro": {"strict": micro["strict"], "span": span_micro.to_dict(), "overlap": micro["overlap"]},
        "values": value_agreement(strict_pairs(first, second)),
        "kappa": char_kappa(first, second),
        "disagreements": attach_decisions(items, decisions),
    }


def agreement(adjudicated: bool = False) -> dict[str, Any]:
    """Measure the sample: the frozen first pass (or, ``adjudicated``, the current part files) vs the
    second pass.  The result also names its inputs under ``"first_pass"`` and ``"second_pass"``."""
    sample = the_sample()
    first_paths = build_gold.part_paths() if adjudicated else [FROZEN_FIRST_PATH]
    first = read_pass(first_paths, sample)
    second = read_pass([SECOND_PATH], sample)
    result = measure(first, second, guideline_labels(), read_adjudication())
    rel = [str(p.relative_to(build_gold.ROOT)) for p in first_paths]
    return {"first_pass": rel if adjudicated else rel[0],
            "second_pass": str(SECOND_PATH.relative_to(build_gold.ROOT)), **result}


# --- reporters ------------------------------------------------------------------------------------


def fmt(x: float | None, places: int = 3) -> str:
    """A score for the table: ``0.988``, or ``–`` when undefined.

    >>> fmt(0.98765), fmt(0.98765, 4), fmt(None)
    ('0.988', '0.9877', '–')
    """
    return "–" if x is None else f"{x:.{places}f}"


def markdown_agreement(result: Mapping[str, Any]) -> str:
    """The per-label agreement table (guideline label order), the kappa line and the value table, as markdown."""
    rows = ["| label | first pass | second pass | both (strict) | strict F1 | overlap F1 |",
            "|---|---:|---:|---:|---:|---:|"]
    order = [*guideline_labels(), *sorted(set(result["labels"]) - set(guideline_labels()))]
    for label in (lab for lab in order if lab in result["labels"]):
        s, o = result["labels"][label]["strict"], result["labels"][label]["overlap"]
        rows.append(f"| {label} | {s['first']} | {s['second']} | {s['tp']} | {fmt(s['f1'])} | {fmt(o['f1'])} |")
    m = result["micro"]
    rows.append(f"| **micro** | {m['strict']['first']} | {m['strict']['second']} | {m['strict']['tp']} | "
                f"**{fmt(m['strict']['f1'])}** | {fmt(m['overlap']['f1'])} |")
    rows.append("")
    rows.append(f"Span-only (same bounds, any label) micro F1: {fmt(m['span']['f1'])}. "
                f"Character-level Cohen's kappa ({result['kappa']['chars']} characters, `O` included): "
                f"{fmt(result['kappa']['kappa'], 4)}.")
    rows += ["", "| normalized values | strict matches | same norm | agreement |", "|---|---:|---:|---:|"]
    for label, v in result["values"].items():
        rows.append(f"| {label} | {v['matched']} | {v['agreed']} | {fmt(v['agreement'])} |")
    return "\n".join(rows) + "\n"


def _side(side: Mapping[str, Any] | None) -> str:
    return "—" if side is None else f"`{side['text']}` {side['label']}"


def markdown_disagreements(result: Mapping[str, Any]) -> str:
    """One row per disagreement with its decision, as markdown."""
    rows = ["| line | kind | first pass | second pass | decision | gold fixed |", "|---:|---|---|---|---|---|"]
    for d in result["disagreements"]:
        adj = d["adjudication"] or {"decision": "**not adjudicated**", "fixed": False}
        kind = d["kind"] + (f" ({', '.join(d['keys'])})" if d["keys"] else "")
        rows.append(f"| {d['line']} | {kind} | {_side(d['first'])} | {_side(d['second'])} | {adj['decision']} | "
                    f"{'yes' if adj['fixed'] else 'no'} |")
    return "\n".join(rows) + "\n"


def dumps(result: Mapping[str, Any]) -> str:
    """The JSON file's text: sorted keys, indented, non-ASCII kept, final newline."""
    return json.dumps(result, ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Command line entry point; returns 0, or 1 on a gold problem or a ``--check`` mismatch."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--adjudicated", action="store_true", help="use the current part files as the first pass")
    ap.add_argument("--blind", action="store_true", help="sample B: the gold vs the blind pass (sample_b.jsonl)")
    ap.add_argument("-o", "--output", type=Path, default=None, help="JSON output (default by mode)")
    ap.add_argument("--check", action="store_true", help="compare with the output file instead of writing")
    args = ap.parse_args(argv)
    out = args.output or (BLIND_OUT_PATH if args.blind else ADJUDICATED_OUT_PATH if args.adjudicated else OUT_PATH)
    try:
        result = blind_agreement() if args.blind else agreement(adjudicated=args.adjudicated)
    except build_gold.GoldError as err:
        print(f"agreement: {err}", file=sys.stderr)
        return 1
    data = dumps(result).encode("utf-8")
    if args.check:
        same = out.exists() and out.read_bytes() == data
        print(f"{out}: {'up to date' if same else 'OUT OF DATE (rerun agreement.py)'}")
        return 0 if same else 1
    build_gold.write_atomic(out, data)
    print(markdown_agreement(result))
    print(markdown_disagreements(result))
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
