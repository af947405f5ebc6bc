"""Benchmark 4: ``cnreport extract DIR -o OUT --workers N --quiet`` over 6 distinct copies of a corpus file."""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.measure import REPO, child_env, children_cpu

COPIES = 6


def make_copies(source: Path, folder: Path, copies: int) -> list[Path]:
    """``copies`` files with ``source``'s content plus a distinct trailing comment line (distinct SHA-256)."""
    data = source.read_bytes()
    comment = b"%% cnreport bench copy %d\n" if source.suffix == ".pdf" else "\n<!-- cnreport bench copy %d -->\n".encode()
    paths = []
    for index in range(copies):
        path = folder / f"{source.stem}-copy{index}{source.suffix}"
        path.write_bytes(data + comment.replace(b"%d", str(index).encode()))
        paths.append(path)
    return paths


def run_batch(inputs: Path, workers: int, pages_per_doc: int) -> dict[str, Any]:
    """One fresh-output batch run in a subprocess: wall time, CPU time of it and its workers, docs/s, pages/s, exit.

    ``cpu_s`` counts the command and its worker processes (RUSAGE_CHILDREN counts waited-for descendants).
    """
    with tempfile.TemporaryDirectory(prefix="cnreport-bench-out-") as out:
        start, cpu_start = time.perf_counter(), children_cpu()
        done = subprocess.run([sys.executable, "-m", "nlp", "extract", str(inputs), "-o", str(Path(out) / "out"),
                               "--workers", str(workers), "--quiet"], capture_output=True, text=True, cwd=REPO,
                              env=child_env(), timeout=1800)
        wall, cpu = time.perf_counter() - start, children_cpu() - cpu_start
        written = len(list((Path(out) / "out" / "docs").glob("*"))) if (Path(out) / "out" / "docs").exists() else 0
    docs = len(list(inputs.iterdir()))
    result = {"workers": workers, "docs": docs, "docs_written": written, "wall_s": round(wall, 3), "cpu_s": round(cpu, 2),
              "exit": done.returncode,
              "docs_per_s": round(docs / wall, 3), "pages_per_s": round(docs * pages_per_doc / wall, 2)}
    if done.returncode != 0:
        result["stderr"] = done.stderr.strip().splitlines()[-3:]
    return result


def bench_batch(source: Path, pages_per_doc: int, workers: tuple[int, ...], copies: int = COPIES) -> dict[str, Any]:
    """Batch throughput of ``copies`` copies of ``source`` for each worker count."""
    folder = Path(tempfile.mkdtemp(prefix="cnreport-bench-in-"))
    try:
        make_copies(source, folder, copies)
        return {"input": source.name, "copies": copies, "runs": [run_batch(folder, n, pages_per_doc) for n in workers]}
    finally:
        shutil.rmtree(folder, ignore_errors=True)
