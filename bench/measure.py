"""Timing and memory helpers shared by every benchmark: repetitions, tracemalloc peaks, fresh-process ``ru_maxrss``."""
from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

REPO = Path(__file__).resolve().parent.parent
MIB = 1024 * 1024


@dataclass(frozen=True)
class Timing:
    """Wall-clock seconds of N repetitions of one piece of work, and the CPU seconds of this process for each.

    On a busy machine wall time includes waiting for a core; CPU time does not, so it is the steadier figure.
    """

    seconds: tuple[float, ...]
    cpu_seconds: tuple[float, ...] = ()

    @property
    def best(self) -> float:
        return min(self.seconds)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    def as_dict(self) -> dict[str, Any]:
        out = {"best_s": round(self.best, 4), "median_s": round(self.median, 4), "runs_s": [round(s, 4) for s in self.seconds]}
        if self.cpu_seconds:
            out["cpu_best_s"] = round(min(self.cpu_seconds), 4)
        return out


def repeat(work: Callable[[], Any], times: int) -> tuple[Timing, Any]:
    """Run ``work`` ``times`` times; its timings and the last result."""
    seconds, cpu, result = [], [], None
    for _ in range(times):
        start, cpu_start = time.perf_counter(), time.process_time()
        result = work()
        seconds.append(time.perf_counter() - start)
        cpu.append(time.process_time() - cpu_start)
    return Timing(tuple(seconds), tuple(cpu)), result


def traced_peak(work: Callable[[], Any]) -> tuple[float, Any]:
    """Peak Python memory (MiB, tracemalloc) that ``work`` allocates above what was traced when it started."""
    started_here = not tracemalloc.is_tracing()
    if started_here:
        tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    tracemalloc.reset_peak()
    try:
        result = work()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        if started_here:
            tracemalloc.stop()
    return (peak - base) / MIB, result


def rates(seconds: float, pages: int, chars: int) -> dict[str, float | None]:
    """Pages/s and chars/s of a piece of work (None when it took no measurable time)."""
    if seconds <= 0:
        return {"pages_per_s": None, "chars_per_s": None}
    return {"pages_per_s": round(pages / seconds, 2), "chars_per_s": round(chars / seconds, 1)}


def children_cpu() -> float:
    """User + system CPU seconds of all finished child processes so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_child(*args: str, timeout: float = 900) -> dict[str, Any]:
    """Run ``python -m bench.child ARGS`` in a fresh process; its JSON line plus the process's own wall time."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "bench.child", *args], cwd=REPO, capture_output=True, text=True,
                          timeout=timeout, env=child_env())
    wall = time.perf_counter() - start
    if done.returncode != 0:
        return {"error": (done.stderr.strip().splitlines() or ["exit %d" % done.returncode])[-1]}
    report = json.loads(done.stdout.strip().splitlines()[-1])
    report["process_wall_s"] = round(wall, 3)
    return report


def child_env() -> dict[str, str]:
    """The environment for benchmark subprocesses: fixed hash seed, no stray output buffering differences."""
    env = dict(os.environ)
    env["PYTHONHASHSEED"] = "0"
    env.setdefault("PYTHONPATH", str(REPO))
    return env
