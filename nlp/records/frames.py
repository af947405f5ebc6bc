"""Records as pandas DataFrames, with one dtype table for every column (decimals stay exact as strings).

``to_frames(extraction)`` gives one frame per record kind of one extraction; ``read_frames(out)`` loads the JSON Lines
of an ``extract`` output folder, so an analyst can query a batch::

    >>> import nlp
    >>> frames = nlp.to_frames(nlp.extract("2022 年我国区块链产业规模约 67 亿元，同比增长 3.08%。"))
    >>> frames["figures"][["metric", "value", "unit", "qualifier"]].to_dict("records")[0]
    {'metric': '区块链产业规模', 'value': '6700000000', 'unit': 'CNY', 'qualifier': 'approx'}
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .schema import Extraction
from .serialize import extraction_tables
from .writer import flatten

#: Column dtypes: counts and offsets are nullable integers; everything else (decimals, ISO dates, text) is a
#: string, so that no amount goes through a float.
INTEGER_COLUMNS = frozenset({"page", "line", "sentence", "row", "char_start", "char_end", "raw_start", "raw_end",
                             "reference_year", "pages", "chars"})
DTYPES = {"integer": "Int64", "other": "string"}


def frame(rows: list[dict[str, Any]]) -> Any:
    """One DataFrame of flattened rows, typed by :data:`DTYPES`."""
    import pandas as pd

    flat = [flatten(row) for row in rows]
    table = pd.DataFrame(flat)
    return table.astype({c: DTYPES["integer"] if c in INTEGER_COLUMNS else DTYPES["other"] for c in table.columns})


def to_frames(extraction: Extraction) -> dict[str, Any]:
    """``{kind: DataFrame}`` for every record kind of one extraction (mentions, figures, table kinds, documents)."""
    return {kind: frame(rows) for kind, rows in sorted(extraction_tables(extraction).items())}


def read_frames(out: str | Path) -> dict[str, Any]:
    """``{kind: DataFrame}`` of an ``extract`` output folder (its combined ``<kind>.jsonl`` files)."""
    frames = {}
    for path in sorted(Path(out).glob("*.jsonl")):
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
        frames[path.stem] = frame(rows)
    return frames
