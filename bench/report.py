"""Render a benchmark result (the JSON saved in ``bench/results/``) as a plain-text table."""
from __future__ import annotations

from typing import Any

from bench.stages import STAGES


def _fmt(value: Any, digits: int = 2) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _table(header: list[str], rows: list[list[Any]]) -> list[str]:
    cells = [[_fmt(c) for c in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(header)]
    line = lambda values: "  ".join(v.rjust(w) if i else v.ljust(w) for i, (v, w) in enumerate(zip(values, widths)))  # noqa: E731
    return [line(header), line(["-" * w for w in widths]), *(line(r) for r in cells)]


def extraction_rows(result: dict[str, Any]) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for item in result.get("extraction", {}).get("runs", []):
        name = f"{item['tool']} {item['input']}"
        if "pending" in item:
            rows.append([name, "pending", None, None, None, None, None, None, None, None, None])
            continue
        cold = item.get("cold", {})
        rows.append([name, item["best_s"], item["median_s"], item.get("cpu_best_s"), item["pages_per_s"], item["chars_per_s"],
                     item["tracemalloc_peak_mib"], cold.get("cold_total_s"), cold.get("cpu_s"), cold.get("peak_rss_mib"),
                     cold.get("tree_peak_pss_mib")])
        for stage in STAGES if "stages" in item else ():
            s = item["stages"][stage]
            rows.append([f"  {stage}", s["best_s"], s["median_s"], s.get("cpu_best_s"), s["pages_per_s"], s["chars_per_s"],
                         s["tracemalloc_peak_mib"], None, None, None, None])
    return rows


def side_by_side_lines(name: str, pairs: dict[str, Any]) -> list[str]:
    """The side-by-side rounds: pdfminer, cnreport in one process, cnreport shared between processes."""
    one = pairs.get("one_process")
    shared = f"--processes {pairs.get('processes', 0)} ({pairs.get('cores', '?')} cores)"
    lines = [f"side by side ({pairs['pairs']} alternating rounds, {name}): pdfminer {pairs['pdfminer_best_s']} s "
             f"(cpu {pairs['pdfminer_cpu_best_s']})"]
    for label, r in ([("cnreport, one process", one)] if one else []) + [(f"cnreport, {shared}" if one else "cnreport",
                                                                           pairs)]:
        lines.append(f"  {label}: {r['cnreport_best_s']} s (cpu {r['cnreport_cpu_best_s']}): {r['ratio_best']}x best, "
                     f"{r['ratio_median']}x median (cpu {r['ratio_cpu_best']}x, {r['ratio_cpu_median']}x; aim <= "
                     f"{pairs['target']}x)")
    return lines


def render(result: dict[str, Any]) -> str:
    """The whole result as text: extraction table, ratios, normalize, batch, models."""
    m = result["machine"]
    out = [f"cnreport bench  {m['date_utc']}  {m['cpu_count']} CPU ({m['cpu_model']})  Python {m['python']}  "
           f"load {m['load_average']}  repeats={result['repeats']} (best and median)"]
    if "startup" in result:
        from bench.startup import render as render_startup
        out += ["", *render_startup(result["startup"])]
    if "extraction" in result:
        ex = result["extraction"]
        init = ex["init"]
        out += ["", f"init (once per process): {init['init_s']} s (pipeline {init['pipeline_s']} s + warm-up "
                    f"{init['warm_up_s']} s), NER shipped: {init['has_ner']}"]
        out += _table(["extraction", "best s", "median s", "cpu s", "pages/s", "chars/s", "trace MiB", "cold s", "cold cpu", "RSS MiB",
                       "tree MiB"],
                      extraction_rows(result))
        for name, r in ex.get("ratios", {}).items():
            out.append(f"ratio cnreport/pdfminer ({name}): " + ("pending" if r.get("pending") else
                       f"warm time {r['warm_time']}x (cpu {r.get('warm_cpu', '-')}x), cold time {r['cold_time']}x (cpu {r.get('cold_cpu', '-')}x), peak RSS {r.get('peak_rss', '-')}x (target <= {r['target_time']}x)"))
            pairs = r.get("side_by_side")
            if pairs:
                out += side_by_side_lines(name, pairs)
        for item in ex.get("runs", []):
            if "stages_match_pipeline" in item and not item["stages_match_pipeline"]:
                out.append(f"WARNING: a timed run differs from an untimed Pipeline.run on {item['input']}")
            if item.get("same_with_one_process") is False:
                out.append(f"WARNING: the extraction shared between processes differs from one process on {item['input']}")
    if "normalize" in result:
        n = result["normalize"]
        rows = [[kind, n[kind]["gold_expressions"], n[kind]["expressions"], n[kind]["api"]["best_s"],
                 n[kind]["api"]["expressions_per_s"], n[kind]["api"]["unreadable_share"], n[kind]["cli"]["wall_s"],
                 n[kind]["cli"]["expressions_per_s"], n[kind]["cli"]["expressions_per_s_after_startup"]]
                for kind in ("date", "amount")]
        out += ["", *_table(["normalize", "gold", "exprs", "api s", "api/s", "unread", "cli s", "cli/s", "cli/s-startup"], rows),
                f"target > {n['target_per_s']:,}/s"]
    if "batch" in result:
        rows = []
        for b in result["batch"]:
            if "pending" in b:
                rows.append([b["input"], "pending", None, None, None, None, None])
                continue
            rows += [[f"{b['input']} x{b['copies']}", r["workers"], r["wall_s"], r.get("cpu_s"), r["docs_per_s"], r["pages_per_s"],
                      r["exit"]] for r in b["runs"]]
        out += ["", *_table(["batch", "workers", "wall s", "cpu s", "docs/s", "pages/s", "exit"], rows)]
    if "models" in result:
        models = result["models"]
        rows = [[name, f.get("size_mib"), f.get("train_s")] for name, f in models.get("shipped", {}).items()]
        out += ["", *(_table(["model", "size MiB", "train s"], rows) if rows else ["models: none shipped in models/"])]
        if "train" in models:
            t = models["train"]
            out.append(f"cnreport train: {t['wall_s']} s (exit {t['exit']})")
    return "\n".join(out)
