"""Our table finder against pdfplumber's, scored on hand gold: rows recalled with every cell right.

    PYTHONPATH=. python bench/table_finders.py [GOLD_ROOT]   (needs the `bench` extra: pip install -e '.[bench]')

For each report of ``GOLD_ROOT`` (default ``annotations/reports``) with a ``tables.jsonl`` whose PDF is in
``../shared/corpus-real``, and for the two PDFs :mod:`tests.records.layout_pdfs` makes (a white paper's ruled policy
tables, a slide deck's financing table without rules), both finders read every page of the same pdfminer layout:

* ``ours``: :func:`nlp.ingest.layout.page_content` (ruled grids with merged cells, three-line tables, aligned
  columns) and :func:`nlp.ingest.tables.page_tables` (the table parts of the document model);
* ``pdfplumber``: its ``lines`` finder (:mod:`bench.pdfplumber_tables`), a merged cell's ``None`` filled from the
  cell above, captions found the same way as ours.

Both then go through the same linking and joining of pages (:func:`nlp.ingest.tables.link_parts`,
:func:`nlp.records.generic.joined_tables`, same-as-above cells filled),
so only the finder differs. A gold row counts when a row of the finder has the same cells (whitespace removed,
width folded) on the same page (any page for the made PDFs). Also printed: the CPU seconds of each finder's pass
over the pages (ours: the whole page conversion, text included; pdfplumber: its finder alone, on the layout ours
made).
"""
from __future__ import annotations

import json
import re
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from pdfplumber_tables import page_layouts, page_tables as plumber_tables  # noqa: E402

from nlp.ingest.layout import TextLine, page_content  # noqa: E402
from nlp.ingest.document import Table  # noqa: E402
from nlp.ingest.tables import is_caption, link_parts, page_tables, rows_table  # noqa: E402
from nlp.records.generic import SAME_AS_ABOVE, joined_tables  # noqa: E402

CORPUS = Path("/work/shared/corpus-real")
CAPTION_GAP = 60.0


def fold(text: str | None) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def filled(rows: tuple[tuple[str | None, ...], ...]) -> list[list[str]]:
    """pdfplumber's rows with a merged cell's ``None`` filled from the row above (the gold's convention)."""
    out: list[list[str]] = []
    for row in rows:
        out.append([(out[-1][i] if out and i < len(out[-1]) else "") if c is None else c for i, c in enumerate(row)])
    return out


def _caption(content: Any, top: float, bottom: float) -> tuple[str, str]:
    captions = [i for i in content.items if isinstance(i, TextLine) and is_caption(i)]
    above = [c for c in captions if c.bottom <= top + 2 and top - c.bottom < CAPTION_GAP]
    if above:
        return max(above, key=lambda c: c.bottom).text.strip(), "above"
    below = [c for c in captions if c.top >= bottom - 2 and c.top - bottom < CAPTION_GAP]
    return (min(below, key=lambda c: c.top).text.strip(), "below") if below else ("", "")


def both_finders(path: Path) -> tuple[list[Table], list[Table], float, float]:
    """The table parts of each finder (:class:`nlp.ingest.document.Table`) and each finder's CPU seconds."""
    ours: list[Table] = []
    theirs: list[Table] = []
    ours_s = theirs_s = 0.0
    for number, page, layout in page_layouts(path):
        start = time.process_time()
        content = page_content(layout, number)
        ours += page_tables(content)
        ours_s += time.process_time() - start
        start = time.process_time()
        found = plumber_tables(number, page, layout)
        theirs_s += time.process_time() - start
        for table in found:
            caption, at = _caption(content, table.top, table.bottom)
            theirs.append(rows_table(number, filled(table.rows), caption, at))
    return ours, theirs, ours_s, theirs_s


def table_rows(parts: list[Table]) -> list[tuple[int, tuple[str, ...]]]:
    """Body rows after linking and joining pages, ``同上`` filled: (page, folded cells)."""
    out = []
    for table in joined_tables(link_parts(parts)):
        above: list[str] = []
        for page, cells, _ in table.rows:
            cells = [above[i] if fold(c) in SAME_AS_ABOVE and i < len(above) else c for i, c in enumerate(cells)]
            above = cells
            out.append((page, tuple(fold(c) for c in cells)))
    return out


def recall(gold: list[tuple[int | None, tuple[str, ...]]], found: list[tuple[int, tuple[str, ...]]]) -> int:
    pages = Counter(found)
    anywhere = Counter(cells for _, cells in found)
    hit = 0
    for page, cells in gold:
        pool, key = (anywhere, cells) if page is None else (pages, (page, cells))
        if pool[key] > 0:  # type: ignore[index]
            pool[key] -= 1  # type: ignore[index]
            hit += 1
    return hit


def report_gold(folder: Path) -> list[tuple[int | None, tuple[str, ...]]]:
    tables = [json.loads(line) for line in (folder / "tables.jsonl").read_text(encoding="utf-8").splitlines() if line]
    return [(row["page"], tuple(fold(c) for c in row["cells"])) for t in tables for row in t["rows"]]


def made_gold() -> list[tuple[Path, list[tuple[int | None, tuple[str, ...]]]]]:
    from tests.records.layout_pdfs import FINANCING, WHITE_PAPER_TABLES, slide_deck, white_paper
    folder = Path(tempfile.mkdtemp(prefix="table-finders-"))
    policies = []
    for _, rows, _ in WHITE_PAPER_TABLES:
        issuer = ""
        for date, title, who, content in rows:
            issuer = issuer if who == "同上" else who
            policies.append((None, tuple(fold(c) for c in (date, title, issuer, content))))
    financing = [(None, tuple(fold(c) for c in row)) for row in FINANCING]
    return [(white_paper(folder / "white_paper.pdf"), policies), (slide_deck(folder / "slide_deck.pdf"), financing)]


def main(root: Path) -> None:
    cases = [(CORPUS / f"{f.name}.pdf", report_gold(f)) for f in sorted(root.iterdir())
             if (f / "tables.jsonl").exists() and (CORPUS / f"{f.name}.pdf").exists()]
    print(f"{'PDF':36} {'gold rows':>9} {'ours':>5} {'pdfplumber':>10} {'ours cpu s':>10} {'pdfplumber cpu s':>16}")
    for path, gold in cases + made_gold():
        ours, theirs, ours_s, theirs_s = both_finders(path)
        print(f"{path.stem:36} {len(gold):9d} {recall(gold, table_rows(ours)):5d} {recall(gold, table_rows(theirs)):10d}"
              f" {ours_s:10.2f} {theirs_s:16.2f}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "annotations" / "reports")
