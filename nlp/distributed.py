"""Extract a folder of reports on a Dask cluster: one task a document, results written here.

:func:`nlp.extract_many` with ``client=`` (a ``distributed.Client``; ``cnreport extract --dask ADDRESS``) sends
each document that is not already done (the same SHA-256 and pipeline fingerprint, as in a local batch) to the
cluster as one task. A task reads the file on its worker, runs the pipeline and returns plain data (the output
tables, the text, the worker's pipeline fingerprint); nothing is written on a worker. This process writes each
result as it arrives, through the same per-document functions as a local batch (the ``docs/<id>/`` folder renamed
into place, the document's rows replaced in the one SQLite store), so:

- a worker that dies loses only results not yet handed over; the scheduler runs those tasks again on another
  worker (a task that kills ``allowed-failures`` workers is reported as failed, like a broken document);
- no document is written twice or half: a result is written once, when it arrives, and a re-run replaces;
- an interrupted run resumes: the next run skips the documents already written.

Dask (``dask``, ``distributed``) is the optional extra ``cnreport[dask]`` and is imported only here, only when
used. Workers need cnreport (the same version, or their fingerprint differs and a re-run from here extracts again:
a warning says so) with its models, and must see the input paths (a shared file system).
"""
from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
import threading
from pathlib import Path
from typing import Any, Callable, Iterator

from .errors import ClusterError, CnreportError, InputNotFoundError
from .options import ExtractOptions

logger = logging.getLogger(__name__)
LOCAL = "local"
CONNECT_TIMEOUT = "10s"
_RUN_LOCK = threading.Lock()  # one document at a time per worker process (the pipeline is not shared by threads)
_FINGERPRINTS: dict[ExtractOptions, str] = {}


def import_distributed() -> Any:
    """The ``distributed`` module, or a coded error saying how to install it."""
    try:
        import distributed
    except ImportError as exc:
        raise ClusterError("dask", "dask is not installed; pip install 'cnreport[dask]'") from exc
    return distributed


def local_workers(address: str) -> int | None:
    """The worker count of a ``local`` / ``local:N`` address (``0``: one per core), ``None`` for a scheduler address.

    >>> local_workers("local"), local_workers("local:2"), local_workers("tcp://10.0.0.5:8786")
    (0, 2, None)
    """
    name, _, count = address.partition(":")
    if name != LOCAL:
        return None
    if count and not (count.isdigit() and int(count) > 0):
        raise ValueError(f"--dask {address!r}: the worker count after local: must be a positive integer")
    return int(count) if count else 0


@contextlib.contextmanager
def connect(address: str, memory_limit: str = "2GiB") -> Iterator[Any]:
    """A ``distributed.Client`` of the scheduler at ``address`` (``tcp://host:8786``, a scheduler file ending in
    ``.json``), or of a new ``LocalCluster`` for ``local[:N]`` (N single-threaded worker processes), closed at the
    end."""
    distributed = import_distributed()
    count = local_workers(address)
    if not logging.getLogger().isEnabledFor(logging.DEBUG):  # Dask logs at INFO by default; --debug shows it
        logging.getLogger("distributed").setLevel(logging.WARNING)
    with contextlib.ExitStack() as stack:
        try:
            if count is not None:
                cluster = stack.enter_context(distributed.LocalCluster(
                    n_workers=count or (os.cpu_count() or 1), threads_per_worker=1, processes=True,
                    memory_limit=memory_limit, dashboard_address=None))
                client = stack.enter_context(distributed.Client(cluster))
            elif address.endswith(".json"):
                client = stack.enter_context(distributed.Client(scheduler_file=address, timeout=CONNECT_TIMEOUT))
            else:
                client = stack.enter_context(distributed.Client(address, timeout=CONNECT_TIMEOUT))
        except (OSError, TimeoutError, ValueError) as exc:
            raise ClusterError(address, f"{type(exc).__name__}: {exc}") from exc
        yield client


def extract_task(path: str, options: ExtractOptions, given: str | None = None) -> tuple[Any, str]:
    """The task run on a worker: the outcome of :func:`nlp.api.extract_tables` for the file at the absolute
    ``path`` (``given``: the path as the user gave it, kept in ``documents.path`` as a local batch keeps it) and
    the worker's pipeline fingerprint (the folder records what made it)."""
    from .api import extract_tables, pipeline_fingerprint
    with _RUN_LOCK:
        if options not in _FINGERPRINTS:
            import jieba  # the pipeline needs it anyway; importing it sets its logger to DEBUG
            jieba.setLogLevel(logging.WARNING)  # as the command line does: no dictionary chatter on the workers
            _FINGERPRINTS[options] = pipeline_fingerprint(options)
        doc_id, tables, pages, files = extract_tables(path, options)
        if given is not None:
            tables["documents"] = [{**row, "path": given} for row in tables["documents"]]
        return (doc_id, tables, pages, files), _FINGERPRINTS[options]


def run_on_client(client: Any, todo: list[Path], options: ExtractOptions, finish: Callable[..., None],
                  fail: Callable[[Path, BaseException], None]) -> None:
    """Submit one task a document of ``todo`` and hand each result to ``finish(path, outcome, fingerprint)`` (or
    the error to ``fail``) as it completes; on interrupt, cancel what is left."""
    distributed = import_distributed()
    from .api import pipeline_fingerprint
    here = pipeline_fingerprint(options)
    present = []
    for path in todo:
        if path.exists():
            present.append(path)
        else:
            fail(path, InputNotFoundError(path))
    # Workers have their own working folder: they get absolute paths (and models folder), the same on a shared
    # file system; the output keeps the paths as given.
    # one process a task: the cluster's workers already use the cores
    options = dataclasses.replace(options, models_dir=options.models_dir.resolve(), processes=1)
    futures = client.map(extract_task, [str(p.resolve()) for p in present], [options] * len(present),
                         [str(p) for p in present], pure=False)
    by_future = dict(zip(futures, present))
    warned = False
    try:
        for future in distributed.as_completed(futures):
            made_by = _hand_over(distributed, future, by_future[future], finish, fail)
            if made_by not in (None, here) and not warned:
                logger.warning("the Dask workers run another cnreport pipeline (code, data or models) than this "
                               "process; their fingerprint is recorded, so a re-run from here extracts again")
                warned = True
    except KeyboardInterrupt:
        client.cancel(futures)
        raise


def _hand_over(distributed: Any, future: Any, path: Path, finish: Callable[..., None],
               fail: Callable[[Path, BaseException], None]) -> str | None:
    """Write one finished task's result (or record its error, as the local batch does); the worker's fingerprint,
    ``None`` when it failed. The result is released on the cluster once here."""
    try:
        outcome, made_by = future.result()
        finish(path, outcome, made_by)
        return str(made_by)
    except distributed.KilledWorker as exc:
        fail(path, ClusterError(path, f"every worker that ran it died ({exc}); out of memory? the other documents "
                                      "go on, a re-run retries it"))
    except CnreportError as exc:
        fail(path, exc)
    except Exception as exc:  # a bug on one document, or its output could not be written
        fail(path, exc)
    finally:
        future.release()
    return None
