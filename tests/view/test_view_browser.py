"""``cnreport view`` rendered by headless Chromium: the DOM's marks are the mentions at their offsets with their
labels, the records sit beside the lines they came from, ``--pages`` shows part, document text is escaped.

The document is two pages (a form feed) of the corpus report: its title page and the lines of its table 表1-2
(tests/data/excerpts), with one line of markup added to check the escaping, extracted with ``--mode rules``.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest

from nlp.cli import main

from .dom import Element, parse

pytestmark = pytest.mark.browser
CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
EXCERPTS = Path(__file__).resolve().parents[1] / "data" / "excerpts"
MARKUP_LINE = '区块链<script>document.title="x"</script>与 <b>2022 年</b> & “元宇宙”'


def dump_dom(page: Path) -> Element:
    if CHROMIUM is None:
        pytest.skip("chromium is not installed")
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as profile:  # a Chromium helper may outlive it
        done = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                               "--disable-component-update", "--disable-sync", "--no-first-run",
                               f"--user-data-dir={profile}", "--dump-dom", page.resolve().as_uri()],
                              capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return parse(done.stdout)


def rows(folder: Path, stem: str) -> list[dict[str, Any]]:
    path = folder / f"{stem}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("view")
    text = (EXCERPTS / "title.txt").read_text(encoding="utf-8") + MARKUP_LINE + "\n\f" + \
        (EXCERPTS / "policies.txt").read_text(encoding="utf-8")
    (base / "report.txt").write_text(text, encoding="utf-8")
    assert main(["extract", str(base / "report.txt"), "-o", str(base / "out"), "--mode", "rules", "--quiet", "--workers", "1"]) == 0
    (folder,) = (base / "out" / "docs").iterdir()
    return folder


@pytest.fixture(scope="module")
def dom(extracted: Path) -> Element:
    page = extracted.parent.parent / "doc.html"
    assert main(["view", str(extracted), "-o", str(page)]) == 0
    return dump_dom(page)


@pytest.fixture(scope="module")
def page_two(extracted: Path) -> Element:
    page = extracted.parent.parent / "page2.html"
    assert main(["view", str(extracted), "-o", str(page), "--pages", "2"]) == 0
    return dump_dom(page)


def marks_by_mention(dom: Element) -> dict[int, list[Element]]:
    out: dict[int, list[Element]] = {}
    for mark in dom.find_all("mark", "entity"):
        out.setdefault(int(mark.attrs["data-mention"]), []).append(mark)
    return out


def document_text(folder: Path) -> str:
    return json.loads((folder / "text.json").read_text(encoding="utf-8"))["text"]


def test_every_mention_is_marked_with_its_text_at_its_offsets(dom: Element, extracted: Path) -> None:
    mentions, marks, text = rows(extracted, "mentions"), marks_by_mention(dom), document_text(extracted)
    assert mentions and sorted(marks) == list(range(len(mentions)))
    for index, mention in enumerate(mentions):
        parts = marks[index]
        assert all(m.text("label") == text[int(m.attrs["data-start"]):int(m.attrs["data-end"])] for m in parts)
        # the marks show the raw span (PDF spacing kept, cut at line breaks); mention["text"] is its clean form
        raw = text[mention["raw_start"]:mention["raw_end"]]
        assert "".join(m.text("label") for m in parts) == raw.replace("\n", ""), mention
        assert (int(parts[0].attrs["data-start"]), int(parts[-1].attrs["data-end"])) == (mention["raw_start"], mention["raw_end"])


def test_every_mention_shows_its_label_once(dom: Element, extracted: Path) -> None:
    marks = marks_by_mention(dom)
    for index, mention in enumerate(rows(extracted, "mentions")):
        labels = [span.text() for m in marks[index] for span in m.children if isinstance(span, Element) and span.tag == "span"]
        assert labels == [mention["label"]] and {m.attrs["data-label"] for m in marks[index]} == {mention["label"]}


def test_the_legend_names_every_label_with_its_count(dom: Element, extracted: Path) -> None:
    labels = [m["label"] for m in rows(extracted, "mentions")]
    legend = {k.attrs["data-label"]: k.text() for k in dom.find_all("span", "key")}
    assert legend == {label: f"{label} {labels.count(label)}" for label in set(labels)}


@pytest.mark.parametrize("stem", ["policies", "figures", "paragraphs"])
def test_records_sit_beside_the_line_they_came_from(dom: Element, extracted: Path, stem: str) -> None:
    records = rows(extracted, stem)
    assert records, f"no {stem} in the excerpt"
    placed = {(int(card.attrs["data-index"]), row.attrs["data-line"])
              for row in dom.find_all("div", "row") for card in row.find_all("div", "record")
              if card.attrs["data-table"] == stem}
    assert placed == {(index, str(record["line"])) for index, record in enumerate(records)}


def test_a_policy_card_shows_its_cells_next_to_its_line_text(dom: Element, extracted: Path) -> None:
    policy = rows(extracted, "policies")[0]
    (row,) = [r for r in dom.find_all("div", "row") if r.attrs["data-line"] == str(policy["line"])]
    card_text = next(c for c in row.find_all("div", "record") if c.attrs["data-table"] == "policies").text()
    assert policy["title"] in card_text and policy["title"] in row.find_all("div", "text")[0].text("label")


def test_document_markup_is_shown_as_text_not_run(dom: Element) -> None:
    assert dom.find_all("script") == [] and dom.find_all("b") == []
    lines = [t.text("label") for t in dom.find_all("div", "text")]
    assert MARKUP_LINE in lines


def test_pages_shows_only_that_page(page_two: Element, extracted: Path) -> None:
    shown = {r.attrs["data-page"] for r in page_two.find_all("div", "row")}
    on_two = [m for m in rows(extracted, "mentions") if m["page"] == 2]
    assert shown == {"2"} and len(page_two.find_all("mark", "entity")) >= len(on_two) > 0


def test_view_of_a_folder_that_is_no_document_is_a_coded_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["view", str(tmp_path), "-o", str(tmp_path / "x.html")]) == 1
    assert capsys.readouterr().err.startswith("[E030] ") and not (tmp_path / "x.html").exists()
