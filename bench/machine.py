"""Machine and library facts saved beside the figures, so that results from different machines are not compared blind."""
from __future__ import annotations

import datetime
import os
import platform
import sys
from importlib import metadata
from typing import Any

LIBRARIES = ("cnreport", "pdfminer.six", "jieba", "spacy", "scikit-learn", "skops", "numpy", "pandas")


def cpu_model() -> str:
    """The CPU model name from ``/proc/cpuinfo`` (Linux), else ``platform.processor()``."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def library_versions() -> dict[str, str | None]:
    versions: dict[str, str | None] = {}
    for name in LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def machine_info() -> dict[str, Any]:
    """CPU count and model, load average at start, Python, platform, library versions, UTC date."""
    return {
        "date_utc": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "cpu_count": os.cpu_count(), "cpu_model": cpu_model(),
        "load_average": [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None,
        "python": sys.version.split()[0], "platform": platform.platform(), "libraries": library_versions(),
    }
