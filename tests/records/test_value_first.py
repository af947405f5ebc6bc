"""Key figures whose value comes first (issue 19): "75%的参评项目均使用了…" is the share of 参评项目 that 使用….

Real clauses of three shared PDFs: blockchain_security_eval_2021 (shares of evaluated projects), cac_digital_china_2021
(shares of 网民, counts of 高校, 城市, 医院) and caict_digital_economy_2022, caict_computing_power_index_2021 and
foreign_data_security_policy_2022 (values that are objects, not shares of a subject that follows them).
"""
from __future__ import annotations

import pytest

from nlp.api import extract
from nlp.records.schema import KeyFigure

SECURITY = "blockchain_security_eval_2021"
CAC = "cac_digital_china_2021"

# (report and page, clause, value as printed, metric, scope)
CASES = [
    (f"{SECURITY} p13", "整体可见，国密算法的应用比例较高，75%的参评项目均使用了至少一种 SM 系列国密算法，38%的参评项目采用了国产 SM2、SM3、SM4 算法分别用于签名、摘要和加密过程。",
     "75%", "使用至少一种SM系列国密算法的参评项目比例", "参评项目"),
    (f"{SECURITY} p13", "整体可见，国密算法的应用比例较高，75%的参评项目均使用了至少一种 SM 系列国密算法，38%的参评项目采用了国产 SM2、SM3、SM4 算法分别用于签名、摘要和加密过程。",
     "38%", "采用国产SM2、SM3、SM4算法分别用于签名的参评项目比例", "参评项目"),
    (f"{SECURITY} p12", "约半数的参评项目缺少完善的数据流访问管理，存在 DDoS 等资源攻击风险，如 62%的项目不会根据报文类型和地址对节点可接收报文进行过滤；50%的项目不会根据会话状态信息，或基于应用协议和应用内容对进出节点的数据流进行控制。",
     "62%", "不会根据报文类型和地址对节点可接收报文进行过滤的项目比例", "项目"),
    (f"{SECURITY} p12", "约半数的参评项目缺少完善的数据流访问管理，存在 DDoS 等资源攻击风险，如 62%的项目不会根据报文类型和地址对节点可接收报文进行过滤；50%的项目不会根据会话状态信息，或基于应用协议和应用内容对进出节点的数据流进行控制。",
     "50%", "不会根据会话状态信息的项目比例", "项目"),
    (f"{SECURITY} p15", "其余 25%的项目不具备资源监控功能，故无法通过资源使用情况分析进一步提供对 DDoS、算力攻击等网络攻击行为的检测分析。",
     "25%", "不具备资源监控功能的项目比例", "项目"),
    (f"{SECURITY} p16", "在入侵检测能力实测环节，仅有 12%的参评项目测试环境对测试漏洞提出了告警，其余项目未能成功检测出特定的测试漏洞。",
     "12%", "对测试漏洞提出告警的参评项目测试环境比例", "参评项目测试环境"),
    (f"{SECURITY} p19", "25%的参评项目在实测中未限制访问终端的地址范围，62%的参评项目中节点可接收到目标地址中不包含自身地址的报文，且 50%的参评项目不限制单个用户或进程对系统资源的最大使用量。",
     "62%", "节点可接收到目标地址中不包含自身地址的报文的参评项目比例", "参评项目"),
    (f"{SECURITY} p19", "25%的参评项目在实测中未限制访问终端的地址范围，62%的参评项目中节点可接收到目标地址中不包含自身地址的报文，且 50%的参评项目不限制单个用户或进程对系统资源的最大使用量。",
     "50%", "不限制单个用户或进程对系统资源的最大使用量的参评项目比例", "参评项目"),
    (f"{SECURITY} p20", "一旦系统遭受大规模资源滥用攻击，有 25%的参评项目无法提供对节点的资源监控功能，相应影响对 DDoS 等资源滥用攻击的检测能力。",
     "25%", "无法提供对节点的资源监控功能的参评项目比例", "参评项目"),
    (f"{SECURITY} p20", "约 90%的参评项目采集了手机、邮箱地址、地理位置、登录时间等个人隐私数据，其中 80%的项目虽通过账户验证对个人隐私数据进行访问控制，但未对个人隐私数据进行模糊化处理。",
     "80%", "通过账户验证对个人隐私数据进行访问控制的项目比例", "项目"),
    (f"{SECURITY} p22", "38%的参评项目中检测出“PRIVATE KEY”等密钥相关敏感词，测评人员可借助敏感词所在位置查找到密钥存储相关信息。",
     "38%", "检测出“PRIVATE KEY”等密钥相关敏感词的参评项目比例", "参评项目"),
    (f"{SECURITY} p23", "此轮测评所有参评项目均提供内部安全审计，但仅有 1 家参评项目提供了第三方源码审计报告。",
     "1家", "提供第三方源码审计报告的参评项目数量", "参评项目"),
    (f"{SECURITY} p30", "其中 25%的参评项目为公有链平台，其余 75%为许可链平台，涉及区块链商业区块链基础设施服务平台。",
     "25%", "公有链平台的参评项目比例", "参评项目"),
    (f"{SECURITY} p30", "其中 25%的参评项目为公有链平台，其余 75%为许可链平台，涉及区块链商业区块链基础设施服务平台。",
     "75%", "许可链平台的参评项目比例", "参评项目"),
    (f"{CAC} p4", "超 90%的省级行政许可事项实现网上受理和“最多跑一次”，平均承诺时限压缩超过一半以上。",
     "超90%", "实现网上受理和“最多跑一次”的省级行政许可事项比例", "省级行政许可事项"),
    (f"{CAC} p20", "电子客票在铁路、民航领域基本实现了全覆盖，318 个地级以上城市实现交通一卡通互联互通。",
     "318个", "实现交通一卡通互联互通的地级以上城市数量", "地级以上城市"),
    (f"{CAC} p21", "国家网络安全人才与创新基地投入运行，60 余所高校设立网络安全学院，200 余所高校设立网络安全本科专业。",
     "60余所", "设立网络安全学院的高校数量", "高校"),
    (f"{CAC} p39", "“5G+医疗健康”加速发展，超过 600家三级医院完成 5G 网络深度覆盖，在急诊救治、远程诊断、健康管理等场景应用。",
     "超过600家", "完成5G网络深度覆盖的三级医院数量", "三级医院"),
    (f"{CAC} p67", "98.7%的网民通过互联网获取过时事新闻、查阅资料，98.2%的网民通过互联网与亲友进行过交流互动。",
     "98.7%", "通过互联网获取时事新闻、查阅资料的网民比例", "网民"),
    (f"{CAC} p68", "参与调查的网民中，92.1%的网民认为“加大网络基础设施建设投入能够提升用网体验”。",
     "92.1%", "认为“加大网络基础设施建设投入能够提升用网体验”的网民比例", "网民"),
    (f"{CAC} p68", "同时 31.2%的网民认为固定宽带下载速率仍需进一步提升。",
     "31.2%", "认为固定宽带下载速率仍需进一步提升的网民比例", "网民"),
    ("caict_digital_economy_2022 p16", "增速方面，近 98%的数字经济产业园建立于 2018 年及之后，2018 年-2021 年分别设立 9 家、24 家、63 家。",
     "近98%", "建立于2018年及之后的数字经济产业园比例", "数字经济产业园"),
]


def _figure(clause: str, value: str) -> KeyFigure | None:
    return next((f for f in extract(clause).figures if f.value.text.replace(" ", "") == value), None)


@pytest.mark.parametrize("where, clause, value, metric, scope", CASES, ids=[f"{c[0]}:{c[2]}" for c in CASES])
def test_a_value_first_figure_measures_its_subject(where: str, clause: str, value: str, metric: str, scope: str) -> None:
    figure = _figure(clause, value)
    assert figure is not None, where
    assert (figure.metric, figure.scope) == (metric, scope)


# values that are no share of a subject after them: an object (保持55%的高位增长, 以超过50%的速度增长, 占…4%的
# 罚款, 覆盖全国96%的地市), a list of shares with one predicate (87%的省级政府和81%的…), an adverbial clause
# (可以在疑似密钥泄露的情况下)
NOT_VALUE_FIRST = [
    ("caict_computing_power_index_2021 p3", "在全球疫情背景下，我国算力依然保持 55%的高位增长，高于全球增速约 16 个百分点。", "55%"),
    ("caict_computing_power_index_2021 p10", "预估未来五年全球算力规模将以超过 50%的速度增长，到 2025 年整体规模将达到 3300 EFlops。", "超过50%"),
    (f"{CAC} p39", "全国统一的医保信息平台基本建成，覆盖全国 96%的地市和新疆生产建设兵团。", "96%"),
    (f"{CAC} p36", "87%的省级政府和81%的地市级政府通过政府网站发布政府决策草案，公开征求意见。", "87%"),
    ("foreign_data_security_policy_2022 p87", "任何未经客户同意共享客户数据的组织将被处以 1 亿 5 千万卢比的罚款或占其全球营业额 4%的罚款。", "4%"),
    (f"{SECURITY} p13", "在密钥泄露与重置方面，75%的参评项目可以在疑似密钥泄露的情况下，通过注销 CA、冻结账户等方式终止使用旧密钥。", "75%"),
]


@pytest.mark.parametrize("where, clause, value", NOT_VALUE_FIRST, ids=[f"{c[0]}:{c[2]}" for c in NOT_VALUE_FIRST])
def test_a_value_that_is_an_object_takes_no_metric_from_after_it(where: str, clause: str, value: str) -> None:
    figure = _figure(clause, value)
    assert figure is None or not (figure.scope and figure.metric.endswith(("的" + figure.scope + "比例", "的" + figure.scope + "数量")))
