"""Build ``annotations/mentions.jsonl`` (the mention gold) from the annotators' part files.

Usage::

    python annotations/tools/build_gold.py [--partial] [-o OUT] [--check]

Each part file ``annotations/src/mentions/part-*.jsonl`` holds, per non-blank line of the document,
``{"line": N, "spans": [{"text", "label", "norm"?, "col"?}]}`` with spans in left-to-right order
(GUIDELINES section 3).  A span is located by searching its text in the line after the end of the
previous span; an optional integer ``col`` gives its start column in the line instead (used when the
text also occurs earlier).  Offsets written out are character (code point) offsets into
``corpus/cn-blockchain-2022-2023.txt``, end-exclusive, over the whole document.

Without ``--partial`` every non-blank line must be annotated; with it, lines not yet in any part file
are left out.  ``--check`` compares the build with the committed file instead of writing it (exit 1 if
they differ).  Problems stop the build with a coded message naming the part file and its line.

The split (``annotations/split.json``) groups lines by top-level section: the front matter before
chapter 一, the chapters 一 to 八, and 附件 1 to 附件 5 (see :func:`section_bounds`).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
DOC_ID = "cn-blockchain-2022-2023"
DOC_PATH = ROOT / "corpus" / f"{DOC_ID}.txt"
PARTS_DIR = ROOT / "annotations" / "src" / "mentions"
PART_GLOB = "part-*.jsonl"
EXPECTED_PARTS = ("a", "b", "c", "d", "e", "f")
OUT_PATH = ROOT / "annotations" / "mentions.jsonl"
SPLIT_PATH = ROOT / "annotations" / "split.json"

FRONT = "front"
CHAPTERS = "一二三四五六七八"
CHAPTER_RE = re.compile(r"^#{1,6}\s*(?:\*\*)?\s*([一二三四五六七八])、")
ANNEX_RE = re.compile(r"^(?:#{1,6}\s*)?(?:\*\*)?\s*附件\s*([1-9])\s*[：:]")


class GoldError(ValueError):
    """A problem in the part files or the document that stops the build (message starts with a code)."""


@dataclass(frozen=True, slots=True)
class PartRow:
    """One annotated line as read from a part file.

    Attributes:
        path: The part file.
        lineno: 1-based line number of the row inside the part file.
        line: 1-based line number in the document.
        spans: The raw span objects, in left-to-right order.
    """

    path: Path
    lineno: int
    line: int
    spans: tuple[dict[str, Any], ...]

    @property
    def where(self) -> str:
        """``part-a.jsonl:12 (doc line 345)``, for messages."""
        return f"{self.path.name}:{self.lineno} (doc line {self.line})"


# --- the document ---------------------------------------------------------------------------------


def read_doc(path: Path = DOC_PATH) -> str:
    """Read the document exactly as stored (no newline translation), so offsets match the bytes.

    Args:
        path: The UTF-8 text file.

    Returns:
        The decoded text.
    """
    return path.read_bytes().decode("utf-8")


def split_lines(text: str) -> list[str]:
    r"""Split on ``\n`` only (not ``str.splitlines``, which also breaks on other separators).

    >>> split_lines("a\nb\n")
    ['a', 'b', '']
    """
    return text.split("\n")


def line_starts(lines: Sequence[str]) -> list[int]:
    r"""Document offset of the first character of each line (index 0 is line 1).

    >>> line_starts(["ab", "", "c"])
    [0, 3, 4]
    """
    starts, pos = [], 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    return starts


def is_blank(line: str) -> bool:
    """True for a line that carries no annotation (empty or whitespace only).

    >>> is_blank(" \\t"), is_blank("中国")
    (True, False)
    """
    return not line.strip()


@lru_cache(maxsize=1)
def doc_lines() -> tuple[str, ...]:
    """The document's lines (cached; line N is index N-1)."""
    return tuple(split_lines(read_doc()))


# --- sections and split ---------------------------------------------------------------------------


def heading_section(line: str) -> str | None:
    """The top-level section a heading line opens, whatever its number of ``#``, else None.

    >>> heading_section("#### **四、我国区块链行业应用现状**")
    '四'
    >>> heading_section("附件 1：2022 年国家及各部委区块链相关政策一览表")
    '附件1'
    >>> heading_section("### （一）产业链上中下游持续拓展") is None
    True
    """
    if m := CHAPTER_RE.match(line):
        return m.group(1)
    if m := ANNEX_RE.match(line):
        return f"附件{m.group(1)}"
    return None


def section_bounds(lines: Sequence[str]) -> list[tuple[str, int]]:
    """The top-level sections in document order, each with its first (1-based) line.

    The front matter (cover, 前言) runs from line 1 to the line before chapter 一.

    Args:
        lines: The document's lines.

    Returns:
        ``[("front", 1), ("一", 96), ...]``.

    Raises:
        GoldError: If the chapters 一..八 are not each found once and in order.
    """
    found = [(name, i) for i, line in enumerate(lines, 1) if (name := heading_section(line))]
    names = [name for name, _ in found]
    expected = list(CHAPTERS) + [f"附件{k}" for k in range(1, len(names) - len(CHAPTERS) + 1)]
    if names != expected:
        raise GoldError(f"[G010] {DOC_PATH.name}: top-level headings {names} are not 一..八 then 附件 1..n")
    return [(FRONT, 1)] + found


@lru_cache(maxsize=1)
def _doc_sections() -> tuple[tuple[str, int], ...]:
    return tuple(section_bounds(doc_lines()))


def section_of_line(line: int, bounds: Sequence[tuple[str, int]] | None = None) -> str:
    """The top-level section (``front``, ``一``..``八``, ``附件1``..) holding a document line.

    Args:
        line: 1-based line number.
        bounds: Sections from :func:`section_bounds`; default the corpus document's.

    Returns:
        The section id.

    >>> section_of_line(1), section_of_line(96), section_of_line(1253), section_of_line(1565)
    ('front', '一', '附件1', '附件5')
    """
    bounds = _doc_sections() if bounds is None else bounds
    if line < 1:
        raise GoldError(f"[G011] line {line} is before the document start")
    current = bounds[0][0]
    for name, first in bounds:
        if first > line:
            break
        current = name
    return current


def load_split(path: Path = SPLIT_PATH) -> dict[str, Any]:
    """Read ``annotations/split.json``."""
    return json.loads(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _test_sections() -> frozenset[str]:
    return frozenset(load_split()["test_sections"])


def split_of_line(line: int, test_sections: Iterable[str] | None = None) -> str:
    """``"test"`` if the line's top-level section is a test section of ``split.json``, else ``"train"``.

    Args:
        line: 1-based line number.
        test_sections: Section ids; default those of ``annotations/split.json``.

    >>> split_of_line(800, ["三"]), split_of_line(96, ["三"])
    ('test', 'train')
    """
    tests = _test_sections() if test_sections is None else frozenset(test_sections)
    return "test" if section_of_line(line) in tests else "train"


# --- part files -----------------------------------------------------------------------------------


def part_paths(parts_dir: Path = PARTS_DIR) -> list[Path]:
    """The part files present, sorted by name."""
    return sorted(parts_dir.glob(PART_GLOB))


def missing_parts(parts_dir: Path = PARTS_DIR) -> list[str]:
    """Expected part letters whose file is absent (``[]`` when all of a..f are there)."""
    return [p for p in EXPECTED_PARTS if not (parts_dir / f"part-{p}.jsonl").exists()]


def parse_part_line(path: Path, lineno: int, raw: str) -> PartRow:
    """Parse one JSON line of a part file.

    Raises:
        GoldError: On bad JSON or a row without an integer ``line`` and a ``spans`` list.
    """
    try:
        obj = json.loads(raw)
    except json.JSONDecodeError as err:
        raise GoldError(f"[G001] {path.name}:{lineno}: bad JSON: {err}") from None
    line, spans = obj.get("line") if isinstance(obj, dict) else None, obj.get("spans") if isinstance(obj, dict) else None
    if not isinstance(line, int) or isinstance(line, bool) or not isinstance(spans, list):
        raise GoldError(f'[G002] {path.name}:{lineno}: a row needs an integer "line" and a "spans" list')
    return PartRow(path, lineno, line, tuple(spans))


def read_part(path: Path) -> list[PartRow]:
    """All rows of one part file (blank lines skipped)."""
    text = path.read_bytes().decode("utf-8")
    return [parse_part_line(path, i, raw) for i, raw in enumerate(split_lines(text), 1) if raw.strip()]


def read_parts(paths: Iterable[Path]) -> list[PartRow]:
    """Rows of all part files, sorted by document line.

    Raises:
        GoldError: If a document line is annotated twice (in one file or across files).
    """
    rows = [row for path in paths for row in read_part(path)]
    seen: dict[int, PartRow] = {}
    for row in rows:
        if row.line in seen:
            raise GoldError(f"[G003] {row.where}: line already annotated at {seen[row.line].where}")
        seen[row.line] = row
    return sorted(rows, key=lambda r: r.line)


# --- locating spans -------------------------------------------------------------------------------


def locate(text: str, line_text: str, pos: int, col: int | None) -> int:
    """Start column of a span: at ``col`` if given, else the first match at or after ``pos``.

    Returns -1 if the text is not there (or ``col`` does not hold it).

    >>> locate("链", "长安链 链", 0, None), locate("链", "长安链 链", 3, None), locate("链", "长安链 链", 0, 4)
    (2, 4, 4)
    >>> locate("链", "长安链", 0, 0)
    -1
    """
    if col is None:
        return line_text.find(text, pos)
    return col if line_text[col : col + len(text)] == text else -1


def span_col(row: PartRow, span: dict[str, Any]) -> int | None:
    """The optional ``col`` key of a span, checked to be a non-negative integer."""
    col = span.get("col")
    if col is not None and (not isinstance(col, int) or isinstance(col, bool) or col < 0):
        raise GoldError(f"[G004] {row.where}: span {span.get('text')!r} has a bad col {col!r}")
    return col


def locate_row(row: PartRow, line_text: str, line_start: int) -> list[dict[str, Any]]:
    """Document-level spans of one annotated line.

    Args:
        row: The part row.
        line_text: The document line it annotates.
        line_start: Document offset of the line's first character.

    Returns:
        ``[{"start", "end", "label", "text", "norm"}]`` in order; ``norm`` is None when absent.

    Raises:
        GoldError: On an empty or missing span text, or a span overlapping the previous one.
    """
    out, pos = [], 0
    for span in row.spans:
        text = span.get("text")
        if not isinstance(text, str) or not text:
            raise GoldError(f"[G005] {row.where}: span without text: {span!r}")
        col = span_col(row, span)
        found = locate(text, line_text, pos, col)
        if found < 0:
            at = f"at col {col}" if col is not None else f"after column {pos}"
            raise GoldError(f"[G006] {row.where}: span {text!r} not found {at}")
        if found < pos:
            raise GoldError(f"[G007] {row.where}: span {text!r} at col {found} overlaps the previous span (ends {pos})")
        pos = found + len(text)
        out.append({"start": line_start + found, "end": line_start + pos, "label": span.get("label"),
                    "text": text, "norm": span.get("norm")})
    return out


def check_lines(rows: Sequence[PartRow], lines: Sequence[str], partial: bool) -> None:
    """Check each row annotates an existing non-blank line, and (unless partial) that all are covered.

    Raises:
        GoldError: On a line out of range or blank, or an uncovered non-blank line.
    """
    for row in rows:
        if not 1 <= row.line <= len(lines) or is_blank(lines[row.line - 1]):
            raise GoldError(f"[G008] {row.where}: document line {row.line} is blank or out of range")
    if partial:
        return
    covered = {row.line for row in rows}
    missing = [i for i, line in enumerate(lines, 1) if not is_blank(line) and i not in covered]
    if missing:
        shown = ", ".join(map(str, missing[:10])) + (" ..." if len(missing) > 10 else "")
        raise GoldError(f"[G009] {len(missing)} non-blank lines are not annotated (use --partial): {shown}")


def build_rows(rows: Sequence[PartRow], lines: Sequence[str], partial: bool,
               test_sections: Iterable[str]) -> list[dict[str, Any]]:
    """The gold objects, one per annotated line, sorted by line.

    Args:
        rows: Part rows (from :func:`read_parts`).
        lines: The document's lines.
        partial: Allow non-blank lines without annotation.
        test_sections: Section ids of the test split.

    Returns:
        ``{"doc_id", "line", "start", "end", "text", "split", "spans"}`` objects.
    """
    check_lines(rows, lines, partial)
    starts = line_starts(lines)
    bounds = section_bounds(lines)
    tests = frozenset(test_sections)
    out = []
    for row in sorted(rows, key=lambda r: r.line):
        text, start = lines[row.line - 1], starts[row.line - 1]
        split = "test" if section_of_line(row.line, bounds) in tests else "train"
        out.append({"doc_id": DOC_ID, "line": row.line, "start": start, "end": start + len(text),
                    "text": text, "split": split, "spans": locate_row(row, text, start)})
    return out


def dumps_rows(rows: Iterable[dict[str, Any]]) -> bytes:
    """Serialize deterministically: one JSON object a line, sorted keys, ``ensure_ascii=False``.

    >>> dumps_rows([{"b": 1, "a": "中"}])
    b'{"a": "\\xe4\\xb8\\xad", "b": 1}\\n'
    """
    return "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows).encode("utf-8")


def build_bytes(partial: bool = False, parts_dir: Path = PARTS_DIR) -> bytes:
    """Build the gold file's bytes from the part files, the corpus and ``split.json``.

    Raises:
        GoldError: On any problem in the part files.
    """
    rows = read_parts(part_paths(parts_dir))
    return dumps_rows(build_rows(rows, doc_lines(), partial, load_split()["test_sections"]))


def read_gold(path: Path = OUT_PATH) -> list[dict[str, Any]]:
    """Read a built ``mentions.jsonl``."""
    return [json.loads(raw) for raw in path.read_text(encoding="utf-8").splitlines() if raw.strip()]


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path`` and rename it over, so nothing is left half-written."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(tmp, path)


def main(argv: list[str] | None = None) -> int:
    """Command line entry point; returns the exit code (0 ok, 1 gold problem or --check mismatch)."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--partial", action="store_true", help="allow non-blank lines not annotated yet")
    ap.add_argument("-o", "--output", type=Path, default=OUT_PATH)
    ap.add_argument("--check", action="store_true", help="compare with the output file instead of writing")
    args = ap.parse_args(argv)
    try:
        data = build_bytes(partial=args.partial)
    except GoldError as err:
        print(f"build_gold: {err}", file=sys.stderr)
        return 1
    if args.check:
        same = args.output.exists() and args.output.read_bytes() == data
        print(f"{args.output}: {'up to date' if same else 'OUT OF DATE (rerun build_gold.py)'}")
        return 0 if same else 1
    write_atomic(args.output, data)
    n = data.count(b"\n")
    print(f"wrote {args.output} ({n} lines, parts: {', '.join(p.name for p in part_paths())})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
