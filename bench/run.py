"""Run the cnreport benchmarks, print a table and save ``bench/results/latest.json``.

    python -m bench                # everything but training, 3 repetitions
    python -m bench --quick        # 1 repetition, 2 copies per batch
    python -m bench --train        # also time ``cnreport train`` (slow)
    python -m bench --only extract normalize
    python -m bench --only startup  # cold start of --version, --help, normalize, extract (fresh processes)
    python -m bench --only jionlp -o /tmp/jionlp.json   # beside JioNLP (the [bench] extra), on demand only
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # ``python bench/run.py``
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.measure import REPO  # noqa: E402

PDF = REPO / "corpus" / "cn-blockchain-2022-2023.pdf"
TXT = REPO / "corpus" / "cn-blockchain-2022-2023.txt"
RESULTS = REPO / "bench" / "results" / "latest.json"
SECTIONS = ("startup", "extract", "normalize", "batch", "models", "jionlp")
NORMALIZE_MINIMUM = 20_000


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description="cnreport speed and memory benchmarks")
    parser.add_argument("--repeat", type=int, default=3, help="repetitions per measurement (best and median kept)")
    parser.add_argument("--quick", action="store_true", help="1 repetition and 2 copies per batch")
    parser.add_argument("--train", action="store_true", help="also time `cnreport train --out TMP` (slow)")
    parser.add_argument("--only", nargs="+", choices=SECTIONS, help="run only these sections")
    parser.add_argument("--processes", type=int, default=0,
                        help="processes one document may use (default 0: the cores, as `cnreport extract FILE`)")
    parser.add_argument("-o", "--output", default=str(RESULTS), help="JSON result file (default: bench/results/latest.json)")
    return parser.parse_args(argv)


def bench_extraction(repeats: int, processes: int = 0) -> dict[str, Any]:
    from bench.extraction import bench_cnreport, bench_pdfminer, build_pipeline, ratio
    from bench.extraction import side_by_side
    pipeline, init = build_pipeline()
    pdfminer = bench_pdfminer(PDF, repeats)
    cn_pdf = bench_cnreport(pipeline, PDF, repeats, processes)
    cn_txt = bench_cnreport(pipeline, TXT, repeats, processes)
    ratios = ratio(cn_pdf, pdfminer)
    if not ratios.get("pending"):
        ratios["side_by_side"] = side_by_side(pipeline, PDF, max(repeats, 3), processes)
    return {"init": init, "runs": [pdfminer, cn_pdf, cn_txt], "ratios": {PDF.name: ratios}}


def bench_batches(copies: int) -> list[dict[str, Any]]:
    from bench.batch import bench_batch
    from bench.stages import has_read_document
    if not has_read_document():
        return [{"input": p.name, "pending": "nlp.ingest.read_document does not exist yet"} for p in (TXT, PDF)]
    return [bench_batch(TXT, 1, (1, 2), copies), bench_batch(PDF, pdf_pages(), (1, 2), copies)]


def pdf_pages() -> int:
    from pdfminer.pdfpage import PDFPage
    with PDF.open("rb") as handle:
        return sum(1 for _ in PDFPage.get_pages(handle))


def bench_models(train: bool) -> dict[str, Any]:
    from bench.models import shipped_models, time_training
    result: dict[str, Any] = {"shipped": shipped_models()}
    if train:
        result["train"] = time_training()
    return result


def run(args: argparse.Namespace) -> dict[str, Any]:
    from bench.machine import machine_info
    repeats = 1 if args.quick else max(1, args.repeat)
    sections = args.only or SECTIONS
    result: dict[str, Any] = {"machine": machine_info(), "repeats": repeats, "command": " ".join(["python -m bench", *sys.argv[1:]])}
    if "startup" in sections:
        from bench.startup import bench_startup
        result["startup"] = bench_startup(max(repeats, 3))
    if "extract" in sections:
        result["extraction"] = bench_extraction(repeats, args.processes)
    if "normalize" in sections:
        from bench.normalize import bench_normalize
        result["normalize"] = bench_normalize(NORMALIZE_MINIMUM, repeats)
    if "jionlp" in sections and args.only and "jionlp" in args.only:
        from bench.jionlp_compare import bench_jionlp, render as render_jionlp
        result["jionlp_compare"] = bench_jionlp(repeats)
        print(render_jionlp(result["jionlp_compare"]))
    if "batch" in sections:
        result["batch"] = bench_batches(2 if args.quick else 6)
    if "models" in sections or args.train:
        result["models"] = bench_models(args.train)
    return result


def main(argv: list[str] | None = None) -> int:
    """Run, print the table, save the JSON; exit 0."""
    args = parse_args(argv)
    result = run(args)
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(result, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    from bench.report import render
    print(render(result))
    print(f"\nsaved {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
