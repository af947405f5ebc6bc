"""Generate the test case tables of tests/data/ from the GOLD (annotations/mentions.jsonl), never from cnreport output.

Run once after the gold changes: ``python tests/data/make_cases.py``. ``tests/normalizers/test_cases_fresh.py``
regenerates the tables in memory and checks that the committed files are byte-identical (dateparser's
data-integrity test).

Tables (TSV, UTF-8, ``\\n`` line ends, header row, empty cell = null):

- ``normalize_dates.tsv``: ``id, line, split, text, start, end, granularity, qualifier``, one row per distinct
  (text, norm) of the gold DATE spans (the first occurrence names the row).
- ``normalize_amounts.tsv``: ``id, line, split, text, kind, value, min, max, currency, unit, qualifier`` for the gold
  MONEY / PERCENT / QUANTITY spans, distinct by (text, kind, norm).
- ``mentions_exact.tsv``: ``id, line, split, label, text, column, norm`` (column = offset of the span in its line;
  norm = the gold norm as compact JSON with sorted keys, empty for STD and TITLE) for every gold STD, TITLE, DATE,
  MONEY, PERCENT and QUANTITY span, prose and tables alike.

Case ids are ``<table letter><line>-<column>`` (``d100-4``), stable as long as the gold span does not move;
``tests/data/known_failures.tsv`` refers to them.
"""
from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "annotations" / "mentions.jsonl"
HERE = Path(__file__).resolve().parent
RULE_LABELS = ("STD", "TITLE", "DATE", "MONEY", "PERCENT", "QUANTITY")
AMOUNT_KIND = {"MONEY": "money", "PERCENT": "percent", "QUANTITY": "quantity"}

DATE_COLUMNS = ("id", "line", "split", "text", "start", "end", "granularity", "qualifier")
AMOUNT_COLUMNS = ("id", "line", "split", "text", "kind", "value", "min", "max", "currency", "unit", "qualifier")
MENTION_COLUMNS = ("id", "line", "split", "label", "text", "column", "norm")


def gold_spans(path: Path = GOLD) -> list[dict[str, object]]:
    """Every gold span with its paragraph's line, split and its column in the line, in document order."""
    spans = []
    for row in path.read_text(encoding="utf-8").splitlines():
        paragraph = json.loads(row)
        for span in paragraph["spans"]:
            spans.append({**span, "line": paragraph["line"], "split": paragraph["split"],
                          "column": span["start"] - paragraph["start"]})
    return spans


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    if "\t" in text or "\n" in text:
        raise ValueError(f"a gold field holds a tab or newline: {text!r}")
    return text


def render(columns: tuple[str, ...], rows: list[dict[str, object]]) -> str:
    """A TSV table: header, then one line per row."""
    lines = ["\t".join(columns)] + ["\t".join(_cell(row.get(c)) for c in columns) for row in rows]
    return "\n".join(lines) + "\n"


def _case_id(prefix: str, span: dict[str, object]) -> str:
    return f"{prefix}{span['line']}-{span['column']}"


def date_cases(spans: list[dict[str, object]]) -> list[dict[str, object]]:
    """Distinct gold DATE (text, norm) pairs."""
    seen, rows = set(), []
    for span in spans:
        if span["label"] != "DATE":
            continue
        norm = span["norm"]
        key = (span["text"], norm["start"], norm["end"], norm["granularity"], norm["qualifier"])  # type: ignore[index]
        if key not in seen:
            seen.add(key)
            rows.append({"id": _case_id("d", span), "line": span["line"], "split": span["split"],
                         "text": span["text"], **norm})  # type: ignore[dict-item]
    return rows


def amount_cases(spans: list[dict[str, object]]) -> list[dict[str, object]]:
    """Distinct gold MONEY / PERCENT / QUANTITY (text, kind, norm) triples."""
    seen, rows = set(), []
    for span in spans:
        if span["label"] not in AMOUNT_KIND:
            continue
        row = {"text": span["text"], "kind": AMOUNT_KIND[str(span["label"])], **span["norm"]}  # type: ignore[dict-item]
        key = tuple(_cell(row.get(c)) for c in AMOUNT_COLUMNS[3:])
        if key not in seen:
            seen.add(key)
            rows.append({"id": _case_id("a", span), "line": span["line"], "split": span["split"], **row})
    return rows


def mention_cases(spans: list[dict[str, object]]) -> list[dict[str, object]]:
    """Every gold span of the labels the rule extractors emit."""
    return [{"id": _case_id("m", s), "line": s["line"], "split": s["split"], "label": s["label"], "text": s["text"],
             "column": s["column"], "norm": _json(s["norm"])} for s in spans if s["label"] in RULE_LABELS]


def _json(norm: object) -> str | None:
    return None if norm is None else json.dumps(norm, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def build_all(gold: Path = GOLD) -> dict[str, str]:
    """File name → rendered TSV text, for every generated table."""
    spans = gold_spans(gold)
    return {
        "normalize_dates.tsv": render(DATE_COLUMNS, date_cases(spans)),
        "normalize_amounts.tsv": render(AMOUNT_COLUMNS, amount_cases(spans)),
        "mentions_exact.tsv": render(MENTION_COLUMNS, mention_cases(spans)),
    }


def main() -> None:
    for name, text in build_all().items():
        (HERE / name).write_text(text, encoding="utf-8", newline="\n")
        print(f"{name}: {text.count(chr(10)) - 1} cases")


if __name__ == "__main__":
    main()
