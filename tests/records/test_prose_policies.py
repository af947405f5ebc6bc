"""Policies named in the prose (issue 13): real sentences of the shared PDFs (foreign_data_security_policy_2022,
cac_digital_china_2021, fisco_platform_survey_2017), in their normalized form, and the issue's own examples; then
the hand-made gold of foreign_data_security_policy_2022's sampled pages (annotations/reports/<key>/policies.csv),
extracted page by page with the default pipeline (skipped when ../shared/corpus-real is absent)."""
from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from nlp.normalizers.dates import parse_date
from nlp.records.policies import Span, sentence_policies
from nlp.records.schema import DateValue

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT.parent / "shared" / "corpus-real"
REAL = REAL if REAL.is_dir() else Path("/work/shared/corpus-real")
GOLD = ROOT / "annotations" / "reports" / "foreign_data_security_policy_2022"
DATE_RE = re.compile(r"(?:19|20)\d{2}年(?:\d{1,2}月(?:\d{1,2}日)?)?")


def spans_of(text: str, names: tuple[str, ...]) -> list[Span]:
    """The DATE spans (normalized by the date normalizer) and the given names of a sentence, as the pipeline's
    mentions would give them."""
    out = []
    for match in DATE_RE.finditer(text):
        value = parse_date(match.group())
        out.append(Span(match.start(), match.end(), "DATE", value if isinstance(value, DateValue) else None))
    for name in names:
        for match in re.finditer(re.escape(name), text):
            out.append(Span(match.start(), match.end(), "LOC" if len(name) <= 5 else "ORG"))
    return sorted(out, key=lambda s: (s.start, s.end))


CASES = [
    ("当地时间2022年1月20日，欧洲议会以530票赞成、78票反对、80票弃权的表决结果通过了《数字服务法》。", ("欧洲议会",),
     [("《数字服务法》", "欧洲议会", "2022-01-20", "")]),
    ("1984年,英国议会通过的首部《数据保护法》，是英国推动发展数字经济顶层设计中的重要举措。", ("英国",),
     [("《数据保护法》", "英国议会", "1984", "")]),
    ("2015年10月19日，法国总理ManuelValls亲自签署并发布新版《法国国家数字安全战略》（FrenchNationalDigitalSecurity"
     "Strategy），该《战略》反映了当前和未来法国对网络空间和数字安全的核心主张和总体安排。", ("法国",),
     [("《法国国家数字安全战略》", "法国总理ManuelValls", "2015-10-19", "")]),
    ("州层面上，由州长签署发布的2018年加利福尼亚州《消费者隐私法案》、2021年弗吉尼亚州《消费者数据保护法》，作为专门针对"
     "加州消费者的隐私保护法律。", ("加利福尼亚州", "弗吉尼亚州"),
     [("《消费者隐私法案》", "州长", "2018", ""), ("《消费者数据保护法》", "州长", "2021", "")]),
    ("《信用信息使用和保护法实施令》颁布日期为2009年10月1日，细化落实《信用信息使用和保护法》规定要求的具体事项。", (),
     [("《信用信息使用和保护法实施令》", "", "2009-10-01", "")]),
    ("2000年，《个人信息保护和电子文档法案》（以下简称“PIPEDA”）通过，该法案规定了私人或者企业在进行商业活动时使用个人"
     "信息的范围与准则。", (), [("《个人信息保护和电子文档法案》", "", "2000", "")]),
    ("南非《个人信息保护法》的实质性规定已于2020年7月1日生效（对于信息获取的监督规定于2021年6月30日生效）。", ("南非",),
     [("《个人信息保护法》", "", "2020-07-01", "")]),
    ("2019年12月4日，印度总理纳伦德拉•莫迪领导的联邦内阁批准了修改后的法案，即《2019年印度个人数据保护法案》（2019年第"
     "373号法案）。", ("印度",), [("《2019年印度个人数据保护法案》", "联邦内阁", "2019-12-04", "2019年第373号法案")]),
    ("2020年11月25日，欧盟委员会发布了欧盟《数据治理法案》（简称《法案》）的拟议草案。", ("欧盟委员会", "欧盟"),
     [("《数据治理法案》", "欧盟委员会", "2020-11-25", "")]),
    ("《95指令》包括72条序言和34条条款，旨在提高欧洲个人信息保护法律的统一程度，弥补1980年出台的《第108号公约》。", ("欧洲",),
     [("《第108号公约》", "", "1980", "")]),
    ("2018年2月13日，山东省人民政府办公厅印发《山东省医养健康产业发展规划（2018—2022年）》，提出探索区块链在医疗数据共享"
     "中的应用。", (), [("《山东省医养健康产业发展规划（2018—2022年）》", "山东省人民政府办公厅", "2018-02-13", "")]),
    ("2017年1月，国务院办公厅印发《关于创新管理优化服务培育壮大经济发展新动能加快新旧动能接续转换的意见》（国办发〔2017〕4号），"
     "要求加快新技术应用。", (),
     [("《关于创新管理优化服务培育壮大经济发展新动能加快新旧动能接续转换的意见》", "国务院办公厅", "2017-01",
       "国办发〔2017〕4号")]),
    ("欧盟于2016年4月通过《通用数据保护条例》。", ("欧盟",), [("《通用数据保护条例》", "欧盟", "2016-04", "")]),
    ("国家网信办、工业和信息化部、公安部、市场监管总局联合发布《互联网信息服务算法推荐管理规定》。", ("国家网信办",),
     [("《互联网信息服务算法推荐管理规定》", "国家网信办;工业和信息化部;公安部;市场监管总局", "", "")]),
    ("凯文·凯利在《失控：全人类的最终命运和结局》一书中提到了分布式系统。", (), []),
    ("《95指令》直接以指令而非条约的形式要求各成员国完善数据保护立法。", (), []),
    ("2020年，由美国司法部隐私和公民自由办公室（OPCL）编写了《1974年隐私法概述》是对《隐私法》各项条款的讨论。", ("美国",), []),
    ("由于英国在2020年底离开欧盟，不再受《通用数据保护条例》管辖。", ("英国", "欧盟"), []),
    ("2018年10月，乌拉圭与20个欧洲理事会成员国签署了一项欧洲理事会条约，作为《第108号公约》的修订议定书。", ("乌拉圭",), []),
]


@pytest.mark.parametrize(("sentence", "names", "expected"), CASES, ids=[c[0][:14] for c in CASES])
def test_sentence_policies(sentence: str, names: tuple[str, ...], expected: list[tuple[str, str, str, str]]) -> None:
    found = sentence_policies(sentence, spans_of(sentence, names))
    got = [(sentence[f.start:f.end], f.issuer, f.date.partial() if f.date else "", f.doc_number) for f in found]
    assert got == expected


# --------------------------------------------------------------------------- the sampled pages' gold

#: Gold rows the extraction misses, with the reason (strict xfails).
KNOWN_MISSES = {
    "《个人数据保护法案》": "issuer read as 印度“数据保护专家委员会 (the gold writes the body's name without country and quotes)",
    "《2019 年印度个人数据保护法案》": "ingest cuts the sentence at the line starting with • (纳伦德拉 / • 莫迪): the title "
                                   "is read as 《2019年印度个人数据保•",
}


def gold_rows() -> list[dict[str, str]]:
    with open(GOLD / "policies.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def sampled() -> list[dict[str, object]]:
    """The policy records of the gold's sampled pages, each page extracted alone."""
    path = REAL / "foreign_data_security_policy_2022.pdf"
    if not path.exists():
        pytest.skip(f"{path} not here")
    from nlp.api import pipeline_for
    from nlp.ingest import read_document
    from nlp.options import ExtractOptions
    from nlp.records.serialize import table_row
    pipeline = pipeline_for(ExtractOptions())
    pages = json.loads((GOLD / "document.json").read_text(encoding="utf-8"))["policies_pages"]
    rows = []
    for page in pages:
        extraction = pipeline.run(read_document(path, pages=(page, page)))
        rows += [table_row(r) for r in extraction.rows if r.kind == "policies" and r.source == "prose"]
    return rows


def _fold(text: object) -> str:
    return re.sub(r"\s+", "", str(text or ""))


@pytest.mark.parametrize("gold", [pytest.param(g, id=f"p{g['page']}-{g['title'][1:10]}", marks=[
    pytest.mark.xfail(reason=KNOWN_MISSES[g["title"]], strict=True)] if g["title"] in KNOWN_MISSES else [])
    for g in gold_rows()])
def test_gold_policy_is_extracted(sampled: list[dict[str, object]], gold: dict[str, str]) -> None:
    found = [r for r in sampled if r["page"] == int(gold["page"]) and _fold(r["title"]) == _fold(gold["title"])]
    assert found, "not extracted"
    assert (_fold(found[0]["issuer"]), found[0]["date"], _fold(found[0]["doc_number"])) == (
        _fold(gold["issuer"]), gold["date"], _fold(gold["doc_number"]))


def test_no_policy_beyond_the_gold(sampled: list[dict[str, object]]) -> None:
    """Precision on the sampled pages: every predicted prose policy is a gold row (16 of 16 measured)."""
    titles = {(int(g["page"]), _fold(g["title"])) for g in gold_rows()}
    assert [r["title"] for r in sampled if (r["page"], _fold(r["title"])) not in titles] == []
