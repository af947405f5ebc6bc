"""Record scoring: keys, row and field counts on rows of the report's tables."""
from __future__ import annotations

from typing import Any

import pytest

from nlp.scoring.prf import PRF
from nlp.scoring.records import record_key, score_records

POLICY_COLS = ["table", "line", "issuer", "date", "title"]
P1 = {"table": "表1-2", "line": "128", "issuer": "交通运输部", "date": "2022-05",
      "title": "《基于区块链的进口干散货进出港业务电子平台建设指南》"}
P2 = {"table": "表1-2", "line": "130", "issuer": "最高人民法院", "date": "2022-05",
      "title": "《最高人民法院关于加强区块链司法应用的意见》"}
P2_ANNEX = {**P2, "table": "附件1", "line": "1260"}

# (id, kind, row, key)
KEY_CASES = [
    ("policy-title-without-spaces", "policies", {"title": "《基于区块链的 进口干散货》"}, ("《基于区块链的进口干散货》",)),
    ("standard-code", "standards", {"code": "T/CESA 1190-2022", "title": "《x》"}, ("T/CESA1190-2022",)),
    ("standard-title-when-no-code", "standards", {"code": "", "title": "《基于区块链的供应链金融标准》"},
     ("title", "《基于区块链的供应链金融标准》")),
    ("financing-company-and-date", "financing", {"company": "上海零数科技有限公司", "date": "2022-01-18"},
     ("上海零数科技有限公司", "2022-01-18")),
    ("courses-school-and-course", "courses", {"school": "晋中信息学院", "course": "区块链工程"}, ("晋中信息学院", "区块链工程")),
    ("regions-total-flag-as-bool", "regions", {"region": "总计", "is_total": True}, ("总计", "1")),
    ("empty-key-matches-nothing", "funds", {"name": " "}, ()),
]


@pytest.mark.parametrize(("kind", "row", "expected"), [c[1:] for c in KEY_CASES], ids=[c[0] for c in KEY_CASES])
def test_records_key(kind: str, row: dict[str, Any], expected: tuple[str, ...]) -> None:
    assert record_key(kind, row) == expected


def _pred(row: dict[str, Any], **changes: Any) -> dict[str, Any]:
    out = {**row, **changes, "doc_id": "d", "kind": "policies", "row": 0, "page": 12, "flags": []}
    out["line"] = int(out["line"])
    return out


# (id, kind, columns, gold rows, pred rows, rows (tp, fp, fn), {field: (tp, fp, fn, accuracy)}, error outcomes)
RECORD_CASES = [
    ("all-right-with-pdf-spaces", "policies", POLICY_COLS, [P1], [_pred(P1, issuer="交通运 输部", table="表 1-2")],
     (1, 0, 0), {"issuer": (1, 0, 0, 1.0), "table": (1, 0, 0, 1.0)}, []),
    ("date-field-mismatch", "policies", POLICY_COLS, [P1], [_pred(P1, date="2022-06")],
     (1, 0, 0), {"date": (0, 1, 1, 0.0), "title": (1, 0, 0, 1.0)}, ["field"]),
    ("missing-field-is-fn-only", "policies", POLICY_COLS, [P1], [_pred(P1, issuer="")],
     (1, 0, 0), {"issuer": (0, 0, 1, 0.0)}, ["field"]),
    ("unmatched-rows", "policies", POLICY_COLS, [P1], [_pred(P2)],
     (0, 1, 1), {"title": (0, 1, 1, None), "date": (0, 1, 1, None)}, ["fn", "fp"]),
    ("same-title-in-two-tables-paired-by-line", "policies", POLICY_COLS, [P2, P2_ANNEX],
     [_pred(P2_ANNEX), _pred(P2, date="2022")], (2, 0, 0), {"table": (2, 0, 0, 1.0), "date": (1, 1, 1, 0.5)},
     ["field"]),
    ("decimals-compare-as-decimal-and-empty-equals-empty", "regions",
     ["table", "line", "region", "count", "share", "is_total"],
     [{"table": "表6-1", "line": "1117", "region": "北京", "count": "366", "share": "0.213", "is_total": "0"}],
     [{"table": "", "line": 1117, "region": "北京", "count": 366, "share": "0.2130", "is_total": False}],
     (1, 0, 0), {"count": (1, 0, 0, 1.0), "share": (1, 0, 0, 1.0), "table": (0, 0, 1, 0.0)}, ["field"]),
    ("amount-fields", "financing", ["table", "line", "date", "company", "round", "amount_text", "amount_value",
                                    "amount_min", "amount_max", "amount_currency", "amount_qualifier", "project"],
     [{"table": "附件2", "line": "1333", "date": "2022-01-16", "company": "优旅区块链技术（宁波）有限公司",
       "round": "天使轮", "amount_text": "千万级人民币", "amount_value": "", "amount_min": "10000000",
       "amount_max": "99999999", "amount_currency": "CNY", "amount_qualifier": "vague", "project": "元宇宙藏品馆"}],
     [{"line": 1333, "date": "2022-01-16", "company": "优旅区块链技术（宁波）有限公司", "table": "附件2",
       "round": "天使轮", "amount_text": "千万级人民币", "amount_value": None, "amount_min": "1E7",
       "amount_max": "100000000", "amount_currency": "CNY", "amount_qualifier": "vague", "project": "元宇宙藏品馆"}],
     (1, 0, 0), {"amount_value": (0, 0, 0, 1.0), "amount_min": (1, 0, 0, 1.0), "amount_max": (0, 1, 1, 0.0)},
     ["field"]),
]


@pytest.mark.parametrize(("kind", "columns", "gold", "pred", "rows", "fields", "outcomes"),
                         [c[1:] for c in RECORD_CASES], ids=[c[0] for c in RECORD_CASES])
def test_records_rows_and_fields(kind: str, columns: list[str], gold: list[dict[str, Any]],
                                 pred: list[dict[str, Any]], rows: tuple[int, int, int],
                                 fields: dict[str, tuple[Any, ...]], outcomes: list[str]) -> None:
    s = score_records(kind, gold, pred, columns, doc_id="d")
    got_fields = {k: (s.fields[k].prf.tp, s.fields[k].prf.fp, s.fields[k].prf.fn, s.fields[k].accuracy)
                  for k in fields}
    assert (s.rows, got_fields, [e.outcome for e in s.errors]) == (PRF(*rows), fields, outcomes)


def test_records_field_mismatch_lists_only_the_mismatched_fields() -> None:
    s = score_records("policies", [P1], [_pred(P1, date="2022-06")], POLICY_COLS, doc_id="d")
    e = s.errors[0]
    assert (e.detail, e.gold, e.pred, e.page, e.line) == ("fields: date", {"date": "2022-05"}, {"date": "2022-06"},
                                                          12, 128)


def test_records_line_is_not_a_field() -> None:
    s = score_records("policies", [P1], [_pred(P1, line="129")], POLICY_COLS, doc_id="d")
    assert "line" not in s.fields and s.errors == []
