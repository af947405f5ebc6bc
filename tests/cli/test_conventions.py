"""Command-line conventions: help on every option, ``--debug`` anywhere, one meaning of ``-o/--output``, a page-level
progress display, and evaluate/train from a folder that is no checkout (missing gold is an error, never 0.000)."""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

from nlp.api import PageProgress, extract_many
from nlp.cli import build_parser, main
from nlp.ingest import page_total
from nlp.ingest.document import RawDocument
from nlp.options import ExtractOptions, Mode
from nlp.pipeline import PageTicker

ROOT = Path(__file__).resolve().parents[2]
CORPUS_PDF = ROOT / "corpus" / "cn-blockchain-2022-2023.pdf"
CORPUS_TXT = ROOT / "corpus" / "cn-blockchain-2022-2023.txt"
GOLD = ROOT / "annotations"


def subparsers(parser: argparse.ArgumentParser, prefix: str = "cnreport") -> list[tuple[str, argparse.ArgumentParser]]:
    """Every (sub)command's parser, by its command line (``cnreport annotations export``)."""
    out = [(prefix, parser)]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                out += subparsers(child, f"{prefix} {name}")
    return out


COMMANDS = subparsers(build_parser())
LEAVES = [(name, p) for name, p in COMMANDS
          if not any(isinstance(a, argparse._SubParsersAction) for a in p._actions)]


@pytest.mark.parametrize(("command", "parser"), COMMANDS, ids=[c for c, _ in COMMANDS])
def test_every_option_and_argument_has_help(command: str, parser: argparse.ArgumentParser) -> None:
    missing = [a.dest for a in parser._actions if not isinstance(a, argparse._HelpAction)
               and not isinstance(a, argparse._SubParsersAction) and (not a.help or a.help == argparse.SUPPRESS)]
    assert missing == [], f"{command}: no help for {missing}"


@pytest.mark.parametrize(("command", "parser"), COMMANDS, ids=[c for c, _ in COMMANDS])
def test_every_subcommand_has_help(command: str, parser: argparse.ArgumentParser) -> None:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            assert all(choice.help for choice in action._choices_actions), command
            assert set(action.choices) == {choice.dest for choice in action._choices_actions}


@pytest.mark.parametrize(("command", "parser"), LEAVES, ids=[c for c, _ in LEAVES])
def test_debug_is_taken_by_every_subcommand(command: str, parser: argparse.ArgumentParser) -> None:
    assert any("--debug" in a.option_strings for a in parser._actions), command


WRITERS = ["extract", "normalize", "train", "evaluate", "report", "view", "annotations export", "annotations import"]


@pytest.mark.parametrize("command", WRITERS)
def test_o_and_output_name_where_the_command_writes(command: str) -> None:
    [parser] = [p for c, p in LEAVES if c == f"cnreport {command}"]
    [action] = [a for a in parser._actions if "-o" in a.option_strings]
    assert "--output" in action.option_strings and action.dest == "output"


DEBUG_ARGV = [
    (["--debug", "extract", "a.pdf"], True),
    (["extract", "--debug", "a.pdf"], True),
    (["extract", "a.pdf", "--debug"], True),
    (["extract", "a.pdf"], False),
    (["annotations", "--debug", "export", "s", "--format", "doccano", "-o", "f"], True),
    (["annotations", "export", "s", "--format", "doccano", "-o", "f", "--debug"], True),
    (["--debug", "train"], True),
    (["evaluate", "out", "--debug"], True),
]


@pytest.mark.parametrize(("argv", "debug"), DEBUG_ARGV, ids=[" ".join(a) for a, _ in DEBUG_ARGV])
def test_debug_is_accepted_before_and_after_the_subcommand(argv: list[str], debug: bool) -> None:
    assert build_parser().parse_args(argv).debug is debug


ALIASES = [
    (["train", "-o", "m"], "m"), (["train", "--output", "m"], "m"), (["train", "--out", "m"], "m"),
    (["evaluate", "out", "-o", "r.json"], "r.json"), (["evaluate", "out", "--json", "r.json"], "r.json"),
    (["report", "out", "--out", "r.html"], "r.html"), (["report", "out"], "report.html"),
    (["view", "out/docs/x", "--out", "v.html"], "v.html"), (["extract", "a.pdf"], "out"),
    (["train"], "models"),
]


@pytest.mark.parametrize(("argv", "output"), ALIASES, ids=[" ".join(a) for a, _ in ALIASES])
def test_older_output_spellings_are_aliases(argv: list[str], output: str) -> None:
    assert build_parser().parse_args(argv).output == output


def test_normalize_writes_to_output(tmp_path: Path) -> None:
    assert main(["normalize", "--kind", "amount", "约 67 亿元", "-o", str(tmp_path / "n.jsonl")]) == 0
    assert json.loads((tmp_path / "n.jsonl").read_text(encoding="utf-8"))["value"] == "6700000000"


# --- page progress ---------------------------------------------------------------------------------------------


class Recorder:
    """A :class:`PageProgress` that records what it is told."""

    def __init__(self) -> None:
        self.planned, self.events, self.documents = 0, [], []  # type: ignore[var-annotated]

    def plan(self, pages: int) -> None:
        self.planned += pages

    def advance(self, path: str, pages: float) -> None:
        self.events.append((Path(path).name, pages))

    def done(self, path: str, pages: int) -> None:
        self.documents.append((Path(path).name, len(self.events)))

    def progress(self) -> PageProgress:
        return PageProgress(self.plan, self.advance)

    def total(self, name: str) -> float:
        return sum(pages for n, pages in self.events if n == name)


def test_a_pdf_moves_the_bar_page_by_page(tmp_path: Path) -> None:
    recorder = Recorder()
    result = extract_many([CORPUS_PDF], tmp_path / "out", ExtractOptions(pages=(1, 20)), workers=1,
                          pages=recorder.progress(), on_progress=recorder.done)
    assert result.pages == recorder.planned == 20
    assert recorder.total(CORPUS_PDF.name) == pytest.approx(20)
    # every page is counted when read and again when its mentions are found, before the document is done
    assert recorder.documents == [(CORPUS_PDF.name, len(recorder.events))]
    assert len(recorder.events) >= 2 * 20
    assert max(p for _, p in recorder.events[:-1]) < 1


@pytest.mark.slow
def test_a_batch_in_worker_processes_reports_pages_as_they_go(tmp_path: Path) -> None:
    recorder = Recorder()
    inputs = [CORPUS_PDF, CORPUS_TXT]
    result = extract_many(inputs, tmp_path / "out", ExtractOptions(mode=Mode.RULES, pages=(1, 12)), workers=2,
                          pages=recorder.progress(), on_progress=recorder.done)
    assert not result.failed and recorder.planned == result.pages == 13
    assert recorder.total(CORPUS_PDF.name) == pytest.approx(12) and recorder.total(CORPUS_TXT.name) == pytest.approx(1)
    before_done = dict(recorder.documents)[CORPUS_PDF.name]
    assert sum(1 for n, _ in recorder.events[:before_done] if n == CORPUS_PDF.name) >= 12


TICKS = [  # (pages of the document, first page, the page of each sentence, pages ticked after each sentence)
    (3, 1, [1, 1, 2, 3], [[], [1], [2], [3]]),
    (6, 1, [1, 3, 3, 5], [[1, 2], [], [3, 4], [5, 6]]),
    (4, 5, [6, 8], [[5, 6, 7], [8]]),
    (2, 1, [], []),
]


@pytest.mark.parametrize(("pages", "first", "sentence_pages", "ticks"), TICKS, ids=["in-order", "gaps", "from-5",
                                                                                   "no-sentence"])
def test_each_page_is_ticked_once_in_order(pages: int, first: int, sentence_pages: list[int],
                                           ticks: list[list[int]]) -> None:
    doc = RawDocument("d", "x", "正文", tuple(range(pages)), first_page=first)
    seen: list[int] = []
    ticker = PageTicker(doc, sentence_pages, seen.append)
    got = []
    for index in range(len(sentence_pages)):
        before = len(seen)
        ticker.done(index)
        got.append(seen[before:])
    ticker.finish()
    assert got == ticks and seen == list(range(first, first + pages))


PAGE_TOTALS = [(CORPUS_PDF, None, 75), (CORPUS_PDF, (70, 80), 6), (CORPUS_PDF, (3, 5), 3), (CORPUS_TXT, None, 1),
               (ROOT / "no-such.pdf", None, 1)]


@pytest.mark.parametrize(("path", "pages", "total"), PAGE_TOTALS, ids=["pdf", "clipped", "range", "txt", "missing"])
def test_page_total_is_known_before_reading(path: Path, pages: tuple[int, int] | None, total: int) -> None:
    assert page_total(path, pages=pages) == total


# --- evaluate and train outside a checkout ------------------------------------------------------------------------


#: Two short reports that have no gold (a single one would be paired with the gold's single document).
NO_GOLD = {"a.txt": "2021 年，数字经济规模达到 45.5 万亿元，同比名义增长 16.2%。\n",
           "b.txt": "截至 2021 年底，我国累计建成并开通 5G 基站 142.5 万个。\n"}


@pytest.fixture(scope="module")
def title_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An extraction of texts that have no gold."""
    base = tmp_path_factory.mktemp("nogold")
    for name, text in NO_GOLD.items():
        (base / name).write_text(text, encoding="utf-8")
    out = base / "out"
    assert not extract_many([base / n for n in NO_GOLD], out, ExtractOptions(mode=Mode.RULES), workers=1).failed
    return out


def run_cnreport(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "nlp", *args], capture_output=True, text=True, cwd=cwd, timeout=300,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})


EVALUATE_ERRORS = [
    ("no-gold-folder", [], "[E012] annotations: gold data is invalid (no such folder; give --gold DIR"),
    ("split-all", ["--split", "all"], "[E012] annotations: gold data is invalid (no such folder"),
    ("empty-gold", ["--gold", "{cwd}"], "gold data is invalid (no gold in it"),
    ("no-document-in-gold", ["--gold", str(GOLD), "--split", "all"], "has gold here, so there is nothing to score"),
]


@pytest.mark.parametrize(("extra", "message"), [c[1:] for c in EVALUATE_ERRORS], ids=[c[0] for c in EVALUATE_ERRORS])
def test_evaluate_outside_a_checkout_without_gold_fails_with_a_coded_error(title_out: Path, tmp_path: Path,
                                                                          extra: list[str], message: str) -> None:
    run = run_cnreport(["evaluate", str(title_out), "--no-baselines", *(a.format(cwd=tmp_path) for a in extra)],
                       tmp_path)
    assert run.returncode == 1 and "0.000" not in run.stdout
    assert message in run.stderr.strip().splitlines()[-1]


def test_train_outside_a_checkout_needs_its_annotations(tmp_path: Path) -> None:
    run = run_cnreport(["train", "--only", "para_domain", "--quiet"], tmp_path)
    assert run.returncode == 1 and run.stderr.startswith("[E012] annotations: gold data is invalid (no such folder")
    assert list(tmp_path.iterdir()) == []


def test_train_never_writes_into_the_installation(tmp_path: Path) -> None:
    import sysconfig
    target = Path(sysconfig.get_paths()["purelib"]) / "models"
    assert main(["train", "--annotations", str(GOLD), "-o", str(target), "--only", "para_domain", "--quiet"]) == 1
    assert not target.exists()
