"""One document's work shared between forked processes (:mod:`nlp.processes`) gives what one process gives.

The equality checks read real documents: the corpus PDF and text, and three real PDFs of
``$CNREPORT_CORPUS_REAL`` or ``../shared/corpus-real`` (skipped, saying so, where they are absent).
"""
from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

import pytest

from nlp.api import _PIPELINES, pipeline_for
from nlp.errors import CorruptPdfError
from nlp.ingest import read_document
from nlp.options import ExtractOptions
from nlp.pipeline import in_batch_order
from nlp.processes import balanced, in_shares, processes_for, share_settings, split

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
REAL_PDFS = ["cac_digital_china_2021", "fisco_platform_survey_2017", "miit_blockchain_tech_app_2016"]


def real_pdf(name: str) -> Path:
    candidates = [os.environ.get("CNREPORT_CORPUS_REAL", ""), ROOT.parent / "shared" / "corpus-real",
                  "/work/shared/corpus-real"]
    folder = next((Path(c) for c in candidates if c and Path(c).is_dir()), None)
    if folder is None or not (folder / f"{name}.pdf").is_file():
        pytest.skip(f"{name}.pdf is not here (set CNREPORT_CORPUS_REAL to ../shared/corpus-real)")
    return folder / f"{name}.pdf"


@pytest.mark.parametrize(("weights", "shares", "sizes"), [
    ([1] * 75, 2, [37, 38]),              # 75 pages of one weight
    ([4, 4, 4, 4], 4, [1, 1, 1, 1]),
    ([1] * 5, 3, [2, 1, 2]),
    ([100, 1, 1, 1], 2, [1, 3]),          # one heavy page
    ([1, 1, 1, 100], 2, [3, 1]),
])
def test_split_keeps_order_and_balances_weight(weights: list[int], shares: int, sizes: list[int]) -> None:
    items = list(enumerate(weights))
    parts = split(items, shares, lambda item: item[1])
    assert [len(p) for p in parts] == sizes
    assert [x for p in parts for x in p] == items


# The characters of the corpus PDF's and text's batches of 128 sentences (read with the pipeline's own split).
PDF_BATCHES = [4713, 6147, 2782, 5205, 6887, 7341, 5921, 5671, 6380, 9385]
TXT_BATCHES = [4713, 6123, 2791, 5154, 6661, 7468, 6026, 5590, 5795, 9706, 529]


@pytest.mark.parametrize(("weights", "shares"), [(PDF_BATCHES, 2), (TXT_BATCHES, 2), (PDF_BATCHES, 3), (TXT_BATCHES, 4)],
                         ids=["pdf-2", "txt-2", "pdf-3", "txt-4"])
def test_balanced_groups_are_within_one_batch_and_in_order(weights: list[int], shares: int) -> None:
    groups = balanced(weights, shares)
    loads = [sum(weights[i] for i in group) for group in groups]
    assert sorted(i for group in groups for i in group) == list(range(len(weights)))
    assert all(group == sorted(group) for group in groups)
    assert max(loads) - min(loads) <= max(weights)
    assert len(groups) == shares


def test_batches_dealt_out_come_back_in_order() -> None:
    groups = balanced(TXT_BATCHES, 2)
    sentences = list(range(1286))
    found = [[s for index in group for s in sentences[index * 128:(index + 1) * 128]] for group in groups]
    assert in_batch_order(groups, found, 128) == sentences


@pytest.mark.parametrize(("requested", "items", "minimum", "expected"), [
    (2, 75, 8, 2),      # the corpus PDF, 2 cores
    (2, 7, 8, 1),       # a 7-page PDF: not worth a process
    (1, 1286, 256, 1),  # --workers 1
    (4, 1286, 256, 4),
    (16, 100000, 8, share_settings().max_processes),
    (2, 300, 256, 1),   # 300 sentences: one share of 256 at most
])
def test_processes_for(requested: int, items: int, minimum: int, expected: int) -> None:
    assert processes_for(requested, items, minimum) == expected


def _square_with_pid(share: int) -> tuple[int, int]:
    return share * share, os.getpid()


def test_shares_come_back_in_order_from_other_processes() -> None:
    results = in_shares(_square_with_pid, 3)
    assert [value for value, _ in results] == [0, 1, 4]
    assert results[0][1] == os.getpid() and len({pid for _, pid in results}) == 3


def test_an_error_in_a_child_is_raised_here() -> None:
    def work(share: int) -> int:
        if share == 1:
            raise CorruptPdfError("report.pdf", "page 40: PDFSyntaxError")
        return share
    with pytest.raises(CorruptPdfError, match=r"\[E004\] report.pdf: PDF is damaged or truncated \(page 40"):
        in_shares(work, 2)


def test_a_child_that_dies_has_its_share_done_here() -> None:
    parent = os.getpid()

    def work(share: int) -> tuple[int, int]:
        if os.getpid() != parent:
            os._exit(9)  # killed, out of memory: no answer
        return share, os.getpid()
    assert in_shares(work, 2) == [(0, parent), (1, parent)]


def _processes_in_daemon(queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    queue.put(processes_for(2, 1000, 8))


def test_a_daemon_process_never_forks() -> None:
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_processes_in_daemon, args=(queue,), daemon=True)
    child.start()
    assert queue.get(timeout=60) == 1
    child.join()


@pytest.mark.parametrize("value", [-1, 1.5, True, "2"])
def test_processes_option_is_validated(value: object) -> None:
    with pytest.raises(ValueError, match="processes must be 0"):
        ExtractOptions(processes=value)  # type: ignore[arg-type]


def test_one_pipeline_serves_every_processes_value() -> None:
    assert ExtractOptions(processes=1) == ExtractOptions(processes=2)
    assert pipeline_for(ExtractOptions(processes=1)) is pipeline_for(ExtractOptions(processes=2))
    assert len([o for o in _PIPELINES if o == ExtractOptions()]) == 1


@pytest.mark.parametrize("name", REAL_PDFS)
def test_real_pdf_pages_read_in_two_processes_are_the_same(name: str) -> None:
    path = real_pdf(name)
    one, two = read_document(path, processes=1), read_document(path, processes=2)
    assert (two.text, two.page_starts, two.meta, two.model, two.title) == \
        (one.text, one.page_starts, one.meta, one.model, one.title)


def test_a_page_range_read_in_two_processes_is_the_same() -> None:
    path = CORPUS / "cn-blockchain-2022-2023.pdf"
    one, two = read_document(path, pages=(20, 60), processes=1), read_document(path, pages=(20, 60), processes=2)
    assert (two.text, two.first_page, two.model) == (one.text, one.first_page, one.model)


@pytest.mark.parametrize("name", ["cn-blockchain-2022-2023.txt", "cn-blockchain-2022-2023.pdf"])
def test_corpus_extraction_in_two_processes_is_the_same(name: str) -> None:
    pipeline = pipeline_for(ExtractOptions())
    pages = []
    one = pipeline.run(read_document(CORPUS / name, processes=1), processes=1)
    two = pipeline.run(read_document(CORPUS / name, processes=2), processes=2, on_page=pages.append)
    assert two == one
    assert pages == list(range(1, one.pages + 1))


def test_a_pdf_is_read_while_the_models_load(monkeypatch: pytest.MonkeyPatch) -> None:
    import nlp.api as api
    monkeypatch.setattr(api, "_PIPELINES", {})  # the pipeline still to be built: the child reads the PDF meanwhile
    path, pages = CORPUS / "cn-blockchain-2022-2023.pdf", []
    options = ExtractOptions(pages=(1, 12), processes=2)
    document, pipeline = api.document_and_pipeline(path, options, on_page=pages.append)
    assert document.text == read_document(path, pages=(1, 12), processes=1).text
    assert pages == list(range(1, 13)) and pipeline is api._PIPELINES[options]


@pytest.mark.parametrize("processes", [1, 2])
def test_a_bad_pdf_is_reported_before_a_missing_model(processes: int, tmp_path: Path) -> None:
    import nlp.api as api
    bad = tmp_path / "cut.pdf"
    bad.write_bytes((CORPUS / "cn-blockchain-2022-2023.pdf").read_bytes()[:5000])
    options = ExtractOptions(models_dir=tmp_path / "no-models", processes=processes)
    with pytest.raises(CorruptPdfError, match=r"\[E004\] .*cut.pdf: PDF is damaged or truncated"):
        api.document_and_pipeline(bad, options)
