"""The classifier pipelines follow sklearn conventions and the trained ones give valid labels."""
from __future__ import annotations

import csv

from pathlib import Path

import pytest

from nlp.models_io import load_skops_model
from nlp.train.data import ORG_TYPE_LABELS
from nlp.train.classifiers import FAMILIES, make_pipeline

#: Real paragraph openings and ORG names of the report.
TEXT_CASES = [
    ("para_domain", "区块链技术与能源行业具有高度适用性，2022年，我国在碳排放、能源交易、绿证交易等方面"),
    ("para_topic", "二是电子签名的标准化进程稳步推进。在电子签证规范化发展方面"),
    ("org_type", "上海零数科技有限公司"),
    ("org_type", "北京邮电大学区块链实验室"),
    ("org_type", "工信部"),
]


def valid_labels(name: str) -> set[str]:
    """The labels the gold allows for classifier ``name``."""
    if name == "org_type":
        return set(ORG_TYPE_LABELS)
    gold = Path(__file__).resolve().parents[2] / "annotations" / "classes" / "paragraphs.csv"
    column = {"para_domain": "domain", "para_topic": "topic"}[name]
    with gold.open(encoding="utf-8", newline="") as handle:
        return {row[column] for row in csv.DictReader(handle)}


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_classifiers_pipeline_clones_and_cross_validates(family: str) -> None:
    from sklearn.base import clone
    from sklearn.model_selection import cross_val_score
    texts = ["赛迪区块链研究院", "中国区块链生态联盟", "交通运输部", "上海零数科技有限公司",
             "中关村区块链产业联盟", "国家发改委", "优旅区块链技术（宁波）有限公司", "工信部",
             "中国电子信息产业发展研究院", "赛迪智库网络安全研究所"]
    labels = ["research_institute", "alliance", "government", "enterprise",
              "alliance", "government", "enterprise", "government",
              "research_institute", "research_institute"]
    pipeline = clone(make_pipeline("org_type", family, seed=0))
    scores = cross_val_score(pipeline, texts, labels, cv=2)
    assert len(scores) == 2


@pytest.mark.parametrize("name, text", TEXT_CASES)
def test_classifiers_predict_known_labels(tiny_training: tuple[Path, dict], name: str, text: str) -> None:
    model = load_skops_model(tiny_training[0] / name)
    assert str(model.predict([text])[0]) in valid_labels(name)


#: (label, text, type the rules gave) of mentions of the report → expected type (``"*"`` = any valid type).
MENTION_CASES = [
    ("ORG", "上海零数科技有限公司", None, "*"),
    ("ORG", "中关村区块链产业联盟", None, "*"),
    ("ORG", "北京邮电大学", "university", "university"),
    ("LOC", "江苏省", None, None),
]


@pytest.mark.parametrize("label, text, rule_type, expected", MENTION_CASES)
def test_classifiers_runtime_types_org_mentions(tiny_training: tuple[Path, dict], label: str, text: str,
                                                rule_type: str | None, expected: str | None) -> None:
    """The classifier types the ORG mentions the rules left untyped; a rule's type is kept."""
    from nlp.classify.predict import Classifiers
    from nlp.records.schema import Mention, Provenance
    mention = Mention(label, text, Provenance("doc", 1, 0, 0, len(text), 0, len(text)), "rules", norm_text=text,
                      org_type=rule_type)
    (out,) = Classifiers.load(tiny_training[0]).type_orgs([mention])
    assert (out.org_type in ORG_TYPE_LABELS) if expected == "*" else out.org_type == expected
