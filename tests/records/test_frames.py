"""Records as pandas DataFrames: typed columns, exact decimals, an output folder read back."""
from __future__ import annotations

from pathlib import Path

import pytest

import nlp
from nlp.cli import main

SENTENCE = "根据赛迪区块链研究院统计，2022 年我国区块链产业规模约 67 亿元，同比去年增长 3.08%。"


@pytest.fixture(scope="module")
def frames() -> dict:
    return nlp.to_frames(nlp.extract(SENTENCE))


def test_offsets_are_nullable_integers_and_amounts_exact_strings(frames: dict) -> None:
    figures = frames["figures"]
    assert str(figures["page"].dtype) == "Int64" and str(figures["raw_start"].dtype) == "Int64"
    assert str(figures["value"].dtype) == "string"
    assert list(figures["value"]) == ["6700000000", "0.0308"]


@pytest.mark.parametrize("label, text", [("MONEY", "约 67 亿元"), ("PERCENT", "3.08%"), ("DATE", "2022 年"),
                                         ("ORG", "赛迪区块链研究院")])
def test_mentions_frame_holds_the_sentence_mentions(frames: dict, label: str, text: str) -> None:
    mentions = frames["mentions"]
    assert ((mentions["label"] == label) & (mentions["text"] == text)).any()


def test_read_frames_loads_an_output_folder(tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    report.write_text(SENTENCE, encoding="utf-8")
    assert main(["extract", str(report), "-o", str(tmp_path / "out"), "--quiet", "--workers", "1"]) == 0
    loaded = nlp.read_frames(tmp_path / "out")
    assert {"mentions", "figures", "documents"} <= set(loaded)
    assert len(loaded["figures"]) == 2
