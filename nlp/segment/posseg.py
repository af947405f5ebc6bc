"""jieba's POS tokenizer with a faster, output-identical Viterbi decoder for out-of-dictionary runs.

Profiling ``cnreport extract`` on the corpus put about half of the document time in ``jieba.posseg.viterbi``: for
every character it scores every (previous state, state) pair with a generator and ``max`` over tuples, although the
transition table is sparse and a pair without a transition scores ``-inf``. :func:`viterbi` reads only the previous
states that do have a transition into the state (an index built once), and falls back to jieba's full scan when
none has one, so it returns exactly what jieba returns: same sums in the same order, same tie-break on the state
tuple. ``tests/segment/test_posseg.py`` checks that on the whole corpus.

:class:`POSTokenizer` swaps the decoder in through jieba's (name-mangled) ``__cut`` hook; everything else, the
dictionaries and the DAG, is jieba's own.
The POS tags of the dictionary words are shared with jieba's own POS tokenizer (``jieba.posseg.dt``), which reads
all 349,046 of them from ``dict.txt`` when ``jieba.posseg`` is imported: a second copy cost 0.46 s CPU and about
100 MiB per process (:class:`LayeredTags`).
"""
from __future__ import annotations

import logging
from typing import Any, Iterator

import jieba

jieba.setLogLevel(logging.getLogger("nlp").getEffectiveLevel())  # importing jieba sets its logger to DEBUG:
# its dictionary messages follow cnreport's level instead (the command line's WARNING, or DEBUG under --debug)
import jieba.posseg  # noqa: E402
from jieba.posseg import char_state_tab_P, emit_P, start_P, trans_P
from jieba.posseg.viterbi import MIN_FLOAT, MIN_INF

State = tuple[str, str]


def incoming_states(trans_p: dict[State, dict[State, float]]) -> dict[State, tuple[State, ...]]:
    """For each state, the states with a transition into it (the transition table read backwards)."""
    incoming: dict[State, list[State]] = {}
    for previous, row in trans_p.items():
        for state in row:
            incoming.setdefault(state, []).append(previous)
    return {state: tuple(previous) for state, previous in incoming.items()}


INCOMING = incoming_states(trans_P)


def _best_previous(state: State, em: float, prev_v: dict[State, float], prev_states: list[State],
                   prev_set: set[State], trans_p: dict[State, dict[State, float]],
                   incoming: dict[State, tuple[State, ...]]) -> tuple[float, State]:
    """The (score, previous state) maximising ``V[t-1][y0] + trans[y0][y] + emit`` as jieba's ``max`` would."""
    best_v: float = MIN_INF
    best_y0: State | None = None
    for y0 in incoming.get(state, ()):
        if y0 in prev_set:
            v = prev_v[y0] + trans_p[y0][state] + em
            if best_y0 is None or v > best_v or (v == best_v and y0 > best_y0):
                best_v, best_y0 = v, y0
    if best_y0 is None:  # no transition into this state: every candidate is -inf, jieba's scan decides
        return max((prev_v[y0] + trans_p[y0].get(state, MIN_INF) + em, y0) for y0 in prev_states)
    return best_v, best_y0


def viterbi(obs: str, states: dict[str, Any], start_p: dict[State, float], trans_p: dict[State, dict[State, float]],
            emit_p: dict[State, dict[str, float]]) -> tuple[float, list[State]]:
    """Drop-in for ``jieba.posseg.viterbi.viterbi`` (same arguments, same result), sparse in the transitions.

    >>> from jieba.posseg.viterbi import viterbi as jieba_viterbi
    >>> args = (char_state_tab_P, start_P, trans_P, emit_P)
    >>> viterbi("赛迪区块链研究院", *args) == jieba_viterbi("赛迪区块链研究院", *args)
    True
    """
    all_states = trans_p.keys()
    incoming = INCOMING if trans_p is trans_P else incoming_states(trans_p)
    first = {y: start_p[y] + emit_p[y].get(obs[0], MIN_FLOAT) for y in states.get(obs[0], all_states)}
    V: list[dict[State, float]] = [first]
    mem_path: list[dict[State, Any]] = [dict.fromkeys(first, "")]
    for t in range(1, len(obs)):
        prev_v, char = V[t - 1], obs[t]
        prev_states = [x for x in mem_path[t - 1] if trans_p[x]]
        expect_next: set[State] = set()
        for x in prev_states:
            expect_next.update(trans_p[x])
        obs_states = set(states.get(char, all_states)) & expect_next
        if not obs_states:
            obs_states = expect_next if expect_next else set(all_states)
        prev_set = set(prev_states)
        cur_v, cur_path = {}, {}
        for y in obs_states:
            cur_v[y], cur_path[y] = _best_previous(y, emit_p[y].get(char, MIN_FLOAT), prev_v, prev_states, prev_set,
                                                  trans_p, incoming)
        V.append(cur_v)
        mem_path.append(cur_path)
    prob, state = max((V[-1][y], y) for y in mem_path[-1])
    route: list[Any] = [None] * len(obs)
    for i in range(len(obs) - 1, -1, -1):
        route[i] = state
        state = mem_path[i][state]
    return prob, route


class LayeredTags(dict[str, str]):
    """Word → POS tag: the words added to this table (the user dictionary's tags, which jieba merges in with
    ``update``) over a shared base table (jieba's tags of its main dictionary), read with ``get`` as jieba does.

    >>> tags = LayeredTags({"区块链": "n", "链": "n"})
    >>> tags.update({"区块链": "nz"})
    >>> tags.get("区块链"), tags.get("链"), tags.get("无", "x")
    ('nz', 'n', 'x')
    """

    def __init__(self, base: dict[str, str]) -> None:
        super().__init__()
        self.base = base

    def get(self, word: str, default: Any = None) -> Any:  # type: ignore[override]
        tag = dict.get(self, word)
        return self.base.get(word, default) if tag is None else tag


class POSTokenizer(jieba.posseg.POSTokenizer):
    """``jieba.posseg.POSTokenizer`` decoding unknown runs with :func:`viterbi` (identical output, ~4× faster).

    A tokenizer with jieba's main dictionary reads its words' POS tags from ``jieba.posseg.dt`` (already loaded by
    ``import jieba.posseg``) instead of parsing ``dict.txt`` a second time; its own words (the user dictionary) are
    tagged in a layer on top, so the shared table is never written (a program that adds tagged words to jieba's
    global tokenizer and cuts with ``jieba.posseg.cut`` changes those words' tags here too).
    """

    def __init__(self, tokenizer: jieba.Tokenizer) -> None:
        shared = jieba.posseg.dt
        if tokenizer.dictionary == shared.tokenizer.dictionary:
            self.tokenizer = tokenizer
            self.word_tag_tab = LayeredTags(shared.word_tag_tab)
        else:
            super().__init__(tokenizer)

    def _POSTokenizer__cut(self, sentence: str) -> Iterator[jieba.posseg.pair]:  # jieba's private ``__cut``
        _, pos_list = viterbi(sentence, char_state_tab_P, start_P, trans_P, emit_P)
        begin, nexti = 0, 0
        for i, char in enumerate(sentence):
            pos = pos_list[i][0]
            if pos == "B":
                begin = i
            elif pos == "E":
                yield jieba.posseg.pair(sentence[begin:i + 1], pos_list[i][1])
                nexti = i + 1
            elif pos == "S":
                yield jieba.posseg.pair(char, pos_list[i][1])
                nexti = i + 1
        if nexti < len(sentence):
            yield jieba.posseg.pair(sentence[nexti:], pos_list[nexti][1])
