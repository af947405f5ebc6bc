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


def cpu_seconds() -> float:
    """CPU seconds of this process plus those of its children that have ended: a document shared between
    processes (``nlp.processes``) is done partly in forked children, which end (and are waited for) before the
    extraction returns, so its CPU time is all counted."""
    return time.process_time() + children_cpu()


def repeat(work: Callable[[], Any], times: int) -> tuple[Timing, Any]:
    """Run ``work`` ``times`` times; its timings (CPU: :func:`cpu_seconds`) and the last result."""
    seconds, cpu, result = [], [], None
    for _ in range(times):
        start, cpu_start = time.perf_counter(), cpu_seconds()
        result = work()
        seconds.append(time.perf_counter() - start)
        cpu.append(cpu_seconds() - cpu_start)
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
    """Run ``python -m bench.child ARGS`` in a fresh process; its JSON line plus the process's own wall time and
    the peak memory of its process tree (:func:`tree_pss_mib`, sampled every :data:`MEMORY_POLL` s)."""
    start = time.perf_counter()
    with subprocess.Popen([sys.executable, "-m", "bench.child", *args], cwd=REPO, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, env=child_env()) as child:
        peak = 0.0
        while child.poll() is None and time.perf_counter() - start < timeout:
            peak = max(peak, tree_pss_mib(child.pid))
            time.sleep(MEMORY_POLL)
        if child.poll() is None:
            child.kill()
        stdout, stderr = child.communicate()
    wall = time.perf_counter() - start
    if child.returncode != 0:
        return {"error": (stderr.strip().splitlines() or ["exit %d" % child.returncode])[-1]}
    report = json.loads(stdout.strip().splitlines()[-1])
    report["process_wall_s"] = round(wall, 3)
    report["tree_peak_pss_mib"] = round(peak, 1) if peak else None
    return report


#: Seconds between two samples of a child process tree's memory.
MEMORY_POLL = 0.05


def tree_pss_mib(pid: int) -> float:
    """Memory of a process and its descendants, MiB: the sum of their PSS (``/proc/PID/smaps_rollup``: each page
    shared by n processes counts 1/n, so the pages forked children share with their parent are counted once);
    0.0 where /proc cannot tell (not Linux, the process ended)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    tree, todo = set(), [pid]
    while todo:
        current = todo.pop()
        tree.add(current)
        todo.extend(child for child, parent in parents.items() if parent == current and child not in tree)
    total = 0.0
    for member in tree:
        try:
            for line in Path(f"/proc/{member}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) / 1024
                    break
        except (OSError, ValueError):
            continue
    return total


def child_env() -> dict[str, str]:
    """The environment for benchmark subprocesses: fixed hash seed, no stray output buffering differences."""
    env = dict(os.environ)
    env["PYTHONHASHSEED"] = "0"
    env.setdefault("PYTHONPATH", str(REPO))
    return env
