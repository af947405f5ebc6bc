"""Places inside campaign names and letterless labels are no entities (issue 19); real lines of
cac_digital_china_2021 and the first report."""
from __future__ import annotations

import pytest

from nlp.api import extract

CASES = [
    ("digital-china", "以实际行动迎接党的二十大胜利召开，推进数字中国建设。", "LOC", "中国", 0),
    ("safe-china", "建设更高水平的平安中国。", "LOC", "中国", 0),
    ("china-as-place", "美国、中国、欧洲、日本在全球算力规模中的份额分别为 31%、27%。", "LOC", "中国", 1),
]


@pytest.mark.parametrize("sentence, label, text, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_places_inside_campaign_names(sentence: str, label: str, text: str, expected: int) -> None:
    found = [m for m in extract(sentence).mentions if m.label == label and m.text == text]
    assert len(found) == expected
