"""Our table grids (nlp.ingest.layout) against pdfplumber's table finder, on the same pdfminer layout of each page.

    PYTHONPATH=. python bench/tables_vs_pdfplumber.py PDF...   (needs the `bench` extra: pip install -e '.[bench]')

Per PDF: page tables found by each (pdfplumber run on the pages where ours found a grid, and, for the count, on
every page with ruling objects), nonempty cells, cells shared (same text, spaces removed), and the CPU seconds
pdfplumber's finder adds.
"""
from __future__ import annotations

import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pdfplumber_tables import page_layouts, page_tables  # noqa: E402  (bench/pdfplumber_tables.py)

from nlp.ingest.layout import TableBlock, page_content  # noqa: E402


def compact(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "")


def compare(path: Path) -> dict[str, float]:
    figures = Counter()
    for number, page, layout in page_layouts(path):
        content = page_content(layout, number)
        ours = [i for i in content.items if isinstance(i, TableBlock)]
        start = time.process_time()
        theirs_all = page_tables(number, page, layout)
        figures["plumber_all_pages_s"] += time.process_time() - start
        theirs = theirs_all if ours else []
        if ours:
            figures["plumber_gated_s"] += time.process_time() - start
        mine = Counter(compact(c) for t in ours for r in t.rows for c in r if compact(c))
        other = Counter(compact(c) for t in theirs for r in t.rows for c in r if compact(c))
        figures.update(ours=len(ours), plumber=len(theirs), plumber_all_pages=len(theirs_all),
                       our_cells=sum(mine.values()), plumber_cells=sum(other.values()),
                       shared_cells=sum((mine & other).values()))
    return dict(figures)


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        print(Path(arg).stem, {k: round(v, 2) for k, v in compare(Path(arg)).items()})
