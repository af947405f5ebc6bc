"""Pieces of the HTML report: page shell, contents, summary, inline-SVG bar charts, confusion tables.

Every piece of text from results goes through :func:`esc`. The page has no external assets: CSS and JS are
inline, charts are inline SVG. The page's script (the error table's, :mod:`nlp.scoring.html_errors`) ends by
marking the page with ``data-js-ready="1"`` on ``<body>`` and a hidden ``<div id="js-ok">``; a script error adds
``<div id="js-error">`` instead.
"""
from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

from nlp.scoring.results import misalignment_warnings

#: System colours, ours first.
PALETTE = ("#1f6fb2", "#e07b39", "#3a9d5d", "#8e5ab5", "#c0392b", "#7f8c8d")

CSS = """
body{font:14px/1.45 system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:24px;color:#222}
h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ddd;padding:3px 7px;vertical-align:top}
th{background:#f4f4f4;text-align:left}td.num{text-align:right;font-variant-numeric:tabular-nums}
.legend span{display:inline-block;margin-right:14px}.legend i{display:inline-block;width:12px;height:12px;
margin-right:4px;vertical-align:-1px}.chart{margin:6px 0 18px}
#errors td.line{min-width:300px;max-width:520px;color:#555}#errors mark{background:#ffe08a}
.fp{color:#b03a2e}.fn{color:#7d3c98}.value,.field,.class{color:#9a7d0a}
.filters label{margin-right:14px}.muted{color:#777}.warn{color:#a40000;font-weight:bold}
table.prf th.sys{text-align:center}table.prf tr.total th,table.prf tr.total td{background:#fafafa}
#controls{margin:8px 0;line-height:2}#errors thead th{cursor:pointer;white-space:nowrap}
#errors th[aria-sort=ascending]::after{content:" ▲"}#errors th[aria-sort=descending]::after{content:" ▼"}
ul.nogold{margin-top:2px}nav#contents a{margin-right:12px}
"""

#: Run last: marks the page as scripted (what the headless-browser tests look for).
READY_JS = """
document.body.setAttribute('data-js-ready','1');
(function(){var ok=document.createElement('div'); ok.id='js-ok'; ok.hidden=true; document.body.appendChild(ok);})();
"""

#: Registered first, in ``<head>``: a script error anywhere leaves ``<div id="js-error">`` with its message
#: (what the headless-browser test looks for, beside the ``js-ok`` marker the main script adds last).
ONERROR_JS = """
window.onerror=function(msg,src,line){
  var d=document.createElement('div'); d.id='js-error'; d.textContent=String(msg)+' (line '+line+')';
  (document.body||document.documentElement).appendChild(d);
};
"""

SUMMARY_NAMES = {
    "mentions.strict.micro.f1": "Mentions strict micro F1",
    "mentions.strict.macro.f1": "Mentions strict macro F1",
    "mentions.partial.overall.f1": "Mentions partial F1 (all labels jointly)",
    "mentions.values.micro.f1": "Values F1 (strict match + right value)",
    "mentions.values.micro.accuracy": "Value accuracy on strict matches",
    "records.rows.micro.f1": "Record rows micro F1",
    "records.fields.micro.f1": "Record fields micro F1",
    "figures.rows.f1": "Key figures F1",
    "figures.fields.micro.f1": "Key figure fields F1",
    "reports.mentions.strict.micro.f1": "Real reports: mentions strict micro F1",
    "reports.mentions.contains.micro.f1": "Real reports: mentions contains micro F1",
    "reports.mentions.values.micro.f1": "Real reports: values F1",
    "reports.tables.rows.f1": "Real reports: table rows F1",
    "reports.tables.cells.f1": "Real reports: table cells F1",
    "reports.figures.rows.f1": "Real reports: key figures F1",
    "classes.domain.accuracy": "Paragraph domain accuracy",
    "classes.domain.macro_f1": "Paragraph domain macro-F1",
    "classes.topic.accuracy": "Paragraph topic accuracy",
    "classes.topic.macro_f1": "Paragraph topic macro-F1",
    "classes.org_type.accuracy": "ORG type accuracy",
    "classes.org_type.macro_f1": "ORG type macro-F1",
}


def esc(value: Any) -> str:
    """HTML-escaped text (quotes too); ``None`` is empty.

    >>> esc('<b>"链"&</b>'), esc(None)
    ('&lt;b&gt;&quot;链&quot;&amp;&lt;/b&gt;', '')
    """
    return "" if value is None else html.escape(str(value), quote=True)


def _score(x: float | None) -> str:
    return "–" if x is None else f"{x:.3f}"


def page(title: str, data: Mapping[str, Any], sections: Sequence[str], script: str = "") -> str:
    """The whole document around ``sections`` (already-escaped HTML fragments), ``script`` run at the end."""
    head = (f"<p>Split <b>{esc(data.get('split'))}</b>, gold <code>{esc(data.get('gold_dir'))}</code>, "
            f"schema {esc(data.get('schema_version'))}, primary system <b>{esc(data.get('primary'))}</b>.</p>")
    systems = "".join(f"<li><b>{esc(n)}</b>: {esc(s.get('pred_dir'))}</li>" for n, s in data.get("systems", {}).items())
    head += f"<ul id=systems>{systems}</ul>"
    head += "".join(f"<p class=muted>{esc(n)}</p>" for n in data.get("notes", []))
    if data.get("gold_missing"):
        head += f"<p class=muted>Gold files missing: {esc(', '.join(data['gold_missing']))}</p>"
    return ("<!DOCTYPE html>\n<html lang=\"zh\"><head><meta charset=\"utf-8\">"
            f"<title>{esc(title)}</title><script>{ONERROR_JS}</script><style>{CSS}</style></head>\n"
            f"<body>\n<h1>{esc(title)}</h1>\n{head}\n"
            + "\n".join(sections) + f"\n<script>{script}{READY_JS}</script>\n</body></html>\n")


def _legend(names: Sequence[str]) -> str:
    items = "".join(f"<span><i style=\"background:{PALETTE[i % len(PALETTE)]}\"></i>{esc(n)}</span>"
                    for i, n in enumerate(names))
    return f"<div class=legend>{items}</div>"


def summary_table(data: Mapping[str, Any]) -> str:
    """The summary: headline figures, one column per system (ours first)."""
    systems = data.get("systems", {})
    names = list(systems)
    metrics = list(next(iter(systems.values()))["headline"]) if names else []
    head = "".join(f"<th>{esc(n)}</th>" for n in names)
    rows = []
    for m in metrics:
        cells = "".join(f"<td class=num>{_score(systems[n]['headline'].get(m))}</td>" for n in names)
        rows.append(f"<tr><th title=\"{esc(m)}\">{esc(SUMMARY_NAMES.get(m, m))}</th>{cells}</tr>")
    notes = "".join(f"<p class=muted>{esc(n)}: missing prediction files: {esc(', '.join(s['missing_files']))}</p>"
                    for n, s in systems.items() if s.get("missing_files"))
    notes += "".join(f"<p class=warn>Warning: {esc(line)}</p>" for line in misalignment_warnings(data))
    return (f"<section id=summary><h2>Summary</h2><table><thead><tr><th>figure</th>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>{notes}</section>")


def contents(links: Sequence[tuple[str, str]]) -> str:
    """Links to the page's sections: ``(id, title)`` pairs."""
    return "<nav id=contents>" + "".join(f"<a href=\"#{esc(i)}\">{esc(t)}</a>" for i, t in links) + "</nav>"


def bar_chart(title: str, rows: Sequence[str], values: Mapping[str, Sequence[float | None]], note: str = "") -> str:
    """A horizontal bar chart (inline SVG): one group per row, one bar per system, scale 0–1; ``note`` (HTML)
    under it. A missing value is written ``n/a``: callers leave out the rows without gold and say so in ``note``."""
    systems = list(values)
    bar, gap, left, width = 11, 8, 130, 420
    group = bar * len(systems) + gap
    height = group * len(rows) + 24
    parts = [f"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{left + width + 60}\" height=\"{height}\" "
             f"role=\"img\" aria-label=\"{esc(title)}\">"]
    for t in (0, 0.5, 1):
        x = left + t * width
        parts.append(f"<line x1=\"{x}\" x2=\"{x}\" y1=\"0\" y2=\"{height - 18}\" stroke=\"#ddd\"/>"
                     f"<text x=\"{x}\" y=\"{height - 4}\" font-size=\"10\" text-anchor=\"middle\">{t:g}</text>")
    for r, name in enumerate(rows):
        y0 = r * group
        parts.append(f"<text x=\"{left - 6}\" y=\"{y0 + group / 2}\" font-size=\"11\" text-anchor=\"end\">"
                     f"{esc(name)}</text>")
        for s, sys_name in enumerate(systems):
            v = values[sys_name][r]
            y = y0 + s * bar
            if v is None:
                parts.append(f"<text x=\"{left + 3}\" y=\"{y + bar - 2}\" font-size=\"9\" fill=\"#999\">n/a</text>")
                continue
            parts.append(f"<rect x=\"{left}\" y=\"{y}\" width=\"{v * width:.1f}\" height=\"{bar - 1}\" "
                         f"fill=\"{PALETTE[s % len(PALETTE)]}\"><title>{esc(sys_name)} {esc(name)}: "
                         f"{v:.3f}</title></rect><text x=\"{left + v * width + 3:.1f}\" y=\"{y + bar - 2}\" "
                         f"font-size=\"9\">{v:.2f}</text>")
    parts.append("</svg>")
    return f"<section class=chart><h2>{esc(title)}</h2>{_legend(systems)}{''.join(parts)}{note}</section>"


def confusion_table(task: str, scores: Mapping[str, Any]) -> str:
    """A class task's accuracy, macro-F1 and confusion matrix (rows gold, columns predicted)."""
    conf = scores["confusion"]
    head = "".join(f"<th>{esc(p)}</th>" for p in conf["predicted"])
    body = "".join(f"<tr><th>{esc(g)}</th>" + "".join(f"<td class=num>{c}</td>" for c in row) + "</tr>"
                   for g, row in zip(conf["labels"], conf["matrix"]))
    return (f"<section><h2>Classes: {esc(task)}</h2><p>n={scores['n']}, accuracy {_score(scores['accuracy'])}, "
            f"macro-F1 {_score(scores['macro_f1'])}</p><table><thead><tr><th>gold \\ predicted</th>{head}</tr>"
            f"</thead><tbody>{body}</tbody></table></section>")
