"""``cnreport annotations``: round trips on real report text, the exact list of what a conversion changes, and the
files checked against doccano's and Label Studio's documented import formats."""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from nlp.cli import ANNOTATION_FORMATS, main
from nlp.errors import AnnotationFileError
from nlp.interop import FORMATS, config_path, export_annotations, import_annotations
from nlp.interop.docbin import to_docbin
from nlp.interop.sources import place_spans, read_source, report_text, text_units
from nlp.interop.units import Span, Unit, diff_units, dumps_rows, read_rows

from .conftest import CORPUS_TXT, GOLD, SOURCES
from .schemas import doccano_errors, label_studio_errors

SUFFIX = {"doccano": "jsonl", "labelstudio": "json", "docbin": "spacy"}
TEXT_FORMATS = ["doccano", "labelstudio"]


def round_trip(source: Path, tmp_path: Path, fmt: str, **options: str) -> tuple[bytes, bytes, list, list]:
    """(source rows, imported rows, the export's changes, the diff source -> import)."""
    unit = options.get("unit", "line")
    tool_file = tmp_path / f"tasks.{SUFFIX[fmt]}"
    exported = export_annotations(source, tool_file, fmt, **options)
    imported = import_annotations(tool_file, tmp_path / "back.jsonl", fmt, compare=source)
    before = dumps_rows(read_source(source, unit).conversion.units)
    return before, (tmp_path / "back.jsonl").read_bytes(), exported.changes, imported.changes


def test_the_cli_and_the_library_name_the_same_formats() -> None:
    assert ANNOTATION_FORMATS == FORMATS


# --- round trips ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_the_gold_round_trips_byte_identically(fmt: str, tmp_path: Path) -> None:
    before, after, changes, diff = round_trip(GOLD, tmp_path, fmt)
    assert after == GOLD.read_bytes() and changes == [] and diff == []


def test_label_studio_predictions_round_trip_too(tmp_path: Path) -> None:
    export_annotations(GOLD, tmp_path / "p.json", "labelstudio", kind="predictions")
    import_annotations(tmp_path / "p.json", tmp_path / "back.jsonl", "labelstudio")
    assert (tmp_path / "back.jsonl").read_bytes() == GOLD.read_bytes()


@pytest.mark.parametrize("source", SOURCES, indirect=True)
@pytest.mark.parametrize("unit", ["line", "page"])
@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_an_extraction_round_trips_byte_identically(source: Path, fmt: str, unit: str, tmp_path: Path) -> None:
    before, after, _, diff = round_trip(source, tmp_path, fmt, unit=unit)
    assert after == before and diff == []
    assert read_rows(tmp_path / "back.jsonl"), "the extraction has mentions to carry"


@pytest.mark.parametrize("source", SOURCES, indirect=True)
def test_docbin_with_exact_tokens_round_trips_byte_identically(source: Path, tmp_path: Path) -> None:
    before, after, changes, diff = round_trip(source, tmp_path, "docbin", tokens="exact")
    assert (after, diff) == (before, [])
    assert all(c.kind == "dropped" and "crosses a line break" in c.reason for c in changes)


# --- the exact-change report ---------------------------------------------------------------------------------------


def moved(changes: list) -> set[tuple[int, int, str, tuple[int, int] | None]]:
    return {(c.span.start, c.span.end, c.span.label, c.new) for c in changes if c.kind == "moved"}


@pytest.mark.parametrize("source", SOURCES, indirect=True)
def test_docbin_lists_exactly_the_spans_whose_boundaries_move(source: Path, tmp_path: Path) -> None:
    _, _, changes, diff = round_trip(source, tmp_path, "docbin")
    assert moved(changes) == moved(diff) and {c.kind for c in diff} <= {"moved"}
    assert all(c.reason.startswith("not on jieba token boundaries") for c in changes if c.kind == "moved")


#: The gold spans the NER's jieba tokens widen, each with the text it becomes (every one of them, no other).
GOLD_MOVES = [
    ("line 203", "ORG", "国网数字科技控股有限公司", "联合国网数字科技控股有限公司"),
    ("line 459", "QUANTITY", "近 5000 个", "已有近 5000 个"),
    ("line 468", "QUANTITY", "近 30 家", "已有近 30 家"),
    ("line 592", "PERCENT", "约 30%", "比约 30%"),
    ("line 615", "PERCENT", "约 6%", "比约 6%"),
    ("line 825", "QUANTITY", "3 种", "PBFT3 种"),
    ("line 846", "LOC", "中国", "中国国情"),
    ("line 878", "QUANTITY", "近百户", "已有近百户"),
    ("line 1046", "ORG", "密标委", "了密标委"),
    ("line 1154", "PERCENT", "约 32%", "比约 32%"),
]


@pytest.fixture(scope="module")
def gold_docbin(tmp_path_factory: pytest.TempPathFactory) -> tuple[list, list]:
    folder = tmp_path_factory.mktemp("docbin")
    exported = export_annotations(GOLD, folder / "g.spacy", "docbin")
    imported = import_annotations(folder / "g.spacy", folder / "back.jsonl", "docbin", compare=GOLD)
    return exported.changes, imported.changes


@pytest.mark.parametrize("move", GOLD_MOVES, ids=[m[0] for m in GOLD_MOVES])
def test_docbin_export_of_the_gold_lists_this_move(move: tuple[str, str, str, str], gold_docbin: tuple) -> None:
    assert move in {(c.unit, c.span.label, c.text, c.new_text) for c in gold_docbin[0]}


def test_docbin_export_of_the_gold_lists_nothing_else(gold_docbin: tuple) -> None:
    exported, imported = gold_docbin
    assert len(exported) == len(GOLD_MOVES) and {c.kind for c in exported} == {"moved"}
    assert moved(exported) == moved(imported) and len(imported) == len(exported)


#: Real lines of the first report (line number, text), with a span each conversion cannot keep as it is.
CORPUS_UNITS = {u.number: u for u in text_units(report_text(CORPUS_TXT))}


def corpus_unit(number: int) -> Unit:
    return CORPUS_UNITS[number]


def find(unit: Unit, text: str, label: str, norm: object = None) -> Span:
    at = unit.text.index(text)
    return Span(unit.start + at, unit.start + at + len(text), label, norm)


DOCBIN_CASES = [  # (line, spans as (text, label), expected (kind, reason start) per span)
    (203, [("国网数字科技控股有限公司", "ORG")], [("moved", "not on jieba token boundaries")]),
    (3, [("2022-2023", "DATE"), ("2022", "DATE")],
     [(None, None), ("not in doc.ents", "overlaps DATE '2022-2023'")]),
    (3, [("2022-2023 中国", "DATE"), (" ", "LOC")], [(None, None), ("dropped", "covers no token")]),
]


@pytest.mark.parametrize(("line", "spans", "expected"), DOCBIN_CASES, ids=["off-token", "overlap", "whitespace"])
def test_docbin_says_what_it_did_to_each_span(line: int, spans: list, expected: list) -> None:
    unit = corpus_unit(line)
    unit = Unit(unit.doc_id, unit.key, unit.number, unit.start, unit.text, tuple(find(unit, t, lab) for t, lab in spans))
    _, changes = to_docbin([unit])
    got = {c.span.key: (c.kind, c.reason) for c in changes}
    for span, (kind, reason) in zip(unit.spans, expected):
        if kind is None:
            assert span.key not in got
        else:
            assert got[span.key][0] == kind and got[span.key][1].startswith(reason)


def test_a_span_across_a_line_break_is_dropped_with_its_reason() -> None:
    document = report_text(CORPUS_TXT)
    units = text_units(document)
    first, second = units[0], units[1]
    across = Span(first.end - 4, second.start + 2, "ORG")
    inside = Span(second.start, second.start + 2, "ORG")
    result = place_spans(units, [across, inside], document.doc_id, document.text)
    [change] = result.changes
    assert (change.span, change.kind) == (across, "dropped") and "crosses a line break" in change.reason
    assert inside in result.units[1].spans
    pages = place_spans(text_units(document, "page"), [across], document.doc_id, document.text)
    assert pages.changes == [] and across in pages.units[0].spans


@pytest.mark.parametrize("source", SOURCES, indirect=True)
def test_line_units_drop_only_spans_that_cross_a_line(source: Path, tmp_path: Path) -> None:
    result = export_annotations(source, tmp_path / "t.jsonl", "doccano")
    assert all(c.kind == "dropped" and "\n" in c.text for c in result.changes)
    assert result.spans + len(result.changes) == read_source(source, "page").conversion.spans + \
        len(read_source(source, "page").conversion.changes)


@pytest.mark.parametrize(("before", "after", "kind"), [
    (Span(4, 13, "DATE"), Span(4, 15, "DATE"), "moved"),
    (Span(4, 13, "DATE"), Span(4, 13, "LOC"), "relabelled"),
    (Span(4, 13, "DATE", {"start": "2022-01-01"}), Span(4, 13, "DATE"), "norm changed"),
    (Span(4, 13, "DATE"), None, "dropped"),
    (None, Span(14, 16, "LOC"), "added"),
], ids=["moved", "relabelled", "norm", "dropped", "added"])
def test_diff_names_each_kind_of_change(before: Span | None, after: Span | None, kind: str) -> None:
    unit = corpus_unit(3)
    old = Unit(unit.doc_id, "line", 3, unit.start, unit.text, (before,) if before else ())
    new = Unit(unit.doc_id, "line", 3, unit.start, unit.text, (after,) if after else ())
    [change] = diff_units([old], [new])
    assert change.kind == kind


# --- pre-annotations checked against the documented formats -----------------------------------------------------


@pytest.mark.parametrize("source", SOURCES, indirect=True)
def test_label_studio_pre_annotations_fit_the_documented_format(source: Path, tmp_path: Path) -> None:
    result = export_annotations(source, tmp_path / "tasks.json", "labelstudio")
    assert result.kind == "predictions"
    tasks = json.loads((tmp_path / "tasks.json").read_text(encoding="utf-8"))
    config = config_path(tmp_path / "tasks.json").read_text(encoding="utf-8")
    assert label_studio_errors(tasks, config, "predictions") == []
    assert sum(len(t["predictions"][0]["result"]) for t in tasks) == result.spans > 0


@pytest.mark.parametrize("source", SOURCES, indirect=True)
def test_doccano_pre_annotations_fit_the_documented_format(source: Path, tmp_path: Path) -> None:
    result = export_annotations(source, tmp_path / "tasks.jsonl", "doccano")
    records = [json.loads(line) for line in (tmp_path / "tasks.jsonl").read_text(encoding="utf-8").splitlines()]
    assert doccano_errors(records) == [] and sum(len(r["label"]) for r in records) == result.spans > 0


@pytest.mark.parametrize(("broken", "error"), [
    (lambda r: r["value"].update(labels=["NOPE"]), "not in the config"),
    (lambda r: r.update(from_name="ner"), "do not match the config"),
    (lambda r: r["value"].update(end=r["value"]["start"]), "bad offsets"),
    (lambda r: r["value"].update(text="x"), "value.text"),
], ids=["label", "from_name", "empty", "text"])
def test_the_label_studio_check_catches_a_broken_region(broken: object, error: str, tmp_path: Path) -> None:
    export_annotations(GOLD, tmp_path / "tasks.json", "labelstudio", kind="predictions")
    tasks = json.loads((tmp_path / "tasks.json").read_text(encoding="utf-8"))
    broken(tasks[0]["predictions"][0]["result"][0])  # type: ignore[operator]
    errors = label_studio_errors(tasks, config_path(tmp_path / "tasks.json").read_text(encoding="utf-8"), "predictions")
    assert len(errors) == 1 and error in errors[0]


EXTERNAL = Path(__file__).resolve().parent / "external"
LS_PYTHON = os.environ.get("CNREPORT_LS_PYTHON", "")
DOCCANO_PYTHON = os.environ.get("CNREPORT_DOCCANO_PYTHON", "")


@pytest.mark.skipif(not LS_PYTHON, reason="set CNREPORT_LS_PYTHON to a python with label-studio-sdk (not a "
                                          "cnreport dependency) to validate with Label Studio's own LabelInterface")
@pytest.mark.parametrize("source", SOURCES, indirect=True)
def test_label_studio_sdk_accepts_the_pre_annotations(source: Path, tmp_path: Path) -> None:
    export_annotations(source, tmp_path / "tasks.json", "labelstudio")
    run = subprocess.run([LS_PYTHON, str(EXTERNAL / "labelstudio_check.py"), str(tmp_path / "tasks.json"),
                          str(config_path(tmp_path / "tasks.json"))], capture_output=True, text=True, check=True)
    assert run.stdout.splitlines()[0] == "0", run.stdout


@pytest.mark.skipif(not DOCCANO_PYTHON, reason="set CNREPORT_DOCCANO_PYTHON to a python with doccano (not a cnreport "
                                               "dependency) to import and export through doccano's own pipeline")
@pytest.mark.parametrize("source", SOURCES, indirect=True)
def test_doccano_imports_the_pre_annotations_and_its_export_comes_back_identical(source: Path, tmp_path: Path) -> None:
    result = export_annotations(source, tmp_path / "tasks.jsonl", "doccano")
    run = subprocess.run([DOCCANO_PYTHON, str(EXTERNAL / "doccano_check.py"), str(tmp_path / "tasks.jsonl"),
                          str(tmp_path / "doccano.jsonl")], capture_output=True, text=True, check=True,
                         env={**os.environ, "DOCCANO_HOME": str(tmp_path / "doccano")})
    assert run.stdout.splitlines()[-1] == f"errors 0 examples {result.units} spans {result.spans}"
    imported = import_annotations(tmp_path / "doccano.jsonl", tmp_path / "back.jsonl", "doccano", text=source,
                                  compare=source)
    assert imported.identical and imported.changes == []


# --- imports: placing tasks back in their report ------------------------------------------------------------------


def doccano_lines(tmp_path: Path) -> list[dict]:
    export_annotations(GOLD, tmp_path / "t.jsonl", "doccano", split="test")
    return [json.loads(line) for line in (tmp_path / "t.jsonl").read_text(encoding="utf-8").splitlines()]


def write_lines(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def test_tasks_without_metadata_are_found_in_the_report(tmp_path: Path) -> None:
    texts = [u.text for u in CORPUS_UNITS.values()]
    unique = [r for r in doccano_lines(tmp_path) if texts.count(r["text"]) == 1]
    path = write_lines(tmp_path / "plain.jsonl", [{"text": r["text"], "label": r["label"]} for r in unique])
    import_annotations(path, tmp_path / "back.jsonl", "doccano", text=CORPUS_TXT)
    expected = [(r["line"], r["start"], r["label"]) for r in unique]
    got = [(u.number, u.start, [[*u.local(s), s.label] for s in u.spans]) for u in read_rows(tmp_path / "back.jsonl")]
    assert got == expected and len(got) > 150


def test_a_task_whose_text_is_on_several_lines_needs_its_metadata(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "plain.jsonl", [{"text": "序号\t标准编号\t标准名称\t发布日期", "label": []}])
    with pytest.raises(AnnotationFileError, match=r"found on 5 lines \(259, 1018, 1050, 1070, 1093\)"):
        import_annotations(path, tmp_path / "back.jsonl", "doccano", text=CORPUS_TXT)


IMPORT_ERRORS = [
    ("changed-text", lambda r: r.update(text=r["text"] + "x"), "the text differs from the report's line"),
    ("wrong-line", lambda r: r.update(line=r["line"] + 2), "is on line"),
    ("span-outside", lambda r: r.update(label=[[0, len(r["text"]) + 1, "ORG"]]), "is outside the text"),
    ("no-label", lambda r: r.update(label=[[0, 1, ""]]), "has no label"),
]


@pytest.mark.parametrize(("change", "message"), [c[1:] for c in IMPORT_ERRORS], ids=[c[0] for c in IMPORT_ERRORS])
def test_an_import_that_does_not_fit_the_report_is_a_coded_error(change: object, message: str, tmp_path: Path) -> None:
    records = doccano_lines(tmp_path)
    change(records[0])  # type: ignore[operator]
    path = write_lines(tmp_path / "bad.jsonl", records)
    with pytest.raises(AnnotationFileError, match=r"^\[E040\] .*bad\.jsonl:1: .*" + message):
        import_annotations(path, tmp_path / "back.jsonl", "doccano", text=CORPUS_TXT)


def test_doccano_exports_with_entities_objects_are_read(tmp_path: Path) -> None:
    records = doccano_lines(tmp_path)
    for record in records:
        record["entities"] = [{"id": i, "start_offset": s, "end_offset": e, "label": lab}
                              for i, (s, e, lab) in enumerate(record.pop("label"))]
        record["relations"] = []
    import_annotations(write_lines(tmp_path / "e.jsonl", records), tmp_path / "back.jsonl", "doccano")
    assert (tmp_path / "back.jsonl").read_bytes() == dumps_rows(u for u in read_rows(GOLD) if u.split == "test")


def test_a_label_studio_region_whose_text_is_not_at_its_offsets_is_refused(tmp_path: Path) -> None:
    export_annotations(GOLD, tmp_path / "t.json", "labelstudio")
    tasks = json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))
    tasks[0]["annotations"][0]["result"][0]["value"]["start"] += 1
    (tmp_path / "t.json").write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(AnnotationFileError, match=r"task 1: region .* says"):
        import_annotations(tmp_path / "t.json", tmp_path / "back.jsonl", "labelstudio")


# --- the command line ----------------------------------------------------------------------------------------------


def test_cli_export_and_import_round_trip_and_say_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tasks, back = tmp_path / "t.json", tmp_path / "back.jsonl"
    assert main(["annotations", "export", str(GOLD), "--format", "labelstudio", "-o", str(tasks)]) == 0
    assert "spans changed by the export: 0 changed" in capsys.readouterr().err
    assert main(["annotations", "import", str(tasks), "--format", "labelstudio", "-o", str(back), "--compare",
                 str(GOLD), "--text", str(CORPUS_TXT)]) == 0
    assert f"the import is byte-identical to {GOLD}" in capsys.readouterr().err
    assert back.read_bytes() == GOLD.read_bytes()


def test_cli_docbin_export_lists_every_moved_span(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    changes = tmp_path / "changes.jsonl"
    assert main(["annotations", "export", str(GOLD), "--format", "docbin", "-o", str(tmp_path / "g.spacy"),
                 "--changes", str(changes)]) == 0
    err = capsys.readouterr().err.splitlines()
    assert f"cnreport: spans changed by the export: {len(GOLD_MOVES)} moved" in err
    assert len([line for line in err if " moved to [" in line]) == len(GOLD_MOVES)
    assert len(changes.read_text(encoding="utf-8").splitlines()) == len(GOLD_MOVES)


def test_cli_import_error_is_one_coded_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = write_lines(tmp_path / "bad.jsonl", [{"text": "不在报告里的一行", "label": []}])
    assert main(["annotations", "import", str(bad), "--format", "doccano", "-o", str(tmp_path / "x.jsonl")]) == 1
    [line] = [x for x in capsys.readouterr().err.splitlines() if x.strip()]
    assert line.startswith("[E040] ") and "give the report with --text" in line
