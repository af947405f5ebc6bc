"""The benchmark harness (bench/) measures what it claims: stage-by-stage extraction equals ``Pipeline.run``, batch
copies are distinct documents, the normalize inputs are the gold expressions, and a saved result renders."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from bench.batch import make_copies
from bench.normalize import gold_expressions, repeated_to
from bench.report import render
from bench.stages import STAGES, run_stages, timed_clock
from nlp.api import pipeline_for
from nlp.options import ExtractOptions

REPO = Path(__file__).resolve().parents[2]
TXT = REPO / "corpus" / "cn-blockchain-2022-2023.txt"
PDF = REPO / "corpus" / "cn-blockchain-2022-2023.pdf"
EXCERPT = "\n".join(TXT.read_text(encoding="utf-8").splitlines()[:60])  # title page, credits, foreword


def test_stage_by_stage_equals_pipeline_run(tmp_path: Path) -> None:
    from nlp.ingest.textfile import read_text_file
    path = tmp_path / "excerpt.txt"
    path.write_text(EXCERPT, encoding="utf-8")
    pipeline = pipeline_for(ExtractOptions())
    wall: dict[str, float] = {}
    cpu: dict[str, float] = {}
    staged = run_stages(pipeline, path, timed_clock(wall, cpu))
    assert staged == pipeline.run(read_text_file(path))
    assert sorted(wall) == sorted(STAGES) == sorted(cpu)


@pytest.mark.parametrize("source", [TXT, PDF], ids=lambda p: p.suffix)
def test_batch_copies_are_distinct_documents(tmp_path: Path, source: Path) -> None:
    paths = make_copies(source, tmp_path, 3)
    digests = {hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}
    assert len(digests) == 3 and hashlib.sha256(source.read_bytes()).hexdigest() not in digests
    assert all(p.read_bytes().startswith(source.read_bytes()) for p in paths)


@pytest.mark.parametrize("kind, example", [("date", "2022-2023"), ("amount", "67 亿元")])
def test_normalize_inputs_are_gold_expressions(kind: str, example: str) -> None:
    texts = gold_expressions(kind)
    assert example in texts
    assert len(repeated_to(texts, 20_000)) >= 20_000


def test_saved_result_renders() -> None:
    result = json.loads((REPO / "bench" / "results" / "latest.json").read_text(encoding="utf-8"))
    table = render(result)
    assert "cnreport cn-blockchain-2022-2023.txt" in table
    assert "normalize" in table


def test_model_facts_read_meta_json(tmp_path: Path) -> None:
    from bench.models import shipped_models
    folder = tmp_path / "para_topic"
    folder.mkdir()
    (folder / "model.skops").write_bytes(b"x" * 65536)
    (folder / "meta.json").write_text(json.dumps({"name": "para_topic", "version": 3, "train_seconds": 12.5}), encoding="utf-8")
    facts = shipped_models(tmp_path)["para_topic"]
    assert facts["train_s"] == 12.5 and facts["version"] == 3 and facts["size_mib"] > 0


def test_jionlp_comparison_skips_jionlp_cleanly_when_it_is_not_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the [bench] extra the comparison measures cnreport alone and says JioNLP is not installed."""
    import bench.jionlp_compare as compare
    monkeypatch.setattr(compare, "jionlp_module", lambda: None)
    result = compare.bench_jionlp(repeats=1, copies=1)
    assert "not installed" in result["jionlp_version"] and "jionlp" not in result
    assert result["cnreport"]["money"]["cases"] == 64 and result["cnreport"]["date"]["cases"] == 64
    assert "speedup" not in result and "cnreport" in compare.render(result)
