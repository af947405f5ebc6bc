"""Reading the case tables of tests/data/ (shared by the gold-case tests; on pytest's path via pyproject)."""
from __future__ import annotations

import csv
from pathlib import Path

DATA = Path(__file__).resolve().parent


def read_cases(name: str) -> list[dict[str, str]]:
    """Rows of a case table of tests/data/."""
    with open(DATA / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def known_failures() -> dict[str, str]:
    """Case id → reason, from tests/data/known_failures.tsv (``#`` lines are comments)."""
    rows = (line.split("\t") for line in (DATA / "known_failures.tsv").read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#"))
    return {row[0]: row[1] for row in rows}
