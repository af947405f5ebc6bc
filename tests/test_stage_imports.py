"""The stages import one way: the import graph of ``nlp/**.py`` (read with ``ast``, every ``import`` and
``from … import`` at any depth, lazy and ``TYPE_CHECKING`` ones too) has no cycle between stage folders and no arrow
from a stage to a later one (an earlier stage never needs a later one; the data flows
ingest → text → segment → normalizers → extractors → records → classify → pipeline → scoring).

Placed beside the stage folders:

- ``nlp.models_io`` at *segment*: it loads the saved spaCy pipelines, which needs the jieba tokenizer of
  ``nlp/segment`` registered, and nothing later;
- ``nlp.pipeline`` and ``nlp.api`` as *pipeline*, after classify: they put the stages together; only scoring (its
  in-process baselines) may call them.

Shared leaves, importable from every stage because they hold no stage's logic and import no stage module: ``nlp.errors``
(the coded errors), ``nlp.data`` and ``nlp.data.terms`` (data files read through importlib.resources, and the term
lists they hold), ``nlp.options`` (the validated options and ``Mode``), ``nlp.processes`` (shares of one document's
work in forked processes: ingest lays out pages with it, the pipeline runs sentences) and ``nlp.records.schema`` (the
one schema of typed records that normalizers, extractors and records all produce). The test checks that they stay leaves.
Not placed (and not checked): ``nlp.cli``, ``nlp.train``, ``nlp.interop`` (annotation tool formats: it reads the
report texts of ingest and view and tokenizes with segment) and ``nlp.__main__``, which sit on top of everything.
"""
from __future__ import annotations

import ast
from functools import lru_cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "nlp"
STAGES = ("ingest", "text", "segment", "normalizers", "extractors", "records", "classify", "pipeline", "scoring")
PLACED = {"nlp.models_io": "segment", "nlp.pipeline": "pipeline", "nlp.api": "pipeline"}
SHARED = frozenset({"nlp.errors", "nlp.data", "nlp.data.terms", "nlp.options", "nlp.processes", "nlp.records.schema"})
#: Known arrows back (stage -> reason), each a strict xfail: none left (the caption, heading and source patterns
#: moved from text/blocks.py to nlp/data/blocks.yaml, read by ingest, which builds the document model).
KNOWN_BACK: dict[str, str] = {}
KNOWN_CYCLE: dict[str, str] = {**KNOWN_BACK}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path) -> set[str]:
    """The ``nlp.…`` modules a file imports (for ``from X import y``: ``X.y`` when that is a module, else ``X``)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[:len(package.split(".")) - node.level + 1] if node.level else []
            target = ".".join(base + ([node.module] if node.module else []))
            for alias in node.names:
                out.add(f"{target}.{alias.name}" if f"{target}.{alias.name}" in modules() else target)
    return {m for m in out if m == "nlp" or m.startswith("nlp.")}


@lru_cache(maxsize=1)
def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(ROOT.rglob("*.py"))}


def stage_of(module: str) -> str | None:
    if module in PLACED:
        return PLACED[module]
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in STAGES else None


@lru_cache(maxsize=1)
def arrows() -> tuple[tuple[str, str, str, str], ...]:
    """(source stage, target stage, source module, target module) for every import between two stages."""
    out = []
    for name, path in modules().items():
        source = stage_of(name)
        if source is None or name in SHARED:
            continue
        for target in sorted(imported(path) - SHARED):
            stage = stage_of(target)
            if stage is not None and stage != source:
                out.append((source, stage, name, target))
    return tuple(out)


def cases(known: dict[str, str]) -> list[object]:
    return [pytest.param(s, marks=pytest.mark.xfail(strict=True, reason=known[s])) if s in known else s
            for s in STAGES]


@pytest.mark.parametrize("stage", cases(KNOWN_BACK), ids=STAGES)
def test_stage_imports_no_later_stage(stage: str) -> None:
    back = [f"{m} -> {t}" for s, d, m, t in arrows() if s == stage and STAGES.index(d) > STAGES.index(s)]
    assert not back, f"{stage} imports a later stage: {back}"


@pytest.mark.parametrize("stage", cases(KNOWN_CYCLE), ids=STAGES)
def test_no_import_cycle_through_stage(stage: str) -> None:
    graph: dict[str, set[str]] = {}
    for source, target, _, _ in arrows():
        graph.setdefault(source, set()).add(target)
    seen, todo = set(), list(graph.get(stage, ()))
    while todo:
        current = todo.pop()
        if current not in seen:
            seen.add(current)
            todo.extend(graph.get(current, ()))
    assert stage not in seen, f"a cycle of stage imports passes through {stage}"


@pytest.mark.parametrize("leaf", sorted(SHARED))
def test_shared_module_is_a_leaf(leaf: str) -> None:
    path = modules()[leaf]
    assert imported(path) <= SHARED | {"nlp"}, f"{leaf} imports {sorted(imported(path) - SHARED)}"


@pytest.mark.parametrize(("module", "expected"), [
    ("nlp.extractors.rules.gazetteer", {"nlp.data.terms", "nlp.segment.sentences", "nlp.segment.terms",
                                        "nlp.extractors.base"}),
    ("nlp.segment.features", {"nlp.data.terms", "nlp.segment.terms"}),
], ids=["relative-imports", "segment-reads-data-terms"])
def test_imports_are_resolved(module: str, expected: set[str]) -> None:
    assert imported(modules()[module]) == expected
