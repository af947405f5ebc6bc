"""The combination study's choice and the file it writes (``python -m nlp.train.combination --write``), on
hand-made counts: the best (policy, head reach) by the mean over reports of the names micro-F1 wins (each report
weighs the same, whatever its size), ties go to the earlier policy and the shorter reach, a label's NER spans are
added when they beat the rules on that label, and the written TOML is what
:func:`nlp.extractors.components.combination` reads."""
from __future__ import annotations

import tomllib

import pytest

from nlp.scoring.prf import PRF
from nlp.train.combination import HEAD_REACHES, LABELS, POLICIES, choose, from_json, render_toml, to_json


def _fold(name: str, report: str, org: dict[tuple[int, str], PRF], rules_org: PRF = PRF(5, 5, 5)) -> dict:
    """A fold where every (reach, policy) scores LOC 8/2/2 (rules 9/1/1) and ORG as given (default: as the rules)."""
    counts = {}
    for reach in HEAD_REACHES:
        per = {policy: {label: PRF(8, 2, 2) if label == "LOC" else PRF() for label in LABELS} for policy in POLICIES}
        per["rules"]["ORG"], per["rules"]["LOC"] = rules_org, PRF(9, 1, 1)
        for policy in POLICIES[1:]:
            per[policy]["ORG"] = org.get((reach, policy), rules_org)
        counts[str(reach)] = per
    return {"name": name, "report": report, "learn_lines": 10, "gold": 20, "counts": counts,
            "chosen": {label: PRF(1, 1, 1) for label in LABELS}}


def _result(folds: list[dict]) -> dict:
    return {"epochs": 2, "seed": 0, "variant": None, "section_folds": 2, "held_out": ["caict_digital_economy_2022"],
            "clause_tags": ["p", "v"], "name_breaks": "、，", "folds": folds, "choice": choose(folds)}


@pytest.mark.parametrize("org, policy, reach", [
    pytest.param({(6, "guarded"): PRF(7, 3, 3)}, "guarded", 6, id="best-pair-wins"),
    pytest.param({(3, "longest"): PRF(7, 3, 3), (9, "longest"): PRF(7, 3, 3)}, "longest", 3, id="tie-shorter-reach"),
    pytest.param({(0, "walled"): PRF(7, 3, 3), (0, "guarded"): PRF(7, 3, 3)}, "guarded", 0, id="tie-earlier-policy"),
])
def test_choice(org: dict[tuple[int, str], PRF], policy: str, reach: int) -> None:
    choice = choose([_fold("a", "report_a", org), _fold("b", "report_b", org)])
    assert (choice["policy"], choice["head_reach"]) == (policy, reach)
    assert choice["ner_labels"] == ["ORG"]  # LOC: 8/2/2 is worse than the rules' 9/1/1, so its NER spans stay out


def test_each_report_weighs_the_same() -> None:
    """A large report where ``longest`` gains a little and a small one where ``guarded`` gains a lot: summed counts
    would choose ``longest``, the mean over reports chooses ``guarded``."""
    big = _fold("big", "big_report", {(0, "longest"): PRF(520, 480, 480), (0, "guarded"): PRF(500, 500, 500)},
                PRF(500, 500, 500))
    small = _fold("small", "small_report", {(0, "guarded"): PRF(9, 1, 1)})
    assert choose([big, small])["policy"] == "guarded"


def test_folds_of_one_report_are_summed_first() -> None:
    """Two folds of the same report count as one report beside a third."""
    one = _fold("s1", "first", {(0, "longest"): PRF(7, 3, 3)})
    two = _fold("s2", "first", {(0, "longest"): PRF(7, 3, 3)})
    other = _fold("r", "other", {(0, "gapfill"): PRF(10, 0, 0)})
    choice = choose([one, two, other])
    assert set(choice["mean_f1"]) == set(POLICIES)
    assert choice["policy"] == "gapfill"  # (0.6 + 1.0) / 2 = 0.8 beats longest's (0.7 + 0.5) / 2 with LOC


def test_written_toml_reads_back() -> None:
    result = _result([_fold("a", "report_a", {(6, "guarded"): PRF(7, 3, 3)})])
    data = tomllib.loads(render_toml(result))
    assert (data["policy"], data["ner_labels"], data["head_reach"], data["name_breaks"]) == ("guarded", ["ORG"], 6, "、，")
    assert data["evidence"]["head_reach"]["6"] == data["evidence"]["mean_f1"]["guarded"]
    assert data["evidence"]["folds"]["a"]["guarded"]["ORG"] == [7, 3, 3, 0.7]
    assert data["evidence"]["reports"]["report_a"]["chosen"] == 0.5


def test_json_round_trip() -> None:
    result = _result([_fold("a", "report_a", {(6, "guarded"): PRF(7, 3, 3)})])
    assert render_toml(from_json(to_json(result))) == render_toml(result)
