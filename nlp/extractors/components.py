"""The extractors as spaCy pipeline components, so that every stage after segmentation works on spaCy ``Doc``\\ s.

The runtime pipeline is ``spacy.blank("zh")`` with the cnreport jieba tokenizer (or the trained NER pipeline,
which has that tokenizer plus ``tok2vec`` and ``ner``: the registered ``ner.ml.v1`` extractor's Language),
followed by two components:

``cnreport_rules``
    runs the rule extractors that ``nlp/data/pipeline.toml`` lists for the run's mode (built from the registry)
    over the Doc's text and stores their spans in ``doc._.rule_spans`` (character offsets: rule spans need not align to jieba tokens).
``cnreport_merge``
    turns the NER's ``doc.ents`` into spans and merges them with the rule spans by the policy of
    :mod:`nlp.extractors.merge`, for the run's mode (combined, rules only, NER only); the result is
    ``doc._.mentions``.

Each Doc is one sentence (or table row); the :class:`~nlp.extractors.base.Sentence` it came from travels in
``doc._.sentence`` so that extractors see its kind and the report's reference year.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from ..data import read_text, read_tsv
from ..errors import DataFileError
from ..data.terms import org_head_pattern, org_stop_words
from ..options import Mode
from ..segment.features import head_type, term_lists
from ..segment.sentences import Sentence
from .base import Span, create
from .merge import RULE_LABELS, resolve_overlaps
from .name_edges import balanced_edges, headless_clause, office_by_head

NAME_LABELS = frozenset({"ORG", "LOC", "PER", "PRODUCT"})
MODES = tuple(mode.value for mode in Mode)
POLICIES = ("longest", "gapfill", "guarded", "walled")
GUARDED = frozenset({"guarded", "walled"})
LINE_BREAKS = frozenset("\n\t")
IDEOGRAPH_RUN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]*")

for _name in ("sentence", "rule_spans", "mentions"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


def sentence_of(doc: Doc) -> Sentence:
    """The sentence a Doc was made from (a plain prose sentence of the Doc's text if none was attached)."""
    return doc._.sentence or Sentence(0, 0, len(doc.text), doc.text, "prose")


class RuleComponent:
    """Run rule extractors (registered names, built from the registry) over each Doc, in the order given."""

    def __init__(self, extractor_names: list[str]) -> None:
        self.extractors = [create(name) for name in extractor_names]

    def __call__(self, doc: Doc) -> Doc:
        sentence = sentence_of(doc)
        doc._.rule_spans = [span for extractor in self.extractors for span in extractor(sentence)]
        return doc


class MergeComponent:
    """Merge rule spans and NER entities into ``doc._.mentions`` by the run's mode."""

    def __init__(self, mode: str) -> None:
        if mode not in MODES:
            raise ValueError(f"cnreport_merge: mode must be one of {MODES}, got {mode!r}")
        self.mode = mode

    def __call__(self, doc: Doc) -> Doc:
        policy = combination()
        combined = self.mode == "combined"
        clause_chars = clause_offsets(doc, policy.clause_tags) if combined and policy.policy in GUARDED else frozenset()
        walls = stop_word_spans(doc) if combined and policy.policy == "walled" else ()
        ner = ner_spans(doc)
        text = doc.text  # spaCy joins the tokens anew on every read of Doc.text
        if clause_chars:
            heads = product_heads()
            ner = [span for span in ner if not headless_clause(text, span, clause_chars, heads)]
        merged = merge_spans(self.mode, doc._.rule_spans or [], ner, policy, clause_chars, walls)
        doc._.mentions = [s for s in (balanced_edges(text, span) for span in merged) if s is not None]
        return doc


def clause_offsets(doc: Doc, tags: frozenset[str]) -> frozenset[int]:
    """Offsets of the characters of the words whose jieba tag is one of ``tags`` (the clause words of
    ``nlp/data/combination.toml``: verbs, prepositions, conjunctions, particles, pronouns, adverbs)."""
    return frozenset(i for t in doc if t.tag_ in tags for i in range(t.idx, t.idx + len(t.text)))


def stop_word_spans(doc: Doc) -> tuple[tuple[int, int], ...]:
    """(start, end) of the words that end the leftward scan of a rule-found organization name
    (``nlp/data/gazetteers/org_stops.tsv``: 联合, 会同, 作为, 由 ...), used by the ``walled`` policy."""
    stops = org_stop_words()
    return tuple((t.idx, t.idx + len(t.text)) for t in doc if t.text in stops)


def walled_in(span: Span, walls: tuple[tuple[int, int], ...]) -> bool:
    """True when a stop word lies strictly inside the span (neither its first nor its last word).

    >>> walled_in(Span(0, 12, "ORG", "ner"), ((5, 7),)), walled_in(Span(0, 7, "ORG", "ner"), ((5, 7),))
    (True, False)
    """
    return any(span.start < start and end < span.end for start, end in walls)


def ner_spans(doc: Doc, head_reach: int | None = None) -> list[Span]:
    """The NER's entities as character spans (empty when the pipeline has no NER). An organization name that stops
    short of the organization head just after it is carried to that head (:func:`reach_head`); one that ends like a
    product is a product (:func:`product_by_head`), and a "product" that ends like an office is an organization
    (:func:`nlp.extractors.name_edges.office_by_head`). An entity that crosses a line break or a table-cell tab is not a
    name (GUIDELINES.md: a name broken across lines is annotated piece by piece) and is left out; so is an entity
    with a mark of ``name_breaks`` (``nlp/data/combination.toml``: 、，；。…) inside: GUIDELINES.md makes a list
    joined by 、 several names, and no gold name holds such a mark. ``head_reach`` defaults to the shipped one (the
    CV study tries others)."""
    if not doc.ents:
        return []
    breaks = sentence_of(doc).breaks
    policy = combination()
    walls = LINE_BREAKS | policy.name_breaks
    reach = policy.head_reach if head_reach is None else head_reach
    text = doc.text  # spaCy joins the tokens anew on every read of Doc.text: read it once
    spans = [office_by_head(text, product_by_head(text, reach_head(
        text, Span(ent.start_char, ent.end_char, ent.label_, "ner", "ner.ml.v1"), reach)), product_heads())
        for ent in doc.ents]
    return [span for span in spans if not walls.intersection(text[span.start:span.end])
            and not any(span.start < b < span.end for b in breaks)]


def reach_head(text: str, span: Span, reach: int) -> Span:
    """An ORG span that does not end with an organization head (``org_suffixes.tsv``), carried to the end of the
    first head that ends within ``reach`` characters after it when only Chinese characters, none of them a function
    word (:func:`function_chars`), lie between (GUIDELINES.md: a full name includes its head; …区块链技术应用 +
    联合实验室, 中国移动 + 研究院); other spans as they are.

    >>> text = "湖南—香港区块链技术应用联合实验室揭牌"
    >>> span = reach_head(text, Span(0, 12, "ORG", "ner"), 6); text[span.start:span.end]
    '湖南—香港区块链技术应用联合实验室'
    >>> text = "由华为技术有限公司研发"
    >>> span = reach_head(text, Span(1, 5, "ORG", "ner"), 6); text[span.start:span.end]
    '华为技术有限公司'
    >>> reach_head(text, Span(1, 9, "ORG", "ner"), 6) == Span(1, 9, "ORG", "ner")
    True
    """
    if span.label != "ORG" or reach <= 0 or head_type(text[span.start:span.end], term_lists()) is not None:
        return span
    run = IDEOGRAPH_RUN.match(text, span.end)
    end = min(run.end() if run else span.end, span.end + reach)
    head = org_head_pattern().search(text, span.end)
    if head is None or head.end() > end or function_chars().intersection(text[span.end:head.end()]):
        return span
    return replace(span, end=head.end())


@lru_cache(maxsize=1)
def function_chars() -> frozenset[str]:
    """The one-character stop words of ``org_stops.tsv`` (的, 与, 和, 由 ...): function words that a head reach does
    not cross (腾讯云 + 的联盟 is not a name)."""
    return frozenset(word for word in org_stop_words() if len(word) == 1)


@lru_cache(maxsize=1)
def product_heads() -> tuple[str, ...]:
    """The heads that end a product's name (``nlp/data/gazetteers/product_heads.tsv``: 平台, 链, 系统 ...)."""
    return tuple(row["head"] for row in read_tsv("gazetteers/product_heads.tsv", ("head", "source")))


def product_by_head(text: str, span: Span) -> Span:
    """An ORG span whose name ends with a product head (after closing quotes or brackets) and not with an
    organization head, relabelled PRODUCT (GUIDELINES.md: PRODUCT is a named platform, chain, system or app);
    other spans as they are.

    >>> text = "昆明市区块链公共服务平台上线"
    >>> product_by_head(text, Span(0, 12, "ORG", "ner")).label, product_by_head(text, Span(0, 3, "ORG", "ner")).label
    ('PRODUCT', 'ORG')
    """
    name = text[span.start:span.end]
    if span.label != "ORG" or head_type(name, term_lists()) is not None \
            or not name.rstrip("”\"）) ").endswith(product_heads()):
        return span
    return replace(span, label="PRODUCT", org_type=None)


@dataclass(frozen=True)
class Combination:
    """How NER spans join rule spans in ``combined`` mode (``nlp/data/combination.toml``, chosen by
    cross-validation on the train split: ``python -m nlp.train.combination --write``).

    ``policy``: ``longest`` (rules and NER names through :func:`resolve_overlaps`: a longer NER name beats a
    shorter rule name) or ``gapfill`` (rule spans stay; NER names are added only where no rule span lies).
    ``guarded`` is ``longest`` after dropping NER names that begin or end with a clause word (a jieba tag of
    ``clause_tags``: 联盟旨在, 由…于). ``walled`` is ``guarded`` after also dropping NER names with a stop word of the
    organization-suffix rule strictly inside (…委员会联合…研究院, …监管局会同…). ``ner_labels``: the name labels
    whose NER spans are added at all. ``name_breaks``: punctuation that no name holds (:func:`ner_spans`).
    ``head_reach``: how far after a NER organization name an organization head may end for the name to be carried
    to it (:func:`reach_head`; 0: never).
    """

    policy: str = "gapfill"
    ner_labels: frozenset[str] = NAME_LABELS
    clause_tags: frozenset[str] = frozenset()
    name_breaks: frozenset[str] = frozenset()
    head_reach: int = 0


@lru_cache(maxsize=1)
def combination() -> Combination:
    """The shipped combination policy."""
    data = tomllib.loads(read_text("combination.toml"))
    if data.get("policy") not in POLICIES:
        raise DataFileError("nlp/data/combination.toml", f"policy must be one of {POLICIES}, got {data.get('policy')!r}")
    unknown = set(data.get("ner_labels", [])) - NAME_LABELS
    if unknown:
        raise DataFileError("nlp/data/combination.toml", f"ner_labels must be name labels, got {sorted(unknown)}")
    return Combination(data["policy"], frozenset(data.get("ner_labels", [])), frozenset(data.get("clause_tags", [])),
                       frozenset(data.get("name_breaks", "")), int(data.get("head_reach", 0)))


def gapfill_spans(rule_spans: list[Span], names: list[Span]) -> list[Span]:
    """Rule spans resolved on their own, then NER names where no rule span lies.

    >>> rule = Span(0, 4, "ORG", "rules"); ner = Span(0, 6, "ORG", "ner"); other = Span(8, 10, "LOC", "ner")
    >>> [(s.start, s.end, s.source) for s in gapfill_spans([rule], [ner, other])]
    [(0, 4, 'rules'), (8, 10, 'ner')]
    """
    kept = resolve_overlaps(list(rule_spans))
    occupied = {i for span in kept for i in range(span.start, span.end)}
    free = [s for s in names if not any(i in occupied for i in range(s.start, s.end))]
    return sorted(kept + resolve_overlaps(free), key=lambda s: (s.start, s.end, s.label))


def merge_spans(mode: str, rule_spans: list[Span], ner: list[Span], policy: Combination | None = None,
                clause_chars: frozenset[int] = frozenset(), walls: tuple[tuple[int, int], ...] = ()) -> list[Span]:
    """The mentions of one sentence for a mode (:class:`nlp.options.Mode`).

    ``combined``: rules and the NER's names by the :class:`Combination` policy. ``rules`` and ``jieba``: the rule
    spans of the mode's extractors alone (for ``jieba``, the jieba.posseg baseline's names). ``ner``: the NER's
    names with the regular labels of the rule spans (dates, amounts, codes, titles: :data:`RULE_LABELS`), so that
    the NER baseline is scored on names.

    >>> rule = Span(0, 4, "ORG", "rules"); ner = Span(0, 6, "ORG", "ner"); date = Span(7, 12, "DATE", "rules")
    >>> [(s.start, s.end, s.source) for s in merge_spans("combined", [rule, date], [ner], Combination("longest"))]
    [(0, 6, 'ner'), (7, 12, 'rules')]
    >>> [(s.start, s.end, s.source) for s in merge_spans("combined", [rule, date], [ner], Combination("gapfill"))]
    [(0, 4, 'rules'), (7, 12, 'rules')]
    >>> [(s.start, s.end, s.source) for s in merge_spans("rules", [rule, date], [ner])]
    [(0, 4, 'rules'), (7, 12, 'rules')]
    >>> [(s.start, s.end, s.source) for s in merge_spans("ner", [rule, date], [ner])]
    [(0, 6, 'ner'), (7, 12, 'rules')]
    """
    if mode not in MODES:
        raise ValueError(f"merge_spans: mode must be one of {MODES}, got {mode!r}")
    if mode in (Mode.RULES.value, Mode.JIEBA.value):
        return resolve_overlaps(list(rule_spans))
    if mode == Mode.NER.value:
        names = [span for span in ner if span.label in NAME_LABELS]
        regular = [span for span in rule_spans if span.label in RULE_LABELS]
        return resolve_overlaps(regular + names)
    policy = policy or combination()
    names = [span for span in ner if span.label in policy.ner_labels]
    if policy.policy in GUARDED:
        names = [span for span in names if not {span.start, span.end - 1} & clause_chars]
    if policy.policy == "walled":
        names = [span for span in names if not walled_in(span, walls)]
    if policy.policy in ("longest", *GUARDED):
        return resolve_overlaps(list(rule_spans) + names)
    return gapfill_spans(list(rule_spans), names)


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


__all__ = ["RuleComponent", "MergeComponent", "merge_spans", "add_extraction_components", "sentence_docs"]
