"""A spaCy tokenizer that segments with jieba (our own ``jieba.Tokenizer`` instance and domain dictionary) and
sets jieba's POS flags as ``token.tag_`` (and, with ``features = true``, the term-list features of
:mod:`nlp.segment.features` as ``token.morph`` and ``token.lemma_``).

It is registered as ``cnreport.jieba_tokenizer.v1`` and used by ``spacy.blank("zh")`` pipelines built by
:func:`blank_pipeline`. Unlike spaCy's built-in ``segmenter = "jieba"`` it does not load the domain words into
jieba's global tokenizer; ``doc.text`` always equals the input (spaCy's ``get_words_and_spaces``), so character
offsets stay valid.
"""
from __future__ import annotations

import logging
import threading
from functools import lru_cache
from importlib import resources
from typing import Any

import jieba
import jieba.posseg
import spacy
from spacy.tokens import Doc
from spacy.util import get_words_and_spaces
from spacy.vocab import Vocab

from ..options import cache_dir
from .features import add_term_features
from .posseg import POSTokenizer

USERDICT = "jieba_userdict.txt"
_LOCK = threading.Lock()
logger = logging.getLogger(__name__)


def jieba_tokenizers(userdict: str = USERDICT) -> tuple[jieba.Tokenizer, jieba.posseg.POSTokenizer]:
    """A jieba tokenizer with the domain dictionary loaded, and its POS tokenizer; built once per process.

    ``jieba_tokenizers()`` and ``jieba_tokenizers(USERDICT)`` return the same pair (the cache key is the
    dictionary name, however the call spells it), so the ~1 s dictionary load happens once.
    """
    return _build_tokenizers(userdict)


def cached_tokenizer() -> jieba.Tokenizer:
    """A jieba tokenizer of the main dictionary, initialized from jieba's own cache mechanism (``tmp_dir`` and
    ``cache_file``: a marshal dump of the prefix dictionary, built from ``dict.txt`` on the first run and written
    atomically) in cnreport's cache folder (:func:`nlp.options.cache_dir`), under a name with jieba's version so that
    an upgrade rebuilds it.

    jieba's default is one ``jieba.cache`` in the shared temp folder, written with mode 0600: on a machine with several
    users, the second user can neither read nor replace the first one's file, so each of their processes rebuilt
    the dictionary from ``dict.txt`` (about 1.5 s) and logged "Dump cache file failed". A per-user folder avoids that.
    """
    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = str(cache_dir())
    tokenizer.cache_file = f"jieba-{jieba.__version__}.cache"
    tokenizer.initialize()
    return tokenizer


@lru_cache(maxsize=4)
def _build_tokenizers(userdict: str) -> tuple[jieba.Tokenizer, jieba.posseg.POSTokenizer]:
    with _LOCK:
        tokenizer = cached_tokenizer()
        path = resources.files("nlp.data").joinpath(userdict)
        with resources.as_file(path) as real_path:
            tokenizer.load_userdict(str(real_path))
        return tokenizer, POSTokenizer(tokenizer)


class JiebaTokenizer:
    """Callable spaCy tokenizer: text → Doc with jieba words and POS tags.

    The jieba dictionaries load when the tokenizer is built (pipeline construction), not on the first document.
    """

    def __init__(self, vocab: Vocab, userdict: str = USERDICT, pos: bool = True, features: bool = False) -> None:
        self.vocab = vocab
        self.userdict = userdict
        self.pos = pos
        self.features = features
        jieba_tokenizers(userdict)  # load now; the instance keeps no reference, so it stays picklable

    def __call__(self, text: str) -> Doc:
        tokenizer, pos_tokenizer = jieba_tokenizers(self.userdict)
        pairs = [(p.word, p.flag) for p in pos_tokenizer.cut(text, HMM=True)] if self.pos else \
            [(w, "") for w in tokenizer.cut(text, HMM=True)]
        words, spaces = get_words_and_spaces([w for w, _ in pairs], text)
        doc = Doc(self.vocab, words=words, spaces=spaces)
        flags = _flags_by_start(pairs)
        for token in doc:
            token.tag_ = flags.get(token.idx, "x")
        return add_term_features(doc) if self.features else doc

    def to_bytes(self, **kwargs: Any) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs: Any) -> "JiebaTokenizer":
        return self

    def to_disk(self, path: Any, **kwargs: Any) -> None:
        return None

    def from_disk(self, path: Any, **kwargs: Any) -> "JiebaTokenizer":
        return self


def _flags_by_start(pairs: list[tuple[str, str]]) -> dict[int, str]:
    flags, offset = {}, 0
    for word, flag in pairs:
        flags[offset] = flag
        offset += len(word)
    return flags


@spacy.registry.tokenizers("cnreport.jieba_tokenizer.v1")
def create_jieba_tokenizer(userdict: str = USERDICT, pos: bool = True, features: bool = False) -> Any:
    """spaCy registry entry for :class:`JiebaTokenizer` (``features``: the term-list features of
    :mod:`nlp.segment.features`)."""
    def make(nlp: Any) -> JiebaTokenizer:
        return JiebaTokenizer(nlp.vocab, userdict, pos, features)
    return make


def blank_pipeline(pos: bool = True, features: bool = False) -> spacy.language.Language:
    """``spacy.blank("zh")`` with the cnreport jieba tokenizer (``features``: the term-list features)."""
    return spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "cnreport.jieba_tokenizer.v1", "pos": pos,
                                                           "features": features}}})
