"""Predictions moved into the gold text's coordinates, so any extraction of a gold document can be scored.

The gold of the first report is keyed by offsets and lines of ``corpus/cn-blockchain-2022-2023.txt``. A prediction
made from another text of the same document (its PDF, whose logical text differs in spaces, line breaks, width and
the order of a few blocks) carries offsets and lines of that text. For each predicted document that maps to a gold
document, :func:`realign` reads the predicted document's own text again (the source path of ``documents.jsonl``,
ingested as ``extract`` does), aligns it with the gold text (:class:`nlp.scoring.align.Alignment`) and rewrites
every predicted row:

- a mention's ``raw_start``/``raw_end`` become the gold offsets of the same characters when the span has an exact
  image in the gold text (after folding: NFKC width, no whitespace); otherwise the gold offsets nearest to its ends
  (so it can only be a false positive, or a partial/type overlap), and its ``line`` becomes the gold line there;
- a table record or key figure gets the gold ``line`` that holds the image of its ``raw_start``;
- a paragraph (classified as a whole) is repeated on every gold line its image covers (the PDF joins lines the
  text file keeps apart, and the gold classes are per line).

A document whose text equals the gold text is left as it is; one whose source cannot be read is left as it is and
listed (``SystemResults.misaligned_docs`` then warns when its offsets do not match).
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from nlp.scoring.align import Alignment
from nlp.scoring.loaders import Gold, Predictions

log = logging.getLogger(__name__)


def gold_text(gold: Gold, doc: str) -> str:
    """The gold document's raw text rebuilt from its paragraphs (blank lines as newlines: folding drops them)."""
    paras = sorted((p for (d, _), p in gold.paragraphs.items() if d == doc), key=lambda p: p.start)
    if not paras:
        return ""
    chars = ["\n"] * max(p.end for p in paras)
    for p in paras:
        chars[p.start:p.start + len(p.text)] = list(p.text)
    return "".join(chars)


def source_path(raw: str, pred_dir: Path) -> Path | None:
    """A ``documents.jsonl`` path as given (from the current folder), else from the output folder's parent."""
    if not raw:
        return None
    candidates = [Path(raw)] if Path(raw).is_absolute() else [Path(raw), pred_dir.parent / raw]
    return next((c for c in candidates if c.is_file()), None)


@lru_cache(maxsize=8)
def _source_text(path: str, mtime: float) -> str:
    from nlp.api import load_document
    return load_document(Path(path)).text


def source_text(path: Path) -> str | None:
    """The ingested text of a source file (cached per path and modification time), ``None`` when unreadable."""
    from nlp.errors import CnreportError
    try:
        return _source_text(str(path.resolve()), path.stat().st_mtime)
    except (CnreportError, OSError) as exc:
        log.warning("%s: cannot re-read the source to align it with the gold (%s)", path, exc)
        return None


def _moved_mention(row: dict[str, Any], al: Alignment, line_of: Callable[[int], int]) -> dict[str, Any]:
    start, end = row.get("raw_start"), row.get("raw_end")
    if start is None or end is None:
        return row
    exact = al.span(int(start), int(end))
    if exact is None:
        first = al.offset(int(start))
        exact = (first, max(al.offset(max(int(end) - 1, int(start))) + 1, first + 1))
        # an inexact image must never equal a gold span by chance: keep it, it is scored as it lands
    return {**row, "raw_start": exact[0], "raw_end": exact[1], "line": line_of(exact[0])}


def _moved_row(row: dict[str, Any], al: Alignment, line_of: Callable[[int], int]) -> dict[str, Any]:
    start = row.get("raw_start")
    return row if start is None else {**row, "line": line_of(al.offset(int(start)))}


def _paragraph_rows(row: dict[str, Any], al: Alignment, lines: Callable[[int, int], list[int]]) -> list[dict[str, Any]]:
    start, end = row.get("raw_start"), row.get("raw_end")
    if start is None or end is None:
        return [row]
    first = al.offset(int(start))
    last = max(al.offset(max(int(end) - 1, int(start))) + 1, first + 1)
    return [{**row, "line": n} for n in lines(first, last)] or [row]


def realign(preds: Predictions, gold: Gold, pred_dir: str | Path, doc_of: Callable[[Mapping[str, Any]], str],
            line_of: Callable[[str, int, int], int],
            lines_between: Callable[[str, int, int], list[int]] | None = None) -> list[str]:
    """Rewrite ``preds`` in place into the gold text's coordinates; return the notes (documents not aligned).

    Args:
        preds: one system's predictions.
        gold: the gold (its paragraphs give the gold text).
        pred_dir: the system's folder (relative source paths are also tried from its parent).
        doc_of: the gold document of a predicted row.
        line_of: ``(doc, gold offset, fallback) -> gold line``.
        lines_between: ``(doc, gold start, gold end) -> gold lines`` (paragraphs over several lines).
    """
    gold_ids = {d for d, _ in gold.paragraphs}
    alignments: dict[str, Alignment] = {}
    notes = []
    for row in preds.documents:
        doc = doc_of(row)
        if doc not in gold_ids or doc in alignments:
            continue
        path = source_path(str(row.get("path") or ""), Path(pred_dir))
        text = source_text(path) if path is not None else None
        if text is None:
            notes.append(f"{row.get('path')}: source not found; its offsets are scored as they are")
            continue
        alignments[doc] = Alignment.of(text, gold_text(gold, doc))
    if not alignments or all(a.identical for a in alignments.values()):
        return notes

    def moved(rows: Iterable[dict[str, Any]], how: Callable[..., dict[str, Any]]) -> list[dict[str, Any]]:
        out = []
        for row in rows:
            doc = doc_of(row)
            al = alignments.get(doc)
            out.append(row if al is None or al.identical else how(row, al, lambda o, d=doc: line_of(d, o, -1)))
        return out

    preds.mentions = moved(preds.mentions, _moved_mention)
    preds.records = {k: moved(v, _moved_row) for k, v in preds.records.items()}
    preds.figures = moved(preds.figures, _moved_row)
    if lines_between is None:
        preds.paragraphs = moved(preds.paragraphs, _moved_row)
    else:
        paragraphs: list[dict[str, Any]] = []
        for row in preds.paragraphs:
            doc = doc_of(row)
            al = alignments.get(doc)
            if al is None or al.identical:
                paragraphs.append(row)
                continue

            def lines(a: int, b: int, d: str = doc) -> list[int]:
                assert lines_between is not None
                return lines_between(d, a, b)
            paragraphs.extend(_paragraph_rows(row, al, lines))
        preds.paragraphs = paragraphs
    return notes


__all__ = ["gold_text", "realign", "source_path", "source_text"]
