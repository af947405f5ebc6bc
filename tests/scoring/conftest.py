"""Small hand-made gold and prediction directories built from lines of the report.

``DOC_LINES`` is a six-line excerpt (line 2 blank). ``write_gold`` lays out an ``annotations/``-shaped
directory; ``write_pred`` a ``cnreport extract`` output directory. Span offsets are found in the line
text, left to right, as annotations/tools/build_gold.py does.
"""
from __future__ import annotations

import csv
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

GOLD_DOC = "cn-blockchain-2022-2023"
PRED_DOC = "9f2c0d1e"  # a sha256 prefix, as cnreport writes: aligned to GOLD_DOC by the harness

DOC_LINES = [
    "2022 年我国区块链产业规模约 67 亿元，同比增长 3.08%。",
    "",
    "赛迪区块链研究院发布《2022-2023 中国区块链年度发展报告》。",
    "交通运输部 2022.5 《基于区块链的进口干散货进出港业务电子平台建设指南》",
    "北京邮电大学区块链实验室联合蚂蚁链在青岛崂山区建设平台。",
    "截至 2022 年底，北京区块链企业达 366 家，占比 21.3%<b>。",
]
SPLIT = {1: "test", 3: "test", 4: "test", 5: "train", 6: "test"}

YEAR_2022 = {"start": "2022-01-01", "end": "2022-12-31", "granularity": "year", "qualifier": None}
MONEY_67 = {"value": "6700000000", "min": None, "max": None, "currency": "CNY", "qualifier": "approx"}
PCT_308 = {"value": "0.0308", "min": "0.0308", "max": "0.0308", "qualifier": "exact"}
GOLD_SPANS: dict[int, list[tuple[str, str, dict[str, Any] | None]]] = {
    1: [("2022 年", "DATE", YEAR_2022), ("67 亿元", "MONEY", MONEY_67), ("3.08%", "PERCENT", PCT_308)],
    3: [("赛迪区块链研究院", "ORG", None), ("《2022-2023 中国区块链年度发展报告》", "TITLE", None)],
    4: [("交通运输部", "ORG", None),
        ("2022.5", "DATE", {"start": "2022-05-01", "end": "2022-05-31", "granularity": "month", "qualifier": None}),
        ("《基于区块链的进口干散货进出港业务电子平台建设指南》", "TITLE", None)],
    5: [("北京邮电大学区块链实验室", "ORG", None), ("蚂蚁链", "PRODUCT", None), ("青岛", "LOC", None),
        ("崂山区", "LOC", None)],
    6: [("截至 2022 年底", "DATE", {"start": "2022-12-31", "end": "2022-12-31", "granularity": "day",
                                  "qualifier": "asof"}),
        ("北京", "LOC", None),
        ("366 家", "QUANTITY", {"value": "366", "min": "366", "max": "366", "unit": "家", "qualifier": "exact"}),
        ("21.3%", "PERCENT", {"value": "0.213", "min": "0.213", "max": "0.213", "qualifier": "exact"})],
}


def line_start(line: int) -> int:
    """Document offset of the first character of a 1-based line."""
    return sum(len(t) + 1 for t in DOC_LINES[: line - 1])


def find(line: int, text: str, after: int = 0) -> tuple[int, int]:
    """End-exclusive document offsets of ``text`` in ``line`` at or after column ``after``."""
    col = DOC_LINES[line - 1].index(text, after)
    return line_start(line) + col, line_start(line) + col + len(text)


def gold_paragraphs() -> list[dict[str, Any]]:
    """The built gold mentions.jsonl objects of the excerpt."""
    out = []
    for n, text in enumerate(DOC_LINES, 1):
        if not text:
            continue
        spans, col = [], 0
        for s_text, label, norm in GOLD_SPANS.get(n, []):
            start, end = find(n, s_text, col)
            col = end - line_start(n)
            spans.append({"start": start, "end": end, "label": label, "text": s_text, "norm": norm})
        out.append({"doc_id": GOLD_DOC, "line": n, "start": line_start(n), "end": line_start(n) + len(text),
                    "text": text, "split": SPLIT[n], "spans": spans})
    return out


def _write_csv(path: Path, rows: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(columns))
        w.writeheader()
        w.writerows(rows)


def write_jsonl(path: Path, rows: Sequence[Mapping[str, Any]]) -> None:
    """Write JSONL objects (UTF-8, one per line)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


GOLD_POLICIES = [
    {"table": "表1-2", "line": 4, "issuer": "交通运输部", "date": "2022-05",
     "title": "《基于区块链的进口干散货进出港业务电子平台建设指南》"},
    {"table": "表1-2", "line": 5, "issuer": "最高人民法院", "date": "2022-05",
     "title": "《最高人民法院关于加强区块链司法应用的意见》"},
]
GOLD_REGIONS = [{"table": "表6-1", "line": 6, "region": "北京", "count": "366", "share": "0.213", "is_total": "0"}]
GOLD_FIGURES = [
    {"line": 1, "metric": "区块链产业规模", "value": "6700000000", "unit": "CNY", "period_start": "2022",
     "period_end": "2022", "scope": "全国", "qualifier": "approx", "text": "67 亿元"},
    {"line": 1, "metric": "区块链产业规模同比增长率", "value": "0.0308", "unit": "ratio", "period_start": "2022",
     "period_end": "2022", "scope": "全国", "qualifier": "exact", "text": "3.08%"},
]
GOLD_PARAGRAPHS = [{"line": 1, "domain": "其他", "topic": "industry"},
                   {"line": 3, "domain": "其他", "topic": "industry"},
                   {"line": 6, "domain": "其他", "topic": "enterprise"}]
GOLD_ORG_TYPES = [{"name": "赛迪区块链研究院", "type": "research_institute"},
                  {"name": "交通运输部", "type": "government"},
                  {"name": "北京邮电大学区块链实验室", "type": "university"}]


def write_gold(root: Path, with_mentions: bool = True) -> Path:
    """Lay out a gold directory for the excerpt; return it."""
    if with_mentions:
        write_jsonl(root / "mentions.jsonl", gold_paragraphs())
    _write_csv(root / "tables" / "policies.csv", GOLD_POLICIES, ["table", "line", "issuer", "date", "title"])
    _write_csv(root / "tables" / "regions.csv", GOLD_REGIONS, ["table", "line", "region", "count", "share", "is_total"])
    _write_csv(root / "tables" / "figures.csv", GOLD_FIGURES, list(GOLD_FIGURES[0]))
    _write_csv(root / "classes" / "paragraphs.csv", GOLD_PARAGRAPHS, ["line", "domain", "topic"])
    _write_csv(root / "classes" / "org_types.csv", GOLD_ORG_TYPES, ["name", "type"])
    return root


def pred_mention(line: int, text: str, label: str, value: Mapping[str, Any] | None = None, after: int = 0,
                 org_type: str | None = None, page: int = 1) -> dict[str, Any]:
    """One OUT/mentions.jsonl object for ``text`` found in ``line``."""
    start, end = find(line, text, after)
    return {"doc_id": PRED_DOC, "label": label, "text": text, "page": page, "line": line, "sentence": 0,
            "char_start": start, "char_end": end, "raw_start": start, "raw_end": end, "source": "rules",
            "value": dict(value) if value is not None else None, "org_type": org_type}


def write_pred(root: Path, mentions: Sequence[Mapping[str, Any]] = (), **files: Sequence[Mapping[str, Any]]) -> Path:
    """Lay out an output directory: mentions plus ``<name>=rows`` for ``<name>.jsonl``; return it."""
    write_jsonl(root / "mentions.jsonl", mentions)
    for name, rows in files.items():
        write_jsonl(root / f"{name}.jsonl", rows)
    return root


@pytest.fixture
def gold_dir(tmp_path: Path) -> Path:
    """A gold directory of the excerpt."""
    return write_gold(tmp_path / "annotations")
