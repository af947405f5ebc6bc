"""Metrics of key figures a user can take (issue 19): shares of the sentence's subject, growth rates, counts of what
follows a list, durations that are no counts. Real clauses of caict_computing_power_index_2021,
caict_digital_economy_2022, miit_blockchain_tech_app_2016, foreign_data_security_policy_2022 and of the first
report (corpus/cn-blockchain-2022-2023.txt, line given)."""
from __future__ import annotations

import pytest

from nlp.api import extract

COMPUTING_P26 = ("2020 年，我国产业数字化规模达 31.7 万亿元，占 GDP 比重为 31.2%，同比名义增长 10.3%，占数字经济比重由 "
                 "2015年的 74.3%提升至 2020 年的 80.9%。")
ECONOMY_P12 = "2021 年，我国数字产业化规模为 8.35万亿元，同比名义增长 11.9%，占数字经济比重为 18.3%，占 GDP 比重为 7.3%。"

ECONOMY_P18 = "在产品方面，新产品上市周期缩短 17%，产品交付周期缩短 28%；在运营方面，采购周期平均缩短 24%，库存周转率提升 19%。"

# (where, clause, value as printed, metric)
CASES = [
    ("computing p26", COMPUTING_P26, "31.7万亿元", "产业数字化规模"),
    ("computing p26", COMPUTING_P26, "31.2%", "产业数字化规模占GDP比重"),
    ("computing p26", COMPUTING_P26, "10.3%", "产业数字化规模同比增长率"),
    ("computing p26", COMPUTING_P26, "74.3%", "产业数字化规模占数字经济比重"),
    ("computing p26", COMPUTING_P26, "80.9%", "产业数字化规模占数字经济比重"),
    ("economy p12", ECONOMY_P12, "11.9%", "数字产业化规模同比增长率"),
    ("economy p12", ECONOMY_P12, "18.3%", "数字产业化规模占数字经济比重"),
    ("economy p12", ECONOMY_P12, "7.3%", "数字产业化规模占GDP比重"),
    ("miit p34", "根据有关机构预测，2020年全球的物联网设备数量将达到250亿台左右。", "250亿台左右", "全球的物联网设备数量"),
    ("miit p34", "另外，预计到2020年时，大约有500亿部设备将连接到5G网络，并且将融合到物联网之中。", "500亿部",
     "连接到5G网络的设备数量"),
    ("first report 819", "如由长安链（ChainMaker）可支持 GASM、WASMER、WXVM、EVM 四种合约引擎。", "四种", "合约引擎数量"),
    ("first report 187", "北京、杭州和武汉分别从市辖区层面出台了2项专项政策。", "2项", "专项政策数量"),
    ("first report 803", "赛迪区块链研究院对参加《2022区块链技术创新典型企业名录》评选的百余家企业进行统计。", "百余家",
     "参加《区块链技术创新典型企业名录》评选的企业数量"),  # the year is dropped from the metric, even in a title
    ("cac p26", "促进标识解析体系拓展至 31 个重点行业，国家顶级节点日解析量突破 80 亿次。", "31个",
     "促进标识解析体系拓展的重点行业数量"),
    ("foreign p111", "国浩律师事务所在全球设有 35 个执业机构，涵盖北京、上海、深圳。", "35个", "国浩律师事务所在全球设的执业机构数量"),
    ("cac p70", "其中，公交地铁扫码服务使用率最高，超过 85%参与调查的网民使用过该功能。", "超过85%",
     "使用该功能的参与调查的网民比例"),
    ("economy p18", ECONOMY_P18, "17%", "新产品上市周期下降率"),
    ("economy p18", ECONOMY_P18, "24%", "采购周期平均下降率"),
    ("economy p18", ECONOMY_P18, "19%", "库存周转率增长率"),
]


@pytest.mark.parametrize("where, clause, value, metric", CASES, ids=[f"{c[0]}:{c[2]}" for c in CASES])
def test_the_metric_names_what_is_measured(where: str, clause: str, value: str, metric: str) -> None:
    figures = {f.value.text.replace(" ", ""): f.metric for f in extract(clause).figures}
    assert figures.get(value) == metric, (where, figures)


# values that give no figure: ranks of a list (first report line 740), a duration in months (foreign p16), the
# ordinal of a session (十九届, caict_digital_economy p9)
NO_FIGURE = [
    ("economy p9", "习近平总书记在十八届中央政治局第三十六次集体学习、十九大报告、十九届中央政治局第二次集体学习、"
                   "全国网络安全和信息化工作会议、十九届五中全会、中央经济工作会议等重要会议多次强调。"),
    ("first report 740", "江苏省是进步城市最多的省份，无锡、南京、徐州分别提升了五名、四名和四名。"),
    ("foreign p16", "DSA 将直接适用于整个欧盟，并将在生效后十五个月或从 2024 年 1 月 1 日（以较晚者为准）开始适用。"),
]


@pytest.mark.parametrize("where, clause", NO_FIGURE, ids=[c[0] for c in NO_FIGURE])
def test_no_figure(where: str, clause: str) -> None:
    assert [(f.metric, f.value.text) for f in extract(clause).figures] == []
