"""Read the machine-checkable parts of ``annotations/GUIDELINES.md``.

The gold tests take the label set, the norm keys, the record tables and their columns, and the
classification label sets from the guideline itself, so that a change decided there is checked
everywhere without copying lists into code.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GUIDELINES_PATH = ROOT / "annotations" / "GUIDELINES.md"
AMOUNT_SUFFIXES = ("text", "value", "min", "max", "currency", "qualifier")


@lru_cache(maxsize=1)
def guideline_text(path: Path = GUIDELINES_PATH) -> str:
    """The guideline's text."""
    return path.read_text(encoding="utf-8")


def section(text: str, number: str) -> str:
    """The body of the level-2 section ``## <number>. ...`` up to the next level-2 heading.

    >>> section("## 1. A\\nx\\n### 1.1 B\\ny\\n## 2. C\\nz\\n", "1")
    'x\\n### 1.1 B\\ny'
    """
    m = re.search(rf"^## {re.escape(number)}\. [^\n]*\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    if m is None:
        raise KeyError(f"GUIDELINES.md has no section {number}")
    return m.group(1).rstrip()


def table_rows(text: str) -> list[list[str]]:
    """Cells of the markdown table rows in ``text`` (header and ``---`` rows left out).

    >>> table_rows("| a | b |\\n|---|---|\\n| x | `y` |\\n")
    [['x', '`y`']]
    """
    rows = [[c.strip() for c in line.strip().strip("|").split("|")]
            for line in text.splitlines() if line.lstrip().startswith("|")]
    return [r for r in rows[1:] if not all(set(c) <= set("-: ") for c in r)]


def expand_tables(cell: str) -> list[str]:
    """Table names of a section 4 cell, spaces removed, the ``表``/``附件`` prefix carried over.

    >>> expand_tables("表 1-4, 1-5, 附件 4")
    ['表1-4', '表1-5', '附件4']
    """
    out, prefix = [], ""
    for part in (p.strip().replace(" ", "") for p in cell.split(",")):
        if m := re.match(r"^(表|附件)", part):
            prefix = m.group(1)
            out.append(part)
        else:
            out.append(prefix + part)
    return out


def expand_columns(cell: str) -> list[str]:
    """CSV columns of a section 4 cell: remarks in parentheses dropped, ``x_*`` expanded.

    >>> expand_columns("table, line, lead (university/enterprise/government), size_* , aim")[:4]
    ['table', 'line', 'lead', 'size_text']
    >>> len(expand_columns("a, size_*"))
    7
    """
    out: list[str] = []
    for part in (re.sub(r"\(.*?\)", "", p).strip() for p in cell.split(",")):
        if part.endswith("_*"):
            out += [f"{part[:-2].strip()}_{s}" for s in AMOUNT_SUFFIXES]
        else:
            out.append(part)
    return out


def labels(text: str | None = None) -> list[str]:
    """The mention labels of section 1's table, in order."""
    body = (text or guideline_text()).split("## 1.", 1)[1].split("### 1.1", 1)[0]
    return [row[0] for row in table_rows(body)]


def norm_keys(text: str | None = None) -> dict[str, set[str]]:
    """``{label: keys}`` of the ``norm`` object from the section 2 headings (``### 2.1 DATE `{...}```)."""
    found = re.findall(r"^### 2\.\d+ ([A-Z]+) `\{([^}]*)\}`", text or guideline_text(), re.M)
    return {label: set(re.findall(r'"(\w+)"', keys)) for label, keys in found}


def record_kinds(text: str | None = None) -> dict[str, tuple[list[str], list[str]]]:
    """``{kind: (tables, columns)}`` of the section 4 table."""
    rows = table_rows(section(text or guideline_text(), "4"))
    return {kind: (expand_tables(tables), expand_columns(columns)) for kind, tables, columns in rows}


def figure_columns(text: str | None = None) -> list[str]:
    """The columns of ``figures.csv`` (section 5, "Columns: `...`")."""
    m = re.search(r"Columns: `([^`]*)`", section(text or guideline_text(), "5"))
    if m is None:
        raise KeyError("GUIDELINES.md section 5 names no columns")
    return [c.strip() for c in m.group(1).split(",")]


def label_set(field: str, text: str | None = None) -> set[str]:
    """A classification label set of section 6, e.g. ``label_set("domain")``.

    >>> sorted(label_set("x", "## 6. C\\n`x` ∈ {a, b}; `y` ∈ {c}\\n"))
    ['a', 'b']
    """
    m = re.search(rf"`{field}` ∈ \{{([^}}]*)\}}", section(text or guideline_text(), "6"))
    if m is None:
        raise KeyError(f"GUIDELINES.md section 6 has no set for {field!r}")
    return {v.strip() for v in m.group(1).split(",")}
