"""cnreport: turn Chinese industry reports into trustworthy structured data.

The API has the same verbs as the command line: :func:`extract`, :func:`extract_many`, :func:`normalize`
(and, from their modules, ``nlp.train.train`` and ``nlp.scoring.harness.evaluate``).

The names below are imported on first use (PEP 562), so that ``import nlp`` (and ``cnreport --help``,
``--version``, ``normalize``) loads neither pdfminer, pandas nor spaCy.
"""
from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .api import extract, extract_many, normalize
    from .records.frames import read_frames, to_frames
    from .records.schema import SCHEMA_VERSION

__all__ = ["extract", "extract_many", "normalize", "to_frames", "read_frames", "SCHEMA_VERSION"]
__version__ = "0.1.0"
#: Marks this ``nlp`` package as cnreport's: the import name is shared with another distribution on PyPI
#: (``pip install nlp``), whose files would replace these; ``cnreport_cli`` reads this line before importing.
__distribution__ = "cnreport"

_LAZY = {"extract": "api", "extract_many": "api", "normalize": "api", "to_frames": "records.frames",
         "read_frames": "records.frames", "SCHEMA_VERSION": "records.schema"}


def __getattr__(name: str) -> Any:
    """Import an API name from its module on first use."""
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
    globals()[name] = value
    return value
