"""The trained NER as an extractor: a spaCy pipeline (``spacy.blank("zh")`` + jieba tokenizer + tok2vec + ner)
saved with ``to_disk`` under ``models/ner/``. A missing or unreadable model is an error (``[E011]`` naming it), never
a silent fallback to the rules: ``--mode rules`` is how a run goes without the NER.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...segment.sentences import Sentence
from ..base import ENTS, Span, register

logger = logging.getLogger(__name__)


@dataclass
class NerExtractor:
    """Run a trained spaCy NER over sentences; spans come back as character offsets.

    Registered as assigning ``doc.ents``: the pipeline (:class:`nlp.pipeline.Pipeline`) builds it from the registry
    and runs the rule and merge components after its spaCy Language (``nlp``), so that the NER and the clause tags
    of its jieba tokenizer are computed once per sentence.
    """

    model_dir: Path | None = None
    name: str = "ner.ml.v1"
    labels: tuple[str, ...] = ()
    nlp: Any = field(default=None, init=False)

    def __post_init__(self) -> None:
        if self.model_dir is None:  # built bare (registry listings, tests): no model, no spans
            return
        from ...models_io import load_spacy_model, require_model
        self.nlp = load_spacy_model(require_model(Path(self.model_dir)))
        self.labels = tuple(self.nlp.get_pipe("ner").labels)

    @property
    def available(self) -> bool:
        """True when a model was loaded."""
        return self.nlp is not None

    def __call__(self, sentence: Sentence) -> list[Span]:
        if self.nlp is None:
            return []
        return self.build_records(sentence, self.match(sentence))

    def match(self, sentence: Sentence) -> list[tuple[int, int, str]]:
        """(start, end, label) of the model's entities in one sentence."""
        doc = self.nlp(sentence.text)
        return [(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents]

    def pipe(self, sentences: list[Sentence]) -> list[list[Span]]:
        """Batch version of ``__call__``."""
        if self.nlp is None:
            return [[] for _ in sentences]
        docs = self.nlp.pipe([s.text for s in sentences], batch_size=64)
        return [[Span(e.start_char, e.end_char, e.label_, "ner", self.name) for e in doc.ents] for doc in docs]

    def build_records(self, sentence: Sentence, matches: list[tuple[int, int, str]]) -> list[Span]:
        return [Span(s, e, label, "ner", self.name) for s, e, label in matches]


@register("ner.ml.v1", assigns=(ENTS,))
def make_ner(model_dir: str | None = None) -> NerExtractor:
    """Factory for :class:`NerExtractor` (``model_dir``: the trained model's folder, which must hold one)."""
    return NerExtractor(Path(model_dir) if model_dir else None)
