"""``cnreport report`` rendered by headless Chromium: the per-label tables show the harness's figures for every
scheme and system, record kinds without gold are named and not drawn, the error table filters, searches, sorts and
pages from the state in the URL (fragment or query), reads without JavaScript, and marks each span at its offsets.

The evaluation: corpus/cn-blockchain-2022-2023.txt and, where they are here, the PDFs of the real reports'
gold (``$CNREPORT_CORPUS_REAL`` or ``../shared/corpus-real``; their tables are skipped, saying so, without them)
extracted twice, as ``extract`` does (system cnreport) and with ``--mode rules`` (scored beside it as
``rules_only``), on the test split. The expected table views are computed here from the static HTML with the
script's rules (stable sort, empty numbers last, every word of the search in the row's text, pages of ``size``).
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote

import pytest

from nlp.api import extract_many
from nlp.options import ExtractOptions
from nlp.scoring.html_errors import COLUMNS, DEFAULT_PAGE_SIZE
from nlp.scoring.report_gold import load_reports
from nlp.scoring.run import evaluate_outputs, report_html, results_json, write_text

from .cdp import Browser
from .dom import Element, parse

pytestmark = [pytest.mark.browser, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus" / "cn-blockchain-2022-2023.txt"
GOLD = ROOT / "annotations"
CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
SCHEMES = ("strict", "exact", "partial", "type")
REPORT_KEYS = sorted(g.key for g in load_reports(GOLD).values() if g.spans is not None)


def real_pdfs() -> list[Path]:
    """The gold reports' PDFs, from ``$CNREPORT_CORPUS_REAL`` or ``shared/corpus-real`` beside the checkout."""
    candidates = [os.environ.get("CNREPORT_CORPUS_REAL", ""), ROOT.parent / "shared" / "corpus-real",
                  ROOT.parents[1] / "shared" / "corpus-real"]
    real = next((Path(c) for c in candidates if c and Path(c).is_dir()), None)
    if real is None:
        return []
    found = [real / str(g.document.get("file") or f"{g.key}.pdf") for g in load_reports(GOLD).values()
             if g.spans is not None]
    return sorted(p for p in found if p.is_file())


def run_chromium(url: str, *flags: str) -> Element:
    if CHROMIUM is None:
        pytest.skip("chromium is not installed: the HTML report cannot be checked in a browser")
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as profile:  # a Chromium helper may outlive it
        done = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                               "--disable-component-update", "--disable-sync", "--no-first-run", *flags,
                               f"--user-data-dir={profile}", "--dump-dom", url],
                              capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    return parse(done.stdout)


@pytest.fixture(scope="module")
def evaluation(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], Path]:
    """The results JSON and the report written from it."""
    base = tmp_path_factory.mktemp("report")
    sources = [CORPUS, *real_pdfs()]
    for folder, mode in (("out", "combined"), ("rules", "rules")):
        done = extract_many(sources, base / folder, ExtractOptions(mode=mode), workers=1)
        assert not done.failed, done.failed
    results = evaluate_outputs(base / "out", GOLD, "test", baselines=False, extra={"rules_only": base / "rules"})
    saved = write_text(base / "eval.json", results_json(results))
    page = write_text(base / "report.html", report_html(saved))
    return json.loads(saved.read_text(encoding="utf-8")), page


@pytest.fixture(scope="module")
def data(evaluation: tuple[dict[str, Any], Path]) -> dict[str, Any]:
    return evaluation[0]


@pytest.fixture(scope="module")
def dom(evaluation: tuple[dict[str, Any], Path]) -> Element:
    """The page as Chromium shows it on opening (the script has run)."""
    return run_chromium(evaluation[1].as_uri())


@pytest.fixture(scope="module")
def static(evaluation: tuple[dict[str, Any], Path]) -> Element:
    """The page as written (no script run)."""
    return parse(evaluation[1].read_text(encoding="utf-8"))


def by_id(root: Element, ident: str) -> Element:
    (found,) = [e for e in root.iter() if e.attrs.get("id") == ident]
    return found


def cells(table: Element) -> dict[tuple[str, str, str], str]:
    """``(row, system, metric) -> text`` of a per-label table."""
    return {(tr.attrs["data-row"], td.attrs["data-system"], td.attrs["data-metric"]): td.text()
            for tr in table.find_all("tr") if "data-row" in tr.attrs for td in tr.find_all("td")}


def shown(prf: dict[str, Any] | None, metric: str) -> str:
    """What the page should show for ``metric`` of a PRF (or macro) dict of the JSON."""
    prf = prf or {}
    if metric in ("gold", "pred"):
        return "" if "tp" not in prf else f"{prf['tp'] + (prf['fn'] if metric == 'gold' else prf['fp']):g}"
    value = prf.get(metric)
    return "–" if value is None else f"{value:.3f}"


def expected_cells(rows: dict[str, dict[str, Any]], first: str) -> dict[tuple[str, str, str], str]:
    """The cells of a table whose gold column is shared (shown under the first system)."""
    out = {}
    for row, per in rows.items():
        out[(row, first, "gold")] = shown(per[first], "gold")
        for system, prf in per.items():
            out |= {(row, system, m): shown(prf, m) for m in ("pred", "precision", "recall", "f1")}
    return out


def has_gold(prf: dict[str, Any] | None) -> bool:
    return bool(prf and "tp" in prf and prf["tp"] + prf["fn"])


def test_the_page_is_self_contained_and_its_script_runs(evaluation: tuple[dict[str, Any], Path], dom: Element) -> None:
    html = evaluation[1].read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:|file:)?//|@import|url\(""", html)
    assert [e for e in dom.iter() if e.attrs.get("id") == "js-error"] == []
    assert by_id(dom, "js-ok") and "hidden" not in by_id(dom, "controls").attrs


@pytest.mark.parametrize("scheme", SCHEMES)
def test_mention_tables_show_the_harness_figures(data: dict[str, Any], dom: Element, scheme: str) -> None:
    systems = data["systems"]
    blocks = {n: s["corpus"]["mentions"]["schemes"][scheme] for n, s in systems.items()}
    first = next(iter(systems))
    rows = {label: {n: b["labels"][label] for n, b in blocks.items()} for label in blocks[first]["labels"]
            if any(has_gold(b["labels"][label]) for b in blocks.values())}
    rows |= {key: {n: b[key] for n, b in blocks.items()} for key in ("micro", "macro", "overall")}
    assert cells(by_id(dom, f"mentions-{scheme}")) == expected_cells(rows, first)


def test_record_kinds_without_gold_are_named_not_drawn(data: dict[str, Any], dom: Element) -> None:
    kinds = data["systems"][data["primary"]]["corpus"]["records"]["kinds"]
    with_gold = [k for k, r in kinds.items() if has_gold(r["rows"])]
    without = [k for k in kinds if k not in with_gold]
    assert with_gold and without
    table = by_id(dom, "records-kinds")
    assert [tr.attrs["data-row"] for tr in table.find_all("tr") if "data-row" in tr.attrs] == [*with_gold, "micro",
                                                                                               "macro"]
    assert [li.attrs["data-row"] for li in by_id(dom, "records-kinds-nogold").find_all("li")] == without
    chart = by_id(dom, "chart-records")
    drawn = [t.text() for t in chart.find_all("text") if t.attrs.get("text-anchor") == "end"]
    assert drawn == with_gold and all(k in by_id(dom, "chart-records-nogold").text() for k in without)
    assert not any(t.text() == "n/a" for t in dom.find_all("text"))


@pytest.mark.parametrize("block", [*REPORT_KEYS, "all"])
@pytest.mark.parametrize("scheme", ["strict", "contains"])
def test_real_report_tables_show_the_harness_figures(data: dict[str, Any], dom: Element, block: str,
                                                     scheme: str) -> None:
    systems = data["systems"]
    if not any(s.get("reports_total") for s in systems.values()):
        pytest.skip("no real report was extracted (their PDFs are not here; set CNREPORT_CORPUS_REAL)")
    scores = {n: (s["reports_total"] if block == "all" else s["reports"][block])["mentions"][scheme]
              for n, s in systems.items()}
    first = next(iter(systems))
    labels = dict.fromkeys(label for sc in scores.values() for label in sc["labels"])
    rows = {label: {n: sc["labels"].get(label) for n, sc in scores.items()} for label in labels
            if any(has_gold(sc["labels"].get(label)) for sc in scores.values())}
    rows |= {key: {n: sc[key] for n, sc in scores.items()} for key in ("micro", "macro")}
    assert cells(by_id(dom, f"report-{block}-{scheme}")) == expected_cells(rows, first)


def test_real_report_parts_say_no_gold(data: dict[str, Any], dom: Element) -> None:
    total = data["systems"][data["primary"]].get("reports_total")
    if not total:
        pytest.skip("no real report was extracted (their PDFs are not here; set CNREPORT_CORPUS_REAL)")
    parts = by_id(dom, "report-all-parts")
    scored = {tr.attrs["data-row"] for tr in parts.find_all("tr") if "data-row" in tr.attrs}
    assert {"table rows", "table cells", "key figures"} <= scored
    policies = total["policies"]
    assert ("policies" in scored) == has_gold(policies and policies["rows"])


def own_side(item: dict[str, Any]) -> dict[str, Any] | None:
    return item["pred"] if item["outcome"] == "fp" else item["gold"] or item["pred"]


def test_marks_sit_at_the_span_offsets(data: dict[str, Any], dom: Element) -> None:
    elsewhere = 0
    checked = 0
    for tr in by_id(dom, "errors").find_all("tr"):
        if "data-i" not in tr.attrs:
            continue
        item = data["systems"][tr.attrs["data-system"]]["errors"][int(tr.attrs["data-i"])]
        side = own_side(item)
        if item["kind"] != "mention" or item["context_start"] is None or not side or "start" not in side:
            continue
        marks = tr.find_all("mark")
        left = side["start"] - item["context_start"]
        right = min(side["end"] - item["context_start"], len(item["context"]))
        assert len(marks) == 1 and (marks[0].attrs["data-start"], marks[0].attrs["data-end"]) == \
            (str(side["start"]), str(side["end"])), item
        assert marks[0].text() == item["context"][left:right], item
        assert tr.find_all("td", "line")[0].text() == item["context"]
        checked += 1
        elsewhere += item["context"].find(item["text"]) != left
    assert checked > 100 and elsewhere > 10  # rows the first-occurrence highlighter marked elsewhere or not at all


def visible(root: Element) -> list[tuple[str, str]]:
    """``(system, index)`` of the error rows shown, in order."""
    return [(tr.attrs["data-system"], tr.attrs["data-i"]) for tr in by_id(root, "errors").find_all("tr")
            if "data-i" in tr.attrs and "hidden" not in tr.attrs]


def expected_view(static: Element, state: dict[str, str], primary: str) -> tuple[list[tuple[str, str]], int, int, int]:
    """The rows of a page of the error table, the matching count, page and pages, by the script's rules."""
    rows = [tr for tr in by_id(static, "errors").find_all("tr") if "data-i" in tr.attrs]
    keys = [key for key, _, _ in COLUMNS]
    if state.get("sort") in keys:
        col = keys.index(state["sort"])
        numeric = COLUMNS[col][2]

        def key(tr: Element) -> Any:
            text = tr.find_all("td")[col].text()
            return (float(text) if text.strip() else None) if numeric else text
        present = sorted((tr for tr in rows if key(tr) is not None), key=key, reverse=state.get("dir") == "desc")
        rows = present + [tr for tr in rows if key(tr) is None]
    words = state.get("q", "").lower().split()
    hit = [tr for tr in rows
           if all(not state.get(f, "") or tr.attrs[f"data-{f}"] == state[f] for f in ("system", "group", "outcome"))
           and all(w in tr.text().lower() for w in words)]
    size = int(state.get("size", DEFAULT_PAGE_SIZE))
    pages = max(1, -(-len(hit) // size)) if size else 1
    page = min(max(1, int(state.get("page", 1))), pages)
    shown_rows = hit[(page - 1) * size:page * size] if size else hit
    return [(tr.attrs["data-system"], tr.attrs["data-i"]) for tr in shown_rows], len(hit), page, pages


# (id, URL suffix): the state the page opens in
VIEW_CASES = [
    ("opening", ""),
    ("search", "#q=" + quote("蚂蚁")),
    ("search-two-words-all-systems", "#system=&q=" + quote("org 联盟")),
    ("sort-line-descending-page-2", "#sort=line&dir=desc&size=25&page=2"),
    ("fn-org-by-text-all-systems", "#system=&group=ORG&outcome=fn&sort=text"),
    ("query-string", "?outcome=fp&size=100&sort=page"),
    ("page-past-the-end", "#page=999"),
    ("all-rows", "#system=&size=0"),
]


@pytest.mark.parametrize("suffix", [c[1] for c in VIEW_CASES], ids=[c[0] for c in VIEW_CASES])
def test_the_error_table_opens_in_the_state_of_the_url(evaluation: tuple[dict[str, Any], Path], static: Element,
                                                       data: dict[str, Any], suffix: str) -> None:
    page = run_chromium(evaluation[1].as_uri() + suffix)
    state = {"system": data["primary"], **dict(parse_qsl(suffix[1:], keep_blank_values=True))}
    rows, matching, number, pages = expected_view(static, state, data["primary"])
    table = by_id(page, "errors")
    assert (table.attrs["data-matching"], table.attrs["data-page"], table.attrs["data-pages"]) == \
        (str(matching), str(number), str(pages))
    assert visible(page) == rows and by_id(page, "shown").text() == str(matching)
    assert 0 < len(rows) <= (int(state.get("size", DEFAULT_PAGE_SIZE)) or matching)


VISIBLE_JS = ("JSON.stringify(Array.from(document.querySelectorAll('#errors tbody tr'))"
              ".filter(function(r){return !r.hidden;}).map(function(r){return [r.dataset.system, r.dataset.i];}))")
TABLE_JS = "JSON.stringify([Object.assign({}, document.getElementById('errors').dataset), location.hash])"


def _set(ident: str, value: str, event: str) -> str:
    return (f"(function(){{var e=document.getElementById('{ident}'); e.value={json.dumps(value)}; "
            f"e.dispatchEvent(new Event('{event}'));}})()")


# (id, JavaScript a user's action amounts to, the state it leads to): one session, in this order
CLICK_STEPS = [
    ("click-line-heading", "document.querySelector('#errors th[data-key=line]').click()", {"sort": "line"}),
    ("click-it-again", "document.querySelector('#errors th[data-key=line]').click()", {"dir": "desc"}),
    ("next-page", "document.getElementById('next').click()", {"page": "2"}),
    ("type-a-search", _set("f-search", "联盟", "input"), {"q": "联盟", "page": "1"}),
    ("choose-outcome-fn", _set("f-outcome", "fn", "change"), {"outcome": "fn"}),
    ("choose-all-systems", _set("f-system", "", "change"), {"system": ""}),
    ("choose-25-a-page", _set("f-size", "25", "change"), {"size": "25"}),
    ("last-page", "document.getElementById('last').click()", {"page": "999"}),
    ("sort-by-document", "document.querySelector('#errors th[data-key=doc]').click()", {"sort": "doc", "dir": "asc",
                                                                                          "page": "1"}),
]


def test_the_controls_filter_search_sort_and_page(evaluation: tuple[dict[str, Any], Path], static: Element,
                                                  data: dict[str, Any]) -> None:
    """Clicks and typing (through the DevTools protocol): each step shows the rows its state should, and the
    URL fragment carries that state (a reload or a shared link opens the same view)."""
    if CHROMIUM is None:
        pytest.skip("chromium is not installed: the HTML report cannot be checked in a browser")
    state = {"system": data["primary"]}
    with Browser(CHROMIUM) as browser:
        browser.open(evaluation[1].as_uri(), "document.getElementById('js-ok')")
        for name, action, change in CLICK_STEPS:
            browser.eval(action)
            state |= change
            rows, matching, page, pages = expected_view(static, state, data["primary"])
            table, fragment = json.loads(browser.eval(TABLE_JS))
            assert [tuple(r) for r in json.loads(browser.eval(VISIBLE_JS))] == rows, name
            assert (table["matching"], table["page"], table["pages"]) == (str(matching), str(page), str(pages)), name
            state["page"] = str(page)
            assert {**{"system": data["primary"]}, **dict(parse_qsl(fragment[1:], keep_blank_values=True))} == \
                {k: v for k, v in state.items() if (k, v) not in {("dir", "asc"), ("page", "1")}}, name


def test_without_javascript_every_row_shows(static: Element, data: dict[str, Any]) -> None:
    """The page as written is what a browser without JavaScript shows (Chromium's ``--dump-dom`` needs scripts):
    every row, the inert controls hidden, a note saying so."""
    assert "hidden" in by_id(static, "controls").attrs
    assert len(visible(static)) == sum(len(s["errors"]) for s in data["systems"].values())
    (note,) = static.find_all("noscript")
    assert "filters, search, sorting and pages need JavaScript" in note.text()
