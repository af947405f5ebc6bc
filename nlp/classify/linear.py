"""The classifiers' predictions without scikit-learn at run time: char n-gram TF-IDF and a linear decision, in numpy.

The shipped classifiers (``models/org_type``, ``para_domain``, ``para_topic``) are scikit-learn pipelines saved with
skops: a ``TfidfVectorizer`` over character n-grams and a linear model (``LinearSVC``, ``LogisticRegression`` or
``ComplementNB``). Loading them imports scikit-learn, SciPy, pandas and skops (which lists every scikit-learn
estimator when imported): profiled on the corpus machine, 70 % of a new process's start-up and about 150 MiB. Their
prediction is small arithmetic: count the text's n-grams of the vocabulary, ``log(tf) + 1``, times the IDF, L2-normed,
then ``x @ coef.T + intercept`` and the class of the highest score. :class:`LinearTextClassifier` does exactly that.

It is made once from the loaded pipeline (:meth:`LinearTextClassifier.from_pipeline`, which accepts only the settings
it reproduces), checked against it on probe texts, and kept in cnreport's cache folder under the SHA-256 of
``model.skops`` (verified against ``meta.json`` before any use), as jieba keeps its dictionary: the next process loads
the compact form (``numpy.load`` without pickle) and never imports scikit-learn. The model files are not changed.
"""
from __future__ import annotations

import json
import logging
import os
import re
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..models_io import load_meta, load_skops_model
from ..options import cache_dir

logger = logging.getLogger(__name__)
FORMAT = 1
CACHE_FOLDER = "classifiers"
CACHE_KEEP = 16
#: The TfidfVectorizer settings this module reproduces (the others must have these values).
VECTORIZER_FIXED = {"analyzer": "char", "binary": False, "input": "content", "preprocessor": None,
                    "strip_accents": None, "tokenizer": None, "dtype": np.float64}
WHITE_SPACES = re.compile(r"\s\s+")  # scikit-learn's _VectorizerMixin._white_spaces
ESTIMATORS = ("LinearSVC", "LogisticRegression", "ComplementNB")


def char_ngrams(text: str, low: int, high: int) -> list[str]:
    """The character n-grams of ``text`` as scikit-learn's ``analyzer="char"`` makes them (runs of white space
    become one space first).

    >>> char_ngrams("区块  链", 1, 2)
    ['区', '块', ' ', '链', '区块', '块 ', ' 链']
    """
    text = WHITE_SPACES.sub(" ", text)
    grams = list(text) if low == 1 else []
    for n in range(max(low, 2), min(high + 1, len(text) + 1)):
        grams.extend(text[i:i + n] for i in range(len(text) - n + 1))
    return grams


@dataclass
class LinearTextClassifier:
    """A fitted char n-gram TF-IDF + linear classifier, numpy arrays only; :meth:`predict` as the pipeline's."""

    terms: np.ndarray        # vocabulary, by column
    idf: np.ndarray          # (n_terms,) or empty when use_idf was off
    coef: np.ndarray         # (n_rows, n_terms): one row per class, or one row for two classes
    intercept: np.ndarray    # (n_rows,)
    classes: np.ndarray      # class labels
    settings: dict[str, Any]  # ngram_range, lowercase, sublinear_tf, norm
    index: dict[str, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.index = {str(term): i for i, term in enumerate(self.terms.tolist())}

    def vector(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """(sorted columns, TF-IDF values) of one text, as ``TfidfVectorizer.transform`` computes its row."""
        low, high = self.settings["ngram_range"]
        index = self.index
        grams = Counter(char_ngrams(text.lower() if self.settings["lowercase"] else text, low, high))
        counts = {index[g]: n for g, n in grams.items() if g in index}
        columns = np.array(sorted(counts), dtype=np.int64)
        values = np.array([counts[c] for c in columns.tolist()], dtype=np.float64)
        if self.settings["sublinear_tf"]:
            values = np.log(values) + 1.0
        if self.idf.size:
            values = values * self.idf[columns]
        if self.settings["norm"] == "l2" and values.size:
            values = values / np.sqrt(np.sum(values * values))
        elif self.settings["norm"] == "l1" and values.size:
            values = values / np.sum(np.abs(values))
        return columns, values

    def decision(self, texts: list[str]) -> np.ndarray:
        """The linear scores, (n_texts, n_rows)."""
        out = np.empty((len(texts), self.coef.shape[0]), dtype=np.float64)
        for row, text in enumerate(texts):
            columns, values = self.vector(text)
            out[row] = self.coef[:, columns] @ values + self.intercept
        return out

    def predict(self, texts: list[str]) -> list[str]:
        """The class of each text (the highest score; with two classes, the second when the score is > 0)."""
        scores = self.decision(list(texts))
        picks = (scores[:, 0] > 0).astype(int) if self.coef.shape[0] == 1 else scores.argmax(axis=1)
        return [str(self.classes[i]) for i in picks]

    @classmethod
    def from_pipeline(cls, pipeline: Any) -> "LinearTextClassifier | None":
        """The compact form of a fitted ``Pipeline([("tfidf", TfidfVectorizer), ("clf", linear model)])``, or
        ``None`` when it holds anything this module does not reproduce."""
        steps = getattr(pipeline, "steps", None)
        if not steps or len(steps) != 2:
            return None
        vectorizer, estimator = steps[0][1], steps[1][1]
        if type(vectorizer).__name__ != "TfidfVectorizer" or type(estimator).__name__ not in ESTIMATORS:
            return None
        params = vectorizer.get_params()
        if any(params.get(key) != value for key, value in VECTORIZER_FIXED.items()) or \
                params.get("norm") not in ("l2", "l1", None):
            return None
        terms = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.__getitem__)
        idf = np.asarray(vectorizer.idf_, dtype=np.float64) if params.get("use_idf") else np.empty(0)
        if type(estimator).__name__ == "ComplementNB":
            coef = np.asarray(estimator.feature_log_prob_, dtype=np.float64)
            intercept = np.asarray(estimator.class_log_prior_ if len(estimator.classes_) == 1 else
                                   np.zeros(coef.shape[0]), dtype=np.float64)
        else:
            coef = np.asarray(estimator.coef_, dtype=np.float64)
            intercept = np.asarray(estimator.intercept_, dtype=np.float64).reshape(-1)
        settings = {"ngram_range": list(params["ngram_range"]), "lowercase": bool(params["lowercase"]),
                    "sublinear_tf": bool(params["sublinear_tf"]), "norm": params["norm"]}
        return cls(np.array(terms, dtype=str), idf, coef, intercept, np.array([str(c) for c in estimator.classes_]),
                   settings)

    def agrees_with(self, pipeline: Any) -> bool:
        """True when its scores equal the pipeline's (within 1e-9) and its predictions are the same on probe texts
        made of its own vocabulary, so that a compact form that would predict anything else is never used."""
        probes = self.probe_texts()
        vectorizer, estimator = pipeline.steps[0][1], pipeline.steps[1][1]
        features = vectorizer.transform(probes)
        theirs = estimator.decision_function(features) if hasattr(estimator, "decision_function") else \
            estimator.predict_joint_log_proba(features)
        theirs = np.asarray(theirs, dtype=np.float64).reshape(len(probes), -1)
        ours = self.decision(probes)
        return ours.shape == theirs.shape and bool(np.allclose(ours, theirs, rtol=0, atol=1e-9)) and \
            self.predict(probes) == [str(c) for c in pipeline.predict(probes)]

    def probe_texts(self) -> list[str]:
        """Deterministic texts over the vocabulary: single terms, pairs and runs of them, and one with no known
        n-gram."""
        terms = [str(t) for t in self.terms.tolist()]
        step = max(1, len(terms) // 64)
        picked = terms[::step]
        return [*picked, *("".join(picked[i:i + 5]) for i in range(0, len(picked), 5)), "  ".join(picked[:9]), "\x00"]

    def save(self, path: Path) -> None:
        """Write the arrays (``.npz``, no pickle) atomically: a temp file beside ``path``, then a rename."""
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=path.parent, suffix=".npz.tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                np.savez(out, terms=self.terms, idf=self.idf, coef=self.coef, intercept=self.intercept,
                         classes=self.classes, settings=np.array(json.dumps({**self.settings, "format": FORMAT})))
            os.replace(temp, path)
        finally:
            if os.path.exists(temp):
                os.unlink(temp)

    @classmethod
    def load(cls, path: Path) -> "LinearTextClassifier":
        """Read what :meth:`save` wrote; ``ValueError`` for anything else."""
        with np.load(path, allow_pickle=False) as data:
            settings = json.loads(str(data["settings"]))
            if settings.pop("format", None) != FORMAT:
                raise ValueError(f"{path}: not a cnreport compact classifier of format {FORMAT}")
            return cls(data["terms"], data["idf"], data["coef"], data["intercept"], data["classes"], settings)


def load_classifier(folder: Path) -> Any:
    """The classifier of ``folder`` (``model.skops`` + ``meta.json``) ready to predict: its compact form from the
    cache when there is one for this exact file, else the skops pipeline, whose compact form is checked and cached
    for the next process (the pipeline itself is returned when it has no faithful compact form).

    Raises:
        ModelLoadError: as :func:`nlp.models_io.load_skops_model` (missing meta, digest mismatch, foreign file).
    """
    meta = load_meta(folder)  # checks the files against meta.json's digests first
    digest = str(meta["files"].get("model.skops", ""))
    cached = cache_dir() / CACHE_FOLDER / f"{folder.name}-{digest}.npz"
    if digest and cached.is_file():
        try:
            return LinearTextClassifier.load(cached)
        except (OSError, ValueError, KeyError) as exc:
            logger.debug("compact classifier %s unreadable (%s); rebuilt", cached, exc)
    pipeline = load_skops_model(folder)
    compact = LinearTextClassifier.from_pipeline(pipeline)
    if compact is None or not compact.agrees_with(pipeline):
        logger.info("%s: no faithful compact form; scikit-learn predicts", folder)
        return pipeline
    if digest:
        try:
            compact.save(cached)
            _prune(cached.parent)
        except OSError as exc:
            logger.debug("compact classifier not cached in %s (%s)", cached.parent, exc)
    return compact


def _prune(folder: Path, keep: int = CACHE_KEEP) -> None:
    """Keep the ``keep`` most recent compact classifiers (each retrain makes new ones)."""
    files = sorted(folder.glob("*.npz"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[keep:]:
        old.unlink(missing_ok=True)
