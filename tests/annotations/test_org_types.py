"""The ORG-type gold: merged from the hand-typed parts, one type per distinct gold ORG name."""
from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("merge_org_types", ROOT / "annotations" / "tools" / "merge_org_types.py")
merge_org_types = importlib.util.module_from_spec(spec)
spec.loader.exec_module(merge_org_types)


def test_org_types_csv_is_the_merge_of_the_parts():
    assert (ROOT / "annotations" / "classes" / "org_types.csv").read_text(encoding="utf-8") == \
        merge_org_types.render(merge_org_types.merged_rows())


def test_every_gold_org_name_is_typed_once():
    with (ROOT / "annotations" / "classes" / "org_types.csv").open(encoding="utf-8") as handle:
        names = [row["name"] for row in csv.DictReader(handle)]
    assert len(names) == len(set(names))
    assert set(names) == merge_org_types.gold_org_names()


@pytest.mark.parametrize("name, expected", [
    ("交通运输部", "government"), ("北京邮电大学区块链实验室", "university"), ("中国区块链生态联盟", "alliance"),
    ("上海零数科技有限公司", "enterprise"), ("赛迪区块链研究院", "research_institute"), ("新华社", "other"),
    ("中国人民银行", "government"), ("腾讯研究院", "enterprise"),
])
def test_decisions_log_cases(name, expected):
    with (ROOT / "annotations" / "classes" / "org_types.csv").open(encoding="utf-8") as handle:
        types = {row["name"]: row["type"] for row in csv.DictReader(handle)}
    if name not in types:
        pytest.skip(f"{name} is not a gold ORG name")
    assert types[name] == expected
