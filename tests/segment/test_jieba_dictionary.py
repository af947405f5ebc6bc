"""jieba's dictionary: cached between processes in a per-user folder, and its POS tags shared, not loaded twice.

:func:`nlp.segment.tokenizer.cached_tokenizer` uses jieba's own cache mechanism (``tmp_dir``, ``cache_file``) in
:func:`nlp.options.cache_dir`; :class:`nlp.segment.posseg.POSTokenizer` reads the dictionary words'
tags from ``jieba.posseg.dt`` with the domain words' tags layered on top. The tags must be exactly those of a
tokenizer that parses ``dict.txt`` itself, with the user dictionary's tags over them.
"""
from __future__ import annotations

import os
import subprocess
import sys
from importlib import resources
from pathlib import Path

import jieba
import jieba.posseg
import pytest

from nlp.segment.posseg import LayeredTags
from nlp.options import cache_dir
from nlp.segment.tokenizer import USERDICT, jieba_tokenizers

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus" / "cn-blockchain-2022-2023.txt"
BUILD = ("import logging, sys; logging.basicConfig(level=logging.DEBUG, stream=sys.stdout); "
         "from nlp.segment.tokenizer import jieba_tokenizers; jieba_tokenizers()")


def _build_in_fresh_process(cache: Path) -> str:
    env = {**os.environ, "CNREPORT_CACHE_DIR": str(cache),
           "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)}
    run = subprocess.run([sys.executable, "-c", BUILD], capture_output=True, text=True, env=env, timeout=300)
    assert run.returncode == 0, run.stderr
    return run.stdout + run.stderr


def test_second_process_loads_the_cached_dictionary(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = _build_in_fresh_process(cache)
    cache_file = cache / f"jieba-{jieba.__version__}.cache"
    assert f"Dumping model to file cache {cache_file}" in first
    assert cache_file.stat().st_size > 1_000_000
    second = _build_in_fresh_process(cache)
    assert f"Loading model from cache {cache_file}" in second
    assert "Dumping model" not in second


@pytest.mark.parametrize(("variables", "expected"), [
    ({"CNREPORT_CACHE_DIR": "{tmp}/c"}, "{tmp}/c"),
    ({"XDG_CACHE_HOME": "{tmp}/x"}, "{tmp}/x/cnreport"),
    ({"HOME": "{tmp}/h"}, "{tmp}/h/.cache/cnreport"),
], ids=["CNREPORT_CACHE_DIR", "XDG_CACHE_HOME", "home"])
def test_cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, variables: dict[str, str],
                         expected: str) -> None:
    for name in ("CNREPORT_CACHE_DIR", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value.format(tmp=tmp_path))
    assert cache_dir() == Path(expected.format(tmp=tmp_path))
    assert cache_dir().is_dir()


def _user_tags() -> dict[str, str]:
    text = resources.files("nlp.data").joinpath(USERDICT).read_text(encoding="utf-8")
    return {parts[0]: parts[2] for parts in (line.split() for line in text.splitlines()) if len(parts) == 3}


def test_shared_tags_equal_a_table_of_its_own() -> None:
    tokenizer, ours = jieba_tokenizers()
    assert isinstance(ours.word_tag_tab, LayeredTags)
    assert ours.word_tag_tab.base is jieba.posseg.dt.word_tag_tab  # one copy of the 349,046 tags per process
    ours.makesure_userdict_loaded()
    own = jieba.posseg.POSTokenizer(tokenizer)  # parses dict.txt into a table of its own, as jieba does
    own.word_tag_tab.update(_user_tags())
    words = {p.word for line in CORPUS.read_text(encoding="utf-8").splitlines() for p in ours.cut(line)}
    words |= set(_user_tags())
    assert len(words) > 4000  # the corpus report cuts into 4,021 distinct words
    assert {w: ours.word_tag_tab.get(w, "x") for w in words} == {w: own.word_tag_tab.get(w, "x") for w in words}
