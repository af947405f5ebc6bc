"""Per-label tables of the HTML report: P, R, F1 with gold and predicted counts, every system beside ours.

One table per mention scheme (``strict``, ``exact``, ``partial``, ``type`` as the harness computes them), one for
the record kinds, and, for the real reports' gold (``reports``/``reports_total``), per report and pooled, one per
scheme (``strict``, ``contains``) and one for the other parts (values, table rows and cells, key figures,
policies). A row without gold is not scored: it is named in a ``no gold`` line under the table, with what each
system predicted there, never drawn as a score.

Every table is ``<table class="prf" id=...>``; each row carries ``data-row`` and each score cell
``data-system`` and ``data-metric`` (``gold``, ``pred``, ``precision``, ``recall``, ``f1``), so tests read
the page as the numbers it shows.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from nlp.scoring.html_parts import esc

#: The mention schemes of the harness, with what each counts as right (nervaluate's definitions).
SCHEMES = {
    "strict": "same start, end and label",
    "exact": "same start and end, any label",
    "partial": "overlapping spans, any label; an overlap that is not exact counts half",
    "type": "overlapping spans with the same label",
}

#: The schemes of the real reports' gold (no offsets there: pages and folded text).
REPORT_SCHEMES = {
    "strict": "same page, label and folded text",
    "contains": "same page and label, one folded text inside the other",
}

PRFMap = Mapping[str, Any]


def score(x: float | None) -> str:
    """A score with three decimals, ``–`` when undefined.

    >>> score(0.75345), score(None), score(1)
    ('0.753', '–', '1.000')
    """
    return "–" if x is None else f"{x:.3f}"


def count(x: float | None) -> str:
    """A count (halves of the partial scheme kept), empty when unknown.

    >>> count(191), count(203.5), count(None)
    ('191', '203.5', '')
    """
    return "" if x is None else f"{x:g}"


def gold_of(prf: PRFMap | None) -> float | None:
    """The gold count of a PRF (``tp + fn``), ``None`` without one."""
    return None if not prf or "tp" not in prf else prf["tp"] + prf["fn"]


def pred_of(prf: PRFMap | None) -> float | None:
    """The predicted count of a PRF (``tp + fp``), ``None`` without one."""
    return None if not prf or "tp" not in prf else prf["tp"] + prf["fp"]


def _cell(system: str, metric: str, text: str, title: str = "") -> str:
    tip = f" title=\"{esc(title)}\"" if title else ""
    return f"<td class=num data-system=\"{esc(system)}\" data-metric=\"{metric}\"{tip}>{text}</td>"


def _system_cells(system: str, prf: PRFMap | None, with_gold: bool) -> str:
    """gold (when asked), pred, P, R, F1 of one system on one row; the F1 cell's title gives tp/fp/fn."""
    prf = prf or {}
    counts = f"tp {count(prf['tp'])}, fp {count(prf['fp'])}, fn {count(prf['fn'])}" if "tp" in prf else ""
    cells = [_cell(system, "gold", count(gold_of(prf)))] if with_gold else []
    cells += [_cell(system, "pred", count(pred_of(prf))),
              _cell(system, "precision", score(prf.get("precision"))),
              _cell(system, "recall", score(prf.get("recall"))),
              _cell(system, "f1", score(prf.get("f1")), counts)]
    return "".join(cells)


def _gold_differs(rows: Sequence[str], scores: Mapping[str, Mapping[str, PRFMap | None]]) -> bool:
    """Whether some system has another gold count than the first on some row (then each shows its own)."""
    first = next(iter(scores.values()), {})
    return any(gold_of(s.get(r)) != gold_of(first.get(r)) for s in scores.values() for r in rows)


def no_gold_rows(rows: Sequence[str], scores: Mapping[str, Mapping[str, PRFMap | None]]) -> list[str]:
    """The rows no system has gold for (``tp + fn`` 0 or no PRF at all)."""
    return [r for r in rows if not any(gold_of(s.get(r)) for s in scores.values())]


def _no_gold_line(ident: str, what: str, rows: Sequence[str],
                  scores: Mapping[str, Mapping[str, PRFMap | None]]) -> str:
    """``No gold: policies (predicted: none), cases (predicted: cnreport 3, rules_only 3)``."""
    if not rows:
        return ""
    items = []
    for r in rows:
        made = [f"{name} {count(pred_of(s.get(r)))}" for name, s in scores.items() if pred_of(s.get(r))]
        items.append(f"<li data-row=\"{esc(r)}\"><b>{esc(r)}</b>: no gold, not scored (predicted: "
                     f"{esc(', '.join(made)) if made else 'none'})</li>")
    return f"<p class=muted>No gold for these {esc(what)}:</p><ul class=nogold id=\"{esc(ident)}-nogold\">" \
           f"{''.join(items)}</ul>"


def prf_table(ident: str, row_name: str, rows: Sequence[str], scores: Mapping[str, Mapping[str, PRFMap | None]],
              summary: Sequence[tuple[str, Mapping[str, PRFMap | None]]] = (), what: str = "rows") -> str:
    """A table of rows × systems: gold, then per system pred, P, R, F1; rows without gold listed under it.

    The gold column is shared when every system has the same gold counts (they were scored on the same gold),
    else each system shows its own.

    Args:
        ident: the table's id.
        row_name: the heading of the row column (``label``, ``kind``).
        rows: the row names, in order.
        scores: per system (ours first) per row a PRF dict (``tp``, ``fp``, ``fn``, ``precision``, ``recall``,
            ``f1``); ``None`` or absent: nothing scored.
        summary: rows after the scored ones (``micro``, ``macro``, ``overall``): per system a PRF or a macro
            (scores without counts).
        what: what the rows are, for the ``no gold`` line.
    """
    names = list(scores)
    unscored = no_gold_rows(rows, scores)
    lines: list[tuple[str, Mapping[str, PRFMap | None], str]] = [
        (r, {n: scores[n].get(r) for n in names}, "") for r in rows if r not in unscored]
    lines += [(name, per, " class=total") for name, per in summary]
    own_gold = _gold_differs([r for r in rows if r not in unscored], scores)
    per_system = ("<th>gold</th>" if own_gold else "") + "<th>pred</th><th>P</th><th>R</th><th>F1</th>"
    head = (f"<tr><th rowspan=2>{esc(row_name)}</th>" + ("" if own_gold else "<th rowspan=2>gold</th>")
            + "".join(f"<th colspan={5 if own_gold else 4} class=sys>{esc(n)}</th>" for n in names)
            + f"</tr><tr>{per_system * len(names)}</tr>")
    body = []
    for name, per, cls in lines:
        shared = "" if own_gold or not names else _cell(names[0], "gold", count(gold_of(per.get(names[0]))))
        body.append(f"<tr data-row=\"{esc(name)}\"{cls}><th>{esc(name)}</th>{shared}"
                    + "".join(_system_cells(n, per.get(n), own_gold) for n in names) + "</tr>")
    return (f"<table class=prf id=\"{esc(ident)}\"><thead>{head}</thead><tbody>{''.join(body)}</tbody></table>"
            + _no_gold_line(ident, what, unscored, scores))


def _union(*lists: Sequence[str]) -> list[str]:
    """The names of several lists, first seen first.

    >>> _union(["ORG", "LOC"], ["LOC", "STD"])
    ['ORG', 'LOC', 'STD']
    """
    return list(dict.fromkeys(name for names in lists for name in names))


def _dig(node: Any, path: Sequence[str]) -> Any:
    """``node[path[0]][path[1]]...``, ``None`` as soon as a key is missing or a value is ``None``."""
    for key in path:
        if not isinstance(node, Mapping) or node.get(key) is None:
            return None
        node = node[key]
    return node


def mention_tables(systems: Mapping[str, Any]) -> str:
    """One table per scheme of the mentions in the gold documents: per label gold, then each system's counts and
    scores; ``micro`` (labels summed), ``macro`` (mean of the labels' scores), ``overall`` (the scheme applied to
    all labels at once)."""
    parts = []
    for scheme, rule in SCHEMES.items():
        per = {n: _dig(s, ("corpus", "mentions", "schemes", scheme)) or {} for n, s in systems.items()}
        labels = _union(*(p.get("labels", {}) for p in per.values()))
        summary = [(key, {n: p.get(key) for n, p in per.items()}) for key in ("micro", "macro", "overall")]
        table = prf_table(f"mentions-{scheme}", "label", labels,
                          {n: p.get("labels", {}) for n, p in per.items()}, summary, "labels")
        parts.append(f"<h3 id=\"scheme-{scheme}\">{esc(scheme)}: {esc(rule)}</h3>{table}")
    return ("<section id=mentions><h2>Mentions per label</h2><p class=muted>gold: gold mentions; pred: predicted "
            "mentions; P, R, F1 of each scheme (hover F1 for tp, fp, fn). micro: the labels' counts summed; macro: "
            "the mean of the labels' scores; overall: the scheme applied to all labels at once (an overlap with "
            "another label can match).</p>" + "".join(parts) + "</section>")


def record_tables(systems: Mapping[str, Any]) -> str:
    """Record rows per kind (matched by key): gold and predicted rows, P, R, F1 per system; kinds without gold
    named, not scored."""
    per = {n: _dig(s, ("corpus", "records")) or {} for n, s in systems.items()}
    kinds = _union(*(p.get("kinds", {}) for p in per.values()))
    scores = {n: {k: v.get("rows") for k, v in p.get("kinds", {}).items()} for n, p in per.items()}
    summary = [("micro", {n: p.get("rows_micro") for n, p in per.items()}),
               ("macro", {n: p.get("rows_macro") for n, p in per.items()})]
    table = prf_table("records-kinds", "kind", kinds, scores, summary, "record kinds")
    return ("<section id=records><h2>Record rows per kind</h2><p class=muted>Rows matched to gold rows by their key "
            "(title, code, name ...). micro: every kind's rows pooled; macro: the mean over kinds with gold or "
            f"predictions.</p>{table}</section>")


#: The parts of a real report's score besides its mentions: (row name, path in the report score).
REPORT_PARTS = (
    ("values", ("mentions", "values", "micro")),
    ("table rows", ("tables", "rows")),
    ("table cells", ("tables", "cells")),
    ("key figures", ("figures", "rows")),
    ("policies", ("policies", "rows")),
)


def _report_block(ident: str, blocks: Mapping[str, Any]) -> str:
    """The tables of one report (or all pooled): per scheme per label, then values, tables, figures, policies."""
    parts = []
    mentions = {n: (b or {}).get("mentions") for n, b in blocks.items()}
    if any(mentions.values()):
        for scheme, rule in REPORT_SCHEMES.items():
            per = {n: (m or {}).get(scheme) or {} for n, m in mentions.items()}
            labels = _union(*(p.get("labels", {}) for p in per.values()))
            summary = [(key, {n: p.get(key) for n, p in per.items()}) for key in ("micro", "macro")]
            parts.append(f"<h4>mentions, {esc(scheme)}: {esc(rule)}</h4>"
                         + prf_table(f"{ident}-{scheme}", "label", labels,
                                     {n: p.get("labels", {}) for n, p in per.items()}, summary, "labels"))
    else:
        parts.append("<p class=muted>No gold mentions for this report.</p>")
    rows = {n: {name: _dig(b, path) for name, path in REPORT_PARTS} for n, b in blocks.items()}
    parts.append("<h4>values, tables, key figures, policies</h4>"
                 + prf_table(f"{ident}-parts", "part", [name for name, _ in REPORT_PARTS], rows, (), "parts"))
    return "".join(parts)


def report_tables(systems: Mapping[str, Any], learned: Sequence[str] = ()) -> str:
    """The real reports' gold (``annotations/reports/``): each report, then all pooled (``reports_total``), every
    system that extracted them beside ours; empty when no system has a real report."""
    names = [n for n, s in systems.items() if s.get("reports_total")]
    if not names:
        return ""
    keys = _union(*(systems[n].get("reports", {}) for n in names))
    out = []
    for key in keys:
        blocks = {n: systems[n].get("reports", {}).get(key) for n in names}
        seen = "in the NER's training data" if key in learned else "unseen by the models"
        out.append(f"<h3 id=\"report-{esc(key)}\">{esc(key)} <span class=muted>({seen})</span></h3>"
                   f"{_report_block(f'report-{key}', blocks)}")
    pooled = {n: systems[n].get("reports_total") for n in names}
    out.append(f"<h3 id=report-all>All real reports pooled</h3>{_report_block('report-all', pooled)}")
    return ("<section id=reports><h2>Real reports</h2><p class=muted>Gold of whole reports of other issuers "
            "(annotations/reports/), each marked as unseen by the models or in the NER's training data (its meta.json), "
            "scored by page and content (no offsets): values are the "
            "strict pairs' normalized values; table rows and cells by page and folded cells; key figures by page, "
            "value and unit; policies by folded title.</p>" + "".join(out) + "</section>")
