"""``extract_many(..., client=)`` on a two-worker ``LocalCluster`` (``connect("local:2")``, as ``--dask local:2``) with a worker killed mid-run: every document is
written exactly once and equals the local batch's output; a re-run skips them all; a missing input fails alone.

The inputs are short excerpts of the corpus report (tests/data/excerpts: its title page and the lines around six of
its tables), extracted with ``--mode rules`` so that the workers start fast.
"""
from __future__ import annotations

import os
import signal
import sqlite3
import sys
from pathlib import Path
from typing import Any

import pytest

distributed = pytest.importorskip("distributed")
cloudpickle = pytest.importorskip("cloudpickle")

from nlp.api import extract_many  # noqa: E402
from nlp.distributed import connect  # noqa: E402
from nlp.options import ExtractOptions, Mode  # noqa: E402

EXCERPTS = Path(__file__).resolve().parents[1] / "data" / "excerpts"
OPTIONS = ExtractOptions(mode=Mode.RULES)


class KillOnSecondTask(distributed.WorkerPlugin):
    """Kill (SIGKILL) the first worker that starts its second task: the marker file, created exclusively, makes it
    happen once in the cluster's life."""

    def __init__(self, marker: str) -> None:
        self.marker = marker
        self.started = 0

    def transition(self, key: Any, start: str, finish: str, **kwargs: Any) -> None:
        if finish != "executing":
            return
        self.started += 1
        if self.started < 2:
            return
        try:
            os.close(os.open(self.marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            return
        os.kill(os.getpid(), signal.SIGKILL)


def output_files(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.suffix in (".jsonl", ".json", ".csv") or p.name == "PIPELINE"}


def rows_per_document(db: Path) -> dict[tuple[str, str], int]:
    with sqlite3.connect(db) as conn:
        tables = [r[0] for r in conn.execute("select name from sqlite_master where type='table'")]
        return {(t, doc): n for t in tables for doc, n in conn.execute(f'select doc_id, count(*) from "{t}" group by doc_id')}


@pytest.fixture(scope="module")
def cluster_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The local batch, then the cluster run with a worker killed, then a re-run on the same cluster."""
    base = tmp_path_factory.mktemp("dask")
    local, remote, marker = base / "local", base / "remote", base / "killed"
    inputs = sorted(EXCERPTS.glob("*.txt"))
    local_result = extract_many(inputs, local, OPTIONS, workers=1)
    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    with connect("local:2", memory_limit="1GiB") as client:  # what --dask local:2 runs
        client.register_plugin(KillOnSecondTask(str(marker)))
        result = extract_many(inputs, remote, OPTIONS, client=client)
        rerun = extract_many(inputs + [base / "missing.txt"], remote, OPTIONS, client=client)
    return {"local": local, "remote": remote, "marker": marker, "inputs": inputs, "local_result": local_result,
            "result": result, "rerun": rerun}


def test_a_worker_was_killed_mid_run(cluster_run: dict[str, Any]) -> None:
    assert cluster_run["marker"].exists()


def test_every_document_is_done_once_none_failed(cluster_run: dict[str, Any]) -> None:
    result = cluster_run["result"]
    assert sorted(result.done) == sorted(map(str, cluster_run["inputs"]))
    assert result.failed == [] and result.skipped == []


def test_output_equals_the_local_batch(cluster_run: dict[str, Any]) -> None:
    local, remote = output_files(cluster_run["local"]), output_files(cluster_run["remote"])
    assert sorted(remote) == sorted(local)
    assert [name for name in local if remote[name] != local[name]] == []


def test_store_holds_each_document_once_with_the_local_rows(cluster_run: dict[str, Any]) -> None:
    remote = rows_per_document(cluster_run["remote"] / "cnreport.sqlite")
    assert remote == rows_per_document(cluster_run["local"] / "cnreport.sqlite")
    assert {n for (table, _), n in remote.items() if table == "documents"} == {1}
    assert len({doc for table, doc in remote if table == "documents"}) == len(cluster_run["inputs"])


def test_a_rerun_skips_what_is_done_and_a_missing_input_fails_alone(cluster_run: dict[str, Any]) -> None:
    rerun = cluster_run["rerun"]
    assert sorted(rerun.skipped) == sorted(map(str, cluster_run["inputs"]))
    assert rerun.done == []
    assert [message.split("]")[0] for _, message in rerun.failed] == ["[E001"]


@pytest.mark.parametrize("address", ["local:x", "local:0", "local:-1"], ids=["letters", "zero", "negative"])
def test_a_bad_local_worker_count_is_a_usage_error(address: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from nlp.cli import main
    assert main(["extract", str(EXCERPTS / "title.txt"), "-o", str(tmp_path / "out"), "--dask", address, "--quiet"]) == 2
    assert "--dask" in capsys.readouterr().err and not (tmp_path / "out").exists()
