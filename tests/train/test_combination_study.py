"""The combination study's choice and the file it writes (``python -m nlp.train.combination --write``), on
hand-made counts: the best (policy, head reach) pair wins, ties go to the earlier policy and the shorter reach, and
the written TOML is what :func:`nlp.extractors.components.combination` reads."""
from __future__ import annotations

import tomllib

import pytest

from nlp.scoring.prf import PRF
from nlp.train.combination import HEAD_REACHES, POLICIES, choose, render_toml

LABELS = ("LOC", "ORG", "PER", "PRODUCT")


def _result(org: dict[tuple[int, str], PRF]) -> dict:
    """Counts where every (reach, policy) pair scores LOC 8/2/2 and ORG as given (rules alone: ORG 5/5/5)."""
    counts = {reach: {policy: {label: PRF(8, 2, 2) if label == "LOC" else PRF() for label in LABELS}
                      for policy in POLICIES} for reach in HEAD_REACHES}
    for reach in HEAD_REACHES:
        counts[reach]["rules"]["ORG"] = PRF(5, 5, 5)
        counts[reach]["rules"]["LOC"] = PRF(9, 1, 1)
        for policy in POLICIES[1:]:
            counts[reach][policy]["ORG"] = org.get((reach, policy), PRF(5, 5, 5))
    return {"folds": [["一"], ["二"]], "epochs": 2, "seed": 0, "clause_tags": ["p", "v"], "name_breaks": "、，",
            "variant": None, "counts_by_reach": counts}


@pytest.mark.parametrize("org, policy, reach", [
    pytest.param({(6, "guarded"): PRF(7, 3, 3)}, "guarded", 6, id="best-pair-wins"),
    pytest.param({(3, "longest"): PRF(7, 3, 3), (9, "longest"): PRF(7, 3, 3)}, "longest", 3, id="tie-shorter-reach"),
    pytest.param({(0, "walled"): PRF(7, 3, 3), (0, "guarded"): PRF(7, 3, 3)}, "guarded", 0, id="tie-earlier-policy"),
])
def test_choice(org: dict[tuple[int, str], PRF], policy: str, reach: int) -> None:
    choice = choose(_result(org))
    assert (choice["policy"], choice["head_reach"]) == (policy, reach)
    assert choice["ner_labels"] == ["ORG"]  # LOC: 8/2/2 is worse than the rules' 9/1/1, so its NER spans stay out


def test_written_toml_reads_back() -> None:
    result = _result({(6, "guarded"): PRF(7, 3, 3)})
    data = tomllib.loads(render_toml(result, choose(result)))
    assert (data["policy"], data["ner_labels"], data["head_reach"], data["name_breaks"]) == ("guarded", ["ORG"], 6, "、，")
    assert data["evidence"]["head_reach"]["6"] == data["evidence"]["micro_f1"]["guarded"]
    assert data["evidence"]["guarded"]["ORG"] == [7, 3, 3, 0.7]
