"""Every table as generic rows: header vocabulary → kind, tables and cells of real PDFs (../shared/corpus-real,
skipped where absent) and of the first report's text."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from nlp.ingest import read_document
from nlp.records.generic import generic_rows, header_field, table_kind, table_name
from nlp.text.blocks import segment_blocks

REAL = Path(__file__).resolve().parents[3] / "shared" / "corpus-real"
REAL = REAL if REAL.is_dir() else Path("/work/shared/corpus-real")
CORPUS = Path(__file__).resolve().parents[2] / "corpus"


@lru_cache(maxsize=None)
def rows_of(path: str) -> tuple:
    doc = read_document(Path(path))
    normalized, _ = segment_blocks(doc)
    return tuple(generic_rows(doc, normalized))


def real(name: str) -> str:
    path = REAL / f"{name}.pdf"
    if not path.exists():
        pytest.skip(f"{path} not here")
    return str(path)


@pytest.mark.parametrize(("cell", "field"), [
    ("发文日期", "date"), ("发布时间", "date"), ("印发时间", "date"), ("文件名称", "title"), ("政策名称", "title"),
    ("政策文件", "title"), ("发文机关", "issuer"), ("发布单位", "issuer"), ("发文部门", "issuer"),
    ("融资轮次", "round"), ("融资金额（亿元）", "amount"), ("公司名称", "company"), ("标准名称", "standard"),
    ("主要内容", None), ("定义/解释", None), ("术语", None),
], ids=lambda v: str(v))
def test_header_field(cell, field):
    assert header_field(cell) == field


@pytest.mark.parametrize(("header", "caption", "kind"), [
    (["发文日期", "文件名称", "发文机关", "主要内容"], "表 11 山东省区块链相关政策", "policies"),
    (["时间", "公司", "轮次", "金额"], "", "financing"),
    (["序号", "标准编号", "标准名称", "标准状态"], "表 1-7 2022 年区块链团体标准一览表", "standards"),
    (["名称", "成立时间", "主导机构"], "附件 5：我国区块链产业联盟一览表", "alliances"),
    (["区域", "省份", "城市", "成立时间", "名称"], "附件 4：我国区块链产业园区一览表", "parks"),
    (["术语", "定义/解释"], "表 1 术语", "generic"),
    (["阶段", "主要工作任务", "进度计划"], "表5-1 区块链标准化工作进度计划", "generic"),
    (["加密算法", "安全性", "运算速度", "输出大小（位）"], "表4-1 典型散列算法的特点", "generic"),
], ids=["shandong-policies", "financing-header-only", "group-standards", "alliances", "parks", "terms",
        "plan-not-standards", "hash-algorithms"])
def test_table_kind(header, caption, kind):
    assert table_kind(header, caption) == kind


@pytest.mark.parametrize(("caption", "name"), [("表 11 山东省区块链相关政策", "表11"), ("表1-2 缩略语", "表1-2"),
                                               ("附件 2：融资一览表", "附件2"), ("", "T3")], ids=str)
def test_table_name(caption, name):
    assert table_name(caption, 3) == name


@pytest.mark.parametrize(("pdf", "tables", "rows"), [
    ("caict_computing_power_index_2021", 1, 8),
    ("cac_digital_china_2021", 1, 26),
    ("miit_blockchain_tech_app_2016", 7, 37),
    ("fisco_platform_survey_2017", 5, 41),
    ("caict_digital_economy_2022", 0, 0),
], ids=lambda v: str(v))
def test_tables_per_real_pdf(pdf, tables, rows):
    found = rows_of(real(pdf))
    assert (len({r.table for r in found}), len(found)) == (tables, rows)


@pytest.mark.parametrize(("pdf", "table", "pages", "row", "cells"), [
    ("miit_blockchain_tech_app_2016", "表4-1", (56,), 1, None),
    ("miit_blockchain_tech_app_2016", "表1-1", (15, 16), 6, ("共识机制",)),
    ("miit_blockchain_tech_app_2016", "表1-2", (16,), 1, None),
    ("fisco_platform_survey_2017", "表1", (9, 10), 9, ("幽灵",)),
    ("fisco_platform_survey_2017", "表3", (15,), 4, ("响应时间", "10 分钟", "1 分钟", "3 秒左右", "秒级", "秒级")),
    ("fisco_platform_survey_2017", "表3", (15,), 7, ("容错", "50%", "50%", "50%", "50%", "33%")),
    ("fisco_platform_survey_2017", "表5", (35, 36, 37, 38, 39, 40), 8, ("维护支持能力",)),
    ("caict_computing_power_index_2021", "表1", (34,), 1, ("算力规模", "基础算力", "服务器算力规模", "EFlops")),
    ("caict_computing_power_index_2021", "表1", (34,), 3, ("算力规模", "超算算力", "超算算力规模", "EFlops")),
    ("caict_computing_power_index_2021", "表1", (34,), 4, ("算力环境", "网络环境", "互联网省际出口带宽", "Tbps")),
    ("caict_computing_power_index_2021", "表1", (34,), 5, ("算力环境", "网络环境", "5G 覆盖率", "%")),
    ("caict_computing_power_index_2021", "表1", (34,), 7, ("算力应用", "消费应用水平", "移动互联网月均流量", "EB")),
    ("cac_digital_china_2021", "表1", (53, 54), 1, ("数字基础设施", "网络基础设施普及水平")),
    ("cac_digital_china_2021", "表1", (53, 54), 9, ("数字政府", "共享开放", "政务数据共享与数据开放水平")),
    ("cac_digital_china_2021", "表1", (53, 54), 10, ("数字社会", "教育服务")),
    ("cac_digital_china_2021", "表1", (53, 54), 23, ("网民评价*（参考）", "互联网应用使用情况", "基本互联网应用使用情况")),
    ("cac_digital_china_2021", "表1", (53, 54), 26, ("网民评价*（参考）", "网络空间治理感知情况")),
], ids=["miit-hash", "miit-terms-continued", "miit-abbrev", "fisco-row-cut-by-page", "fisco-consensus-latency",
        "fisco-fault-tolerance", "fisco-caption-below-6-pages", "caict-merged-top", "caict-merged-last",
        "caict-two-merged-columns", "caict-merged-second-of-two", "caict-merged-pair", "cac-merged-first",
        "cac-merged-third", "cac-merged-on-next-page", "cac-merged-superscript", "cac-merged-last"])
def test_real_rows(pdf, table, pages, row, cells):
    found = [r for r in rows_of(real(pdf)) if r.table == table]
    assert found and found[0].pages == pages
    hit = next(r for r in found if r.row == row)
    if cells:
        assert hit.cells[:len(cells)] == cells
    assert hit.prov.page in pages and hit.prov.raw_start >= 0


def test_row_cut_by_page_is_joined():
    """fisco 表1: ``幽灵`` … continues on page 10 (``的陈腐区块``), one row, not two."""
    found = [r for r in rows_of(real("fisco_platform_survey_2017")) if r.table == "表1"]
    ghost = next(r for r in found if r.cells[0] == "幽灵")
    assert "陈腐区块" in ghost.cells[1] and all(r.cells[0] for r in found)


def test_first_report_text_tables():
    found = rows_of(str(CORPUS / "cn-blockchain-2022-2023.txt"))
    kinds = {r.table: r.kind for r in found}
    assert (len(kinds), len(found)) == (25, 639)
    assert (kinds["附件1"], kinds["附件2"], kinds["附件4"], kinds["附件5"], kinds["表1-8"]) == (
        "policies", "financing", "parks", "alliances", "generic")


@pytest.mark.parametrize(("header", "cells", "caption", "kind", "expected"), [
    (("发文日期", "文件名称", "发文机关", "主要内容"),
     ("2018 年 2 月13 日", "《山东省区块链产业发展规划》", "山东省人民政府办公厅", "…"),
     "表 11 山东省区块链相关政策", "policies",
     {"date": "2018-02-13", "title": "《山东省区块链产业发展规划》", "issuer": "山东省人民政府办公厅"}),
    (("时间", "公司", "轮次", "金额"), ("2022.1.18", "上海零数科技有限公司", "Pre-B 轮", "数千万人民币"),
     "", "financing", {"date": "2022-01-18", "company": "上海零数科技有限公司", "round": "Pre-B 轮"}),
], ids=["policy-row", "financing-row"])
def test_typed_from_header_vocabulary(header, cells, caption, kind, expected):
    from nlp.records.generic import typed_rows
    from nlp.records.schema import GenericRow, Provenance
    from nlp.records.serialize import table_row
    row = GenericRow("表11", caption, (3,), 1, table_kind(list(header), caption), header, cells,
                     Provenance("d", 3, -1, -1, -1, 10, 20, 5))
    [typed] = typed_rows([row], [], 2022)
    assert (typed.kind, typed.flags, typed.prov.page) == (kind, ("header_mapped",), 3)
    assert {k: table_row(typed)[k] for k in expected} == expected
