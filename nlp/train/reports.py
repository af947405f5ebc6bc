"""Training lines from the gold of real report PDFs (``annotations/reports/<key>/``, GUIDELINES.md section 10).

That gold is keyed by page and content, not by offsets, and the PDFs are not in the repository. To train on it, each
PDF is ingested by cnreport's own ingest and cut into the sentences the NER sees at run time
(:func:`nlp.text.blocks.segment_blocks`, :func:`nlp.segment.sentences.split_sentences`); then each gold span of a
page is placed on that page's text:

- compared folded (NFKC width folding, whitespace removed on both sides: :func:`nlp.scoring.align.fold`), as the
  harness compares a report's mentions;
- in reading order: the first occurrence at or after the previous span's end that no placed span overlaps; when
  there is none after it (the gold's reading order and the PDF's text order differ), the first free occurrence of the
  page, counted as ``out_of_order``;
- one occurrence per gold span; a span whose text is not on its page is counted as ``not_found`` and listed, never
  guessed. A page with a span not found trains nothing (its text would teach "not a name" where the gold has one);
- a placed span that crosses a sentence boundary cannot be an entity of one training example: its pieces are left
  unannotated (spaCy's missing value, neither entity nor outside) and counted as ``across_sentences``.

Which reports train and which are held out is data: ``[reports]`` of ``nlp/train/settings.toml``. A held-out report
(the one the README's cross-report figures are measured on) is refused here whatever the caller asks.
"""
from __future__ import annotations

import hashlib
import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..scoring.align import FoldedText, fold
from ..scoring.report_gold import PageSpan, ReportGold, load_report_gold
from .data import GoldLine, GoldSpan, settings

#: Where the real PDFs are looked for when no folder is given: ``$CNREPORT_CORPUS_REAL``, then ``shared/corpus-real``
#: beside the checkout or its parent (as tests/cli/test_cross_report.py finds them).
ENV_CORPUS_REAL = "CNREPORT_CORPUS_REAL"
ROOT = Path(__file__).resolve().parents[2]


def report_settings() -> dict[str, Any]:
    """``[reports]`` of settings.toml: ``train`` (keys trained on) and ``held_out`` (keys no model may see)."""
    conf = settings().get("reports", {})
    train, held = list(conf.get("train", [])), list(conf.get("held_out", []))
    clash = sorted(set(train) & set(held))
    if clash:
        raise ValueError(f"nlp/train/settings.toml: [reports] {clash} both trained on and held out")
    return {"train": train, "held_out": held}


def find_corpus_real(explicit: Path | None = None) -> Path | None:
    """The folder of the real PDFs: ``explicit``, else ``$CNREPORT_CORPUS_REAL``, else ``shared/corpus-real`` beside
    the checkout or its parent; ``None`` when none exists."""
    if explicit is not None:
        return Path(explicit) if Path(explicit).is_dir() else None
    candidates = [Path(os.environ[ENV_CORPUS_REAL])] if os.environ.get(ENV_CORPUS_REAL) else []
    candidates += [ROOT.parent / "shared" / "corpus-real", ROOT.parents[1] / "shared" / "corpus-real"]
    return next((c for c in candidates if c.is_dir()), None)


def sha256_file(path: Path) -> str:
    """SHA-256 (hex) of a file's bytes."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class Placement:
    """How the gold spans of one report were placed on its ingested text."""

    key: str
    pdf_sha256: str = ""
    spans: int = 0
    placed: int = 0
    out_of_order: list[str] = field(default_factory=list)
    not_found: list[str] = field(default_factory=list)
    across_sentences: int = 0
    pages_dropped: list[int] = field(default_factory=list)
    lines: int = 0
    by_label: Counter = field(default_factory=Counter)

    def to_dict(self) -> dict[str, Any]:
        """JSON form (every span not found, as ``p<page> <LABEL> <text>``)."""
        return {"key": self.key, "pdf_sha256": self.pdf_sha256, "spans": self.spans, "placed": self.placed,
                "out_of_order": len(self.out_of_order),
                "out_of_order_spans": list(self.out_of_order), "not_found": len(self.not_found),
                "not_found_spans": list(self.not_found), "across_sentences": self.across_sentences,
                "pages_dropped": list(self.pages_dropped), "lines": self.lines,
                "placed_by_label": dict(sorted(self.by_label.items()))}


@dataclass(frozen=True, slots=True)
class PageText:
    """The normalized text of one page, folded, with the normalized offset of each folded character."""

    page: int
    folded: str
    origin: tuple[int, ...]


def page_texts(text: str, to_raw: Sequence[int], page_of: Any) -> dict[int, PageText]:
    """The folded text of each page of a normalized document (``to_raw`` maps it to the raw text whose
    ``page_of`` gives the page)."""
    chars: dict[int, list[str]] = {}
    origins: dict[int, list[int]] = {}
    for i, ch in enumerate(text):
        for c in fold(ch):
            page = page_of(to_raw[i])
            chars.setdefault(page, []).append(c)
            origins.setdefault(page, []).append(i)
    return {p: PageText(p, "".join(chars[p]), tuple(origins[p])) for p in chars}


def _occurrences(haystack: str, needle: str) -> list[int]:
    out, at = [], haystack.find(needle)
    while at >= 0:
        out.append(at)
        at = haystack.find(needle, at + 1)
    return out


def place_page(page: PageText | None, spans: Sequence[PageSpan], placement: Placement
               ) -> list[tuple[int, int, str]] | None:
    """``(start, end, label)`` in normalized offsets of the page's gold spans, in reading order (module docstring);
    ``None`` when a span is not found (the page then trains nothing).

    >>> page = PageText(1, "中国信通院在中国", tuple(range(8)))
    >>> place_page(page, [PageSpan(1, "ORG", "中国信通院"), PageSpan(1, "LOC", "中 国")], Placement("x"))
    [(0, 5, 'ORG'), (6, 8, 'LOC')]
    >>> place_page(page, [PageSpan(1, "LOC", "中国"), PageSpan(1, "LOC", "中国"), PageSpan(1, "LOC", "中国")],
    ...            Placement("x")) is None
    True
    """
    taken: list[tuple[int, int]] = []
    out: list[tuple[int, int, str]] = []
    cursor, lost = 0, False
    for span in spans:
        placement.spans += 1
        needle = fold(span.text)
        free = [at for at in (_occurrences(page.folded, needle) if page and needle else [])
                if not any(at < e and s < at + len(needle) for s, e in taken)]
        ahead = [at for at in free if at >= cursor]
        if not free:
            placement.not_found.append(f"p{span.page} {span.label} {span.text}")
            lost = True
            continue
        at = ahead[0] if ahead else free[0]
        if not ahead:
            placement.out_of_order.append(f"p{span.page} {span.label} {span.text}")
        cursor = at + len(needle) if ahead else cursor
        taken.append((at, at + len(needle)))
        assert page is not None
        out.append((page.origin[at], page.origin[at + len(needle) - 1] + 1, span.label))
        placement.placed += 1
        placement.by_label[span.label] += 1
    return None if lost else out


def report_lines(gold: ReportGold, pdf: Path) -> tuple[list[GoldLine], Placement]:
    """The training lines (sentences, as the NER sees them at run time) of one report with its gold placed on them.

    Each line's ``section`` is the report's key, ``split`` is ``train``, ``line`` the sentence's index.

    Raises:
        ValueError: when the PDF is not the file the gold was made from (SHA-256), or the report is held out.
    """
    from ..ingest import read_document
    from ..segment.sentences import split_sentences
    from ..text.blocks import segment_blocks
    if gold.key in report_settings()["held_out"]:
        raise ValueError(f"{gold.key} is held out (nlp/train/settings.toml [reports] held_out): no model trains on it")
    placement = Placement(gold.key, sha256_file(pdf))
    if placement.pdf_sha256 != gold.sha256:
        raise ValueError(f"{pdf}: SHA-256 {placement.pdf_sha256[:12]}… is not the gold's {gold.sha256[:12]}… "
                         f"({gold.root / 'document.json'})")
    doc = read_document(pdf)
    normalized, blocks = segment_blocks(doc)
    sentences = split_sentences(normalized.text, blocks, None)
    pages = page_texts(normalized.text, normalized.to_raw, doc.page_of)
    by_page: dict[int, list[PageSpan]] = {}
    for span in gold.spans or []:
        by_page.setdefault(span.page, []).append(span)
    placed: list[tuple[int, int, str]] = []
    dropped: set[int] = set()
    for number in range(1, gold.pages + 1):
        spans = place_page(pages.get(number), by_page.get(number, []), placement)
        if spans is None:
            dropped.add(number)
        else:
            placed += spans
    placement.pages_dropped = sorted(dropped)
    lines = []
    for sentence in sentences:
        if doc.page_of(normalized.to_raw[sentence.start]) in dropped \
                or doc.page_of(normalized.to_raw[sentence.end - 1]) in dropped:
            continue
        inside, unknown = [], []
        for start, end, label in placed:
            if sentence.start <= start and end <= sentence.end:
                inside.append(GoldSpan(start - sentence.start, end - sentence.start, label))
            elif start < sentence.end and sentence.start < end:
                unknown.append((max(start, sentence.start) - sentence.start, min(end, sentence.end) - sentence.start))
                placement.across_sentences += start >= sentence.start  # count each span once, at its first piece
        lines.append(GoldLine(sentence.index, sentence.text, "train", gold.key, tuple(sorted(inside, key=_order)),
                              tuple(unknown)))
    placement.lines = len(lines)
    return lines, placement


def _order(span: GoldSpan) -> tuple[int, int, str]:
    return span.start, span.end, span.label


@dataclass
class ReportData:
    """The training lines of the real reports and what was found on the way."""

    lines: list[GoldLine] = field(default_factory=list)
    placements: list[Placement] = field(default_factory=list)
    pdfs: list[dict[str, str]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    folder: Path | None = None

    @property
    def keys(self) -> list[str]:
        """The reports whose lines are here."""
        return [p.key for p in self.placements]

    def summary(self) -> dict[str, Any]:
        """What the model card records: the folder, the PDFs, the placements, the reports that could not train."""
        return {"folder": str(self.folder) if self.folder else None, "pdfs": self.pdfs,
                "placements": [p.to_dict() for p in self.placements], "missing": self.missing}


def read_report_lines(annotations: Path, corpus_real: Path | None, keys: Sequence[str] | None = None) -> ReportData:
    """The training lines of the reports ``keys`` (default: ``[reports] train`` of settings.toml) from their PDFs in
    ``corpus_real``; a report without gold in ``annotations`` or without its PDF is listed in ``missing`` with the
    reason (the caller says so)."""
    wanted = list(keys) if keys is not None else report_settings()["train"]
    held = set(report_settings()["held_out"]) & set(wanted)
    if held:
        raise ValueError(f"{sorted(held)} held out (nlp/train/settings.toml [reports] held_out): no model trains on it")
    data = ReportData(folder=corpus_real)
    for key in wanted:
        root = Path(annotations) / "reports" / key
        if not (root / "document.json").is_file():
            data.missing.append(f"{key}: no gold at {root}")
            continue
        gold = load_report_gold(root)
        pdf = Path(corpus_real) / str(gold.document.get("file") or f"{key}.pdf") if corpus_real else None
        if pdf is None or not pdf.is_file():
            data.missing.append(f"{key}: {pdf or gold.document.get('file')} not found")
            continue
        lines, placement = report_lines(gold, pdf)
        data.lines += lines
        data.placements.append(placement)
        data.pdfs.append({"key": key, "file": pdf.name, "sha256": placement.pdf_sha256})
    return data
