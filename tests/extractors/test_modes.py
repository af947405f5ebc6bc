"""Every extraction mode the options accept (nlp/options.py ``Mode``) runs through the pipeline, its extractors
built from the registry by the names nlp/data/pipeline.toml lists for the mode. Real lines of the first report."""
from __future__ import annotations

import pytest

from nlp.api import pipeline_for
from nlp.ingest.document import make_document
from nlp.options import DEFAULT_MODELS_DIR, ExtractOptions, Mode
from nlp.pipeline import configured_extractors

LINES = ("2022年11月，工信部工业文化发展中心牵头成立工业元宇宙协同发展组织。"
         "如北京信任度科技有限公司的司法区块链平台支持可插拔的共识服务框架。")
HAS_NER = (DEFAULT_MODELS_DIR / "ner" / "meta.json").exists()

# mode, extractors pipeline.toml lists for it, sources its mentions may have, mentions (label, text) it must find
CASES = [
    (Mode.COMBINED, ["regex.rules.v1", "gazetteer.rules.v1", "org_suffix.rules.v1", "ner.ml.v1"],
     {"rules", "gazetteer", "ner"}, {("DATE", "2022年11月"), ("ORG", "工信部工业文化发展中心")}),
    (Mode.RULES, ["regex.rules.v1", "gazetteer.rules.v1", "org_suffix.rules.v1"],
     {"rules", "gazetteer"}, {("DATE", "2022年11月"), ("ORG", "工信部工业文化发展中心")}),
    (Mode.NER, ["regex.rules.v1", "ner.ml.v1"],
     {"rules", "ner"}, {("DATE", "2022年11月"), ("ORG", "北京信任度科技有限公司")}),
    (Mode.JIEBA, ["jieba_posseg.baseline.v1"], {"jieba"}, {("ORG", "工信部"), ("LOC", "北京")}),
]


def test_every_mode_has_a_case() -> None:
    assert [case[0] for case in CASES] == list(Mode)


@pytest.mark.parametrize(("mode", "names"), [(c[0], c[1]) for c in CASES], ids=[c[0].value for c in CASES])
def test_pipeline_toml_lists_the_mode_s_extractors(mode: Mode, names: list[str]) -> None:
    assert [name for name, _ in configured_extractors(DEFAULT_MODELS_DIR, mode)] == names


@pytest.mark.skipif(not HAS_NER, reason="needs the shipped models/ner")
@pytest.mark.parametrize(("mode", "sources", "expected"), [(c[0], c[2], c[3]) for c in CASES],
                         ids=[c[0].value for c in CASES])
def test_mode_extracts_a_real_line(mode: Mode, sources: set[str], expected: set[tuple[str, str]]) -> None:
    doc = make_document(LINES.encode(), "lines.txt", LINES, title="2022-2023 中国区块链年度发展报告")
    extraction = pipeline_for(ExtractOptions(mode=mode)).run(doc)
    found = {(m.label, m.text) for m in extraction.mentions}
    assert expected <= found
    assert {m.source for m in extraction.mentions} <= sources


def test_jieba_mode_gives_names_only() -> None:
    doc = make_document(LINES.encode(), "lines.txt", LINES, title="2022-2023 中国区块链年度发展报告")
    extraction = pipeline_for(ExtractOptions(mode=Mode.JIEBA)).run(doc)
    assert {m.label for m in extraction.mentions} <= {"PER", "LOC", "ORG"}
    assert extraction.rows == () and extraction.figures == ()
