"""Layout debris and columns (issue 19): reading order column by column, page numbers outside the margin band.

Lines are the real records (text and box, top-left origin) of pages of the shared PDFs; the tests at the end read
the PDFs themselves from ``$CNREPORT_CORPUS_REAL`` or ``../shared/corpus-real`` and skip where they are absent.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from nlp.ingest import read_document
from nlp.ingest.assemble import find_furniture
from nlp.ingest.columns import reading_order
from nlp.ingest.layout import PageContent, TextLine
from nlp.ingest.settings import DEFAULT_LAYOUT

ROOT = Path(__file__).resolve().parents[2]


def lines(*rows: tuple[str, float, float, float, float, float]) -> list[TextLine]:
    return [TextLine(*row) for row in rows]


# miit_blockchain_tech_app_2016 p24, 图2-7: three boxes side by side, their wrapped lines at the same heights
BOXES = lines(
    ("公有链", 111.8, 149.5, 141.8, 159.5, 10.0), ("联盟链", 227.8, 149.5, 257.8, 159.5, 10.0),
    ("专有链", 343.0, 149.5, 373.0, 159.5, 10.0),
    ("任何人都可加入网络及", 83.2, 167.6, 168.2, 176.1, 8.5), ("授权公司和组织才能加入", 193.2, 167.6, 286.7, 176.1, 8.5),
    ("使用范围控制于一个公司", 309.6, 167.6, 403.1, 176.1, 8.5),
    ("写入和访问数据", 83.2, 177.8, 142.7, 186.3, 8.5), ("网络", 193.2, 177.8, 210.2, 186.3, 8.5),
    ("范围内", 309.6, 177.8, 335.1, 186.3, 8.5),
    ("任何人在任何地理位置", 83.2, 193.6, 168.2, 202.1, 8.5), ("参与共识、写入及查询数", 193.2, 193.6, 286.7, 202.1, 8.5),
    ("改善可审计性，不完全解", 309.6, 193.6, 403.1, 202.1, 8.5),
    ("都能参与共识", 83.2, 203.8, 134.2, 212.3, 8.5), ("据都可通过授权控制，可", 193.2, 203.8, 286.7, 212.3, 8.5),
    ("决信任问题", 309.6, 203.8, 352.1, 212.3, 8.5),
    ("实名参与过程，可满足监", 193.2, 214.0, 286.7, 222.5, 8.5),
    ("每秒3－20次数据写入", 83.2, 219.7, 165.4, 228.2, 8.5), ("每秒1000次以上数据写入", 309.6, 219.7, 405.0, 228.2, 8.5),
    ("管AML/KYC", 193.2, 224.2, 238.4, 232.7, 8.5),
    ("每秒1000次以上数据写入", 193.2, 240.1, 288.6, 248.6, 8.5),
    ("图2-7 区块链的类型及特性", 186.8, 269.4, 294.5, 278.4, 9.0),
)
BOXES_READ = ["公有链", "任何人都可加入网络及", "写入和访问数据", "任何人在任何地理位置", "都能参与共识", "每秒3－20次数据写入",
              "联盟链", "授权公司和组织才能加入", "网络", "参与共识、写入及查询数", "据都可通过授权控制，可",
              "实名参与过程，可满足监", "管AML/KYC", "每秒1000次以上数据写入",
              "专有链", "使用范围控制于一个公司", "范围内", "改善可审计性，不完全解", "决信任问题", "每秒1000次以上数据写入",
              "图2-7 区块链的类型及特性"]


def test_boxes_side_by_side_are_read_box_by_box() -> None:
    assert [line.text for line in reading_order(BOXES)] == BOXES_READ


# layouts read row by row as before: a contents page whose section numbers stand apart from their titles (baidu
# p6), a diagram's vertical labels (miit p20), a credits page of name lists (miit p7)
ROW_BY_ROW = {
    "contents-numbers": lines(
        ("1.3\t 区块链发展现状 ....... 2", 83.1, 203.1, 541.0, 215.2, 10.3),
        ("公有链与联盟链 ....... 2", 143.1, 226.3, 541.0, 238.4, 10.3), ("1.3.1", 95.1, 226.4, 118.8, 238.4, 10.3),
        ("DApp 生态 ....... 3", 143.1, 249.9, 541.0, 262.0, 10.3), ("1.3.2", 95.1, 250.0, 118.8, 262.0, 10.3)),
    "vertical-labels": lines(
        ("申", 374.8, 161.7, 383.3, 170.2, 8.5), ("请", 374.8, 170.2, 383.3, 178.7, 8.5),
        ("发", 227.4, 172.4, 235.9, 180.9, 8.5), ("检", 374.8, 178.7, 383.3, 187.2, 8.5),
        ("款", 227.4, 180.9, 235.9, 189.4, 8.5), ("验", 374.8, 187.2, 383.3, 195.7, 8.5)),
    "credits": lines(
        ("编写人员", 82.2, 411.2, 130.2, 423.2, 12.0),
        ("周平平  杜平宇  李平斌  李平奕  李升林  季宙栋", 82.2, 436.1, 393.5, 448.1, 12.0),
        ("苏小康   余文波   陈家乐   唐晓丹   李仓良   华正皓", 82.2, 454.1, 393.5, 466.1, 12.0),
        ("7", 428.7, 648.9, 433.7, 658.9, 10.0)),
}


@pytest.mark.parametrize("name", sorted(ROW_BY_ROW))
def test_other_layouts_keep_the_row_order(name: str) -> None:
    page = ROW_BY_ROW[name]
    expected = sorted(page, key=lambda item: (round(item.top, 1), item.x0))
    assert [line.text for line in reading_order(page)] == [line.text for line in expected]


def _page(number: int, height: float, *rows: tuple[str, float, float, float, float, float]) -> PageContent:
    content = PageContent(number, 842.0 if height < 800 else 595.0, height)
    content.items = list(lines(*rows))
    return content


# (page, index of the page-number line or None): caict_digital_economy_2022 p35 is landscape and its page number
# stands at 90% of the height, just above the 9% margin band; a chart's axis labels (caict_computing_power_index
# p10) are bare numbers in the middle of the page
PAGE_NUMBER_CASES = [
    ("landscape-last-line", _page(35, 595.32, ("中国数字经济发展报告（2022 年）", 352.0, 44.0, 494.0, 53.0, 9.0),
                                  ("2007 年北京市产业关联图谱", 530.0, 123.8, 661.0, 135.1, 10.5),
                                  ("29", 416.0, 534.6, 428.0, 543.5, 9.0)), 2),
    ("dash-form", _page(7, 842.0, ("正文第一行的内容。", 90.0, 100.0, 500.0, 112.0, 12.0),
                        ("— 7 —", 280.0, 790.0, 315.0, 800.0, 10.5)), 1),
    ("chart-axis-label", _page(10, 842.0, ("正文第一行的内容。", 90.0, 100.0, 500.0, 112.0, 12.0),
                               ("450", 100.0, 319.0, 116.0, 327.0, 8.0),
                               ("正文最后一行的内容。", 90.0, 700.0, 500.0, 712.0, 12.0)), None),
]


@pytest.mark.parametrize("name, page, index", PAGE_NUMBER_CASES, ids=[c[0] for c in PAGE_NUMBER_CASES])
def test_page_numbers_are_furniture(name: str, page: PageContent, index: int | None) -> None:
    furniture, _ = find_furniture([page], DEFAULT_LAYOUT)
    assert furniture == ({(page.number, index)} if index is not None else set())


def real_pdf(name: str) -> Path:
    candidates = [os.environ.get("CNREPORT_CORPUS_REAL", ""), ROOT.parent / "shared" / "corpus-real",
                  ROOT.parents[1] / "shared" / "corpus-real", "/work/shared/corpus-real"]
    folder = next((Path(c) for c in candidates if c and Path(c).is_dir()), None)
    if folder is None or not (folder / f"{name}.pdf").is_file():
        pytest.skip(f"{name}.pdf is not here (set CNREPORT_CORPUS_REAL to ../shared/corpus-real)")
    return folder / f"{name}.pdf"


def test_the_boxes_of_a_real_page_are_read_box_by_box() -> None:
    text = read_document(real_pdf("miit_blockchain_tech_app_2016"), pages=(24, 24)).text
    lines_read = [line for line in text.splitlines() if line.strip()]
    start = lines_read.index("公有链")
    assert lines_read[start:start + len(BOXES_READ)] == BOXES_READ


def test_a_page_number_above_the_margin_band_is_dropped() -> None:
    document = read_document(real_pdf("caict_digital_economy_2022"), pages=(34, 36))
    assert not {"28", "29", "30"} & {line.strip() for line in document.text.splitlines()}


# titles: the metadata's when it is one, else the first page's title line (or the heading under a slogan), else the
# report's name in a placeholder file name (baidu: "Microsoft Word - 百度区块链白皮书-终稿V180925 带封面.docx", its
# first text page starting with a letter-spaced "序        言")
TITLES = [
    ("baidu_blockchain_whitepaper_2018", "百度区块链白皮书"),
    ("blockchain_security_eval_2021", "区块链安全能力测评与分析报告（2021年）"),
    ("cac_digital_china_2021", "数字中国发展报告（2021 年）"),
    ("caict_computing_power_index_2021", "中国算力发展指数白皮书"),
    ("caict_digital_economy_2022", "中国数字经济发展报告(2022年)"),
    ("fisco_platform_survey_2017", "区块链平台调研与分析"),
    ("foreign_data_security_policy_2022", "国外数据安全政策研究报告（2022年）"),
    ("miit_blockchain_tech_app_2016", "中国区块链技术和应用发展白皮书（2016）"),
]


@pytest.mark.parametrize("name, title", TITLES, ids=[t[0] for t in TITLES])
def test_the_title_of_a_real_report(name: str, title: str) -> None:
    assert read_document(real_pdf(name), pages=(1, 4)).title == title


def test_contents_entries_stay_one_per_line() -> None:
    """A contents entry ending in its page number is never continued by the next one (baidu p6: the section
    number ``1.3.1`` stands apart from its title ``公有链与联盟链 …… 2``, which followed ``1.3 区块链发展现状 …… 2``)."""
    text = read_document(real_pdf("baidu_blockchain_whitepaper_2018"), pages=(6, 8)).text
    assert [line for line in text.splitlines() if len(re.findall(r"\.{6,}\s*\d+", line)) > 1] == []
