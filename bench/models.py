"""Benchmark 5: model sizes and training time (from ``models/*/meta.json``; ``--train`` times a real training)."""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.measure import MIB, REPO, child_env

MODELS = REPO / "models"
TIME_KEYS = ("train_seconds", "train_s", "training_seconds", "seconds", "elapsed_s", "duration_s")


def folder_mib(folder: Path) -> float:
    """Size of every file under ``folder``, MiB."""
    return round(sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / MIB, 2)


def model_facts(folder: Path) -> dict[str, Any]:
    """Size, and what ``meta.json`` says about training time and version, of one model folder."""
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    facts: dict[str, Any] = {"size_mib": folder_mib(folder)}
    for key in TIME_KEYS:
        if isinstance(meta.get(key), (int, float)):
            facts["train_s"] = meta[key]
            break
    for key in ("version", "name", "created", "seed"):
        if key in meta:
            facts[key] = meta[key]
    return facts


def shipped_models(models: Path = MODELS) -> dict[str, Any]:
    """Every ``models/NAME/meta.json`` folder; an empty dict when nothing has been trained."""
    if not models.is_dir():
        return {}
    return {meta.parent.name: model_facts(meta.parent) for meta in sorted(models.glob("*/meta.json"))}


def time_training() -> dict[str, Any]:
    """``cnreport train --out TMP --quiet`` in a subprocess (slow): wall time and the sizes of what it wrote."""
    with tempfile.TemporaryDirectory(prefix="cnreport-bench-train-") as out:
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "nlp", "train", "--out", out, "--quiet"], capture_output=True,
                              text=True, cwd=REPO, env=child_env(), timeout=3600)
        wall = time.perf_counter() - start
        result: dict[str, Any] = {"wall_s": round(wall, 1), "exit": done.returncode, "models": shipped_models(Path(out))}
    if done.returncode != 0:
        result["stderr"] = done.stderr.strip().splitlines()[-3:]
    return result
