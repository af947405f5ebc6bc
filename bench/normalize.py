"""Benchmark 3: ``normalize`` throughput over the gold date and amount expressions (API and command line)."""
from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.measure import REPO, child_env, repeat

GOLD = REPO / "annotations" / "mentions.jsonl"
KINDS = {"date": ("DATE",), "amount": ("MONEY", "PERCENT", "QUANTITY")}
TARGET_PER_S = 10_000


def gold_expressions(kind: str, path: Path = GOLD) -> list[str]:
    """The texts of the gold spans of a kind (date: DATE; amount: MONEY, PERCENT, QUANTITY), in file order."""
    labels = KINDS[kind]
    texts = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            texts.extend(span["text"] for span in json.loads(line)["spans"] if span["label"] in labels)
    return texts


def repeated_to(texts: list[str], minimum: int) -> list[str]:
    """``texts`` repeated until there are at least ``minimum``."""
    return texts * (-(-minimum // len(texts))) if texts else []


def bench_api(kind: str, expressions: list[str], repeats: int) -> dict[str, Any]:
    from nlp.api import normalize
    timing, rows = repeat(lambda: normalize(expressions, kind), repeats)
    unread = sum(1 for row in rows if "reason" in row)
    return {**timing.as_dict(), "expressions_per_s": round(len(expressions) / timing.best),
            "unreadable_share": round(unread / len(expressions), 4)}


def bench_cli(kind: str, expressions: list[str]) -> dict[str, Any]:
    """One ``cnreport normalize --kind KIND`` subprocess over stdin (start-up included, and reported apart)."""
    stdin = "\n".join(expressions) + "\n"
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "nlp", "normalize", "--kind", kind], input=stdin, capture_output=True,
                          text=True, cwd=REPO, env=child_env(), timeout=600)
    wall = time.perf_counter() - start
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "nlp", "normalize", "--kind", kind, "2022年"], capture_output=True,
                   cwd=REPO, env=child_env(), timeout=600)
    startup = time.perf_counter() - start
    lines = done.stdout.count("\n")
    return {"wall_s": round(wall, 3), "startup_s": round(startup, 3), "output_lines": lines, "exit": done.returncode,
            "expressions_per_s": round(len(expressions) / wall),
            "expressions_per_s_after_startup": round(len(expressions) / max(wall - startup, 1e-9))}


def bench_normalize(minimum: int, repeats: int) -> dict[str, Any]:
    """Throughput of date and amount normalization, API and CLI."""
    out: dict[str, Any] = {"target_per_s": TARGET_PER_S}
    for kind in KINDS:
        unique = gold_expressions(kind)
        expressions = repeated_to(unique, minimum)
        out[kind] = {"gold_expressions": len(unique), "expressions": len(expressions),
                     "api": bench_api(kind, expressions, repeats), "cli": bench_cli(kind, expressions)}
    return out
