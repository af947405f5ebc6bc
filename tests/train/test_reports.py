"""Training lines from the real reports' page-keyed gold (nlp/train/reports.py): each gold span placed on its page's
text folded (width, whitespace), in reading order, one occurrence per span, a span not found counted and never
guessed; the held-out report refused; without the PDFs the NER learns from the first report alone and says so.

The placement cases are short phrases of the gold (spans as the annotators wrote them) on page texts written the way
the ingest gives them (PDF spaces, full-width forms); the tests on the PDFs themselves skip where they are absent."""
from __future__ import annotations

from pathlib import Path

import pytest

from nlp.scoring.align import fold
from nlp.scoring.report_gold import PageSpan, load_report_gold
from nlp.train.reports import PageText, Placement, find_corpus_real, place_page, read_report_lines, report_lines, \
    report_settings

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "annotations"


def _page(text: str) -> PageText:
    """A page's folded text with the offsets of its characters in ``text``."""
    chars = [(fold(c), i) for i, c in enumerate(text)]
    return PageText(1, "".join(c for c, _ in chars), tuple(i for c, i in chars for _ in c))


def _spans(*pairs: str) -> list[PageSpan]:
    return [PageSpan(1, pair.split(" ", 1)[0], pair.split(" ", 1)[1]) for pair in pairs]


PLACED = [
    pytest.param("由中国信息通信研究院安全研究所主办", ["ORG 中国信息通信研究院安全研究所"], ["中国信息通信研究院安全研究所"],
                 id="plain"),
    pytest.param("由中国信息通信 研究院安全研究所主办", ["ORG 中国信息通信研究院安全研究所"], ["中国信息通信 研究院安全研究所"],
                 id="pdf-space-inside"),
    pytest.param("占比８．２３％，", ["PERCENT 8.23%"], ["８．２３％"], id="full-width"),
    pytest.param("2010-2020 年共计 698.55 亿元", ["DATE 2010-2020", "MONEY 698.55 亿元"], ["2010-2020", "698.55 亿元"],
                 id="spaces-in-gold"),
    pytest.param("中国信息通信研究院在中国", ["ORG 中国信息通信研究院", "LOC 中国"], ["中国信息通信研究院", "中国"],
                 id="inner-occurrence-taken"),
    pytest.param("欧盟成员国，欧盟委员会，欧盟", ["LOC 欧盟", "ORG 欧盟委员会", "LOC 欧盟"], ["欧盟", "欧盟委员会", "欧盟"],
                 id="reading-order"),
    pytest.param("本报告由安永撰写，金链盟发布", ["ORG 金链盟", "ORG 安永"], ["金链盟", "安永"], id="out-of-order"),
]


@pytest.mark.parametrize("text, gold, expected", PLACED)
def test_place_page(text: str, gold: list[str], expected: list[str]) -> None:
    spans = place_page(_page(text), _spans(*gold), Placement("x"))
    assert spans is not None
    assert [text[s:e] for s, e, _ in spans] == expected
    assert [label for _, _, label in spans] == [g.split(" ")[0] for g in gold]


def test_reading_order_places_each_occurrence_once() -> None:
    text = "欧盟成员国，欧盟委员会，欧盟"
    spans = place_page(_page(text), _spans("LOC 欧盟", "ORG 欧盟委员会", "LOC 欧盟"), Placement("x"))
    assert [s for s, _, _ in spans or []] == [0, 6, 12]


def test_out_of_order_is_counted() -> None:
    placement = Placement("x")
    place_page(_page("本报告由安永撰写，金链盟发布"), _spans("ORG 金链盟", "ORG 安永"), placement)
    assert (placement.placed, placement.out_of_order, placement.not_found) == (2, ["p1 ORG 安永"], [])


@pytest.mark.parametrize("text, gold", [
    pytest.param("火绒安全实验室发布", ["ORG 腾讯安全实验室"], id="absent"),
    pytest.param("中国信息通信研究院在中国", ["LOC 中国", "LOC 中国", "LOC 中国"], id="more-spans-than-occurrences"),
    pytest.param("", ["ORG 金链盟"], id="page-without-text"),
])
def test_not_found_is_counted_never_guessed(text: str, gold: list[str]) -> None:
    placement = Placement("x")
    assert place_page(_page(text) if text else None, _spans(*gold), placement) is None
    assert len(placement.not_found) == 1


def test_held_out_reports_are_data_and_apart() -> None:
    conf = report_settings()
    assert "caict_digital_economy_2022" in conf["held_out"]
    assert not set(conf["held_out"]) & set(conf["train"])
    assert {"blockchain_security_eval_2021", "fisco_platform_survey_2017"} <= set(conf["train"])


def test_held_out_report_is_refused(tmp_path: Path) -> None:
    gold = load_report_gold(GOLD / "reports" / "caict_digital_economy_2022")
    with pytest.raises(ValueError, match="held out"):
        report_lines(gold, tmp_path / "any.pdf")
    with pytest.raises(ValueError, match="held out"):
        read_report_lines(GOLD, tmp_path, ["caict_digital_economy_2022"])


def test_without_pdfs_every_report_is_missing(tmp_path: Path) -> None:
    data = read_report_lines(GOLD, tmp_path)
    assert data.lines == [] and len(data.missing) == len(report_settings()["train"])
    assert all("not found" in m for m in data.missing)


def test_train_without_pdfs_says_so(tiny_training: tuple[Path, dict]) -> None:
    from nlp.train.report import format_summary
    _, results = tiny_training  # the tiny annotations folder holds no report gold
    assert results["ner"]["reports"]["placements"] == []
    assert "first report alone" in format_summary(results)


REAL = find_corpus_real()


@pytest.fixture(scope="module")
def placed() -> object:
    if REAL is None or not all((REAL / f"{k}.pdf").is_file() for k in report_settings()["train"]):
        pytest.skip("the real PDFs are not here (set CNREPORT_CORPUS_REAL to ../shared/corpus-real)")
    return read_report_lines(GOLD, REAL)


@pytest.mark.parametrize("key", report_settings()["train"])
def test_every_gold_span_of_the_training_reports_is_placed(placed: object, key: str) -> None:
    placement = next(p for p in placed.placements if p.key == key)  # type: ignore[attr-defined]
    assert placement.not_found == [] and placement.placed == placement.spans > 0
    assert placement.pages_dropped == [] and placement.across_sentences == 0


@pytest.mark.parametrize("key", report_settings()["train"])
def test_placed_spans_read_as_their_gold(placed: object, key: str) -> None:
    gold = load_report_gold(GOLD / "reports" / key)
    wanted = sorted((s.label, fold(s.text)) for s in gold.spans or [])
    got = sorted((s.label, fold(g.text[s.start:s.end])) for g in placed.lines  # type: ignore[attr-defined]
                 if g.section == key for s in g.spans)
    assert got == wanted
