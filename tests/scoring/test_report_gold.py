"""Gold of real report PDFs (annotations/reports/<key>/): the loader's validation, and scoring by page and
content (nlp/scoring/report_scores.py), on small hand-written gold and predictions made of short real lines of the
gold reports' kind ("财政部办公 厅" as a PDF gives it, full-width digits, a name twice on a page)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from nlp.scoring.harness import evaluate
from nlp.scoring.report_gold import PageSpan, load_report_gold
from nlp.scoring.report_scores import score_page_figures, score_page_mentions, score_policies, score_tables
from .conftest import write_gold, write_jsonl

SHA = "ab" * 32
DOCUMENT = {"key": "demo_report_2021", "file": "demo_report_2021.pdf", "sha256": SHA, "pages": 2,
            "title": "区块链安全能力测评与分析报告", "reference_year": 2021}
PAGE1 = {"page": 1, "spans": [{"text": "中国信息通信研究院", "label": "ORG"},
                              {"text": "2021 年 3 月", "label": "DATE",
                               "norm": {"start": "2021-03-01", "end": "2021-03-31", "granularity": "month",
                                        "qualifier": None}}]}
PAGE2 = {"page": 2, "spans": []}


def _report(root: Path, pages: list[Any], document: dict[str, Any] | None = None) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "document.json").write_text(json.dumps(document or DOCUMENT, ensure_ascii=False), encoding="utf-8")
    (root / "mentions.jsonl").write_text("".join(p if isinstance(p, str) else json.dumps(p, ensure_ascii=False)
                                                 + "\n" for p in pages), encoding="utf-8")
    return root


# (id, mentions.jsonl lines, part of the error message naming the file and line)
INVALID_CASES = [
    ("page-missing", [PAGE1], "mentions.jsonl:0: pages missing: [2]"),
    ("page-twice", [PAGE1, PAGE1, PAGE2], "mentions.jsonl:2: page 1 given twice"),
    ("page-outside", [PAGE1, PAGE2, {"page": 3, "spans": []}], "mentions.jsonl:3: page 3 is not a page"),
    ("unknown-label", [{"page": 1, "spans": [{"text": "财政部", "label": "GOV"}]}, PAGE2],
     "mentions.jsonl:1: page 1: unknown label 'GOV'"),
    ("norm-on-org", [{"page": 1, "spans": [{"text": "财政部", "label": "ORG", "norm": {"value": "1"}}]}, PAGE2],
     "ORG '财政部' takes no 'norm'"),
    ("bad-norm-key", [{"page": 1, "spans": [{"text": "3.08%", "label": "PERCENT", "norm": {"currency": "CNY"}}]},
                      PAGE2], "norm keys ['currency'] not allowed for PERCENT"),
    ("empty-text", [PAGE1, {"page": 2, "spans": [{"text": " ", "label": "LOC"}]}], "mentions.jsonl:2: page 2: a span"),
    ("not-json", [PAGE1, "{page: 2\n"], "mentions.jsonl:2: not valid JSON"),
    ("not-a-page-object", [PAGE1, {"spans": []}], "mentions.jsonl:2: expected"),
]


@pytest.mark.parametrize(("pages", "message"), [c[1:] for c in INVALID_CASES], ids=[c[0] for c in INVALID_CASES])
def test_report_gold_rejects_bad_mentions(tmp_path: Path, pages: list[Any], message: str) -> None:
    with pytest.raises(ValueError, match=None) as err:
        load_report_gold(_report(tmp_path / "r", pages))
    assert message in str(err.value) and str(tmp_path) in str(err.value)


def test_report_gold_reads_a_valid_report(tmp_path: Path) -> None:
    gold = load_report_gold(_report(tmp_path / "r", [PAGE1, PAGE2]))
    assert gold.sha256 == SHA and len(gold.spans or []) == 2 and "tables.jsonl" in gold.missing


def test_report_gold_document_needs_sha256(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"document.json:1: missing keys \['sha256'\]"):
        load_report_gold(_report(tmp_path / "r", [PAGE1, PAGE2], {"key": "x", "pages": 2}))


def S(page: int, label: str, text: str, norm: dict[str, Any] | None = None) -> PageSpan:  # noqa: N802
    return PageSpan(page, label, text, norm)


# (id, gold, predicted, label, (tp, fp, fn) strict)
MENTION_CASES = [
    ("pdf-space-inside-name", [S(3, "ORG", "财政部办公厅")], [S(3, "ORG", "财政部办公 厅")], "ORG", (1, 0, 0)),
    ("gold-written-with-spaces", [S(1, "DATE", "2021 年 3 月")], [S(1, "DATE", "2021年3月")], "DATE", (1, 0, 0)),
    ("full-width-digits", [S(9, "PERCENT", "8.23%")], [S(9, "PERCENT", "８.２３％")], "PERCENT", (1, 0, 0)),
    ("other-page-is-wrong", [S(3, "ORG", "微软")], [S(4, "ORG", "微软")], "ORG", (0, 1, 1)),
    ("other-label-is-wrong", [S(5, "PRODUCT", "以太坊")], [S(5, "ORG", "以太坊")], "PRODUCT", (0, 0, 1)),
    ("multiset-twice-on-a-page", [S(2, "ORG", "中国信息通信研究院")] * 2, [S(2, "ORG", "中国信息通信研究院")], "ORG",
     (1, 0, 1)),
    ("extra-prediction-is-fp", [S(2, "ORG", "IBM")], [S(2, "ORG", "IBM")] * 2, "ORG", (1, 1, 0)),
    ("unbalanced-bracket-is-wrong", [S(6, "ORG", "国家发展改革委")], [S(6, "ORG", "（国家发展改革委")], "ORG", (0, 1, 1)),
]


@pytest.mark.parametrize(("gold", "pred", "label", "counts"), [c[1:] for c in MENTION_CASES],
                         ids=[c[0] for c in MENTION_CASES])
def test_report_mentions_strict_by_page_label_text(gold: list[PageSpan], pred: list[PageSpan], label: str,
                                                   counts: tuple[int, int, int]) -> None:
    prf = score_page_mentions(gold, pred).strict.labels[label]
    assert (prf.tp, prf.fp, prf.fn) == counts


# (id, gold, predicted, label, tp under "contains")
CONTAINS_CASES = [
    ("bracket-fragment-contains", [S(6, "ORG", "国家发展改革委")], [S(6, "ORG", "（国家发展改革委")], "ORG", 1),
    ("other-page-never", [S(6, "ORG", "国家发展改革委")], [S(7, "ORG", "国家发展改革委办公厅")], "ORG", 0),
    ("gold-used-once", [S(1, "LOC", "北京市")], [S(1, "LOC", "北京"), S(1, "LOC", "北京市海淀")], "LOC", 1),
]


@pytest.mark.parametrize(("gold", "pred", "label", "tp"), [c[1:] for c in CONTAINS_CASES],
                         ids=[c[0] for c in CONTAINS_CASES])
def test_report_mentions_contains_scheme(gold: list[PageSpan], pred: list[PageSpan], label: str, tp: int) -> None:
    assert score_page_mentions(gold, pred).contains.labels[label].tp == tp


MONEY = {"value": "105000000", "min": "105000000", "max": "105000000", "currency": "CNY", "qualifier": "exact"}
# (id, gold norm, predicted value, (tp, fp, fn) of MONEY values)
VALUE_CASES = [
    ("same-value-other-form", MONEY, {**MONEY, "value": "1.05E8"}, (1, 0, 0)),
    ("wrong-currency", MONEY, {**MONEY, "currency": "USD"}, (0, 1, 1)),
    ("no-predicted-value", MONEY, None, (0, 1, 1)),
]


@pytest.mark.parametrize(("norm", "value", "counts"), [c[1:] for c in VALUE_CASES], ids=[c[0] for c in VALUE_CASES])
def test_report_mention_values(norm: dict[str, Any], value: dict[str, Any] | None,
                               counts: tuple[int, int, int]) -> None:
    prf = score_page_mentions([S(9, "MONEY", "1.05 亿元", norm)], [S(9, "MONEY", "1.05亿元", value)]).values["MONEY"]
    assert (prf.tp, prf.fp, prf.fn) == counts


ROW = (17, ["2", "密钥明文存储", "25%", "☆☆☆", "长期", "密钥安全"])
# (id, gold rows, predicted rows, rows (tp, fp, fn), cells tp)
TABLE_CASES = [
    ("same-row-pdf-spaces", [ROW], [(17, ["2", "密钥明文 存储", "25％", "☆☆☆", "长期", "密钥安全"])], (1, 0, 0), 6),
    ("one-cell-wrong", [ROW], [(17, ["2", "密钥明文存储", "25%", "☆☆☆", "长期", "密钥"])], (0, 1, 1), 5),
    ("other-page", [ROW], [(18, ROW[1])], (0, 1, 1), 0),
    ("nothing-predicted", [ROW], [], (0, 0, 1), 0),
]


@pytest.mark.parametrize(("gold", "pred", "rows", "cells_tp"), [c[1:] for c in TABLE_CASES],
                         ids=[c[0] for c in TABLE_CASES])
def test_report_tables_rows_and_cells(gold: list[Any], pred: list[Any], rows: tuple[int, int, int],
                                      cells_tp: int) -> None:
    s = score_tables(gold, pred)
    assert (s.rows.tp, s.rows.fp, s.rows.fn) == rows and s.cells.tp == cells_tp


FIGURE = {"page": "9", "metric": "区块链融资事件数量", "value": "626", "unit": "起", "period_start": "2020-01-01",
          "period_end": "2020-12-31", "scope": "全球", "qualifier": "exact", "text": "626 起"}
# (id, predicted figure, rows tp, fields that differ)
FIGURE_CASES = [
    ("all-fields", {**FIGURE, "page": 9}, 1, []),
    ("scope-missing", {**FIGURE, "page": 9, "scope": ""}, 1, ["scope"]),
    ("metric-cut-wrong", {**FIGURE, "page": 9, "metric": "来已注册企业数量"}, 1, ["metric", "metric_overlap"]),
    ("other-page", {**FIGURE, "page": 10}, 0, []),
]


@pytest.mark.parametrize(("pred", "tp", "bad"), [c[1:] for c in FIGURE_CASES], ids=[c[0] for c in FIGURE_CASES])
def test_report_figures_by_page_value_unit(pred: dict[str, Any], tp: int, bad: list[str]) -> None:
    s = score_page_figures([FIGURE], [pred], "demo")
    assert s.rows.tp == tp
    assert sorted(n for n, f in s.fields.items() if f.compared and f.equal < f.compared) == sorted(bad)


POLICY = {"page": "12", "title": "《关于加快推动区块链技术应用和产业发展的指导意见》", "issuer": "工业和信息化部;中央网信办",
          "date": "2021-05", "doc_number": "", "source": "prose"}
# (id, predicted policy, rows tp, fields that differ)
POLICY_CASES = [
    ("title-with-pdf-space", {"title": "《关于加快推动区块链技术应用和产业 发展的指导意见》", "issuer": "工业和信息化部;中央网信办",
                              "date": "2021-05", "page": 12}, 1, []),
    ("issuer-missing", {"title": POLICY["title"], "issuer": "", "date": "2021-05", "page": 12}, 1, ["issuer"]),
    ("other-title", {"title": "《区块链信息服务管理规定》", "issuer": "", "date": "", "page": 12}, 0, []),
]


@pytest.mark.parametrize(("pred", "tp", "bad"), [c[1:] for c in POLICY_CASES], ids=[c[0] for c in POLICY_CASES])
def test_report_policies_by_title(pred: dict[str, Any], tp: int, bad: list[str]) -> None:
    s = score_policies([POLICY], [pred], "demo")
    assert s.rows.tp == tp
    assert sorted(n for n, f in s.fields.items() if f.compared and f.equal < f.compared) == sorted(bad)


def test_report_gold_found_by_sha256_in_evaluate(tmp_path: Path) -> None:
    gold_dir = write_gold(tmp_path / "gold")
    _report(gold_dir / "reports" / "demo_report_2021", [PAGE1, PAGE2])
    out = tmp_path / "out"
    write_jsonl(out / "mentions.jsonl", [
        {"doc_id": SHA, "page": 1, "label": "ORG", "text": "中国信息通信研究院"},
        {"doc_id": SHA, "page": 1, "label": "DATE", "text": "2021年3月",
         "value": {"start": "2021-03-01", "end": "2021-03-31"}},
        {"doc_id": SHA, "page": 2, "label": "LOC", "text": "北京"}])
    write_jsonl(out / "documents.jsonl", [{"doc_id": SHA, "path": "demo_report_2021.pdf"}])
    system = evaluate(out, gold_dir, "all").to_dict()["systems"]["cnreport"]
    strict = system["reports"]["demo_report_2021"]["mentions"]["strict"]["micro"]
    assert (strict["tp"], strict["fp"], strict["fn"]) == (2, 1, 0)
    assert system["headline"]["reports.mentions.values.micro.f1"] == 1.0
    assert SHA not in system["unscored_docs"]


def test_report_agreement_on_the_second_pass_pages(tmp_path: Path) -> None:
    from nlp.scoring.agreement import agreement
    root = _report(tmp_path / "reports" / "demo_report_2021",
                   [PAGE1, {"page": 2, "spans": [{"text": "北京", "label": "LOC"}]}])
    (root / "second_pass").mkdir()
    (root / "second_pass" / "pages.json").write_text('{"pages": [1]}', encoding="utf-8")
    write_jsonl(root / "second_pass" / "mentions.jsonl",
                [{"page": 1, "spans": [{"text": "中国信息通信研究院", "label": "ORG"}, {"text": "2021年3月", "label": "DATE"},
                                       {"text": "安全研究所", "label": "ORG"}]}])
    [a] = agreement(tmp_path)
    assert a["labels"]["ORG"] == {"first": 1, "second": 2, "agreed": 1, "f1": 2 / 3}
    assert a["labels"]["DATE"]["f1"] == 1.0 and "LOC" not in a["labels"]
    assert a["disagreements"] == [{"page": 1, "label": "ORG", "text": "安全研究所", "only_in": "second"}]


def test_report_agreement_of_each_second_pass_folder(tmp_path: Path) -> None:
    from nlp.scoring.agreement import agreement
    root = _report(tmp_path / "reports" / "demo_report_2021",
                   [PAGE1, {"page": 2, "spans": [{"text": "北京", "label": "LOC"}]}])
    for name, page, spans in (("second_pass", 1, [{"text": "中国信息通信研究院", "label": "ORG"}]),
                              ("second_pass_b", 2, [{"text": "北京", "label": "LOC"}])):
        (root / name).mkdir()
        (root / name / "pages.json").write_text(f'{{"pages": [{page}]}}', encoding="utf-8")
        write_jsonl(root / name / "mentions.jsonl", [{"page": page, "spans": spans}])
    first, later = agreement(tmp_path)
    assert (first["pass"], first["pages"], later["pass"], later["pages"]) == ("second_pass", [1], "second_pass_b", [2])
    assert later["micro_f1"] == 1.0 and later["disagreements"] == []


def test_learned_reports_are_those_the_ner_meta_names(tmp_path: Path) -> None:
    from nlp.scoring.run import learned_reports
    reports = {"sha-a": _Named("report_a"), "sha-b": _Named("report_b")}
    (tmp_path / "ner").mkdir()
    (tmp_path / "ner" / "meta.json").write_text('{"reports": {"pdfs": [{"key": "x", "sha256": "sha-b"}]}}',
                                                encoding="utf-8")
    assert learned_reports(tmp_path, reports) == ["report_b"]
    assert learned_reports(tmp_path / "nowhere", reports) == []


class _Named:
    def __init__(self, key: str) -> None:
        self.key = key
