"""The whole corpus extracted once per test session (about 10 s), shared by the gold-case tests.

The extraction is kept on the pytest config object, so every test folder shares one run.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from nlp.api import extract
from nlp.records.schema import Extraction

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "cn-blockchain-2022-2023.txt"


@pytest.fixture(scope="session")
def corpus_extraction(request: pytest.FixtureRequest) -> Extraction:
    """``extract(corpus/cn-blockchain-2022-2023.txt)`` with the default options, run once per session."""
    cached = getattr(request.config, "_cnreport_corpus_extraction", None)
    if cached is None:
        cached = extract(CORPUS)
        setattr(request.config, "_cnreport_corpus_extraction", cached)
    return cached
