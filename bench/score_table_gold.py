"""Rows of hand-made table gold recalled with every cell right (a measurement, not a test; nothing is tuned on it).

    PYTHONPATH=. python bench/score_table_gold.py /work/gold   (folders <key>/tables.jsonl, PDFs in ../shared/corpus-real)

A gold row counts as recalled when a generic row of the extraction has the same cells (whitespace removed,
full/half width folded), on a page of the gold table; also reported: tables of the gold with at least one row found,
and generic rows extracted.
"""
from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

from nlp.ingest import read_document
from nlp.records.generic import generic_rows
from nlp.text.blocks import segment_blocks

CORPUS = Path("/work/shared/corpus-real")


def fold(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def score(folder: Path) -> dict[str, object]:
    gold = [json.loads(line) for line in (folder / "tables.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    doc = read_document(CORPUS / f"{folder.name}.pdf")
    normalized, _ = segment_blocks(doc)
    rows = generic_rows(doc, normalized)
    found = Counter((r.prov.page, tuple(fold(c) for c in r.cells)) for r in rows)
    found_any = Counter(tuple(fold(c) for c in r.cells) for r in rows)
    hit = hit_any = total = tables_hit = 0
    for table in gold:
        table_hit = False
        for row in table["rows"]:
            total += 1
            key = tuple(fold(c) for c in row["cells"])
            if found[(row["page"], key)] > 0:
                found[(row["page"], key)] -= 1
                hit += 1
                table_hit = True
            if found_any[key] > 0:
                hit_any += 1
        tables_hit += table_hit
    return {"gold_tables": len(gold), "gold_rows": total, "rows_right_same_page": hit, "rows_right_any_page": hit_any,
            "recall": round(hit / total, 3) if total else None, "gold_tables_with_a_row": tables_hit,
            "extracted_tables": len({r.table for r in rows}), "extracted_rows": len(rows)}


if __name__ == "__main__":
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "/work/gold")
    for folder in sorted(p for p in root.iterdir() if (p / "tables.jsonl").exists()):
        print(folder.name, score(folder))
