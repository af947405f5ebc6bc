"""cnreport: turn Chinese industry reports into trustworthy structured data.

The API has the same verbs as the command line: :func:`extract`, :func:`extract_many`, :func:`normalize`
(and, from their modules, ``nlp.train.train`` and ``nlp.scoring.harness.evaluate``).
"""
from __future__ import annotations

from .api import extract, extract_many, normalize
from .records.frames import read_frames, to_frames
from .records.schema import SCHEMA_VERSION

__all__ = ["extract", "extract_many", "normalize", "to_frames", "read_frames", "SCHEMA_VERSION"]
__version__ = "0.1.0"
