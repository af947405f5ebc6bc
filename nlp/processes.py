"""One document's work in several processes: shares of it run in forked copies of this process.

A PDF's pages are laid out independently of each other, and the spaCy pipeline reads one batch of sentences at a
time, so a big document's work is cut into shares of about equal weight: its pages into contiguous ranges
(:func:`split`, :mod:`nlp.ingest.pdf`), its sentences into groups of whole batches (:func:`balanced`,
:mod:`nlp.pipeline`). This process does the first share while forked children do the others, and the results are
put back in order: the very objects a single process makes (the output is byte-identical, whatever the number of
processes).

A child is a ``fork`` of this process: it inherits everything already loaded (pdfminer, the NER, jieba's
dictionary, the sentences) and sends only its result back through a pipe. It is used only when it pays
(:func:`processes_for`: the thresholds of ``nlp/data/processes.toml``), where the platform can fork, and never
inside a process that is itself a worker of a batch or a cluster (``extract_many`` with several workers and the
Dask tasks ask for one process; a daemon process, as multiprocessing pools and Dask workers make, never forks).
A child that dies without an answer (killed, out of memory) costs time, not results: its share is done here.
"""
from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Generic, TypeVar

from .data import read_text
from .errors import DataFileError

logger = logging.getLogger(__name__)
T = TypeVar("T")
SETTINGS_FILE = "processes.toml"
SETTING_KEYS = frozenset({"min_pages", "min_sentences", "max_processes"})


@dataclass(frozen=True)
class ShareSettings:
    """When one document's work is worth sharing between processes (``nlp/data/processes.toml``).

    Attributes:
        min_pages: a PDF with fewer pages to read is laid out in one process.
        min_sentences: a document with fewer sentences (and table rows) runs the spaCy pipeline in one process.
        max_processes: the most processes one document uses, whatever the cores.
    """

    min_pages: int
    min_sentences: int
    max_processes: int


@lru_cache(maxsize=1)
def share_settings() -> ShareSettings:
    """The settings of ``nlp/data/processes.toml``, validated (a coded error names the file and the key)."""
    where = f"nlp/data/{SETTINGS_FILE}"
    data = tomllib.loads(read_text(SETTINGS_FILE))
    if set(data) != SETTING_KEYS:
        raise DataFileError(where, f"keys must be {sorted(SETTING_KEYS)}, got {sorted(data)}")
    for key, value in data.items():
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise DataFileError(where, f"{key} must be a positive integer, got {value!r}")
    return ShareSettings(**data)


def can_fork() -> bool:
    """True where shares may run in forked children: the platform forks and this process is no daemon (pool and
    Dask worker processes are daemons: they may not have children, and their callers already use the cores)."""
    return "fork" in multiprocessing.get_all_start_methods() and not multiprocessing.current_process().daemon


def processes_for(requested: int, items: int, minimum: int) -> int:
    """How many processes share ``items`` units of work (pages, sentences): ``requested`` (0 = the cores), at most
    ``max_processes``, at most one per ``minimum`` items, and 1 when this process cannot fork.

    >>> processes_for(2, 75, 8), processes_for(2, 10, 8), processes_for(1, 500, 8), processes_for(2, 16, 8)
    (2, 1, 1, 2)
    """
    wanted = requested or os.cpu_count() or 1
    count = max(1, min(wanted, share_settings().max_processes, items // max(minimum, 1)))
    return count if count == 1 or can_fork() else 1


def split(items: list[T], shares: int, weight: Callable[[T], float]) -> list[list[T]]:
    """``items`` cut into at most ``shares`` contiguous slices, each as near as the items allow to an equal part of
    the total ``weight``; a slice that would be empty is left out.

    >>> split([5, 1, 1, 1, 1, 1], 2, float), split([1] * 5, 3, float), split([9, 1], 3, float), split([], 2, float)
    ([[5], [1, 1, 1, 1, 1]], [[1, 1], [1], [1, 1]], [[9], [1]], [])
    """
    done = [0.0]
    for item in items:
        done.append(done[-1] + weight(item))
    bounds = [0]
    for share in range(1, shares):
        goal = done[-1] * share / shares
        bounds.append(max(bounds[-1], min(range(len(done)), key=lambda k: abs(done[k] - goal))))
    bounds.append(len(items))
    return [items[bounds[i]:bounds[i + 1]] for i in range(shares) if bounds[i] < bounds[i + 1]]


def balanced(weights: list[float], shares: int) -> list[list[int]]:
    """The indices of ``weights`` dealt into at most ``shares`` groups of about equal total weight (heaviest first,
    each to the lightest group so far: within one item of the best), each group in increasing order; an empty
    group is left out.

    >>> balanced([7, 5, 2, 6, 4, 6], 2), balanced([3], 2), balanced([1, 1, 1], 2)
    ([[0, 1, 4], [2, 3, 5]], [[0]], [[0, 2], [1]])
    """
    groups: list[list[int]] = [[] for _ in range(shares)]
    loads = [0.0] * shares
    for index in sorted(range(len(weights)), key=lambda i: (-weights[i], i)):
        lightest = loads.index(min(loads))
        groups[lightest].append(index)
        loads[lightest] += weights[index]
    return [sorted(group) for group in groups if group]


class Shares(Generic[T]):
    """``work(share)`` for shares ``1 .. count - 1`` started in forked children; :meth:`results` waits for them.

    Use as a context manager: a child still running when the block is left (an error in this process's own
    share) is killed.
    """

    def __init__(self, work: Callable[[int], T], count: int) -> None:
        self.work = work
        self.children: list[tuple[Any, Any]] = []
        context = multiprocessing.get_context("fork")
        if count > 1:
            gc.freeze()  # the children's garbage collector leaves what they inherit alone: fewer pages copied
        try:
            for share in range(1, count):
                reader, writer = context.Pipe(duplex=False)
                child = context.Process(target=_run_share, args=(work, share, writer), daemon=True)
                child.start()
                writer.close()
                self.children.append((child, reader))
        finally:
            if count > 1:
                gc.unfreeze()

    def results(self) -> list[T]:
        """The children's results in share order; an error raised in a child is raised here; a share whose child
        died without an answer is done in this process."""
        out = []
        for share, (child, reader) in enumerate(self.children, 1):
            try:
                ok, value = reader.recv()
            except (EOFError, OSError):
                child.join()
                logger.debug("share %d: its process ended without an answer (exit code %s); done here",
                             share, child.exitcode)
                ok, value = True, self.work(share)
            finally:
                reader.close()
            child.join()
            if not ok:
                raise value
            out.append(value)
        self.children = []
        return out

    def __enter__(self) -> Shares[T]:
        return self

    def __exit__(self, *exc: object) -> None:
        for child, reader in self.children:
            child.kill()
            child.join()
            reader.close()
        self.children = []


def _run_share(work: Callable[[int], Any], share: int, writer: Any) -> None:
    """In a child: do one share and send ``(True, result)``, or ``(False, error)`` when it raised."""
    try:
        result: tuple[bool, Any] = (True, work(share))
    except Exception as exc:  # raised again in the parent, which owns the error reporting
        result = (False, exc)
    writer.send(result)
    writer.close()


def in_shares(work: Callable[[int], T], count: int) -> list[T]:
    """``[work(0), …, work(count - 1)]``, share 0 in this process and the others in forked children meanwhile."""
    with Shares(work, count) as others:
        own = work(0)
        return [own, *others.results()]
