"""Benchmark: start-up, as a user meets it: each command in a fresh ``cnreport`` process (``python -m bench.cold``).

``--version``, ``--help`` and ``normalize`` must answer without the models (aim: ``normalize`` < 1 s cold); ``extract``
on a one-sentence text shows the whole cost of getting the pipeline ready in a new process (imports, jieba's
dictionary, the NER, the classifiers, the rule data), and ``extract --mode rules`` the same without the NER. The
first ``extract`` run uses an empty jieba cache folder (``CNREPORT_CACHE_DIR``), the others the cache it wrote, so
the cache's effect is its own row. The OS file cache is warm in every run (nothing here drops it).
"""
from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.measure import REPO, child_env

SENTENCE = "2022 年我国区块链产业规模约 67 亿元，同比增长 3.08%。\n"
NORMALIZE_TARGET_S = 1.0
INIT_TARGET_S = 2.0


def commands(source: Path, out: Path) -> dict[str, list[str]]:
    """The measured commands (``out`` gets a fresh subfolder per run)."""
    return {
        "version": ["--version"],
        "help": ["--help"],
        "normalize": ["normalize", "--kind", "date", "2022年3月"],
        "extract --mode rules": ["extract", str(source), "-o", str(out), "--mode", "rules", "--workers", "1", "--quiet"],
        "extract": ["extract", str(source), "-o", str(out), "--workers", "1", "--quiet"],
    }


def run_cold(args: list[str], cache: Path, work: Path) -> dict[str, Any]:
    """One fresh process: wall seconds seen from here, and the child's own CPU seconds and peak RSS."""
    report = work / "report.json"
    env = {**child_env(), "CNREPORT_CACHE_DIR": str(cache)}
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "bench.cold", str(report), *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=900)
    wall = time.perf_counter() - start
    if done.returncode != 0 or not report.exists():
        return {"error": (done.stderr.strip().splitlines() or [f"exit {done.returncode}"])[-1]}
    return {"wall_s": round(wall, 3), **json.loads(report.read_text(encoding="utf-8"))}


def summary(runs: list[dict[str, Any]]) -> dict[str, Any]:
    ok = [r for r in runs if "error" not in r]
    if not ok:
        return {"error": runs[0]["error"]}
    walls = [r["wall_s"] for r in ok]
    return {"best_s": min(walls), "median_s": round(statistics.median(walls), 3), "runs_s": walls,
            "cpu_best_s": min(r["cpu_s"] for r in ok), "peak_rss_mib": max(r["peak_rss_mib"] or 0 for r in ok),
            "exit": ok[-1]["exit"], "imported": ok[-1]["imported"]}


def bench_startup(repeats: int) -> dict[str, Any]:
    """Cold start of each command, best and median of ``repeats`` fresh processes (the first extract without the
    jieba cache is reported apart)."""
    out: dict[str, Any] = {"targets": {"normalize_s": NORMALIZE_TARGET_S, "extract_init_s": INIT_TARGET_S}}
    with tempfile.TemporaryDirectory(prefix="cnreport-bench-startup-") as tmp:
        work, cache = Path(tmp), Path(tmp) / "jieba-cache"
        source = work / "sentence.txt"
        source.write_text(SENTENCE, encoding="utf-8")
        runs: dict[str, list[dict[str, Any]]] = {}
        first = run_cold(commands(source, work / "out-first")["extract"], cache, work)
        for index in range(repeats):
            for name, args in commands(source, work / f"out-{index}").items():
                runs.setdefault(name, []).append(run_cold(args, cache, work))
        out["commands"] = {name: summary(r) for name, r in runs.items()}
        out["commands"]["extract, empty jieba cache"] = summary([first])
    return out


def render(result: dict[str, Any]) -> list[str]:
    from bench.report import _table
    rows = [[name, s.get("best_s"), s.get("median_s"), s.get("cpu_best_s"), s.get("peak_rss_mib"),
             " ".join(s.get("imported", [])) or "-", s.get("exit", s.get("error"))]
            for name, s in result["commands"].items()]
    targets = result["targets"]
    return [*_table(["cold start (fresh process)", "best s", "median s", "cpu s", "RSS MiB", "imports", "exit"], rows),
            f"aims: normalize < {targets['normalize_s']} s cold; extract's init < {targets['extract_init_s']} s"]
