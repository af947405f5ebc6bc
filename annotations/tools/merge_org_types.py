"""Merge the annotators' ORG-type parts into ``annotations/classes/org_types.csv``.

Usage: python annotations/tools/merge_org_types.py [--check]

Input: ``annotations/src/org_types/part-*.csv`` (``name,type,line``; typed by hand, one row per distinct ORG text of
the gold mentions, see GUIDELINES.md section 6). Output: ``annotations/classes/org_types.csv`` (``name,type,line``),
sorted by first line then name. Fails when a name is typed twice or a gold ORG name is missing.
"""
from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_gold  # noqa: E402  (a sibling tool, as agreement.py uses it)

PARTS = build_gold.ROOT / "annotations" / "src" / "org_types"
OUT = build_gold.ROOT / "annotations" / "classes" / "org_types.csv"


def gold_org_names() -> set[str]:
    """The distinct ORG texts of the built gold (``annotations/mentions.jsonl``)."""
    return {s["text"] for row in build_gold.read_gold() for s in row["spans"] if s["label"] == "ORG"}


def merged_rows() -> list[dict[str, str]]:
    rows: dict[str, dict[str, str]] = {}
    for part in sorted(PARTS.glob("part-*.csv")):
        with part.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                if row["name"] in rows:
                    raise SystemExit(f"{part}: {row['name']!r} is typed twice")
                rows[row["name"]] = {"name": row["name"], "type": row["type"], "line": row["line"]}
    missing = sorted(gold_org_names() - set(rows))
    if missing:
        raise SystemExit(f"gold ORG names without a type: {missing[:10]} ({len(missing)})")
    return sorted(rows.values(), key=lambda r: (int(r["line"]), r["name"]))


def render(rows: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=["name", "type", "line"], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def main(argv: list[str]) -> int:
    text = render(merged_rows())
    if "--check" in argv:
        same = OUT.exists() and OUT.read_text(encoding="utf-8") == text
        print(f"{OUT}: {'up to date' if same else 'OUT OF DATE'}")
        return 0 if same else 1
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT} ({text.count(chr(10)) - 1} rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
