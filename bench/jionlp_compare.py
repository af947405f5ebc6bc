"""Benchmark 5: cnreport's normalizers beside JioNLP 1.5.31 (the bench extra) on the same inputs, in one run.

Accuracy on the held-aside cases of ``bench/data/heldout_money.tsv`` and ``heldout_dates.tsv`` (whole days; written
after the normalizers and never used to tune them), and speed over the same inputs (expressions per second, best of
the repetitions). JioNLP is optional: without it the section says so and measures cnreport alone.

    pip install -e '.[bench]'         # JioNLP 1.5.31
    python -m bench --only jionlp
"""
from __future__ import annotations

import csv
import io
import os
import time
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from bench.measure import REPO, repeat

DATA = REPO / "bench" / "data"
REFERENCE = (2022, 6, 15)
#: JioNLP's currency names (its ``case`` field) → ISO 4217, for comparing with cnreport's codes.
JIONLP_CURRENCY = {"元": "CNY", "人民币": "CNY", "美元": "USD", "港元": "HKD", "港币": "HKD", "日元": "JPY", "欧元": "EUR",
                   "英镑": "GBP", "韩元": "KRW", "卢布": "RUB", "新台币": "TWD", "台币": "TWD", "美分": "USD"}


def read_cases(name: str) -> list[dict[str, str]]:
    """Rows of a held-aside table (``#`` lines are comments)."""
    text = "\n".join(line for line in (DATA / name).read_text(encoding="utf-8").splitlines() if not line.startswith("#"))
    return list(csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE))


def _decimal(text: Any) -> Decimal | None:
    try:
        return Decimal(str(text)) if text not in (None, "") else None
    except InvalidOperation:
        return None


def cnreport_money(text: str) -> tuple[Decimal | None, Decimal | None, str | None]:
    """cnreport's reading through the function ``cnreport normalize --kind amount`` calls (as JioNLP's is its
    ``parse_money`` function)."""
    from nlp.normalizers.amounts import read_amount
    amount = read_amount(text)
    return (amount.lower, amount.upper, amount.currency) if amount is not None else (None, None, None)


def cnreport_date(text: str) -> tuple[str | None, str | None]:
    from nlp.normalizers.dates import parse_date
    value = parse_date(text, REFERENCE[0])
    return (value.start, value.end) if value is not None else (None, None)


def jionlp_module() -> Any | None:
    """JioNLP when installed (its import prints a banner to stdout; kept quiet), else ``None``."""
    try:
        import contextlib
        with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink):
            import jionlp
        return jionlp
    except ImportError:
        return None


def jionlp_money(jio: Any) -> Callable[[str], tuple[Decimal | None, Decimal | None, str | None]]:
    def read(text: str) -> tuple[Decimal | None, Decimal | None, str | None]:
        try:
            found = jio.parse_money(text)
        except Exception:  # JioNLP raises on what it cannot read
            return None, None, None
        num, definition = found.get("num"), found.get("definition", "")
        currency = JIONLP_CURRENCY.get(found.get("case", ""), found.get("case"))
        if isinstance(num, list):
            return _decimal(num[0]), _decimal(num[1]), currency
        value = _decimal(num)
        if definition == "blur-":
            return None, value, currency
        if definition == "blur+":
            return value, None, currency
        return value, value, currency
    return read


def jionlp_date(jio: Any) -> Callable[[str], tuple[str | None, str | None]]:
    base = time.mktime((*REFERENCE, 12, 0, 0, 0, 0, -1))

    def read(text: str) -> tuple[str | None, str | None]:
        try:
            found = jio.parse_time(text, time_base=base)
        except Exception:
            return None, None
        span = found.get("time") if isinstance(found, dict) else None
        if not span or not isinstance(span[0], str):
            return None, None
        return span[0][:10], span[1][:10]
    return read


def money_expected(row: dict[str, str]) -> tuple[Decimal | None, Decimal | None, str | None]:
    return _decimal(row["min"]), _decimal(row["max"]), row["currency"] or None


def _same_money(got: tuple[Decimal | None, Decimal | None, str | None],
                want: tuple[Decimal | None, Decimal | None, str | None]) -> bool:
    return got == want


def accuracy(cases: list[dict[str, str]], read: Callable[[str], Any], expected: Callable[[dict[str, str]], Any]) -> dict[str, Any]:
    wrong = [row["text"] for row in cases if read(row["text"]) != expected(row)]
    return {"cases": len(cases), "right": len(cases) - len(wrong), "accuracy": round(1 - len(wrong) / len(cases), 4),
            "wrong": wrong}


def speed_inputs(kind: str) -> list[str]:
    """Distinct texts to time: the held-aside cases, the form tables and the first report's gold expressions."""
    tables = {"money": ("heldout_money.tsv", "normalize_money_forms.tsv", "normalize_amounts.tsv"),
              "date": ("heldout_dates.tsv", "normalize_date_forms.tsv", "normalize_dates.tsv")}[kind]
    texts: list[str] = []
    for name in tables:
        path = DATA / name if (DATA / name).exists() else REPO / "tests" / "data" / name
        text = "\n".join(line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#"))
        texts.extend(row["text"] for row in csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE))
    return list(dict.fromkeys(texts))


def clear_caches() -> None:
    """cnreport's result caches emptied, so that a pass sees every text for the first time."""
    from nlp.normalizers.amounts import parse_amount, read_amount
    from nlp.normalizers.dates import parse_date
    parse_amount.cache_clear()
    read_amount.cache_clear()
    parse_date.cache_clear()


def throughput(read: Callable[[str], Any], inputs: list[str], repeats: int, copies: int) -> dict[str, Any]:
    """``cold``: one pass over distinct texts, each seen for the first time (cnreport's caches cleared; best of
    ``repeats`` passes); ``warm``: the texts ``copies`` times over, as a report repeats its expressions."""
    def cold_pass() -> None:
        clear_caches()
        start = time.perf_counter()
        for text in inputs:
            read(text)
        seconds.append(time.perf_counter() - start)
    seconds: list[float] = []
    for _ in range(repeats):
        cold_pass()
    warm_inputs = inputs * copies
    timing, _ = repeat(lambda: [read(text) for text in warm_inputs], repeats)
    return {"expressions": len(inputs), "cold_best_s": round(min(seconds), 4),
            "cold_per_s": round(len(inputs) / min(seconds)), "warm_expressions": len(warm_inputs),
            "warm_best_s": round(timing.best, 4), "warm_per_s": round(len(warm_inputs) / timing.best)}


def bench_jionlp(repeats: int, copies: int = 10) -> dict[str, Any]:
    """Accuracy and speed of cnreport and (when installed) JioNLP on the held-aside money and date cases."""
    money, dates = read_cases("heldout_money.tsv"), read_cases("heldout_dates.tsv")
    date_expected: Callable[[dict[str, str]], Any] = lambda row: (row["start"], row["end"])  # noqa: E731
    systems: dict[str, tuple[Callable[[str], Any], Callable[[str], Any]]] = {"cnreport": (cnreport_money, cnreport_date)}
    jio = jionlp_module()
    if jio is not None:
        systems["jionlp"] = (jionlp_money(jio), jionlp_date(jio))
    out: dict[str, Any] = {"jionlp_version": getattr(jio, "__version__", "installed") if jio else "not installed (pip install -e '.[bench]')"}
    for name, (read_money, read_date) in systems.items():
        read_money(money[0]["text"]), read_date(dates[0]["text"])  # warm: tables and dictionaries loaded
        out[name] = {
            "money": accuracy(money, read_money, money_expected) | {"speed": throughput(read_money, speed_inputs("money"), repeats, copies)},
            "date": accuracy(dates, read_date, date_expected) | {"speed": throughput(read_date, speed_inputs("date"), repeats, copies)},
        }
    if jio is not None:
        out["speedup"] = {f"{kind}_{mode}": round(out["cnreport"][kind]["speed"][f"{mode}_per_s"]
                                                  / out["jionlp"][kind]["speed"][f"{mode}_per_s"], 1)
                          for kind in ("money", "date") for mode in ("cold", "warm")}
    return out


def render(result: dict[str, Any]) -> str:
    lines = [f"jionlp: {result['jionlp_version']}", "system    kind   right/cases  accuracy  cold expr/s  warm expr/s"]
    for name in ("cnreport", "jionlp"):
        for kind in ("money", "date"):
            if name in result:
                r = result[name][kind]
                lines.append(f"{name:9} {kind:6} {r['right']:>5}/{r['cases']:<5} {r['accuracy']:>8.3f}  "
                             f"{r['speed']['cold_per_s']:>11,}  {r['speed']['warm_per_s']:>11,}")
    if "speedup" in result:
        lines.append("speed-up cnreport / JioNLP: " + ", ".join(f"{k} {v}x" for k, v in result["speedup"].items()))
    return "\n".join(lines)


if __name__ == "__main__":
    import json
    import sys
    result = bench_jionlp(3)
    print(render(result))
    for name in ("cnreport", "jionlp"):
        for kind in ("money", "date"):
            if name in result:
                print(name, kind, "wrong:", json.dumps(result[name][kind]["wrong"], ensure_ascii=False), file=sys.stderr)
