"""The classifiers' compact numpy form (nlp/classify/linear.py) predicts what scikit-learn predicts.

On every shipped classifier: the scores equal the scikit-learn pipeline's within 1e-9 and the predicted classes are
identical, on real inputs of the first report (its prose lines for the paragraph classifiers, the gold ORG names for
the ORG typer); the compact form is cached under the model file's digest and read back by the next load without
skops; a pipeline it does not reproduce is left to scikit-learn.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from nlp.classify import linear
from nlp.classify.linear import LinearTextClassifier, char_ngrams, load_classifier
from nlp.models_io import load_skops_model
from nlp.options import DEFAULT_MODELS_DIR

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus" / "cn-blockchain-2022-2023.txt"
GOLD = ROOT / "annotations" / "mentions.jsonl"


def prose_lines() -> list[str]:
    return [line for line in CORPUS.read_text(encoding="utf-8").splitlines() if len(line.strip()) >= 20]


def gold_org_names() -> list[str]:
    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    return sorted({span["text"] for row in rows for span in row["spans"] if span["label"] == "ORG"})


INPUTS = {"para_domain": prose_lines, "para_topic": prose_lines, "org_type": gold_org_names}


@pytest.mark.parametrize("name", sorted(INPUTS))
def test_compact_form_predicts_as_scikit_learn(name: str) -> None:
    pipeline = load_skops_model(DEFAULT_MODELS_DIR / name)
    compact = LinearTextClassifier.from_pipeline(pipeline)
    assert compact is not None and compact.agrees_with(pipeline)
    texts = INPUTS[name]()
    assert len(texts) > 300
    scores = pipeline.decision_function(texts)
    assert np.allclose(compact.decision(texts), np.asarray(scores).reshape(len(texts), -1), rtol=0, atol=1e-9)
    assert compact.predict(texts) == [str(c) for c in pipeline.predict(texts)]


@pytest.mark.parametrize(("text", "low", "high"), [
    ("赛迪（青岛）区块链研究院", 1, 3), ("a  b\t\tc\nd", 1, 3), ("链", 1, 3), ("", 1, 3), ("区块链技术", 2, 4),
])
def test_char_ngrams_are_scikit_learns(text: str, low: int, high: int) -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer
    analyzer = TfidfVectorizer(analyzer="char", ngram_range=(low, high), lowercase=False).build_analyzer()
    assert char_ngrams(text, low, high) == analyzer(text)


def test_compact_form_is_cached_and_read_back_without_skops(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CNREPORT_CACHE_DIR", str(tmp_path))
    first = load_classifier(DEFAULT_MODELS_DIR / "org_type")
    assert isinstance(first, LinearTextClassifier)
    (cached,) = (tmp_path / "classifiers").glob("org_type-*.npz")
    digest = json.loads((DEFAULT_MODELS_DIR / "org_type" / "meta.json").read_text(encoding="utf-8"))["files"]["model.skops"]
    assert cached.name == f"org_type-{digest}.npz"

    def no_skops(folder: Path) -> None:
        raise AssertionError("skops was loaded although the compact form is cached")
    monkeypatch.setattr(linear, "load_skops_model", no_skops)
    second = load_classifier(DEFAULT_MODELS_DIR / "org_type")
    names = gold_org_names()
    assert isinstance(second, LinearTextClassifier) and second.predict(names) == first.predict(names)


def test_unreadable_cache_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CNREPORT_CACHE_DIR", str(tmp_path))
    load_classifier(DEFAULT_MODELS_DIR / "org_type")
    (cached,) = (tmp_path / "classifiers").glob("*.npz")
    cached.write_bytes(b"not an npz")
    assert isinstance(load_classifier(DEFAULT_MODELS_DIR / "org_type"), LinearTextClassifier)
    assert LinearTextClassifier.load(cached).classes.size == 7


def test_pipeline_it_does_not_reproduce_stays_scikit_learn() -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import Pipeline
    from sklearn.svm import LinearSVC
    words = Pipeline([("tfidf", TfidfVectorizer(analyzer="word")), ("clf", LinearSVC())])
    words.fit(["区块链 产业", "数字 经济", "区块链 技术", "经济 政策"], ["a", "b", "a", "b"])
    assert LinearTextClassifier.from_pipeline(words) is None
