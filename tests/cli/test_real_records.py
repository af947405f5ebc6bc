"""The records of every shared real PDF (issue 19): no layout debris in any record, the people of the credits pages.

The PDFs are read from ``$CNREPORT_CORPUS_REAL``, else ``../shared/corpus-real/`` beside the checkout or its parent;
the module is skipped, saying so, where they are absent. All of them are extracted once per module (about two
minutes on two cores); webank_kpmg_privacy_computing_2021 has no text layer to read (E006) and is left out.
"""
from __future__ import annotations

import json
import os
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from nlp.api import extract_many
from nlp.options import ExtractOptions

ROOT = Path(__file__).resolve().parents[2]
NO_TEXT_LAYER = {"webank_kpmg_privacy_computing_2021"}
LETTER_SPACED = re.compile(r"[\u4e00-\u9fff][ \u3000\t\n]+[\u4e00-\u9fff]")
# a page number as printed (- 7 -, — 7 —, 第 3 页), or a bare number where no number belongs (a name, a metric);
# a DATE may be a bare year (2020) and an amount is a number
PAGE_NUMBER = re.compile(r"(?<![\w.:/-])[-–—－]\s*\d{1,4}\s*[-–—－](?![\w.:/-])|第\s*\d{1,4}\s*页")
BARE_NUMBER = re.compile(r"^\s*\d{1,4}\s*$")
VALUE_LABELS = {"DATE", "MONEY", "PERCENT", "QUANTITY"}

pytestmark = pytest.mark.slow


def _real_dir() -> Path | None:
    candidates = [os.environ.get("CNREPORT_CORPUS_REAL", ""), ROOT.parent / "shared" / "corpus-real",
                  ROOT.parents[1] / "shared" / "corpus-real"]
    return next((Path(c) for c in candidates if c and Path(c).is_dir()), None)


def _pdfs() -> list[Path]:
    real = _real_dir()
    return sorted(p for p in real.glob("*.pdf") if p.stem not in NO_TEXT_LAYER) if real else []


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict[str, Any]]]:
    """``{kind: rows}`` of the extraction of every shared PDF, each row with its report's name as ``report``."""
    pdfs = _pdfs()
    if not pdfs:
        pytest.skip("the shared real PDFs are not here (set CNREPORT_CORPUS_REAL to ../shared/corpus-real)")
    out = tmp_path_factory.mktemp("real") / "out"
    done = extract_many(pdfs, out, ExtractOptions(), workers=min(2, os.cpu_count() or 1))
    assert not done.failed, done.failed
    read = {kind: [json.loads(line) for line in (out / f"{kind}.jsonl").read_text(encoding="utf-8").splitlines()]
            for kind in ("documents", "mentions", "figures")}
    names = {row["doc_id"]: Path(row["path"]).stem for row in read["documents"]}
    return {kind: [{**row, "report": names[row["doc_id"]]} for row in rows] for kind, rows in read.items()}


def _texts(records: dict[str, list[dict[str, Any]]], report: str) -> list[tuple[str, str, str]]:
    """(where, label, text) of the record texts a user reads: mention texts (a standard keeps the spaces of its
    title), figure metrics and scopes, the document title."""
    out = [("title", "TITLE", row["title"]) for row in records["documents"] if row["report"] == report]
    out += [(f"p{row['page']}", row["label"], row["text"]) for row in records["mentions"]
            if row["report"] == report and row["label"] != "STD"]
    out += [(f"p{row['page']} figure", field, row[field]) for row in records["figures"] if row["report"] == report
            for field in ("metric", "scope")]
    return out


REPORTS = [p.stem for p in _pdfs()] or ["(no shared PDFs)"]


@pytest.mark.parametrize("report", REPORTS)
def test_no_record_holds_letter_spaced_text(records: dict[str, list[dict[str, Any]]], report: str) -> None:
    assert [(where, label, text) for where, label, text in _texts(records, report) if LETTER_SPACED.search(text)] == []


@pytest.mark.parametrize("report", REPORTS)
def test_no_record_holds_a_page_number(records: dict[str, list[dict[str, Any]]], report: str) -> None:
    assert [(where, label, text) for where, label, text in _texts(records, report)
            if PAGE_NUMBER.search(text) or (label not in VALUE_LABELS and BARE_NUMBER.match(text))] == []


# The people of the credits pages, read by hand from the rendered pages (a name listed under two roles counts twice).
CREDITS = {
    ("baidu_blockchain_whitepaper_2018", 5):
        "向海龙 梁志祥 吴海锋 郑子斌 尹世明 林晓东 侯丽斌 马杰 陈志峰 王建勇 丁宗尧 王岳 谭待 肖伟 裴玖 刘虎 高苗 杨天依 "
        "高倩 李王浠 卞琦 柴桥子 陈浩栋 董淑照 段兵 范围 高倩 顾庆立 顾晓莉 侯迪 黄心远 荆博 李王浠 李元嵩 刘国庆 刘虎 "
        "刘强 刘尧 刘志伟 龙丽莉 宋飞 宋利华 孙健 孙君意 谭待 唐涛 王冠薇 王辉 王磊 卫晓霞 肖伟 闫石 于雅楠 张晋豪 张伟 "
        "张岩 郑旗 周辰 朱延峰 邓凯 李姝 孙瑜 田丰玉 黄海伦",
    ("miit_blockchain_tech_app_2016", 7):
        "周平平 杜平宇 李平斌 李平奕 李升林 季宙栋 苏小康 余文波 陈家乐 唐晓丹 李仓良 华正皓 卢道和 黄宇翔 高林挥 蔡平栋 "
        "赵尊奎 范瑞彬 单平旭 段平玺 任重远 喻学才 梁平然 冯庆磊 姚辉亚 张开翔 陆一帆 汪东艳 金平巍 宋文鹏 胡平玮 韩平梅 "
        "李佳 李平璐",
}
MIN_CREDITS_RECALL = 0.8


@pytest.mark.parametrize("report, page", sorted(CREDITS), ids=[f"{r}-p{p}" for r, p in sorted(CREDITS)])
def test_the_people_of_a_credits_page_are_found(records: dict[str, list[dict[str, Any]]], report: str, page: int) -> None:
    if report not in REPORTS:
        pytest.skip(f"{report}.pdf is not here")
    gold = Counter(CREDITS[(report, page)].split())
    found = Counter(re.sub(r"\s", "", row["text"]) for row in records["mentions"]
                    if row["report"] == report and row["page"] == page and row["label"] == "PER")
    assert sum((gold & found).values()) >= MIN_CREDITS_RECALL * sum(gold.values()), gold - found
    assert not found - gold, "people found that the page does not list"
