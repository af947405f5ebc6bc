"""The ``cnreport`` command: a thin argparse layer over plain functions that return data.

Exit codes: 0 all good; 1 some inputs failed (listed); 2 usage error.
"""
from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import Any, Callable

from .errors import CnreportError
from .options import DEFAULT_MODELS_DIR, ExtractOptions, Mode, parse_pages

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with its subcommands."""
    parser = argparse.ArgumentParser(prog="cnreport", description="Turn Chinese industry reports into structured data.")
    parser.add_argument("--debug", action="store_true", help="show tracebacks and debug logs")
    sub = parser.add_subparsers(dest="command", required=True)
    _add_extract(sub)
    _add_normalize(sub)
    _add_train(sub)
    _add_evaluate(sub)
    _add_report(sub)
    _add_view(sub)
    return parser


def _add_extract(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("extract", help="extract records from reports (PDF, .txt, .md; files or folders)")
    p.add_argument("inputs", nargs="+", help="report files or folders")
    p.add_argument("-o", "--output", default="out", help="output folder (default: out)")
    p.add_argument("--pages", help="page range of PDFs to read, e.g. 1-3")
    p.add_argument("--password", default="", help="password of encrypted PDFs")
    p.add_argument("--workers", type=int, default=0, help="processes (default: the number of cores)")
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


def _add_view(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("view", help="show one extracted document as a self-contained HTML page (mentions, records)")
    p.add_argument("folder", help="a document folder written by extract: OUT/docs/<doc_id>")
    p.add_argument("-o", "--out", default="doc.html", help="HTML file to write (default: doc.html)")
    p.add_argument("--pages", help="only these pages, e.g. 3-5")
    p.set_defaults(func=cmd_view)


def _add_normalize(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("normalize", help="normalize date or amount expressions (arguments or one per line on stdin)")
    p.add_argument("--kind", choices=["date", "amount"], required=True)
    p.add_argument("expressions", nargs="*")
    p.add_argument("--reference-year", type=int,
                   help="year of relative dates (今年, 5 月); without it they stay unresolved with a reason")
    p.add_argument("--context", default="", help="the words before the amounts (用户数达, 营收达): says whether a "
                   "number with 万/亿 and no unit is money or a count")
    p.add_argument("--after", default="", help="the words after the amounts (增至 45.5 万亿元)")
    p.set_defaults(func=cmd_normalize)


def _add_train(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("train", help="train the NER and the classifiers from the annotations")
    p.add_argument("--annotations", default="annotations")
    p.add_argument("--out", default=str(DEFAULT_MODELS_DIR))
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--cv", type=int, default=0, help="also report K-fold cross-validated figures")
    p.add_argument("--only", choices=["ner", "classifiers", "para_domain", "para_topic", "org_type"], help="train these models only")
    p.add_argument("--corpus-real", metavar="DIR", help="folder of the real report PDFs whose gold "
                   "(annotations/reports/) the NER also learns from (default: $CNREPORT_CORPUS_REAL, else "
                   "../shared/corpus-real; without them the NER learns from the first report alone, and says so)")
    p.add_argument("--quiet", action="store_true")
    p.set_defaults(func=cmd_train)


def _add_evaluate(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("evaluate", help="score an extraction folder against the gold, beside the baselines")
    p.add_argument("output", help="a folder written by extract")
    _add_scoring_options(p)
    p.add_argument("--json", help="write the result as JSON to this file (e.g. evaluation/latest.json)")
    p.add_argument("--thresholds", help="exit 1 when a headline figure drops below a floor of this file "
                                        "(evaluation/thresholds.json)")
    p.set_defaults(func=cmd_evaluate)


def _add_scoring_options(p: argparse.ArgumentParser) -> None:
    """Options shared by evaluate and report."""
    p.add_argument("--gold", default="annotations", help="gold folder (default: annotations)")
    p.add_argument("--split", choices=["test", "train", "all"], default="test", help="default: test")
    p.add_argument("--baseline", action="append", default=[], metavar="NAME=DIR",
                   help="another extraction folder to score beside it (repeatable)")
    p.add_argument("--no-baselines", action="store_true",
                   help="do not re-extract the gold documents with rules only, NER only, both, and jieba.posseg")
    p.add_argument("--models", default=str(DEFAULT_MODELS_DIR), help="models folder of the baselines")
    p.add_argument("--workers", type=int, default=0, help="processes for the baselines (default: the number of cores)")


def _add_report(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("report", help="write a self-contained HTML report of an evaluation")
    p.add_argument("output", help="a folder written by extract, or an evaluation JSON file")
    p.add_argument("-o", "--out", default="report.html", help="HTML file to write (default: report.html)")
    _add_scoring_options(p)
    p.set_defaults(func=cmd_report)


def cmd_extract(args: argparse.Namespace) -> int:
    from .api import default_workers, discover, extract_many
    options = ExtractOptions(Path(args.models), Mode(args.mode), args.reference_year,
                             parse_pages(args.pages) if args.pages else None, args.password)
    out = Path(args.output)
    files = discover(args.inputs)
    with _cluster(args.dask) as client:
        progress = _progress(len(files), args.quiet)
        result = extract_many(files, out, options, workers=args.workers or default_workers(),
                              db=Path(args.db) if args.db else None, force=args.force, on_progress=progress,
                              client=client)
    if not args.quiet:
        _close_progress(progress)
        print(f"cnreport: {len(result.done)} done ({result.pages} pages), {len(result.skipped)} skipped as unchanged, "
              f"{len(result.failed)} failed -> {out}", file=sys.stderr)
    for _, message in result.failed:
        print(message, file=sys.stderr)
    return EXIT_FAILED if result.failed else EXIT_OK


def _cluster(address: str | None) -> Any:
    """A context giving the ``distributed.Client`` of ``--dask`` (:func:`nlp.distributed.connect`), else ``None``."""
    if not address:
        import contextlib
        return contextlib.nullcontext()
    from .distributed import connect
    return connect(address)


def _progress(total: int, quiet: bool) -> Callable[[str, int], None] | None:
    if quiet or total < 1:
        return None
    from tqdm import tqdm
    bar = tqdm(total=total, unit="doc", file=sys.stderr)

    def update(path: str, pages: int) -> None:
        bar.set_postfix_str(f"{Path(path).name} ({pages} p)")
        bar.update(1)
    update.bar = bar  # type: ignore[attr-defined]
    return update


def _close_progress(progress: Callable[[str, int], None] | None) -> None:
    if progress is not None:
        progress.bar.close()  # type: ignore[attr-defined]


def cmd_normalize(args: argparse.Namespace) -> int:
    from .api import normalize
    expressions = args.expressions or [line.rstrip("\n") for line in sys.stdin if line.strip()]
    for row in normalize(expressions, args.kind, args.reference_year, args.context, args.after):
        print(json.dumps(row, ensure_ascii=False, sort_keys=True))
    return EXIT_OK


def cmd_train(args: argparse.Namespace) -> int:
    from .train import train
    from .train.report import format_summary
    summary = train(Path(args.annotations), Path(args.out), seed=args.seed, cv=args.cv, only=args.only,
                    progress=not args.quiet, corpus_real=Path(args.corpus_real) if args.corpus_real else None)
    print(format_summary(summary))
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
    results = evaluate_outputs(Path(args.output), Path(args.gold), args.split, **_scoring_kwargs(args))
    print(render_terminal(results))
    for note in results.notes:
        print(f"cnreport: {note}", file=sys.stderr)
    for warning in misalignment_warnings(results):
        print(f"cnreport: warning: {warning}", file=sys.stderr)
    if args.json:
        print(f"cnreport: results written to {write_text(args.json, results_json(results))}", file=sys.stderr)
    if args.thresholds:
        failures = check_thresholds_file(results, Path(args.thresholds))
        for failure in failures:
            print(f"cnreport: below threshold: {failure}", file=sys.stderr)
        return EXIT_FAILED if failures else EXIT_OK
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    from .scoring.run import report_html, write_text
    html = report_html(Path(args.output), Path(args.gold), args.split, **_scoring_kwargs(args))
    print(f"cnreport: report written to {write_text(args.out, html)}", file=sys.stderr)
    return EXIT_OK


def cmd_view(args: argparse.Namespace) -> int:
    from .view import write_view
    path = write_view(Path(args.folder), Path(args.out), parse_pages(args.pages) if args.pages else None)
    print(f"cnreport: document view written to {path}", file=sys.stderr)
    return EXIT_OK


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
    import jieba
    jieba.setLogLevel(logging.DEBUG if args.debug else logging.WARNING)
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
