"""The extractor registry, its snapshot (tests/data/registry_snapshot.tsv) and nlp/data/pipeline.toml agree."""
from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from nlp.data import read_text
from nlp.extractors.base import ENTS, assigns, create, registered
from nlp.segment.sentences import Sentence

SNAPSHOT = Path(__file__).resolve().parents[1] / "data" / "registry_snapshot.tsv"
REAL_LINE = "2022 年 5 月，交通运输部发布《基于区块链的进口干散货进出港业务电子平台建设指南》。"


def snapshot() -> dict[str, bool]:
    """name → whether the pipeline runs it."""
    rows = [line.split("\t") for line in SNAPSHOT.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    return {row[0]: row[1] == "yes" for row in rows}


def pipeline_names() -> list[str]:
    return [entry["name"] for entry in tomllib.loads(read_text("pipeline.toml"))["extractors"]]


def test_registered_names_match_the_snapshot() -> None:
    assert sorted(registered()) == sorted(snapshot())


def test_pipeline_config_names_registered_extractors_in_snapshot_order() -> None:
    names = pipeline_names()
    assert len(names) == len(set(names)), "an extractor is listed twice"
    assert sorted(names) == sorted(n for n, used in snapshot().items() if used)
    assert set(names) <= set(registered())


def test_only_the_ner_assigns_doc_ents() -> None:
    """The pipeline tells the NER (whose spaCy Language the rule components run after) from rule extractors by what
    the registry says each assigns, not by its name or place in nlp/data/pipeline.toml."""
    assert [name for name in sorted(registered()) if ENTS in assigns(name)] == ["ner.ml.v1"]


@pytest.mark.parametrize("name", [n for n in sorted(snapshot()) if n not in ("ner.ml.v1",)])
def test_registered_extractor_has_name_labels_and_runs(name: str) -> None:
    extractor = create(name)
    assert extractor.name == name and extractor.labels
    spans = extractor(Sentence(0, 0, len(REAL_LINE), REAL_LINE, "prose"))
    assert all(0 <= s.start < s.end <= len(REAL_LINE) and s.label in extractor.labels for s in spans)


def test_unknown_extractor_is_a_coded_error() -> None:
    with pytest.raises(KeyError, match=r"\[E020\]"):
        create("nope.rules.v1")
