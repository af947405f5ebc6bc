"""Extractions the interop tests export: the first report's text (always here) and two real PDFs of other issuers
(``$CNREPORT_CORPUS_REAL`` or ``../shared/corpus-real``; those cases are skipped, saying so, where they are absent).

The PDFs are read in rules mode and over their first pages only, to keep the module quick; the text and offsets are
those ``cnreport extract`` writes for them in any mode.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from nlp.api import extract_many
from nlp.options import ExtractOptions, Mode

#: Scripts run under the annotation tools' own Pythons (external/README.md), not imported here.
collect_ignore_glob = ["external/*"]
ROOT = Path(__file__).resolve().parents[2]
CORPUS_TXT = ROOT / "corpus" / "cn-blockchain-2022-2023.txt"
GOLD = ROOT / "annotations" / "mentions.jsonl"
#: Real PDFs of other issuers (none typeset here), with the pages read.
REAL_PDFS = {"fisco_platform_survey_2017.pdf": (1, 44), "cac_digital_china_2021.pdf": (1, 20)}
SOURCES = ["corpus-txt", *REAL_PDFS]


def real_dir() -> Path | None:
    candidates = [os.environ.get("CNREPORT_CORPUS_REAL", ""), ROOT.parent / "shared" / "corpus-real",
                  ROOT.parents[1] / "shared" / "corpus-real", "/work/shared/corpus-real"]
    return next((Path(c) for c in candidates if c and Path(c).is_dir()), None)


@pytest.fixture(scope="session")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """``{source: OUT/docs/<id>}`` of each source that is here."""
    out: dict[str, Path] = {}
    base = tmp_path_factory.mktemp("interop")
    inputs = {"corpus-txt": (CORPUS_TXT, None)}
    real = real_dir()
    if real is not None:
        inputs.update({name: (real / name, pages) for name, pages in REAL_PDFS.items() if (real / name).is_file()})
    for name, (path, pages) in inputs.items():
        folder = base / name
        done = extract_many([path], folder, ExtractOptions(mode=Mode.RULES, pages=pages), workers=1)
        assert not done.failed, done.failed
        [doc] = sorted((folder / "docs").iterdir())
        out[name] = doc
    return out


@pytest.fixture
def source(request: pytest.FixtureRequest, extracted: dict[str, Path]) -> Path:
    """The extracted document folder of the parametrized source, skipped when its PDF is not here."""
    if request.param not in extracted:
        pytest.skip(f"{request.param} is not here (set CNREPORT_CORPUS_REAL to ../shared/corpus-real)")
    return extracted[request.param]
