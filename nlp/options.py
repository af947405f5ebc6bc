"""Validated options for extraction (pdfplumber ``TableSettings`` style: named defaults, checks naming the option)."""
from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def shipped_models_dir(package_dir: Path = PACKAGE_DIR) -> Path:
    """The folder of the shipped models, wherever cnreport is installed.

    An installed wheel carries them as ``nlp/models/`` (setup.py maps the package ``nlp.models`` onto the
    repository's top-level ``models/``); a source checkout (an editable install, or ``PYTHONPATH`` on the checkout)
    has them in ``models/`` beside ``nlp/``. Nothing else is looked at (not the current folder, not a ``models``
    folder some other distribution put in site-packages): when neither exists the installed path is returned, and
    loading a model from it fails with ``[E011]`` naming the missing model.
    """
    installed = package_dir / "models"
    checkout = package_dir.parent
    if not installed.is_dir() and (checkout / "pyproject.toml").is_file() and (checkout / "models").is_dir():
        return checkout / "models"
    return installed


DEFAULT_MODELS_DIR = shipped_models_dir()


def cache_dir() -> Path:
    """cnreport's cache folder, made if missing: ``$CNREPORT_CACHE_DIR``, else ``$XDG_CACHE_HOME/cnreport``, else
    ``~/.cache/cnreport``; the system temp folder when that cannot be made. It holds what a new process would
    otherwise rebuild: jieba's prefix dictionary (``nlp.segment.tokenizer``) and the classifiers' compact form
    (``nlp.classify.linear``). Deleting it is always safe.
    """
    base = os.environ.get("CNREPORT_CACHE_DIR") or \
        os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "cnreport")
    try:
        os.makedirs(base, exist_ok=True)
        return Path(base)
    except OSError:
        return Path(tempfile.gettempdir())
DEFAULT_WORKERS = 0


class Mode(str, Enum):
    """Which extractors run: rules and NER combined, rules only, NER only, or the jieba.posseg names (baselines).

    ``nlp/data/pipeline.toml`` lists, per extractor, the modes that run it. ``JIEBA`` is the baseline of
    jieba.posseg's name tags (PER/LOC/ORG only): its extraction holds those mentions and nothing else.
    """

    COMBINED = "combined"
    RULES = "rules"
    NER = "ner"
    JIEBA = "jieba"

    @property
    def names_only(self) -> bool:
        """True for a names baseline whose extraction is its extractors' mentions alone (no credits, ORG types,
        tables or figures).

        >>> Mode.JIEBA.names_only, Mode.RULES.names_only
        (True, False)
        """
        return self is Mode.JIEBA


@dataclass(frozen=True)
class ExtractOptions:
    """Options of one extraction run.

    Attributes:
        models_dir: folder of trained models (default: the shipped ones, :func:`shipped_models_dir`). A model the
            mode uses that is missing or cannot be loaded is an error (``[E011]`` naming it), except in
            ``Mode.RULES``, which loads no NER and uses the classifiers only when they are there.
        mode: :class:`Mode`.
        reference_year: the report's year for relative dates; ``None`` = read it from the title.
        pages: inclusive 1-based page range to read from a PDF, or ``None`` for all.
        password: PDF password, if any.
        processes: processes that one document's extraction may use (0 = the cores, 1 = this process only): a
            big PDF's pages and a big document's sentences are shared between forked copies of the process
            (:mod:`nlp.processes`). The output is the same whatever the number, so it is left out of comparisons
            (one pipeline serves every value). ``extract_many`` sets it from its ``workers``.
    """

    models_dir: Path = DEFAULT_MODELS_DIR
    mode: Mode = Mode.COMBINED
    reference_year: int | None = None
    pages: tuple[int, int] | None = None
    password: str = ""
    processes: int = field(default=0, compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.mode, Mode):
            try:
                object.__setattr__(self, "mode", Mode(self.mode))
            except ValueError as exc:
                raise ValueError(f"mode must be one of {[m.value for m in Mode]}, got {self.mode!r}") from exc
        if self.reference_year is not None and not 1900 <= self.reference_year <= 2100:
            raise ValueError(f"reference_year must be between 1900 and 2100, got {self.reference_year}")
        if not isinstance(self.processes, int) or isinstance(self.processes, bool) or self.processes < 0:
            raise ValueError(f"processes must be 0 (the cores) or a positive number, got {self.processes!r}")
        if self.pages is not None and not (1 <= self.pages[0] <= self.pages[1]):
            raise ValueError(f"pages must be a range FIRST-LAST with 1 <= FIRST <= LAST, got {self.pages}")


def parse_pages(text: str) -> tuple[int, int]:
    """Parse ``--pages`` (``3`` or ``1-3``).

    >>> parse_pages("1-3")
    (1, 3)
    >>> parse_pages("5")
    (5, 5)
    """
    first, _, last = text.partition("-")
    try:
        pages = (int(first), int(last or first))
    except ValueError as exc:
        raise ValueError(f"pages must look like 3 or 1-3, got {text!r}") from exc
    if not 1 <= pages[0] <= pages[1]:
        raise ValueError(f"pages must be a range FIRST-LAST with 1 <= FIRST <= LAST, got {text!r}")
    return pages
