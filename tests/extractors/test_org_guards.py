"""The organization-suffix rule's guards (``nlp/data/gazetteers/org_rule_guards.tsv``): a head that only ends a
common word (内部, 全部) unless a head word ends there (安全部), a name made of generic words (科技公司, 大型银行), a
verb that ends the scan. Real lines of the development reports: the first report (cn), blockchain_security_eval_2021 (bse) and
fisco_platform_survey_2017 (fisco); names that must stay are from the same reports and from general usage."""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from nlp.extractors.rules.org_suffix import OrgSuffixRule


@dataclass
class Line:
    text: str


# (id, line, the ORG names the rule finds)
CASES = [
    ("bse-false-head-waibu", "（三）Top 3-区块链核心运行环境多采用外部隔离，存在横向渗透风险", []),
    ("bse-false-head-neibu", "难以抵抗内部恶意使用和外部隐私攻击。", []),
    ("bse-false-head-two", "一旦恶意攻击突破外部隔离机制，则可利用内部防", []),
    ("fisco-false-head-quanbu", "监管机构可以按照规定规则来审计全部或部分总账分录。", []),
    ("fisco-generic-internet", "在国内，金融机构、互联网公司、IT 企业和制造企业也", []),
    ("fisco-generic-banks", "其成员包括国际大型银行、科技公司和其他金融服务企业。", []),
    ("fisco-generic-guarantee", "Global Limited 是英国一家担保有限公司，并不", []),
    ("fisco-scan-verb", "至今，金链盟成员已涵括银行、基金、证券、保险、", []),
    ("cn-generic-fund", "专注区块链应用投资的引导基金, 推动传统企业业务", []),
    ("cn-generic-alliance", "这是中国首个获得政府专项支持的区块链联盟，该联盟的成立", []),
    ("cn-scan-verb-tisheng", "实施“九库计划”，提升联盟平台的影响力和服务水", []),
    ("cn-scan-verb-shixian", "展开全方位合作, 实现联盟内资源整合, 优化配", []),
    ("cn-verb-before-place", "消费者只要认准上海酒类区块链联盟标识", ["上海酒类区块链联盟"]),
    ("cn-name-kept", "贵州省区块链产业技术创新联盟\t2017年5月", ["贵州省区块链产业技术创新联盟"]),
    ("ministry-one-char-head", "科技部印发", ["科技部"]),
    ("generic-words-with-a-place", "北京农村商业银行上线", ["北京农村商业银行"]),
    ("true-head-security-ministry", "加拿大公共安全部发布", ["加拿大公共安全部"]),
    ("false-head-after-true-head-word", "影响全部用户", []),
    ("national-fund", "国家集成电路产业投资基金二期", ["国家集成电路产业投资基金"]),
]


@pytest.fixture(scope="module")
def rule() -> OrgSuffixRule:
    return OrgSuffixRule()


@pytest.mark.parametrize(("text", "names"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_org_suffix_guards(rule: OrgSuffixRule, text: str, names: list[str]) -> None:
    assert [text[start:end] for start, end, _ in rule.match(Line(text))] == names  # type: ignore[arg-type]


def test_guard_file_kinds_are_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    from nlp.data import terms
    from nlp.errors import DataFileError
    monkeypatch.setattr(terms, "read_tsv", lambda *_: [{"word": "内部", "kind": "false-head", "source": "x"}])
    terms.org_rule_guards.cache_clear()
    try:
        with pytest.raises(DataFileError, match="org_rule_guards.tsv"):
            terms.org_rule_guards()
    finally:
        terms.org_rule_guards.cache_clear()
