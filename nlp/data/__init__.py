"""Rule and dictionary data files, loaded through ``importlib.resources`` and validated.

Every loader checks its file against a whitelist of keys (as dateparser's ``VALID_KEYS``) and raises
:class:`nlp.errors.DataFileError` naming the file and line on a bad entry (as jieba does).
"""
from __future__ import annotations

import csv
import io
import json
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from ..errors import DataFileError

NORMALIZE_KEYS = frozenset({
    "digits", "small_units", "big_units", "qualifiers", "vague", "amount_suffixes", "weekdays", "quantity_units",
    "percent_words", "plan_periods", "relative_years", "halves", "quarters", "year_edges", "asof_words", "since_words",
    "qualifier_guards",
})
PATTERN_KEYS = frozenset({"label", "pattern", "id", "comment"})


def read_text(relpath: str) -> str:
    """Return the text of a data file below ``nlp/data``."""
    return resources.files(__package__).joinpath(relpath).read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def normalization_table(relpath: str = "normalize/zh.yaml") -> dict[str, Any]:
    """Load and validate the normalization YAML (qualifiers, units, numerals, date words)."""
    data = yaml.safe_load(read_text(relpath))
    if not isinstance(data, dict):
        raise DataFileError(f"nlp/data/{relpath}", "top level must be a mapping")
    unknown = sorted(set(data) - NORMALIZE_KEYS)
    missing = sorted(NORMALIZE_KEYS - set(data))
    if unknown or missing:
        raise DataFileError(f"nlp/data/{relpath}", f"unknown keys {unknown}, missing keys {missing}")
    return data


@lru_cache(maxsize=None)
def read_yaml(relpath: str, keys: frozenset[str]) -> dict[str, Any]:
    """Load a YAML mapping whose top-level keys must be exactly ``keys``."""
    data = yaml.safe_load(read_text(relpath))
    if not isinstance(data, dict):
        raise DataFileError(f"nlp/data/{relpath}", "top level must be a mapping")
    unknown, missing = sorted(set(data) - keys), sorted(keys - set(data))
    if unknown or missing:
        raise DataFileError(f"nlp/data/{relpath}", f"unknown keys {unknown}, missing keys {missing}")
    return data


def read_jsonl(relpath: str, valid_keys: frozenset[str] = PATTERN_KEYS) -> list[dict[str, Any]]:
    """Load a JSON Lines data file; ``//`` or ``#`` lines are header comments."""
    rows = []
    for lineno, line in enumerate(read_text(relpath).splitlines(), 1):
        if not line.strip() or line.lstrip().startswith(("#", "//")):
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DataFileError(f"nlp/data/{relpath}:{lineno}", f"not JSON ({exc.msg})") from exc
        bad = sorted(set(row) - valid_keys)
        if bad:
            raise DataFileError(f"nlp/data/{relpath}:{lineno}", f"unknown keys {bad}")
        rows.append(row)
    return rows


def read_tsv(relpath: str, columns: tuple[str, ...]) -> list[dict[str, str]]:
    """Load a TSV term list with a fixed number of columns; ``#`` lines are comments."""
    rows = []
    text = "\n".join(line for line in read_text(relpath).splitlines())
    for lineno, fields in enumerate(csv.reader(io.StringIO(text), delimiter="\t"), 1):
        if not fields or not fields[0].strip() or fields[0].startswith("#"):
            continue
        if len(fields) != len(columns):
            raise DataFileError(f"nlp/data/{relpath}:{lineno}", f"expected {len(columns)} columns {columns}, got {len(fields)}")
        rows.append(dict(zip(columns, fields)))
    return rows
