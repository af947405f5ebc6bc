"""spaCy's ``DocBin`` (``.spacy``), both ways: the training format of ``spacy train``.

One ``Doc`` per unit. Its tokens are those cnreport's NER sees (the jieba tokenizer of :mod:`nlp.segment.tokenizer`,
``tokens="jieba"``), so a span that does not start and end on token boundaries is widened to the tokens around it
(spaCy's ``char_span(alignment_mode="expand")``) and reported as ``moved``; with ``tokens="exact"`` the jieba tokens
are further cut at every span edge, so no span moves (``spacy train`` aligns such a doc to its own tokenizer's
tokens). Every span is kept in the span group ``doc.spans["cnreport"]`` (span groups may overlap); ``doc.ents`` holds
the largest set of non-overlapping ones (spaCy's ``filter_spans``), and each span left out of it is reported as
``not in doc.ents``. ``doc.user_data["cnreport"]`` keeps the unit's metadata and the norms, in group order.
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import AnnotationFileError
from .sources import Task, local_span
from .units import Change, Span, Unit

GROUP = "cnreport"
USER_DATA = "cnreport"
TOKENIZATIONS = ("jieba", "exact")


def _language() -> Any:
    """``spacy.blank("zh")`` with the tokenizer of ``nlp/train/ner.cfg`` (jieba.posseg's words)."""
    from ..segment.tokenizer import blank_pipeline
    return blank_pipeline(pos=True)


def _exact_doc(nlp: Any, unit: Unit) -> Any:
    """The unit's jieba doc with its tokens also cut at every span edge (``doc.text`` is the unit's text)."""
    from spacy.tokens import Doc
    jieba_doc = nlp.make_doc(unit.text)
    cuts = {0, len(unit.text)} | {t.idx for t in jieba_doc} | {t.idx + len(t) for t in jieba_doc}
    for span in unit.spans:
        cuts |= set(unit.local(span))
    points = sorted(cuts)
    words = [unit.text[a:b] for a, b in zip(points, points[1:])]
    return Doc(nlp.vocab, words=words, spaces=[False] * len(words))


def _aligned(doc: Any, unit: Unit, span: Span, changes: list[Change]) -> Any:
    """The token span of a span (widened to tokens), noting a move or a drop in ``changes``."""
    start, end = unit.local(span)
    token_span = doc.char_span(start, end, label=span.label, alignment_mode="expand")
    if token_span is None or not len(token_span):
        changes.append(Change(unit.doc_id, unit.name, span, unit.span_text(span), "dropped",
                              "covers no token (whitespace only)"))
        return None
    if (token_span.start_char, token_span.end_char) != (start, end):
        new = (unit.start + token_span.start_char, unit.start + token_span.end_char)
        changes.append(Change(unit.doc_id, unit.name, span, unit.span_text(span), "moved",
                              "not on jieba token boundaries: widened to the tokens around it", new, token_span.text))
    return token_span


def unit_doc(nlp: Any, unit: Unit, tokens: str, changes: list[Change]) -> Any:
    """The spaCy doc of one unit (see the module docstring); changes are appended to ``changes``."""
    from spacy.util import filter_spans
    doc = _exact_doc(nlp, unit) if tokens == "exact" else nlp.make_doc(unit.text)
    pairs = [(s, _aligned(doc, unit, s, changes)) for s in unit.spans]
    pairs = [(s, t) for s, t in pairs if t is not None]
    doc.spans[GROUP] = [t for _, t in pairs]
    ents = filter_spans([t for _, t in pairs])
    doc.ents = ents
    kept = {(t.start, t.end, t.label_) for t in ents}
    for span, token_span in pairs:
        if (token_span.start, token_span.end, token_span.label_) not in kept:
            other = next(e for e in ents if e.start < token_span.end and token_span.start < e.end)
            changes.append(Change(unit.doc_id, unit.name, span, unit.span_text(span), "not in doc.ents",
                                  f"overlaps {other.label_} {other.text!r} (entities cannot overlap; the span stays "
                                  f"in doc.spans[{GROUP!r}])"))
    doc.user_data[USER_DATA] = {"doc_id": unit.doc_id, "key": unit.key, "number": unit.number, "start": unit.start,
                                "split": unit.split, "norms": [s.norm for s, _ in pairs]}
    return doc


def to_docbin(units: Sequence[Unit], tokens: str = "jieba") -> tuple[bytes, list[Change]]:
    """The ``.spacy`` bytes of the units and every change made to their spans."""
    from spacy.tokens import DocBin
    if tokens not in TOKENIZATIONS:
        raise ValueError(f"tokens must be one of {TOKENIZATIONS}, got {tokens!r}")
    nlp, changes = _language(), list[Change]()
    docbin = DocBin(store_user_data=True)
    for unit in units:
        docbin.add(unit_doc(nlp, unit, tokens, changes))
    return docbin.to_bytes(), changes


def _lists(value: Any) -> Any:
    """A value read back from the DocBin's msgpack, with its tuples as lists again (JSON has no tuples).

    >>> _lists({"a": (1, (2, None))})
    {'a': [1, [2, None]]}
    """
    if isinstance(value, (list, tuple)):
        return [_lists(v) for v in value]
    if isinstance(value, dict):
        return {k: _lists(v) for k, v in value.items()}
    return value


def _doc_task(doc: Any, where: str) -> Task:
    meta = _lists(doc.user_data.get(USER_DATA) or {})
    group = doc.spans[GROUP] if GROUP in doc.spans else None
    spans = list(group) if group is not None else list(doc.ents)
    norms = meta.get("norms") if group is not None else None
    norms = norms if isinstance(norms, list) and len(norms) == len(spans) else [None] * len(spans)
    local = tuple(local_span(where, doc.text, s.start_char, s.end_char, s.label_, n) for s, n in zip(spans, norms))
    key = meta.get("key") if meta.get("key") in ("line", "page") else None
    number, start = meta.get("number"), meta.get("start")
    return Task(where, doc.text, local, meta.get("doc_id"), key, number if isinstance(number, int) else None,
                start if isinstance(start, int) else None, meta.get("split"))


def read_docbin(path: Path) -> list[Task]:
    """The tasks of a ``.spacy`` file: each doc's ``doc.spans["cnreport"]`` (else its ``doc.ents``) and metadata."""
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab
    try:
        docbin = DocBin().from_bytes(path.read_bytes())
        docs = list(docbin.get_docs(Vocab()))
    except Exception as exc:  # spaCy raises several types on a file that is no DocBin
        raise AnnotationFileError(path, f"not a spaCy DocBin ({type(exc).__name__}: {exc})") from exc
    return [_doc_task(doc, f"{path} doc {n}") for n, doc in enumerate(docs, 1)]
