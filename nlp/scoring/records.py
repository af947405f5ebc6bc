"""Record (table row) scoring: rows matched to gold by a key, then compared field by field.

Keys and fields are compared after removing all whitespace (``交通运 输部`` == ``交通运输部``); decimal
columns (``*_value``, ``*_min``, ``*_max``, ``count``, ``share``, ``is_total``) compare as ``Decimal``; an
empty cell equals an empty cell. Rows with the same key are paired by nearest ``line`` (a policy listed in
both 表 1-2 and 附件 1 is two rows).

Counting:
    rows: a matched pair is a tp, an unmatched prediction a fp, an unmatched gold row a fn.
    fields: per field, on matched pairs an equal non-empty value is a tp, a differing value is a fn when
    the gold cell is non-empty and a fp when the predicted cell is non-empty; the non-empty cells of
    unmatched rows are fn (gold) or fp (pred). ``accuracy`` is the share of matched pairs whose field is
    equal, empty == empty included.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from nlp.scoring.align import fold
from nlp.scoring.items import ErrorItem
from nlp.scoring.prf import PRF, macro, ratio, total

#: Record kinds in report order (annotations/GUIDELINES.md section 4).
RECORD_KINDS = ("policies", "standards", "institutions", "courses", "infrastructure", "parks", "alliances",
                "cases", "regions", "enterprise_layouts", "financing", "funds")

#: The matching key of each kind; ``KEY_FALLBACKS`` is used when the key is empty.
RECORD_KEYS: dict[str, tuple[str, ...]] = {
    "policies": ("title",), "standards": ("code",), "financing": ("company", "date"), "funds": ("name",),
    "parks": ("name",), "alliances": ("name",), "institutions": ("name",), "courses": ("school", "course"),
    "infrastructure": ("name",), "cases": ("platform",), "regions": ("region", "is_total"),
    "enterprise_layouts": ("company",),
}
KEY_FALLBACKS: dict[str, tuple[str, ...]] = {"standards": ("title",)}

#: Columns that are bookkeeping, not fields: never scored.
IGNORED_FIELDS = frozenset({"line", "doc_id", "kind", "row", "page", "flags", "sentence", "raw_start", "raw_end",
                            "char_start", "char_end", "source"})
_DECIMAL_NAMES = frozenset({"count", "share", "is_total", "value"})
_WS = re.compile(r"\s+")

Key = tuple[Any, ...]


def squash(value: Any) -> str:
    """A cell as compared: text folded as every content match is (:func:`nlp.scoring.align.fold`: NFKC width
    folding, no whitespace); ``None`` is empty, booleans ``1``/``0``, lists ``;``-joined.

    >>> squash(" 交通运 输部 "), squash(None), squash(True), squash(["A", "B"]), squash(3), squash("（２０２２）")
    ('交通运输部', '', '1', 'A;B', '3', '(2022)')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (list, tuple)):
        return ";".join(squash(v) for v in value)
    return fold(str(value))


def is_decimal_field(name: str) -> bool:
    """Whether a column compares as a decimal.

    >>> is_decimal_field("amount_min"), is_decimal_field("share"), is_decimal_field("amount_text")
    (True, True, False)
    """
    return name in _DECIMAL_NAMES or name.endswith(("_value", "_min", "_max"))


#: A free-text field scored leniently (name ending ``_overlap``) agrees when the character-bigram Dice
#: coefficient of the two texts reaches this value.
OVERLAP_MIN = 0.6


def bigram_dice(a: str, b: str) -> float:
    """Dice coefficient of the character bigrams of two texts (1.0 for two equal texts).

    >>> round(bigram_dice("区块链产业规模", "我国区块链产业规模"), 3), bigram_dice("规模", "数量")
    (0.857, 0.0)
    """
    if a == b:
        return 1.0
    grams_a = Counter(a[i:i + 2] for i in range(len(a) - 1)) or Counter([a])
    grams_b = Counter(b[i:i + 2] for i in range(len(b) - 1)) or Counter([b])
    shared = sum((grams_a & grams_b).values())
    return 2 * shared / (grams_a.total() + grams_b.total())


def cells_equal(name: str, gold: Any, pred: Any) -> bool:
    """Whether two cells agree (whitespace removed; decimals as ``Decimal``; empty == empty; a field named
    ``*_overlap`` agrees when :func:`bigram_dice` reaches :data:`OVERLAP_MIN`).

    >>> cells_equal("amount_value", "15000000", "1.5E7"), cells_equal("title", "《A 》", "《A》")
    (True, True)
    >>> cells_equal("metric_overlap", "区块链产业规模", "我国区块链产业规模"), cells_equal("metric", "区块链产业规模", "我国区块链产业规模")
    (True, False)
    """
    g, p = squash(gold), squash(pred)
    if g == p:
        return True
    if name.endswith("_overlap") and g and p:
        return bigram_dice(g, p) >= OVERLAP_MIN
    if is_decimal_field(name) and g and p:
        try:
            return Decimal(g) == Decimal(p)
        except InvalidOperation:
            return False
    return False


def record_key(kind: str, row: Mapping[str, Any]) -> Key:
    """The matching key of a row of ``kind`` (empty tuple when the key cells are empty).

    >>> record_key("standards", {"code": "", "title": "《基于区块链的 供应链金融标准》"})
    ('title', '《基于区块链的供应链金融标准》')
    >>> record_key("regions", {"region": "北京", "is_total": 0})
    ('北京', '0')
    """
    cols = RECORD_KEYS.get(kind, ("name",))
    key = tuple(squash(row.get(c)) for c in cols)
    if not any(key) and kind in KEY_FALLBACKS:
        fb = KEY_FALLBACKS[kind]
        key = (fb[0], *(squash(row.get(c)) for c in fb))
        return key if any(key[1:]) else ()
    return key if any(key) else ()


@dataclass(frozen=True, slots=True)
class Row:
    """One gold or predicted row with its key, line and scored fields."""

    key: Key
    line: int
    fields: Mapping[str, Any]
    doc_id: str = ""
    page: int | None = None

    @property
    def key_text(self) -> str:
        """The key as shown in reports."""
        return " | ".join(str(k) for k in self.key)


def make_rows(rows: Iterable[Mapping[str, Any]], key: Callable[[Mapping[str, Any]], Key],
              default_doc: str = "") -> list[Row]:
    """Rows from plain dicts (gold CSV rows or prediction JSON objects)."""
    out = []
    for r in rows:
        line = int(r.get("line") or 0)
        page = r.get("page")
        fields = {k: v for k, v in r.items() if k not in IGNORED_FIELDS}
        out.append(Row(key(r), line, fields, str(r.get("doc_id") or default_doc), int(page) if page else None))
    return out


def pair_rows(gold: Sequence[Row], pred: Sequence[Row]) -> tuple[list[tuple[Row, Row]], list[Row], list[Row]]:
    """Pair rows with equal non-empty keys, nearest line first; return pairs, unmatched gold, unmatched pred."""
    by_key: dict[tuple[str, Key], tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for i, g in enumerate(gold):
        if g.key:
            by_key[(g.doc_id, g.key)][0].append(i)
    for j, p in enumerate(pred):
        if p.key:
            by_key[(p.doc_id, p.key)][1].append(j)
    pairs: list[tuple[int, int]] = []
    for gi, pj in by_key.values():
        cands = sorted((abs(gold[i].line - pred[j].line), i, j) for i in gi for j in pj)
        used_g: set[int] = set()
        used_p: set[int] = set()
        for _, i, j in cands:
            if i not in used_g and j not in used_p:
                used_g.add(i)
                used_p.add(j)
                pairs.append((i, j))
    pairs.sort()
    mg, mp = {i for i, _ in pairs}, {j for _, j in pairs}
    return ([(gold[i], pred[j]) for i, j in pairs], [g for i, g in enumerate(gold) if i not in mg],
            [p for j, p in enumerate(pred) if j not in mp])


@dataclass(slots=True)
class FieldScore:
    """One field: P/R/F1 counts, and equality on matched pairs."""

    prf: PRF = field(default_factory=PRF)
    compared: int = 0
    equal: int = 0

    @property
    def accuracy(self) -> float | None:
        """``equal / compared``; ``None`` without matched pairs."""
        return ratio(self.equal, self.compared)

    def __add__(self, other: FieldScore) -> FieldScore:
        return FieldScore(self.prf + other.prf, self.compared + other.compared, self.equal + other.equal)

    def to_dict(self) -> dict[str, Any]:
        """``{"prf", "compared", "equal", "accuracy"}``."""
        return {"prf": self.prf.to_dict(), "compared": self.compared, "equal": self.equal,
                "accuracy": self.accuracy}


@dataclass(slots=True)
class RowScores:
    """Row and field scores of one record kind (or of figures), with the errors to list."""

    rows: PRF = field(default_factory=PRF)
    fields: dict[str, FieldScore] = field(default_factory=dict)
    errors: list[ErrorItem] = field(default_factory=list)

    def __add__(self, other: RowScores) -> RowScores:
        names = list(dict.fromkeys([*self.fields, *other.fields]))
        fields = {n: self.fields.get(n, FieldScore()) + other.fields.get(n, FieldScore()) for n in names}
        return RowScores(self.rows + other.rows, fields, self.errors + other.errors)

    def to_dict(self) -> dict[str, Any]:
        """``{"rows": PRF, "fields": {name: FieldScore}, "fields_micro": PRF, "fields_macro": Macro}``."""
        prfs = [f.prf for f in self.fields.values()]
        return {"rows": self.rows.to_dict(), "fields": {k: v.to_dict() for k, v in self.fields.items()},
                "fields_micro": total(prfs).to_dict(), "fields_macro": macro(prfs)}


def _compare_pair(g: Row, p: Row, names: Sequence[str], scores: dict[str, FieldScore]) -> list[str]:
    bad = []
    for n in names:
        gv, pv = g.fields.get(n), p.fields.get(n)
        same = cells_equal(n, gv, pv)
        fs = scores[n]
        fs.compared += 1
        fs.equal += same
        if same:
            fs.prf = fs.prf + PRF(tp=1 if squash(gv) else 0)
        else:
            bad.append(n)
            fs.prf = fs.prf + PRF(fp=1 if squash(pv) else 0, fn=1 if squash(gv) else 0)
    return bad


def _count_unmatched(row: Row, names: Sequence[str], scores: dict[str, FieldScore], side: str) -> None:
    for n in names:
        if squash(row.fields.get(n)):
            scores[n].prf = scores[n].prf + (PRF(fn=1) if side == "gold" else PRF(fp=1))


def _shown(row: Row, names: Sequence[str]) -> dict[str, Any]:
    return {n: row.fields.get(n) for n in names}


def score_rows(gold: Sequence[Row], pred: Sequence[Row], names: Sequence[str], *, group: str,
               kind: str = "record") -> RowScores:
    """Score rows against gold rows: pair by key, count rows and fields, list the errors.

    Args:
        gold: gold rows.
        pred: predicted rows.
        names: the fields to compare, in report order.
        group: what error items are filtered on (the record kind, or ``figures``).
        kind: the error items' kind (``record`` or ``figure``).

    Returns:
        Row and per-field counts with fp/fn rows and field mismatches as error items.
    """
    pairs, lone_gold, lone_pred = pair_rows(gold, pred)
    scores = {n: FieldScore() for n in names}
    errors: list[ErrorItem] = []
    for g, p in pairs:
        bad = _compare_pair(g, p, names, scores)
        if bad:
            errors.append(ErrorItem(kind, group, "field", g.doc_id, g.line, g.key_text, _shown(g, bad),
                                    _shown(p, bad), "fields: " + ", ".join(bad), p.page))
    for g in lone_gold:
        _count_unmatched(g, names, scores, "gold")
        errors.append(ErrorItem(kind, group, "fn", g.doc_id, g.line, g.key_text, _shown(g, names), None,
                                "no predicted row with this key"))
    for p in lone_pred:
        _count_unmatched(p, names, scores, "pred")
        errors.append(ErrorItem(kind, group, "fp", p.doc_id, p.line, p.key_text, None, _shown(p, names),
                                "no gold row with this key", p.page))
    return RowScores(PRF(len(pairs), len(lone_pred), len(lone_gold)), scores, errors)


def field_names(columns: Iterable[str]) -> list[str]:
    """The scored fields of a kind: its gold columns without bookkeeping (``line``).

    >>> field_names(["table", "line", "issuer", "date", "title"])
    ['table', 'issuer', 'date', 'title']
    """
    return [c for c in columns if c not in IGNORED_FIELDS]


def score_records(kind: str, gold: Sequence[Mapping[str, Any]], pred: Sequence[Mapping[str, Any]],
                  columns: Sequence[str] | None = None, doc_id: str = "") -> RowScores:
    """Score predicted rows of one record kind against the gold table.

    Args:
        kind: one of :data:`RECORD_KINDS`.
        gold: gold rows (CSV dicts of annotations/tables/<kind>.csv).
        pred: predicted rows (objects of OUT/<kind>.jsonl).
        columns: the kind's columns; default the gold rows' keys (else the predicted rows').
        doc_id: the document of rows that carry no ``doc_id`` (the gold tables).

    Returns:
        The kind's row and field scores.
    """
    if columns is None:
        sample = gold[0] if gold else pred[0] if pred else {}
        columns = list(sample)
    key = lambda r: record_key(kind, r)  # noqa: E731
    return score_rows(make_rows(gold, key, doc_id), make_rows(pred, key, doc_id), field_names(columns),
                      group=kind)
