"""``python -m bench.cold REPORT.json ARGS...``: run the ``cnreport`` command ``ARGS`` in this fresh process, the way
the console script does (``cnreport_cli.main``), and write to ``REPORT.json`` its exit code, the CPU seconds and peak
resident memory (``VmHWM``) of the whole process, and which heavy libraries it imported. Its output is discarded.
"""
from __future__ import annotations

import contextlib
import json
import os
import sys
import time
from pathlib import Path

HEAVY = ("spacy", "jieba", "pdfminer", "sklearn", "skops", "pandas", "thinc")


def main(argv: list[str]) -> int:
    report, args = Path(argv[0]), argv[1:]
    import cnreport_cli
    with open(os.devnull, "w", encoding="utf-8") as null, contextlib.redirect_stdout(null), \
            contextlib.redirect_stderr(null):
        code = cnreport_cli.main(args)
    from bench.child import status_mib
    report.write_text(json.dumps({"exit": code, "cpu_s": round(time.process_time(), 3),
                                  "peak_rss_mib": status_mib("VmHWM"),
                                  "imported": [m for m in HEAVY if m in sys.modules]}), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
