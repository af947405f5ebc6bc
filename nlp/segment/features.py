"""Token features from the domain term lists, for the NER's embedding (issue "Trainable models": gazetteer
features from the domain dictionaries, char-level features).

:func:`add_term_features` sets, on each jieba token of a doc:

- ``token.morph``: ``Gaz=<LABEL>_<B|I>`` when the token lies in a gazetteer name (``nlp/data/gazetteers``
  places, orgs, products; B = the token starts it), ``Head=<org_type>`` when the token ends with an
  organization head (``org_suffixes.tsv``: 公司, 研究院, 联盟 ...), ``Stop=Yes`` when it is a word that ends the
  leftward scan of a name (``org_stops.tsv``: 与, 由, 牵头 ...);
- ``token.lemma_``: its last character (院 of 设计院 and of 研究院), a character-level feature.

The jieba tokenizer calls it when built with ``features = true``; ``nlp/train/ner.cfg`` then embeds ``MORPH`` and
``LEMMA`` beside NORM, PREFIX, SUFFIX, SHAPE and TAG. The lists are the rule extractors' own data files (read through
:mod:`nlp.data.terms`), written from general knowledge, not from the gold.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc

from ..data.terms import org_heads, org_stop_words
from .terms import TermMatcher


@dataclass(frozen=True)
class TermLists:
    """The term lists the features read: organization heads with their ORG type, their lengths (longest first),
    and stop words."""

    heads: dict[str, str]
    stops: frozenset[str]
    head_lengths: tuple[int, ...]


@lru_cache(maxsize=1)
def term_lists() -> TermLists:
    """The organization heads and stop words of the organization-suffix rule (``nlp/data/gazetteers``)."""
    heads = {head: org_type for head, (org_type, _) in org_heads().items()}
    return TermLists(heads, org_stop_words(), tuple(sorted({len(h) for h in heads}, reverse=True)))


@lru_cache(maxsize=1)
def _gazetteer() -> TermMatcher:
    return TermMatcher()


def gazetteer_tags(doc: Doc) -> dict[int, str]:
    """Token index → ``<LABEL>_B`` / ``<LABEL>_I`` for the tokens inside a gazetteer name of the doc's text."""
    gazetteer = _gazetteer()
    tags: dict[int, str] = {}
    text = doc.text  # spaCy joins the tokens anew on every read of Doc.text
    for start, end in gazetteer.match(text):
        label = gazetteer.terms[text[start:end]]
        for token in doc.char_span(start, end, alignment_mode="expand") or ():
            tags[token.i] = f"{label}_{'B' if token.idx <= start else 'I'}"
    return tags


def head_type(word: str, lists: TermLists) -> str | None:
    """The ORG type of the longest organization head the word ends with, if any (a plain loop: it runs for every
    token of every sentence)."""
    size = len(word)
    for n in lists.head_lengths:
        if n <= size:
            org_type = lists.heads.get(word[-n:])
            if org_type is not None:
                return org_type
    return None


def token_morph(word: str, gazetteer_tag: str | None, lists: TermLists) -> str:
    """The ``Feat=Value|...`` string of one token ("" when no feature fires)."""
    feats = []
    if gazetteer_tag:
        feats.append(f"Gaz={gazetteer_tag}")
    org_type = head_type(word, lists)
    if org_type:
        feats.append(f"Head={org_type}")
    if word in lists.stops:
        feats.append("Stop=Yes")
    return "|".join(feats)


@lru_cache(maxsize=1 << 16)
def _word_morph(word: str, gazetteer_tag: str | None) -> str:
    """:func:`token_morph` with the shipped term lists, remembered per word (a report repeats its words: the
    corpus report's 31,000 tokens are 4,021 distinct words)."""
    return token_morph(word, gazetteer_tag, term_lists())


def add_term_features(doc: Doc) -> Doc:
    """Set the term-list features (``morph``) and the last character (``lemma_``) of every token."""
    tags = gazetteer_tags(doc)
    for token in doc:
        morph = _word_morph(token.text, tags.get(token.i))
        if morph:
            token.set_morph(morph)  # type: ignore[attr-defined]  # spaCy 3 API, absent from its stubs
        token.lemma_ = token.text[-1] if token.text else ""
    return doc
