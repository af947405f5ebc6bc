"""Reporters: one results object rendered as a terminal table, JSON, or a self-contained HTML page.

Every reporter takes a :class:`~nlp.scoring.results.Results` or its JSON form (so a saved ``results.json``
can be rendered again) and returns a string; none prints or writes.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from nlp.scoring.html_errors import ERRORS_JS, error_section
from nlp.scoring.html_parts import bar_chart, confusion_table, contents, esc, page, summary_table
from nlp.scoring.html_tables import mention_tables, no_gold_rows, record_tables, report_tables
from nlp.scoring.results import Results, as_dict, dumps, misalignment_warnings


def fmt(x: float | None, width: int = 6) -> str:
    """A score for fixed-width tables: three decimals, ``-`` when undefined.

    >>> fmt(0.8125), fmt(None), fmt(1)
    (' 0.812', '     -', ' 1.000')
    """
    return f"{'-' if x is None else f'{x:.3f}':>{width}}"


def _count(x: float) -> str:
    return f"{x:g}"


def _mention_lines(corpus: Mapping[str, Any]) -> list[str]:
    m = corpus["mentions"]
    strict, values = m["schemes"]["strict"], m["values"]["labels"]
    head = f"{'label':<10}{'gold':>6}{'pred':>6}{'tp':>6}{'P':>7}{'R':>7}{'F1':>7}{'exact':>7}{'part.':>7}" \
           f"{'type':>7}{'val.acc':>8}{'val.F1':>7}"
    out = ["Mentions (strict P/R/F1; F1 of the other schemes per label; values of strict matches)", head]
    for label, s in strict["labels"].items():
        others = [m["schemes"][k]["labels"].get(label, {}).get("f1") for k in ("exact", "partial", "type")]
        v = values.get(label)
        out.append(f"{label:<10}{_count(s['tp'] + s['fn']):>6}{_count(s['tp'] + s['fp']):>6}{_count(s['tp']):>6}"
                   f"{fmt(s['precision'], 7)}{fmt(s['recall'], 7)}{fmt(s['f1'], 7)}"
                   + "".join(fmt(x, 7) for x in others)
                   + (f"{fmt(v['accuracy'], 8)}{fmt(v['prf']['f1'], 7)}" if v else ""))
    mi, ma = strict["micro"], strict["macro"]
    vm = m["values"]["micro"]
    overall = [m["schemes"][k]["overall"]["f1"] for k in ("exact", "partial", "type")]
    out.append(f"{'micro':<10}{_count(mi['tp'] + mi['fn']):>6}{_count(mi['tp'] + mi['fp']):>6}{_count(mi['tp']):>6}"
               f"{fmt(mi['precision'], 7)}{fmt(mi['recall'], 7)}{fmt(mi['f1'], 7)}"
               + "".join(fmt(x, 7) for x in overall) + f"{fmt(vm['accuracy'], 8)}{fmt(vm['prf']['f1'], 7)}")
    out.append(f"{'macro':<28}{fmt(ma['precision'], 7)}{fmt(ma['recall'], 7)}{fmt(ma['f1'], 7)}")
    out.append("(micro row: exact/partial/type are the overall scores, labels matched jointly)")
    return out


def _row_line(name: str, r: Mapping[str, Any]) -> str:
    rows, fm = r["rows"], r["fields_micro"]
    return (f"{name:<20}{_count(rows['tp'] + rows['fn']):>6}{_count(rows['tp'] + rows['fp']):>6}"
            f"{_count(rows['tp']):>6}{fmt(rows['precision'], 7)}{fmt(rows['recall'], 7)}{fmt(rows['f1'], 7)}"
            f"{fmt(fm['precision'], 7)}{fmt(fm['recall'], 7)}{fmt(fm['f1'], 7)}")


def _record_lines(corpus: Mapping[str, Any]) -> list[str]:
    rec = corpus["records"]
    head = f"{'kind':<20}{'gold':>6}{'pred':>6}{'tp':>6}{'rowP':>7}{'rowR':>7}{'rowF1':>7}{'fldP':>7}{'fldR':>7}" \
           f"{'fldF1':>7}"
    out = ["Records (rows matched by key; fields of all rows)", head]
    out += [_row_line(kind, r) for kind, r in rec["kinds"].items()]
    out.append(_row_line("micro", {"rows": rec["rows_micro"], "fields_micro": rec["fields_micro"]}))
    ma, fma = rec["rows_macro"], rec["fields_macro"]
    out.append(f"{'macro':<38}{fmt(ma['precision'], 7)}{fmt(ma['recall'], 7)}{fmt(ma['f1'], 7)}"
               f"{fmt(fma['precision'], 7)}{fmt(fma['recall'], 7)}{fmt(fma['f1'], 7)}")
    out.append(_row_line("figures", corpus["figures"]))
    return out


def _class_lines(classes: Mapping[str, Any]) -> list[str]:
    """Accuracy and macro-F1 per class task, then each task's confusion matrix (rows gold, columns predicted)."""
    if not classes:
        return ["classes: no gold"]
    out = [f"{'classes':<20}{'n':>6}{'acc':>7}{'macroF1':>8}"]
    out += [f"{task:<20}{c['n']:>6}{fmt(c['accuracy'], 7)}{fmt(c['macro_f1'], 8)}" for task, c in classes.items()]
    for task, c in classes.items():
        conf = c["confusion"]
        if not conf["labels"]:
            continue
        width = min(12, max(6, *(len(p) + 1 for p in conf["predicted"])))
        out += ["", f"confusion {task} (rows gold, columns predicted)",
                f"{'':<14}" + "".join(f"{p[:width - 1]:>{width}}" for p in conf["predicted"])]
        out += [f"{g[:13]:<14}" + "".join(f"{n:>{width}}" for n in row)
                for g, row in zip(conf["labels"], conf["matrix"])]
    return out


def _comparison(systems: Mapping[str, Any]) -> list[str]:
    names = list(systems)
    metrics = list(next(iter(systems.values()))["headline"]) if names else []
    width = max([14, *(len(n) + 2 for n in names)])
    out = [f"{'headline':<32}" + "".join(f"{n:>{width}}" for n in names)]
    for m in metrics:
        out.append(f"{m:<32}" + "".join(fmt(systems[n]["headline"].get(m), width) for n in names))
    return out


def _beside(systems: Mapping[str, Any], title: str, rows: Mapping[str, Any], path: Sequence[str],
            prf_key: str | None) -> list[str]:
    """One score per row (label or kind) and system: ours in the first column, baselines beside it."""
    names = list(systems)
    width = max([12, *(len(n) + 2 for n in names)])
    labels, values = _series(systems, path, "f1", prf_key)
    out = [title, f"{'':<20}" + "".join(f"{n:>{width}}" for n in names)]
    for i, label in enumerate(labels):
        if any(values[n][i] is not None for n in names) or label in rows:
            out.append(f"{label:<20}" + "".join(fmt(values[n][i], width) for n in names))
    return out


def _document_lines(system: Mapping[str, Any]) -> list[str]:
    """One line per document: mentions strict micro F1, record rows micro F1, key figures F1."""
    out = [f"{'document':<34}{'ment.F1':>8}{'rowsF1':>8}{'figF1':>8}"]
    for doc, block in system["documents"].items():
        out.append(f"{doc[:33]:<34}{fmt(block['mentions']['schemes']['strict']['micro']['f1'], 8)}"
                   f"{fmt(block['records']['rows_micro']['f1'], 8)}{fmt(block['figures']['rows']['f1'], 8)}")
    return out


def report_seen(key: str, learned: Sequence[str]) -> str:
    """How a real report stands to the models: its figures are in-sample when the NER learned from its gold.

    >>> report_seen("b", ["a"]), report_seen("all", ["a"])
    ('unseen by the models', 'pooled')
    >>> print(report_seen("a", ["a"]))
    in the NER's training data
    """
    if key == "all":
        return "pooled"
    return "in the NER's training data" if key in learned else "unseen by the models"


def _report_lines(systems: Mapping[str, Any], primary: str, learned: Sequence[str] = ()) -> list[str]:
    """The real reports' gold: per report (and pooled) strict P/R/F1 per label of ours, then strict F1 per label of
    every system on all reports pooled, then tables, figures and policies. Each report says whether the models
    learned from its gold (``learned``) or never saw it."""
    ours = systems[primary]
    if not ours.get("reports"):
        return []
    out = ["Real reports (annotations/reports/: whole reports of other issuers, scored by page, label and folded "
           "text)"]
    blocks = {**ours["reports"], "all": ours["reports_total"]}
    for key, r in blocks.items():
        m = r.get("mentions")
        if not m:
            continue
        out.append(f"{key} ({report_seen(key, learned)}): strict micro F1 {fmt(m['strict']['micro']['f1'])}, "
                   f"contains {fmt(m['contains']['micro']['f1'])}, values {fmt(m['values']['micro']['f1'])}")
        out.append(f"{'label':<12}{'gold':>6}{'pred':>6}{'P':>7}{'R':>7}{'F1':>7}")
        for label, prf in m["strict"]["labels"].items():
            gold, pred = prf["tp"] + prf["fn"], prf["tp"] + prf["fp"]
            if gold or pred:
                out.append(f"{label:<12}{_count(gold):>6}{_count(pred):>6}{fmt(prf['precision'], 7)}"
                           f"{fmt(prf['recall'], 7)}{fmt(prf['f1'], 7)}")
    names = [n for n in systems if systems[n].get("reports_total")]
    width = max([12, *(len(n) + 2 for n in names)])
    totals = {n: systems[n]["reports_total"] for n in names}
    out += ["", "Real reports pooled: strict F1 per label, baselines beside ours",
            f"{'':<20}" + "".join(f"{n:>{width}}" for n in names)]
    first = totals[names[0]].get("mentions") or {"strict": {"labels": {}}}
    for label in [*first["strict"]["labels"], "micro"]:
        vals = [((totals[n].get("mentions") or {}).get("strict", {}).get("labels", {}).get(label)
                 if label != "micro" else (totals[n].get("mentions") or {}).get("strict", {}).get("micro")) or {}
                for n in names]
        out.append(f"{label:<20}" + "".join(fmt(v.get("f1"), width) for v in vals))
    for part, key in (("tables", "rows"), ("tables", "cells"), ("figures", "rows"), ("policies", "rows")):
        vals = [((totals[n].get(part) or {}).get(key) or {}) for n in names]
        out.append(f"{part + ' ' + key:<20}" + "".join(fmt(v.get("f1"), width) for v in vals))
    return out + _report_figure_lines(blocks)


REPORT_FIGURE_FIELDS = ("metric", "metric_overlap", "scope", "period_start", "period_end", "qualifier")


def _report_figure_lines(blocks: Mapping[str, Any]) -> list[str]:
    """Key figures of the real reports, per report and pooled: rows P/R/F1, then the F1 of each field (a field
    counts as found when its row matched and the value is equal; metric_overlap: character-bigram Dice ≥ 0.6)."""
    scored = {key: r["figures"] for key, r in blocks.items() if r.get("figures")}
    if not scored:
        return []
    out = ["", "Real reports: key figures (rows matched by page, value, unit; F1 of each field)",
           f"{'report':<32}{'gold':>6}{'pred':>6}{'P':>7}{'R':>7}{'F1':>7}"
           + "".join(f"{name[:9]:>10}" for name in REPORT_FIGURE_FIELDS)]
    for key, figures in scored.items():
        rows, fields = figures["rows"], figures.get("fields", {})
        out.append(f"{key[:31]:<32}{_count(rows['tp'] + rows['fn']):>6}{_count(rows['tp'] + rows['fp']):>6}"
                   f"{fmt(rows['precision'], 7)}{fmt(rows['recall'], 7)}{fmt(rows['f1'], 7)}"
                   + "".join(fmt((fields.get(name) or {}).get("prf", {}).get("f1"), 10) for name in REPORT_FIGURE_FIELDS))
    return out


def render_terminal(results: Results | Mapping[str, Any]) -> str:
    """A compact fixed-width report.

    The headline figures of every system side by side; then, for the primary system (ours), mentions per
    label (strict P/R/F1, the other schemes' F1, value accuracy), records per kind, key figures,
    classifications with their confusion matrices, and one line per document; then strict F1 per label and
    row F1 per record kind of every system beside ours.

    Args:
        results: the results or their JSON form.

    Returns:
        The report text (no trailing newline).
    """
    data = as_dict(results)
    systems = data["systems"]
    out = [f"cnreport evaluation  split={data['split']}  gold={data['gold_dir']}  "
           f"schema={data['schema_version']}"]
    if data.get("gold_missing"):
        out.append("gold files missing: " + ", ".join(data["gold_missing"]))
    out += [f"system {n}: {s['pred_dir']}" + (" (ours)" if n == data["primary"] else "") for n, s in systems.items()]
    for n, s in systems.items():
        if s.get("missing_files"):
            out.append(f"{n}: missing prediction files: " + ", ".join(s["missing_files"]))
        if s.get("unscored_docs"):
            out.append(f"{n}: documents without gold, not scored: " + ", ".join(s["unscored_docs"]))
    out += [f"WARNING {line}" for line in misalignment_warnings(data)]
    out += ["", *_comparison(systems)]
    if not systems:
        return "\n".join(out)
    primary = systems[data["primary"]]
    corpus = primary["corpus"]
    out += ["", f"== {data['primary']}  (corpus)", *_mention_lines(corpus), "", *_record_lines(corpus), "",
            *_class_lines(primary["classes"]), "", "Per document", *_document_lines(primary)]
    if len(systems) > 1:
        out += ["", *_beside(systems, "Mentions strict F1 per label, baselines beside ours",
                             corpus["mentions"]["schemes"]["strict"]["labels"],
                             ("mentions", "schemes", "strict", "labels"), None),
                "", *_beside(systems, "Record rows F1 per kind (kinds with gold or predictions)",
                             {}, ("records", "kinds"), "rows")]
    reports = _report_lines(systems, data["primary"], data.get("learned_reports", []))
    return "\n".join([*out, "", *reports] if reports else out)


def render_json(results: Results | Mapping[str, Any]) -> str:
    """The JSON text of the results (UTF-8 characters kept, two-space indent, one line per error item)."""
    return dumps(as_dict(results))


def _series(systems: Mapping[str, Any], path: Sequence[str], metric: str,
            prf_key: str | None = None) -> tuple[list[str], dict[str, list[float | None]]]:
    """Row names and per-system values of ``metric`` for the mapping at ``path`` of each system's corpus.

    Args:
        systems: the systems' JSON forms; the first one fixes the rows.
        path: keys leading from ``corpus`` to a mapping of row name to scores.
        metric: ``precision``, ``recall`` or ``f1``.
        prf_key: the key of the PRF inside each row's scores (``rows`` for record kinds), if any.
    """
    def rows_of(s: Mapping[str, Any]) -> Mapping[str, Any]:
        node: Any = s["corpus"]
        for key in path:
            node = node[key]
        return node

    names = list(rows_of(next(iter(systems.values()))))
    values: dict[str, list[float | None]] = {}
    for sys_name, s in systems.items():
        node = rows_of(s)
        prfs = [node.get(k, {}) for k in names]
        values[sys_name] = [(p.get(prf_key, {}) if prf_key else p).get(metric) for p in prfs]
    return names, values


def _gold_chart(ident: str, title: str, systems: Mapping[str, Any], path: Sequence[str],
                prf_key: str | None = None) -> str:
    """An F1 bar chart of the rows with gold; the rows without gold are named under it, not drawn."""
    rows, scores = _series_prfs(systems, path, prf_key)
    empty = no_gold_rows(rows, scores)
    keep = [r for r in rows if r not in empty]
    note = (f"<p class=muted id=\"{esc(ident)}-nogold\">No gold in this split, not drawn: "
            f"{esc(', '.join(empty))} (see the table below).</p>" if empty else "")
    f1 = {n: [(s.get(r) or {}).get("f1") for r in keep] for n, s in scores.items()}
    chart = bar_chart(title, keep, f1, note)
    return chart.replace("<section class=chart>", f"<section class=chart id=\"{esc(ident)}\">", 1)


def _series_prfs(systems: Mapping[str, Any], path: Sequence[str], prf_key: str | None
                 ) -> tuple[list[str], dict[str, dict[str, Any]]]:
    """Row names and, per system, each row's PRF dict at ``path`` of the corpus (see :func:`_series`)."""
    names: list[str] = []
    out: dict[str, dict[str, Any]] = {}
    for sys_name, s in systems.items():
        node: Any = s["corpus"]
        for key in path:
            node = node[key]
        names = names or list(node)
        out[sys_name] = {k: (v.get(prf_key) if prf_key else v) for k, v in node.items()}
    return names, out


def render_html(results: Results | Mapping[str, Any], title: str = "cnreport evaluation") -> str:
    """One self-contained HTML page (inline CSS, JS and SVG; no external assets).

    It holds the summary; strict F1 per mention label and per record kind as bar charts (rows without gold named,
    not drawn); per-label tables of gold and predicted counts, P, R and F1 for each mention scheme (strict, exact,
    partial, type), for the record kinds and for the real reports' gold (per report and pooled), every system
    beside ours; the class confusion matrices of the primary system; and every error with its line text, the
    span marked at its offsets, in a table that filters, searches, sorts and pages (the whole table is in the
    HTML, so it reads without JavaScript). All text is HTML-escaped.
    """
    data = as_dict(results)
    systems = data["systems"]
    sections = [summary_table(data)]
    links = [("summary", "Summary")]
    if systems:
        sections += [_gold_chart("chart-mentions", "Mentions per label, strict F1", systems,
                                 ("mentions", "schemes", "strict", "labels")),
                     mention_tables(systems),
                     _gold_chart("chart-records", "Record rows per kind, F1", systems, ("records", "kinds"), "rows"),
                     record_tables(systems)]
        links += [("mentions", "Mentions per label"), ("records", "Record kinds")]
        reports = report_tables(systems, data.get("learned_reports", []))
        if reports:
            sections.append(reports)
            links.append(("reports", "Real reports"))
        primary = systems[data["primary"]]
        classes = [confusion_table(task, c) for task, c in primary["classes"].items()]
        if classes:
            sections.append(f"<div id=classes>{''.join(classes)}</div>")
            links.append(("classes", "Classes"))
    sections.append(error_section(systems))
    links.append(("errors-section", "Errors"))
    return page(title, data, [contents(links), *sections], ERRORS_JS)
