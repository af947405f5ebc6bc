"""Key-figure scoring: figures matched by ``(line, value as Decimal, unit)``, then compared field by field.

Gold: annotations/tables/figures.csv (``line, metric, value, unit, period_start, period_end, scope,
qualifier, text``); predictions: OUT/figures.jsonl. Counting is that of :mod:`nlp.scoring.records`.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from nlp.scoring.records import Key, RowScores, make_rows, score_rows, squash

#: The fields compared on matched figures.
#: ``metric_overlap`` is the metric scored leniently (character-bigram Dice ≥ 0.6, see
#: :func:`nlp.scoring.records.cells_equal`): the gold metric is a phrase an annotator composed, so exact equality
#: alone understates a metric that names the same thing.
FIGURE_FIELDS = ("metric", "metric_overlap", "period_start", "period_end", "scope", "qualifier")


def _decimal_text(value: Any) -> str:
    """A decimal in a canonical form, so ``0.0308`` and ``0.03080`` give the same key.

    >>> _decimal_text("6.7E9"), _decimal_text("0.03080"), _decimal_text("约67亿")
    ('6700000000', '0.0308', '约67亿')
    """
    text = squash(value)
    try:
        d = Decimal(text).normalize()
    except InvalidOperation:
        return text
    return format(d, "f")


def figure_key(row: Mapping[str, Any]) -> Key:
    """The matching key ``(line, value, unit)`` (empty when the value is empty).

    >>> figure_key({"line": "17", "value": "6700000000", "unit": "CNY"})
    (17, '6700000000', 'CNY')
    """
    value = _decimal_text(row.get("value"))
    return (int(row.get("line") or 0), value, squash(row.get("unit"))) if value else ()


def score_figures(gold: Sequence[Mapping[str, Any]], pred: Sequence[Mapping[str, Any]],
                  doc_id: str = "") -> RowScores:
    """Score predicted key figures against gold.

    Args:
        gold: rows of annotations/tables/figures.csv.
        pred: objects of OUT/figures.jsonl.
        doc_id: the document of rows that carry no ``doc_id``.

    Returns:
        Row (figure) P/R/F1 and per-field scores for :data:`FIGURE_FIELDS`, errors grouped as ``figures``.
    """
    gold = [{**row, "metric_overlap": row.get("metric")} for row in gold]
    pred = [{**row, "metric_overlap": row.get("metric")} for row in pred]
    return score_rows(make_rows(gold, figure_key, doc_id), make_rows(pred, figure_key, doc_id),
                      FIGURE_FIELDS, group="figures", kind="figure")
