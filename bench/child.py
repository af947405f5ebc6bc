"""One cold run in a fresh process, so that whole-run memory (``ru_maxrss``) and start-up cost are measured alike.

``python -m bench.child pdfminer PATH`` extracts the text with bare pdfminer; ``python -m bench.child cnreport PATH
[PROCESSES]`` runs ``cnreport extract`` on it as the command does (imports, the document read while the pipeline
is built, one document shared by up to PROCESSES processes, default 0: the cores). Prints one JSON line.
"""
from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path


def maxrss_mib() -> float:
    """``ru_maxrss`` of this process so far, MiB (Linux reports KiB).

    Linux carries the parent's high-water mark across fork+exec into ``ru_maxrss``, so a child started by a large
    process reports at least the parent's size; :func:`status_mib` (``VmHWM``, reset by exec) does not.
    """
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def status_mib(field: str) -> float | None:
    """A memory field of ``/proc/self/status`` (``VmHWM`` peak RSS, ``VmRSS`` current RSS), MiB; None off Linux."""
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith(field + ":"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def memory() -> dict[str, float | None]:
    """Peak memory figures and the CPU seconds this process and its children (the shares of a document) used
    (steadier than wall time on a busy machine)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"maxrss_mib": maxrss_mib(), "peak_rss_mib": status_mib("VmHWM"),
            "cpu_s": round(time.process_time() + children.ru_utime + children.ru_stime, 3)}


def run_pdfminer(path: Path) -> dict[str, object]:
    start = time.perf_counter()
    from pdfminer.high_level import extract_text
    imported = time.perf_counter()
    after_import = status_mib("VmRSS")
    text = extract_text(str(path))
    done = time.perf_counter()
    return {"import_s": round(imported - start, 3), "init_s": 0.0, "document_s": round(done - imported, 3),
            "cold_total_s": round(done - start, 3), "chars": len(text), "rss_after_import_mib": after_import,
            **memory()}


def run_cnreport(path: Path, processes: int = 0) -> dict[str, object]:
    """What ``cnreport extract FILE`` does for one file: ``nlp.api.document_and_pipeline`` (the document read and
    the pipeline built; for a PDF with two processes allowed, both at once: ``read_and_init_s``), then
    ``Pipeline.run`` (``run_s``)."""
    start = time.perf_counter()
    from nlp.api import document_and_pipeline
    from nlp.options import ExtractOptions
    imported = time.perf_counter()
    after_import = status_mib("VmRSS")
    document, pipeline = document_and_pipeline(path, ExtractOptions(processes=processes))
    ready = time.perf_counter()
    after_init = status_mib("VmRSS")
    extraction = pipeline.run(document, processes=processes)
    done = time.perf_counter()
    return {"import_s": round(imported - start, 3), "read_and_init_s": round(ready - imported, 3),
            "run_s": round(done - ready, 3), "cold_total_s": round(done - start, 3), "processes": processes,
            "chars": extraction.meta.get("chars"), "rss_after_import_mib": after_import, "rss_after_init_mib": after_init,
            **memory()}


def main(argv: list[str]) -> int:
    tool, path = argv[0], Path(argv[1])
    report = run_pdfminer(path) if tool == "pdfminer" else run_cnreport(path, int(argv[2]) if len(argv) > 2 else 0)
    print(json.dumps(report, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
