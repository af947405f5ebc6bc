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
]


@pytest.mark.parametrize("where, clause, value, metric", CASES, ids=[f"{c[0]}:{c[2]}" for c in CASES])
def test_the_metric_names_what_is_measured(where: str, clause: str, value: str, metric: str) -> None:
    figures = {f.value.text.replace(" ", ""): f.metric for f in extract(clause).figures}
    assert figures.get(value) == metric, (where, figures)


# values that give no figure: ranks of a list (first report line 740), a duration in months (foreign p16)
NO_FIGURE = [
    ("first report 740", "江苏省是进步城市最多的省份，无锡、南京、徐州分别提升了五名、四名和四名。"),
    ("foreign p16", "DSA 将直接适用于整个欧盟，并将在生效后十五个月或从 2024 年 1 月 1 日（以较晚者为准）开始适用。"),
]


@pytest.mark.parametrize("where, clause", NO_FIGURE, ids=[c[0] for c in NO_FIGURE])
def test_no_figure(where: str, clause: str) -> None:
    assert [(f.metric, f.value.text) for f in extract(clause).figures] == []
