"""Person names from credits and titles (issue 19), on real lines of the first report and the shared PDFs
(baidu_blockchain_whitepaper_2018 p5, miit_blockchain_tech_app_2016 p7, foreign_data_security_policy_2022 p90)."""
from __future__ import annotations

import pytest

from nlp.extractors.rules.people import credit_names, is_person_name, name_list, titled_names

CREDIT_CASES = [
    ("first-report-chair", "**主任：**刘 权", ["刘 权"]),
    ("first-report-vice", "**副主任：**黄忠义 刘宗媛", ["黄忠义", "刘宗媛"]),
    ("first-report-list", "**编写人员（排名不分先后）**\n\n徐苗苗 袁 方 周一平 孟 雪\n\n李立雪 郝依然 李宜谦",
     ["徐苗苗", "袁 方", "周一平", "孟 雪", "李立雪", "郝依然", "李宜谦"]),
    ("baidu-advisers", "顾问：向海龙、梁志祥、吴海锋、郑子斌、尹世明", ["向海龙", "梁志祥", "吴海锋", "郑子斌", "尹世明"]),
    ("baidu-experts", "指导专家：林晓东、侯丽斌、马杰、陈志峰", ["林晓东", "侯丽斌", "马杰", "陈志峰"]),
    ("baidu-continued", "研究撰写：卞琦、柴桥子、陈浩栋、\n\n顾晓莉、侯迪、黄心远、", ["卞琦", "柴桥子", "陈浩栋", "顾晓莉", "侯迪", "黄心远"]),
    ("miit-heading-list", "#### 编写人员\n\n#### 周平平  杜平宇  李平斌  季宙栋苏小康   余文波",
     ["周平平", "杜平宇", "李平斌", "季宙栋", "苏小康", "余文波"]),
    ("miit-glued-and", "#### 编写人员\n\n#### 李仓良   华正皓卢道和   黄宇翔", ["李仓良", "华正皓", "卢道和", "黄宇翔"]),
    ("list-ends-at-prose", "编写人员\n张兆鹏\n中国信息通信研究院", ["张兆鹏"]),
    ("orgs-after-a-role-are-no-names", "#### 编写单位\n\n#### 万达网络科技有限公司", []),
    ("company-list-no-role", "#### 中国平安保险（集团）股份有限公司\n\n#### 乐视联服信息技术有限公司", []),
    ("no-role-no-names", "周平平  杜平宇  李平斌", []),
]


@pytest.mark.parametrize("text, expected", [c[1:] for c in CREDIT_CASES], ids=[c[0] for c in CREDIT_CASES])
def test_names_of_a_credits_block(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e in credit_names(text)] == expected


TITLED_CASES = [
    ("sir", "由吕志宽先生于2017年8月份创立", ["吕志宽"]),
    ("academician-before", "中国工程院院士邬贺铨表示", ["邬贺铨"]),
    ("senior-researcher", "京东法律研究院高级研究员魏铭", ["魏铭"]),
    ("council-member-unit", "由江西联通任理事长单位，携手华为、腾讯", []),
    ("academy-alone", "中国工程院院士、教授级高级工程师", []),
]


@pytest.mark.parametrize("text, expected", [c[1:] for c in TITLED_CASES], ids=[c[0] for c in TITLED_CASES])
def test_names_next_to_a_title(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e in titled_names(text)] == expected


NAME_CASES = [("刘权", True), ("欧阳明远", True), ("范围", True), ("区块链", False), ("程院", False), ("单位", False),
              ("安全运维", False), ("中国移动", False), ("高级", False), ("数据", False)]


@pytest.mark.parametrize("text, expected", NAME_CASES, ids=[c[0] for c in NAME_CASES])
def test_what_reads_as_a_name(text: str, expected: bool) -> None:
    assert is_person_name(text) is expected


@pytest.mark.parametrize("line", ["区块链 技术 应用", "《数据安全法》", "2021 年 3 月"], ids=str)
def test_lines_that_are_no_name_lists(line: str) -> None:
    assert name_list(line) is None
