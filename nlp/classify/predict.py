"""Apply the trained classifiers: ORG types on ORG mentions, domain and topic on prose paragraphs.

Models live in ``models/org_type``, ``models/para_domain`` and ``models/para_topic`` (``model.skops`` + ``meta.json``);
they predict through their compact numpy form (:mod:`nlp.classify.linear`) when it reproduces them.
A run that needs them (every mode but ``rules`` and the names-only baseline) fails with ``[E011]`` naming a missing
one; with ``--mode rules`` a missing classifier is left out: ORG types then come from the organization head the rules
found (有限公司 → enterprise …) alone, and paragraphs are not classified.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..ingest.document import RawDocument
from ..models_io import require_model
from .linear import load_classifier
from ..records.schema import Mention
from ..text.blocks import Block
from ..text.normalize import NormalizedText

MIN_PARAGRAPH_CHARS = 20
logger = logging.getLogger(__name__)


@dataclass
class Classifiers:
    """The loaded classifiers (any may be ``None``)."""

    org_type: Any = None
    domain: Any = None
    topic: Any = None

    @classmethod
    def load(cls, models_dir: Path, required: bool = False) -> "Classifiers":
        """Load the classifier models under ``models_dir``: all of them when ``required`` (a missing one is
        ``[E011]``), else whichever exist."""
        found = {}
        for attr, name in (("org_type", "org_type"), ("domain", "para_domain"), ("topic", "para_topic")):
            folder = Path(models_dir) / name
            if required:
                require_model(folder)
            elif not (folder / "meta.json").exists():
                logger.info("no %s classifier at %s; left out (--mode rules)", name, folder)
            found[attr] = load_classifier(folder) if (folder / "meta.json").exists() else None
        return cls(**found)

    def type_orgs(self, mentions: list[Mention]) -> list[Mention]:
        """Set ``org_type`` on ORG mentions the rules left untyped (the rule's head, 有限公司 → enterprise …,
        first; the classifier for the others)."""
        orgs = [i for i, m in enumerate(mentions) if m.label == "ORG" and not m.org_type]
        if not orgs or self.org_type is None:
            return mentions
        labels = self.org_type.predict([mentions[i].norm_text for i in orgs])
        out = list(mentions)
        for index, label in zip(orgs, labels):
            out[index] = replace(out[index], org_type=str(label))
        return out

    def paragraphs(self, doc: RawDocument, normalized: NormalizedText, blocks: list[Block]) -> list[dict[str, Any]]:
        """Domain and topic of each prose paragraph of at least 20 characters."""
        prose = [b for b in blocks if b.kind == "prose" and b.end - b.start >= MIN_PARAGRAPH_CHARS]
        if not prose or self.domain is None or self.topic is None:
            return []
        texts = [normalized.text[b.start:b.end] for b in prose]
        domains, topics = self.domain.predict(texts), self.topic.predict(texts)
        out = []
        for block, domain, topic in zip(prose, domains, topics):
            raw_start, raw_end = normalized.raw_span(block.start, block.end)
            for line, line_start, line_end in _source_lines(doc, raw_start, raw_end):
                out.append({"doc_id": doc.doc_id, "line": line, "domain": str(domain), "topic": str(topic),
                            "raw_start": line_start, "raw_end": line_end, "page": doc.page_of(line_start)})
        return out


def _source_lines(doc: RawDocument, raw_start: int, raw_end: int) -> list[tuple[int, int, int]]:
    """(line, start, end) of the non-blank source lines a paragraph spans: a paragraph the source broke over
    several lines (a page or column break) is one paragraph, and each of its lines gets its classes."""
    out = []
    first, last = doc.line_of(raw_start), doc.line_of(max(raw_start, raw_end - 1))
    for line in range(first, last + 1):
        start = max(raw_start, doc.line_starts[line - 1])
        end = min(raw_end, doc.line_starts[line] - 1 if line < len(doc.line_starts) else len(doc.text))
        if doc.text[start:end].strip():
            out.append((line, start, end))
    return out
