"""Person names from credits and titles (issue 19), on real lines of the first report and the shared PDFs
(baidu_blockchain_whitepaper_2018 p5, miit_blockchain_tech_app_2016 p7, foreign_data_security_policy_2022 p90;
prose names of fisco_platform_survey_2017, blockchain_security_eval_2021, cac_digital_china_2021,
caict_digital_economy_2022, caict_computing_power_index_2021, miit and the foreign policy report)."""
from __future__ import annotations

import pytest

from nlp.extractors.rules.people import credit_names, is_person_name, name_list, prose_names, titled_names

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


# (report and page, sentence, names): titles after a name, transliterated names joined by a middle dot, the known
# names of people.yaml; and what is none (a computer's name, a unit; 习近平 in the name of a doctrine is not taken,
# the one before 总书记 is)
PROSE_CASES = [
    ("security p10", "习近平总书记在2019 年主持中共中央政治局第十八次集体学习时强调", ["习近平"]),
    ("cac p2", "习近平总书记强调，加快数字中国建设，就是要适应我国发展新的历史方位", ["习近平"]),
    ("caict-economy p9", "2021 年 10 月，习近平总书记在主持十九届中央政治局第三十四次集体学习时强调", ["习近平"]),
    ("baidu p3", "百度积极响应习近平主席对于自主创新的期望：努力实现关键核心技术自主可控", ["习近平"]),
    ("fisco p4", "在著名作家凯文·凯利所著的《失控：全人类的最终命运和结局》中，他早就预言了", ["凯文·凯利"]),
    ("fisco p4b", "而区块链的分布式、多中心化、点对点、共识机制等特点与凯文·凯利的分布式网络高度吻合", ["凯文·凯利"]),
    ("foreign p68", "加拿大公共安全部长拉尔夫·古德尔、国防部长哈尔吉特·萨詹及加拿大创新、科学与经济发展部部长纳夫迪普·贝恩斯共同发布了",
     ["拉尔夫·古德尔", "哈尔吉特·萨詹", "纳夫迪普·贝恩斯"]),
    ("foreign p72", "《通用数据保护法》（LGPD）经巴西总统米歇尔·特梅尔的签署正式通过", ["米歇尔·特梅尔"]),
    ("foreign p73", "2016 年 5 月 20 日，迪尔玛·罗塞夫总统签署了规范互联网法律框架的《网络民法》", ["迪尔玛·罗塞夫"]),
    ("fisco p7", "比特币(BitCoin)的概念最初由中本聪在 2009 年提出，是一种 P2P 形式的数字货币", ["中本聪"]),
    ("miit p17", "区块链技术起源于化名为“中本聪”（Satoshi Nakamoto）的学者在2008年发表的奠基性论文", ["中本聪"]),
    ("computing p23", "榜单前十中占据两席，“神威·太湖之光”、“天河 2A”分别名列第四和第七", []),
    ("cac p19", "移动互联网月户均流量（DOU）达13.36GB/户·月，是 2017 年的 7.7 倍", []),
    ("cac p2 doctrine", "有习近平新时代中国特色社会主义思想特别是习近平总书记关于网络强国的重要思想指引方向", ["习近平"]),
]


@pytest.mark.parametrize("where, text, expected", PROSE_CASES, ids=[c[0] for c in PROSE_CASES])
def test_people_named_in_prose(where: str, text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e in prose_names(text)] == expected
