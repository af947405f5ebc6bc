"""Benchmarks 1 and 2: cnreport extract (total and per stage) on the corpus PDF and text, against bare pdfminer."""
from __future__ import annotations

import os
import statistics
import time
from pathlib import Path
from typing import Any

from bench.measure import Timing, rates, repeat, run_child, traced_peak
from bench.stages import STAGES, PendingError, memory_clock, read_input, run_stages, timed_clock

WARM_TARGET = 1.3  # issue 16: the warm extraction <= 1.3x bare pdfminer on the same PDF
WARM_UP_TEXT = "2022 年我国区块链产业规模约 67 亿元，同比增长 3.08%。"


def build_pipeline() -> tuple[Any, dict[str, float]]:
    """The process's pipeline and the one-time cost of getting it ready ("init": models, jieba, first tiny Doc)."""
    from nlp.api import pipeline_for
    from nlp.ingest.textfile import text_document
    from nlp.options import ExtractOptions
    start = time.perf_counter()
    pipeline = pipeline_for(ExtractOptions())
    built = time.perf_counter()
    pipeline.run(text_document(WARM_UP_TEXT.encode("utf-8"), "<warm-up>"))
    warmed = time.perf_counter()
    return pipeline, {"pipeline_s": round(built - start, 3), "warm_up_s": round(warmed - built, 3),
                      "init_s": round(warmed - start, 3), "has_ner": bool(pipeline.has_ner)}


def bench_pdfminer(path: Path, repeats: int) -> dict[str, Any]:
    """Bare ``pdfminer.high_level.extract_text``: time, rates, tracemalloc peak, fresh-process ru_maxrss."""
    from pdfminer.high_level import extract_text
    timing, text = repeat(lambda: extract_text(str(path)), repeats)
    pages, chars = text.count("\f") or 1, len(text)
    peak, _ = traced_peak(lambda: extract_text(str(path)))
    return {"tool": "pdfminer", "input": path.name, "pages": pages, "chars": chars, **timing.as_dict(),
            **rates(timing.best, pages, chars), "tracemalloc_peak_mib": round(peak, 1),
            "cold": run_child("pdfminer", str(path))}


def bench_cnreport(pipeline: Any, path: Path, repeats: int, processes: int = 0) -> dict[str, Any]:
    """cnreport extract on one document: total (``Pipeline.run``) and per stage, N repetitions, memory, cold run;
    the document shared by up to ``processes`` processes (0 = the cores, as ``cnreport extract FILE`` does)."""
    try:
        read_input(path)
    except PendingError as exc:
        return {"tool": "cnreport", "input": path.name, "pending": str(exc)}
    total, extraction = repeat(lambda: extract_once(pipeline, path, processes), repeats)
    stage_runs: list[tuple[dict[str, float], dict[str, float]]] = []
    staged = None
    for _ in range(repeats):
        seconds: dict[str, float] = {}
        cpu: dict[str, float] = {}
        staged = run_stages(pipeline, path, timed_clock(seconds, cpu), processes)
        stage_runs.append((seconds, cpu))
    pages, chars = extraction.pages, int(extraction.meta.get("chars") or 0)
    stages = {name: Timing(tuple(wall[name] for wall, _ in stage_runs), tuple(cpu[name] for _, cpu in stage_runs))
              for name in STAGES}
    peaks: dict[str, float] = {}
    total_peak, _ = traced_peak(lambda: run_stages(pipeline, path, memory_clock(peaks), processes))
    return {
        "tool": "cnreport", "input": path.name, "processes": processes, "pages": pages, "chars": chars,
        **total.as_dict(),
        **rates(total.best, pages, chars), "tracemalloc_peak_mib": round(total_peak, 1),
        "stages": {name: {**stages[name].as_dict(), **rates(stages[name].best, pages, chars),
                          "tracemalloc_peak_mib": round(peaks.get(name, 0.0), 1)} for name in STAGES},
        "stages_match_pipeline": staged == extraction,
        "counts": {"mentions": len(extraction.mentions), "rows": len(extraction.rows), "figures": len(extraction.figures)},
        "same_with_one_process": extraction == extract_once(pipeline, path, 1),
        "cold": run_child("cnreport", str(path), str(processes)),
    }


def extract_once(pipeline: Any, path: Path, processes: int) -> Any:
    """One warm extraction of ``path``: ingest and ``Pipeline.run``, shared by up to ``processes`` processes."""
    return pipeline.run(read_input(path, processes), processes=processes)


def ratio(cnreport: dict[str, Any], pdfminer: dict[str, Any]) -> dict[str, Any]:
    """cnreport / pdfminer on the same PDF: warm per-document time, cold total, fresh-process peak RSS."""
    if "pending" in cnreport or "error" in cnreport.get("cold", {}) or "error" in pdfminer.get("cold", {}):
        return {"pending": True}
    return {
        "warm_time": round(cnreport["best_s"] / pdfminer["best_s"], 2),
        "warm_cpu": round(cnreport["cpu_best_s"] / pdfminer["cpu_best_s"], 2),
        "cold_time": round(cnreport["cold"]["cold_total_s"] / pdfminer["cold"]["cold_total_s"], 2),
        "cold_cpu": round(cnreport["cold"]["cpu_s"] / pdfminer["cold"]["cpu_s"], 2),
        "peak_rss": round(cnreport["cold"]["peak_rss_mib"] / pdfminer["cold"]["peak_rss_mib"], 2),
        "target_time": WARM_TARGET,
    }


def side_by_side(pipeline: Any, path: Path, repeats: int, processes: int = 0) -> dict[str, Any]:
    """The warm ratio measured in alternation: bare pdfminer, cnreport in one process, then cnreport shared by up to
    ``processes`` processes (0 = the cores), on the same PDF, ``repeats`` times, so that all three see the same
    machine load; the ratio of the best times and the median of the per-round ratios, wall and CPU (CPU: this
    process and its ended children; aim: <= 1.3)."""
    from pdfminer.high_level import extract_text
    rounds = []
    for _ in range(repeats):
        pdfminer, _ = repeat(lambda: extract_text(str(path)), 1)
        one, _ = repeat(lambda: extract_once(pipeline, path, 1), 1)
        shared, _ = repeat(lambda: extract_once(pipeline, path, processes), 1)
        rounds.append((pdfminer.seconds[0], pdfminer.cpu_seconds[0], shared.seconds[0], shared.cpu_seconds[0],
                       one.seconds[0], one.cpu_seconds[0]))
    best = lambda column: min(r[column] for r in rounds)  # noqa: E731
    median_ratio = lambda a, b: round(statistics.median(r[b] / r[a] for r in rounds), 2)  # noqa: E731
    return {"pairs": len(rounds), "processes": processes, "cores": os.cpu_count(),
            "pdfminer_best_s": round(best(0), 3), "pdfminer_cpu_best_s": round(best(1), 3),
            "cnreport_best_s": round(best(2), 3), "cnreport_cpu_best_s": round(best(3), 3),
            "ratio_best": round(best(2) / best(0), 2), "ratio_cpu_best": round(best(3) / best(1), 2),
            "ratio_median": median_ratio(0, 2), "ratio_cpu_median": median_ratio(1, 3), "target": WARM_TARGET,
            "one_process": {"cnreport_best_s": round(best(4), 3), "cnreport_cpu_best_s": round(best(5), 3),
                            "ratio_best": round(best(4) / best(0), 2), "ratio_cpu_best": round(best(5) / best(1), 2),
                            "ratio_median": median_ratio(0, 4), "ratio_cpu_median": median_ratio(1, 5)},
            "runs": [[round(x, 3) for x in r] for r in rounds]}
