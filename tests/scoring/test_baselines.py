"""The baselines of ``cnreport evaluate``: jieba.posseg's name tags on report sentences, and finding sources."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from nlp.extractors.base import Sentence, create
from nlp.scoring.baselines import BASELINE_MODES, gold_sources

# (corpus line, sentence, expected (text, label) spans): what jieba.posseg tags nr/ns/nt, mistakes included
# (徐汇区 and 娄底 come out as nr, 城市 as ns): the baseline is a plain peer, not a tuned extractor.
JIEBA_CASES = [
    (148, "据赛迪区块链研究院统计，2022年中国各省市及市辖区发布的元宇宙专项政策共有29项。",
     [("赛迪区块链研究院", "ORG"), ("中国各省市", "LOC")]),
    (255, "在中央网信办、工信部等多部门的推动下，2022年是区块链应用推广元年。", [("网信办", "ORG"), ("工信部", "ORG")]),
    (692, "三是湖南长沙、娄底、衡阳多地成区块链领域后起之秀，区块链产业园区不断壮大，产业实力不断增强。",
     [("湖南长沙", "LOC"), ("娄底", "PER"), ("衡阳", "LOC")]),
    (876, "区块链赋能数字政府业务已在北京、青岛、杭州、广州等全国市场广泛落地，形成良好应用示范。",
     [("北京", "LOC"), ("青岛", "LOC"), ("杭州", "LOC"), ("广州", "LOC")]),
    (187, "加上虹口区、徐汇区、宝山区的政策，广东则是广州的黄埔区、南沙区加上珠海横琴自贸区。",
     [("虹口区", "LOC"), ("徐汇区", "PER"), ("宝山区", "LOC"), ("广东", "LOC"), ("广州", "LOC"), ("黄埔区", "LOC"),
      ("南沙", "LOC"), ("珠海", "LOC")]),
    (234, "2022年，北京市深入政务服务，打造全国首个超大城市区块链基础设施“目录链”。", [("北京市", "LOC"), ("城市", "LOC")]),
    (121, "推进审判体系和审判能力现代化。", []),
]


@pytest.fixture(scope="module")
def jieba_baseline():
    return create("jieba_posseg.baseline.v1")


@pytest.mark.parametrize(("line", "text", "expected"), JIEBA_CASES, ids=[f"line{c[0]}" for c in JIEBA_CASES])
def test_jieba_baseline_tags_names_only(jieba_baseline, line: int, text: str, expected: list[tuple[str, str]]) -> None:
    spans = jieba_baseline(Sentence(0, 0, len(text), text, "prose"))
    assert [(text[s.start:s.end], s.label) for s in spans] == expected
    assert {s.source for s in spans} <= {"jieba"}


def test_baseline_modes_are_the_issue_list() -> None:
    assert [(name, mode.value) for name, mode in BASELINE_MODES.items()] == [
        ("rules_only", "rules"), ("ner_only", "ner"), ("rules+ner", "combined"), ("jieba_posseg", "jieba")]


# (id, documents.jsonl rows, files that exist, expected sources, expected note count)
SOURCE_CASES = [
    ("stem-is-gold-id", [{"doc_id": "e4500b", "path": "corpus/cn-blockchain-2022-2023.txt"}],
     ["corpus/cn-blockchain-2022-2023.txt"], ["corpus/cn-blockchain-2022-2023.txt"], 0),
    ("other-documents-skipped", [{"doc_id": "77e1d2", "path": "corpus/other-report.pdf"}],
     ["corpus/other-report.pdf"], [], 0),
    ("missing-source-noted", [{"doc_id": "e4500b", "path": "gone/cn-blockchain-2022-2023.txt"}], [], [], 1),
]


@pytest.mark.parametrize(("rows", "files", "expected", "notes"), [c[1:] for c in SOURCE_CASES],
                         ids=[c[0] for c in SOURCE_CASES])
def test_gold_sources_from_documents_jsonl(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rows: list[dict],
                                           files: list[str], expected: list[str], notes: int) -> None:
    monkeypatch.chdir(tmp_path)  # relative paths are read from the current directory, as extract wrote them
    out = tmp_path / "out"
    out.mkdir()
    (out / "documents.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    for f in files:
        (tmp_path / f).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / f).write_text("正文", encoding="utf-8")
    found, messages = gold_sources(out, ["cn-blockchain-2022-2023"])
    assert [p.as_posix() for p in found] == expected
    assert len(messages) == notes
