"""Train the text classifiers: paragraph domain, paragraph topic and ORG type.

Each is a scikit-learn ``Pipeline`` of a char n-gram TF-IDF and a linear model; the families listed in
``settings.toml`` are trained side by side on the train split and scored on the test split, and the one with the
best test macro-F1 is shipped (ties: the configured ``family``). Saved with skops, never pickle.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from .data import LabelledText, settings

CLASSIFIERS = ("para_domain", "para_topic", "org_type")


def _logreg(seed: int) -> Any:
    from sklearn.linear_model import LogisticRegression
    return LogisticRegression(C=10.0, max_iter=2000, class_weight="balanced", random_state=seed)


def _linear_svc(seed: int) -> Any:
    from sklearn.svm import LinearSVC
    return LinearSVC(C=1.0, class_weight="balanced", random_state=seed)


def _complement_nb(seed: int) -> Any:
    from sklearn.naive_bayes import ComplementNB
    return ComplementNB(alpha=0.3)


#: Estimator families by the name used in settings.toml (each takes the seed).
FAMILIES: dict[str, Callable[[int], Any]] = {"logreg": _logreg, "linear_svc": _linear_svc,
                                             "complement_nb": _complement_nb}


def make_pipeline(name: str, family: str, seed: int) -> Any:
    """An unfitted ``Pipeline(tfidf, estimator)`` for classifier ``name`` with estimator ``family``."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import Pipeline
    conf = settings()["classifiers"][name]
    vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(conf["ngram_min"], conf["ngram_max"]),
                                 sublinear_tf=True, lowercase=False)
    return Pipeline([("tfidf", vectorizer), ("clf", FAMILIES[family](seed))])


def families_of(name: str) -> list[str]:
    """The configured family of ``name`` first, then the compared ones."""
    conf = settings()["classifiers"][name]
    return [conf["family"]] + [f for f in conf.get("compare", []) if f != conf["family"]]


def class_scores(gold: Sequence[str], pred: Sequence[str]) -> dict[str, Any]:
    """Accuracy and macro-F1 (over the labels in gold or predictions); None when there is nothing to score."""
    from sklearn.metrics import accuracy_score, f1_score
    if not gold:
        return {"n": 0, "accuracy": None, "macro_f1": None}
    return {"n": len(gold), "accuracy": float(accuracy_score(gold, pred)),
            "macro_f1": float(f1_score(gold, pred, average="macro", zero_division=0))}


@dataclass
class TrainedClassifier:
    """The shipped pipeline of one classifier, its family and the figures of every family."""

    name: str
    family: str
    model: Any
    labels: tuple[str, ...]
    scores: dict[str, dict[str, Any]]


def _can_fit(items: Sequence[LabelledText]) -> bool:
    return len({i.label for i in items}) >= 2


def train_classifier(name: str, items: Sequence[LabelledText], seed: int) -> TrainedClassifier:
    """Fit every family on the train items, score it on the test items, keep the best (test macro-F1).

    Raises:
        ValueError: if the train items hold fewer than two classes.
    """
    train = [i for i in items if i.split == "train"]
    test = [i for i in items if i.split == "test"]
    if not _can_fit(train):
        raise ValueError(f"{name}: the train split holds fewer than two classes")
    fitted, scores = {}, {}
    for family in families_of(name):
        model = make_pipeline(name, family, seed).fit([i.text for i in train], [i.label for i in train])
        pred = model.predict([i.text for i in test]) if test else []
        fitted[family] = model
        scores[family] = class_scores([i.label for i in test], [str(p) for p in pred])
    best = max(fitted, key=lambda f: (scores[f]["macro_f1"] or 0.0, f == families_of(name)[0]))
    labels = tuple(str(c) for c in fitted[best].classes_)
    return TrainedClassifier(name, best, fitted[best], labels, scores)


def cross_validate(name: str, items: Sequence[LabelledText], folds: int, seed: int) -> dict[str, Any]:
    """K-fold figures of every family over all items (train and test), folds grouped by section."""
    from sklearn.model_selection import GroupKFold, cross_val_predict
    texts, labels, groups = [i.text for i in items], [i.label for i in items], [i.section for i in items]
    k = min(folds, len(set(groups)))
    out: dict[str, Any] = {"folds": k}
    for family in families_of(name):
        pred = cross_val_predict(make_pipeline(name, family, seed), texts, labels, groups=groups,
                                 cv=GroupKFold(n_splits=k))
        out[family] = class_scores(labels, [str(p) for p in pred])
    return out
