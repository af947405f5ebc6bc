"""The ``cnreport`` command: a thin argparse layer over plain functions that return data.

Exit codes: 0 all good; 1 some inputs failed (listed); 2 usage error.
"""
from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import Any

from .errors import CnreportError
from .options import DEFAULT_MODELS_DIR, ExtractOptions, Mode, parse_pages

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
#: The gold folder of evaluate, report and train when none is given: ./annotations (a checkout's).
DEFAULT_GOLD = "annotations"
#: Where train writes when no -o is given: ./models in the current folder (in a checkout: the shipped models).
DEFAULT_TRAIN_OUTPUT = "models"


#: ``--debug`` is accepted before the subcommand and after it (every subcommand takes it too).
DEBUG_HELP = "show tracebacks and debug logs"


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with its subcommands.

    ``-o/--output`` is where a command writes its result (a folder for extract, a file for the others); the older
    spellings ``--out`` (train, report, view) and ``--json`` (evaluate) are kept as aliases.
    """
    parser = argparse.ArgumentParser(prog="cnreport", description="Turn Chinese industry reports into structured data.")
    parser.add_argument("--debug", action="store_true", help=DEBUG_HELP)
    parser.add_argument("--version", action=VersionAction)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    common = _common_options()
    for add in (_add_extract, _add_normalize, _add_train, _add_evaluate, _add_report, _add_view, _add_annotations):
        add(sub, common)
    return parser


class VersionAction(argparse.Action):
    """``--version``: print :func:`version_line` as it is (argparse's own action would wrap it) and exit 0."""

    def __init__(self, option_strings: list[str], dest: str = argparse.SUPPRESS, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS,
                         help="print the version, and where cnreport and its models are, then exit")

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        print(version_line())
        parser.exit()


def version_line() -> str:
    """``cnreport --version``: the version, the Python running it, and where the package and its default models
    are (``--models`` changes the latter)."""
    import platform

    from . import __version__
    from .options import PACKAGE_DIR
    return f"cnreport {__version__} (Python {platform.python_version()}; package {PACKAGE_DIR}; models {DEFAULT_MODELS_DIR})"


def _common_options() -> argparse.ArgumentParser:
    """Options every subcommand takes as well (``default=SUPPRESS``: one given before the subcommand is kept)."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=DEBUG_HELP)
    return common


def _add_extract(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("extract", parents=[common], help="extract records from reports (PDF, .txt, .md; files or folders)")
    p.add_argument("inputs", nargs="+", help="report files or folders")
    p.add_argument("-o", "--output", default="out", help="output folder (default: out)")
    p.add_argument("--pages", help="page range of PDFs to read, e.g. 1-3")
    p.add_argument("--password", default="", help="password of encrypted PDFs")
    p.add_argument("--workers", type=int, default=0,
                   help="processes (default: the number of cores); several documents run one a process, a single "
                        "big document shares its pages and sentences between them")
    p.add_argument("--models", default=str(DEFAULT_MODELS_DIR), help="models folder (default: the shipped models)")
    p.add_argument("--mode", choices=[m.value for m in Mode], default="combined",
                   help="rules+NER (default), rules only, NER only, or the jieba.posseg names baseline")
    p.add_argument("--db", help="SQLite store (default: OUTPUT/cnreport.sqlite)")
    p.add_argument("--force", action="store_true", help="re-extract documents already in the store")
    p.add_argument("--reference-year", type=int, help="year for relative dates (default: from the title)")
    p.add_argument("--quiet", action="store_true", help="no progress bar or summary")
    p.add_argument("--dask", metavar="SCHEDULER", help="run one task a document on a Dask cluster: its scheduler "
                   "address (tcp://host:8786), a scheduler file (.json), or local[:N] for N local worker processes "
                   "(needs pip install 'cnreport[dask]'; --workers is then ignored)")
    p.set_defaults(func=cmd_extract)


def _add_view(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("view", parents=[common],
                       help="show one extracted document as a self-contained HTML page (mentions, records)")
    p.add_argument("folder", help="a document folder written by extract: OUT/docs/<doc_id>")
    p.add_argument("-o", "--output", "--out", dest="output", default="doc.html",
                   help="HTML file to write (default: doc.html; --out is the older spelling)")
    p.add_argument("--pages", help="only these pages, e.g. 3-5")
    p.set_defaults(func=cmd_view)


def _add_normalize(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("normalize", parents=[common],
                       help="normalize date or amount expressions (arguments or one per line on stdin)")
    p.add_argument("--kind", choices=["date", "amount"], required=True, help="what the expressions are")
    p.add_argument("expressions", nargs="*", help="the expressions (default: one per line on stdin)")
    p.add_argument("--reference-year", type=int,
                   help="year of relative dates (今年, 5 月); without it they stay unresolved with a reason")
    p.add_argument("--context", default="", help="the words before the amounts (用户数达, 营收达): says whether a "
                   "number with 万/亿 and no unit is money or a count")
    p.add_argument("--after", default="", help="the words after the amounts (增至 45.5 万亿元)")
    p.add_argument("-o", "--output", help="JSON lines file to write (default: standard output)")
    p.set_defaults(func=cmd_normalize)


def _add_train(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("train", parents=[common], help="train the NER and the classifiers from the annotations")
    p.add_argument("--annotations", default=DEFAULT_GOLD, metavar="DIR",
                   help="annotations folder: mentions.jsonl, split.json, classes/ (default: ./annotations, the "
                        "folder of a cnreport checkout; from elsewhere give its path)")
    p.add_argument("-o", "--output", "--out", dest="output", default=DEFAULT_TRAIN_OUTPUT, metavar="DIR",
                   help="models folder to write (default: ./models in the current folder, the shipped models "
                        "when run from a checkout; never the installed package; --out is the older spelling)")
    p.add_argument("--seed", type=int, default=0, help="random seed of every model (default: 0, the shipped models')")
    p.add_argument("--cv", type=int, default=0, help="also report K-fold cross-validated figures")
    p.add_argument("--only", choices=["ner", "classifiers", "para_domain", "para_topic", "org_type"],
                   help="train these models only (default: all)")
    p.add_argument("--corpus-real", metavar="DIR", help="folder of the real report PDFs whose gold "
                   "(annotations/reports/) the NER also learns from (default: $CNREPORT_CORPUS_REAL, else "
                   "../shared/corpus-real; without them the NER learns from the first report alone, and says so)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_train)


def _add_evaluate(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("evaluate", parents=[common],
                       help="score an extraction folder against the gold, beside the baselines")
    p.add_argument("extraction", metavar="FOLDER", help="a folder written by extract")
    _add_scoring_options(p)
    p.add_argument("-o", "--output", "--json", dest="output", metavar="FILE",
                   help="write the results as JSON to this file, e.g. evaluation/latest.json (--json is the older "
                        "spelling)")
    p.add_argument("--thresholds", help="exit 1 when a headline figure drops below a floor of this file "
                                        "(evaluation/thresholds.json)")
    p.set_defaults(func=cmd_evaluate)


def _add_scoring_options(p: argparse.ArgumentParser) -> None:
    """Options shared by evaluate and report."""
    p.add_argument("--gold", default=DEFAULT_GOLD, metavar="DIR",
                   help="gold folder (default: ./annotations, the folder of a cnreport checkout; from elsewhere "
                        "give its path)")
    p.add_argument("--split", choices=["test", "train", "all"], default="test",
                   help="which gold lines of the first report to score (default: test); real reports are scored whole")
    p.add_argument("--baseline", action="append", default=[], metavar="NAME=DIR",
                   help="another extraction folder to score beside it (repeatable)")
    p.add_argument("--no-baselines", action="store_true",
                   help="do not re-extract the gold documents with rules only, NER only, both, and jieba.posseg")
    p.add_argument("--models", default=str(DEFAULT_MODELS_DIR), help="models folder of the baselines")
    p.add_argument("--workers", type=int, default=0, help="processes for the baselines (default: the number of cores)")


def _add_report(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("report", parents=[common], help="write a self-contained HTML report of an evaluation")
    p.add_argument("extraction", metavar="FOLDER_OR_JSON", help="a folder written by extract, or an evaluation JSON file")
    p.add_argument("-o", "--output", "--out", dest="output", default="report.html",
                   help="HTML file to write (default: report.html; --out is the older spelling)")
    _add_scoring_options(p)
    p.set_defaults(func=cmd_report)


def _add_annotations(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("annotations", parents=[common],
                       help="export annotations or an extraction to doccano, Label Studio or spaCy, and import them back")
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    export = actions.add_parser("export", parents=[common], help="write a tool's file from annotations, an "
                                "extraction (as pre-annotations) or a report's text")
    export.add_argument("source", help="a rows file (annotations/mentions.jsonl), an annotations folder, an extract "
                        "folder OUT or OUT/docs/<id>, a text.json, or a report (.pdf, .txt, .md) to annotate from scratch")
    _add_format_option(export)
    export.add_argument("-o", "--output", required=True, metavar="FILE",
                        help="file to write (doccano .jsonl, Label Studio .json with its labeling config beside it as "
                             ".label_config.xml, spaCy .spacy)")
    export.add_argument("--unit", choices=["line", "page"], default="line",
                        help="one task per non-blank line (default; the gold's grain) or per page; a rows file keeps "
                             "its own")
    export.add_argument("--as", dest="kind", choices=["annotations", "predictions"],
                        help="Label Studio: spans as annotations or as predictions (pre-annotations); default: "
                             "predictions for an extraction, annotations otherwise")
    export.add_argument("--split", choices=["train", "test", "all"], default="all",
                        help="only the gold lines of this split (default: all)")
    export.add_argument("--tokens", choices=["jieba", "exact"], default="jieba",
                        help="spaCy: the NER's jieba tokens, spans off their boundaries widened and listed (default), "
                             "or jieba tokens cut at every span edge, so no span moves")
    export.add_argument("--changes", metavar="FILE", help="also write every changed span as JSON lines to this file")
    export.set_defaults(func=cmd_annotations_export)
    back = actions.add_parser("import", parents=[common], help="read a tool's file back into a rows file")
    back.add_argument("input", help="the tool's file (doccano .jsonl, Label Studio .json, spaCy .spacy)")
    _add_format_option(back)
    back.add_argument("-o", "--output", required=True, metavar="FILE",
                      help="rows file to write (the format of annotations/mentions.jsonl)")
    back.add_argument("--text", metavar="REPORT",
                      help="the report the tasks come from (OUT/docs/<id>, a text.json, .pdf, .txt): each task is "
                           "checked against it, and tasks without cnreport metadata are found in it")
    back.add_argument("--compare", metavar="SOURCE",
                      help="the exported source (rows file or extract folder): say whether the import is "
                           "byte-identical to it and list every span that differs")
    back.set_defaults(func=cmd_annotations_import)


#: The formats of ``cnreport annotations`` (:data:`nlp.interop.FORMATS`, named here so that building the parser
#: imports nothing).
ANNOTATION_FORMATS = ("doccano", "labelstudio", "docbin")


def _add_format_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", required=True, choices=ANNOTATION_FORMATS,
                   help="doccano (sequence-labeling JSONL), labelstudio (JSON tasks), docbin (spaCy .spacy)")


def cmd_extract(args: argparse.Namespace) -> int:
    from .api import PageProgress, default_workers, discover, extract_many
    options = ExtractOptions(Path(args.models), Mode(args.mode), args.reference_year,
                             parse_pages(args.pages) if args.pages else None, args.password)
    out = Path(args.output)
    files = discover(args.inputs)
    bar = None if args.quiet else PageBar()
    with _cluster(args.dask) as client:
        try:
            result = extract_many(files, out, options, workers=args.workers or default_workers(),
                                  db=Path(args.db) if args.db else None, force=args.force,
                                  on_progress=bar.document_done if bar else None, client=client,
                                  pages=PageProgress(bar.plan, bar.advance, bar.note) if bar else None)
        finally:
            if bar:
                bar.close()
    if not args.quiet:
        print(f"cnreport: {len(result.done)} done ({result.pages} pages), {len(result.skipped)} skipped as unchanged, "
              f"{len(result.failed)} failed -> {out}", file=sys.stderr)
        if result.tables:
            print(tables_summary(result), file=sys.stderr)
    for _, message in result.failed:
        print(message, file=sys.stderr)
    return EXIT_FAILED if result.failed else EXIT_OK


#: How many untyped tables the extract summary names before it says "and N more".
SUMMARY_TABLES = 8


def tables_summary(result: Any) -> str:
    """The extract summary's table line: tables found, typed, and those kept only as generic rows (named), and the
    header cells of typed tables that name no field (all are in ``tables.csv`` and ``table_rows.csv``)."""
    untyped = result.untyped_tables
    named = ", ".join(untyped[:SUMMARY_TABLES]) + (f" and {len(untyped) - SUMMARY_TABLES} more"
                                                   if len(untyped) > SUMMARY_TABLES else "")
    line = (f"cnreport: {result.tables} tables, {result.tables - len(untyped)} typed as records, "
            f"{len(untyped)} untyped (generic rows only)")
    line += f": {named}" if untyped else ""
    return line + f"; {result.unmapped_headers} header cells of typed tables map to no field (tables.csv)"


def _cluster(address: str | None) -> Any:
    """A context giving the ``distributed.Client`` of ``--dask`` (:func:`nlp.distributed.connect`), else ``None``."""
    if not address:
        import contextlib
        return contextlib.nullcontext()
    from .distributed import connect
    return connect(address)


class PageBar:
    """The progress bar of extract: the pages of the batch, moving as each page is read and its mentions found
    (:class:`nlp.api.PageProgress`), with the documents done beside it."""

    FORMAT = "{percentage:3.0f}%|{bar}| {n:.0f}/{total:.0f} pages [{elapsed}<{remaining}{postfix}]"

    def __init__(self) -> None:
        self.bar: Any = None
        self.documents = 0
        self.last = ""

    def plan(self, pages: int) -> None:
        """Add pages to the total (the bar appears with the first pages planned)."""
        if self.bar is None and pages > 0:
            from tqdm import tqdm
            self.bar = tqdm(total=pages, unit="page", file=sys.stderr, bar_format=self.FORMAT)
        elif self.bar is not None:
            self.bar.total += pages
            self.bar.refresh()

    def advance(self, path: str, pages: float) -> None:
        """Count pages (or parts of pages) done."""
        if self.bar is not None:
            self.bar.update(min(pages, self.bar.total - self.bar.n))  # sums of page shares may overshoot by 1e-15

    def document_done(self, path: str, pages: int) -> None:
        """Name the last document done and count it."""
        self.documents += 1
        self.last = f"{self.documents} docs, {Path(path).name} ({pages} p)"
        self.note("")

    def note(self, text: str) -> None:
        """Say what is being done besides pages (``""``: back to the last document done)."""
        if self.bar is not None:
            self.bar.set_postfix_str(text or self.last)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def cmd_normalize(args: argparse.Namespace) -> int:
    from .api import normalize
    expressions = args.expressions or [line.rstrip("\n") for line in sys.stdin if line.strip()]
    lines = [json.dumps(row, ensure_ascii=False, sort_keys=True)
             for row in normalize(expressions, args.kind, args.reference_year, args.context, args.after)]
    if args.output:
        from .scoring.run import write_text
        path = write_text(args.output, "".join(line + "\n" for line in lines))
        print(f"cnreport: {len(lines)} rows written to {path}", file=sys.stderr)
    else:
        print("\n".join(lines))
    return EXIT_OK


def cmd_train(args: argparse.Namespace) -> int:
    from .train import train
    from .train.report import format_summary
    summary = train(Path(args.annotations), Path(args.output), seed=args.seed, cv=args.cv, only=args.only,
                    progress=not args.quiet, corpus_real=Path(args.corpus_real) if args.corpus_real else None)
    print(format_summary(summary))
    print(f"cnreport: models written to {Path(args.output).resolve()}", file=sys.stderr)
    return EXIT_OK


def _extra_systems(baselines: list[str]) -> dict[str, Path]:
    """``--baseline NAME=DIR`` values as ``{name: folder}``."""
    systems: dict[str, Path] = {}
    for item in baselines:
        name, _, folder = item.partition("=")
        if not name or not folder:
            raise ValueError(f"--baseline must look like NAME=DIR, got {item!r}")
        if name in systems:
            raise ValueError(f"--baseline {name!r} is given twice")
        systems[name] = Path(folder)
    return systems


def _scoring_kwargs(args: argparse.Namespace) -> dict[str, Any]:
    from .api import default_workers
    return {"baselines": not args.no_baselines, "extra": _extra_systems(args.baseline),
            "models_dir": Path(args.models), "workers": args.workers or default_workers()}


def cmd_evaluate(args: argparse.Namespace) -> int:
    from .scoring.reporters import render_terminal
    from .scoring.results import misalignment_warnings
    from .scoring.run import check_thresholds_file, evaluate_outputs, results_json, write_text
    results = evaluate_outputs(Path(args.extraction), Path(args.gold), args.split, **_scoring_kwargs(args))
    print(render_terminal(results))
    for note in results.notes:
        print(f"cnreport: {note}", file=sys.stderr)
    for warning in misalignment_warnings(results):
        print(f"cnreport: warning: {warning}", file=sys.stderr)
    if args.output:
        print(f"cnreport: results written to {write_text(args.output, results_json(results))}", file=sys.stderr)
    if args.thresholds:
        failures = check_thresholds_file(results, Path(args.thresholds))
        for failure in failures:
            print(f"cnreport: below threshold: {failure}", file=sys.stderr)
        return EXIT_FAILED if failures else EXIT_OK
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    from .scoring.run import report_html, write_text
    html = report_html(Path(args.extraction), Path(args.gold), args.split, **_scoring_kwargs(args))
    print(f"cnreport: report written to {write_text(args.output, html)}", file=sys.stderr)
    return EXIT_OK


def cmd_view(args: argparse.Namespace) -> int:
    from .view import write_view
    path = write_view(Path(args.folder), Path(args.output), parse_pages(args.pages) if args.pages else None)
    print(f"cnreport: document view written to {path}", file=sys.stderr)
    return EXIT_OK


def cmd_annotations_export(args: argparse.Namespace) -> int:
    from .interop import export_annotations
    result = export_annotations(Path(args.source), Path(args.output), args.format, args.unit, args.kind, args.split,
                                args.tokens)
    what = f" as {result.kind}" if args.format == "labelstudio" else ""
    print(f"cnreport: {result.units} tasks, {result.spans} spans written{what} to {result.output}", file=sys.stderr)
    for path in result.extra:
        print(f"cnreport: labeling config written to {path}", file=sys.stderr)
    _print_changes(result.changes, "the export")
    if args.changes:
        from .scoring.run import write_text
        write_text(args.changes, "".join(json.dumps(c.to_dict(), ensure_ascii=False, sort_keys=True) + "\n"
                                         for c in result.changes))
    return EXIT_OK


def cmd_annotations_import(args: argparse.Namespace) -> int:
    from .interop import import_annotations
    result = import_annotations(Path(args.input), Path(args.output), args.format,
                                Path(args.text) if args.text else None, Path(args.compare) if args.compare else None)
    print(f"cnreport: {result.units} units, {result.spans} spans written to {result.output}", file=sys.stderr)
    if result.identical is not None:
        same = "byte-identical to" if result.identical else "different from"
        print(f"cnreport: the import is {same} {args.compare}", file=sys.stderr)
        _print_changes(result.changes, f"{args.compare} -> the import")
    return EXIT_OK


def _print_changes(changes: list[Any], what: str) -> None:
    """Every changed span, one line each, after a count by kind ("0 changed" only when nothing changed)."""
    from collections import Counter
    counts = Counter(c.kind for c in changes)
    summary = ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items())) or "0 changed"
    print(f"cnreport: spans changed by {what}: {summary}", file=sys.stderr)
    for change in changes:
        print(f"  {change.describe()}", file=sys.stderr)


#: Libraries whose debug logging is a trace of their internals, kept at WARNING under ``--debug``.
CHATTY_LOGGERS = ("pdfminer", "pdfplumber")


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0) and EXIT_USAGE
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    for name in CHATTY_LOGGERS:  # their debug logs trace every PDF operator: 83,000 lines for two pages
        logging.getLogger(name).setLevel(logging.WARNING)
    # jieba is imported only by the commands that cut words; its logger then follows this level (nlp.segment.posseg)
    try:
        return int(args.func(args))
    except CnreportError as exc:
        if args.debug:
            raise
        print(exc.message, file=sys.stderr)
        return EXIT_FAILED
    except ValueError as exc:
        if args.debug:
            raise
        print(f"cnreport: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("cnreport: interrupted; finished documents are saved, re-run to resume", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
