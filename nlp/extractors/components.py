"""The extractors as spaCy pipeline components, so that every stage after segmentation works on spaCy ``Doc``\\ s.

The runtime pipeline is ``spacy.blank("zh")`` with the cnreport jieba tokenizer (or the trained NER pipeline,
which has that tokenizer plus ``tok2vec`` and ``ner``), followed by two components:

``cnreport_rules``
    runs the rule extractors listed in ``nlp/data/pipeline.toml`` over the Doc's text and stores their spans in
    ``doc._.rule_spans`` (character offsets: rule spans need not align to jieba tokens).
``cnreport_merge``
    turns the NER's ``doc.ents`` into spans and merges them with the rule spans by the policy of
    :mod:`nlp.extractors.merge`, for the run's mode (combined, rules only, NER only); the result is
    ``doc._.mentions``.

Each Doc is one sentence (or table row); the :class:`~nlp.extractors.base.Sentence` it came from travels in
``doc._.sentence`` so that extractors see its kind and the report's reference year.
"""
from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from .base import Sentence, Span, create
from .merge import RULE_LABELS, resolve_overlaps

NAME_LABELS = frozenset({"ORG", "LOC", "PER", "PRODUCT"})
MODES = ("combined", "rules", "ner")

for _name in ("sentence", "rule_spans", "regex_spans", "mentions"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


def sentence_of(doc: Doc) -> Sentence:
    """The sentence a Doc was made from (a plain prose sentence of the Doc's text if none was attached)."""
    return doc._.sentence or Sentence(0, 0, len(doc.text), doc.text, "prose")


class RuleComponent:
    """Run rule extractors (registered names) over each Doc; the first one is the regex extractor."""

    def __init__(self, extractor_names: list[str]) -> None:
        self.extractors = [create(name) for name in extractor_names]

    def __call__(self, doc: Doc) -> Doc:
        sentence = sentence_of(doc)
        spans = [[span for span in extractor(sentence)] for extractor in self.extractors]
        doc._.regex_spans = spans[0] if spans else []
        doc._.rule_spans = [span for group in spans for span in group]
        return doc


class MergeComponent:
    """Merge rule spans and NER entities into ``doc._.mentions`` by the run's mode."""

    def __init__(self, mode: str) -> None:
        if mode not in MODES:
            raise ValueError(f"cnreport_merge: mode must be one of {MODES}, got {mode!r}")
        self.mode = mode

    def __call__(self, doc: Doc) -> Doc:
        doc._.mentions = merge_spans(self.mode, doc._.rule_spans or [], doc._.regex_spans or [], ner_spans(doc))
        return doc


def ner_spans(doc: Doc) -> list[Span]:
    """The NER's entities as character spans (empty when the pipeline has no NER)."""
    return [Span(ent.start_char, ent.end_char, ent.label_, "ner", "ner.ml.v1") for ent in doc.ents]


def merge_spans(mode: str, rule_spans: list[Span], regex_spans: list[Span], ner: list[Span]) -> list[Span]:
    """The mentions of one sentence for a mode.

    ``combined``: rules and NER by the merge policy. ``rules``: rules alone. ``ner``: the NER's names with the
    regex extractor's regular labels (dates, amounts, codes, titles), so that the NER baseline is scored on names.

    >>> rule = Span(0, 4, "ORG", "rules"); ner = Span(0, 6, "ORG", "ner"); date = Span(7, 12, "DATE", "rules")
    >>> [(s.start, s.end, s.source) for s in merge_spans("combined", [rule, date], [date], [ner])]
    [(0, 6, 'ner'), (7, 12, 'rules')]
    >>> [(s.start, s.end, s.source) for s in merge_spans("rules", [rule, date], [date], [ner])]
    [(0, 4, 'rules'), (7, 12, 'rules')]
    """
    if mode == "rules":
        return resolve_overlaps(list(rule_spans))
    if mode == "ner":
        names = [span for span in ner if span.label in NAME_LABELS]
        regular = [span for span in regex_spans if span.label in RULE_LABELS]
        return resolve_overlaps(regular + names)
    return resolve_overlaps(list(rule_spans) + list(ner))


@Language.factory("cnreport_rules", default_config={"extractors": []})
def make_rule_component(nlp: Language, name: str, extractors: list[str]) -> RuleComponent:
    """spaCy factory of :class:`RuleComponent`."""
    return RuleComponent(list(extractors))


@Language.factory("cnreport_merge", default_config={"mode": "combined"})
def make_merge_component(nlp: Language, name: str, mode: str) -> MergeComponent:
    """spaCy factory of :class:`MergeComponent`."""
    return MergeComponent(mode)


def add_extraction_components(nlp: Language, extractor_names: list[str], mode: str) -> Language:
    """Append the rule and merge components to a pipeline (blank or trained NER) and return it."""
    nlp.add_pipe("cnreport_rules", config={"extractors": list(extractor_names)})
    nlp.add_pipe("cnreport_merge", config={"mode": mode})
    return nlp


def sentence_docs(nlp: Language, sentences: list[Sentence]) -> list[Doc]:
    """Tokenize each sentence (jieba) into a Doc that carries its :class:`Sentence`."""
    docs = []
    for sentence in sentences:
        doc = nlp.make_doc(sentence.text)
        doc._.sentence = sentence
        docs.append(doc)
    return docs


def mentions_of(nlp: Language, sentences: list[Sentence], disable: list[str] | None = None) -> list[list[Span]]:
    """Run the pipeline over sentences; the merged spans of each, in order."""
    docs = nlp.pipe(sentence_docs(nlp, sentences), batch_size=128, disable=disable or [])
    return [list(doc._.mentions or []) for doc in docs]


__all__ = ["RuleComponent", "MergeComponent", "merge_spans", "add_extraction_components", "mentions_of"]
