"""Check an annotator's part file against the document before it is built into gold.

Usage: python annotations/tools/check_part.py annotations/src/mentions/part-a.jsonl FIRST LAST
       python annotations/tools/check_part.py annotations/src/second_pass/sample.jsonl --sample
(``--sample``: the second-pass sample, every 10th non-blank line of the document.)

Checks: every non-blank line FIRST..LAST is present once; each span's text is found in the line
after the end of the previous span (left-to-right order, no overlap); labels are the guideline's;
DATE/MONEY/PERCENT/QUANTITY spans carry a norm with the guideline's keys.  Prints one line per
problem and exits 1 if there is any.
"""
from __future__ import annotations

import json
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "corpus" / "cn-blockchain-2022-2023.txt"
LABELS = {"ORG", "LOC", "PER", "TITLE", "STD", "PRODUCT", "DATE", "MONEY", "PERCENT", "QUANTITY"}
NORM_KEYS = {
    "DATE": {"start", "end", "granularity", "qualifier"},
    "MONEY": {"value", "min", "max", "currency", "qualifier"},
    "PERCENT": {"value", "min", "max", "qualifier"},
    "QUANTITY": {"value", "min", "max", "unit", "qualifier"},
}
GRANULARITIES = {"day", "month", "quarter", "half", "year", "period"}
QUALIFIERS = {None, "exact", "approx", "over", "under", "range", "vague", "asof", "since", "relative"}


def problems_in_span(lineno: int, span: dict) -> list[str]:
    out = []
    label = span.get("label")
    if label not in LABELS:
        out.append(f"line {lineno}: unknown label {label!r}")
        return out
    if label in NORM_KEYS:
        norm = span.get("norm")
        if not isinstance(norm, dict) or set(norm) != NORM_KEYS[label]:
            out.append(f"line {lineno}: {span.get('text')!r} {label} norm keys must be {sorted(NORM_KEYS[label])}")
            return out
        if norm.get("qualifier") not in QUALIFIERS:
            out.append(f"line {lineno}: {span.get('text')!r} bad qualifier {norm.get('qualifier')!r}")
        if label == "DATE":
            if norm["granularity"] not in GRANULARITIES:
                out.append(f"line {lineno}: {span['text']!r} bad granularity")
            if not (isinstance(norm["start"], str) and isinstance(norm["end"], str) and norm["start"] <= norm["end"]):
                out.append(f"line {lineno}: {span['text']!r} start/end must be ISO dates, start <= end")
        else:
            for key in ("value", "min", "max"):
                v = norm[key]
                if v is None:
                    continue
                try:
                    Decimal(v)
                except (InvalidOperation, TypeError):
                    out.append(f"line {lineno}: {span['text']!r} {key}={v!r} is not a decimal string")
    elif "norm" in span and span["norm"] is not None:
        out.append(f"line {lineno}: {span.get('text')!r} {label} takes no norm")
    return out


def sample_lines(lines: list[str]) -> set[int]:
    """The second-pass sample: every 10th non-blank line (the 10th, 20th, ...)."""
    nonblank = [i for i, line in enumerate(lines, 1) if line.strip()]
    return set(nonblank[9::10])


def main(path: str, first: int, last: int) -> int:
    lines = DOC.read_text(encoding="utf-8").split("\n")
    seen: set[int] = set()
    errors: list[str] = []
    for raw in Path(path).read_text(encoding="utf-8").splitlines():
        if not raw.strip():
            continue
        row = json.loads(raw)
        n = row["line"]
        if n in seen:
            errors.append(f"line {n}: present twice")
        seen.add(n)
        text = lines[n - 1]
        pos = 0
        for span in row["spans"]:
            errors += problems_in_span(n, span)
            found = text.find(span.get("text", "\x00"), pos)
            if not span.get("text") or found < 0:
                errors.append(f"line {n}: {span.get('text')!r} not found after column {pos}")
                continue
            pos = found + len(span["text"])
    if first < 0:
        wanted = sample_lines(lines)
    else:
        wanted = {i for i in range(first, last + 1) if lines[i - 1].strip()}
    for n in sorted(wanted - seen):
        errors.append(f"line {n}: missing (non-blank line in range)")
    for n in sorted(seen - wanted):
        errors.append(f"line {n}: outside the range or blank")
    for e in errors:
        print(e)
    print(f"{len(seen)} lines, {len(errors)} problems")
    return 1 if errors else 0


if __name__ == "__main__":
    if sys.argv[2:] == ["--sample"]:
        sys.exit(main(sys.argv[1], -1, -1))
    sys.exit(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3])))
