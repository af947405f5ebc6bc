"""The faster POS Viterbi (nlp/segment/posseg.py) must give exactly jieba's words and tags, on real report text."""
from __future__ import annotations

from pathlib import Path

import jieba.posseg
import pytest
from jieba.posseg import char_state_tab_P, emit_P, start_P, trans_P
from jieba.posseg.viterbi import viterbi as jieba_viterbi

from nlp.segment.posseg import viterbi
from nlp.segment.tokenizer import jieba_tokenizers

CORPUS = Path(__file__).resolve().parents[2] / "corpus" / "cn-blockchain-2022-2023.txt"
TABLES = (char_state_tab_P, start_P, trans_P, emit_P)


def corpus_lines() -> list[str]:
    return [line for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("run", [
    "赛迪区块链研究院",                  # line 51: organization names outside the dictionary
    "赛迪智库网络安全研究所",            # line 11
    "蚂蚁链和中国信通院联合立项",        # line 200
    "北京电力交易中心有限公司联合国网数字科技控股有限公司",  # line 202
    "绿电绿证方案",                      # line 202
    "链",                                # a one-character run
])
def test_viterbi_equals_jieba_on_report_runs(run: str) -> None:
    assert viterbi(run, *TABLES) == jieba_viterbi(run, *TABLES)


def test_pos_tokenizer_equals_jieba_on_the_whole_corpus() -> None:
    tokenizer, fast = jieba_tokenizers()
    fast.makesure_userdict_loaded()  # moves the domain dictionary's tags into fast.word_tag_tab ...
    reference = jieba.posseg.POSTokenizer(tokenizer)
    reference.word_tag_tab = fast.word_tag_tab  # ... so jieba's own tokenizer shares them
    for line in corpus_lines():
        ours = [(p.word, p.flag) for p in fast.cut(line)]
        theirs = [(p.word, p.flag) for p in reference.cut(line)]
        assert ours == theirs, line
