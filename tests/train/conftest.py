"""A tiny annotations folder made of real gold lines (copied from annotations/, never changed) and one training
run on it, shared by the tests of this folder."""
from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

GOLD = Path(__file__).resolve().parents[2] / "annotations"

#: Real lines of corpus/cn-blockchain-2022-2023.txt: headings of sections 一, 二, 三, 四, 五 and 附件5, prose of
#: front/一/四 (train) and 五 (test), two rows of the alliance table (test).
TINY_LINES = (17, 19, 96, 100, 575, 600, 799, 848, 863, 890, 912, 926, 973, 1000, 1010, 1014, 1030, 1034,
              1064, 1066, 1485, 1488, 1489)

#: ORG names of those lines with a type chosen by hand for the fixture (name, type, line).
TINY_ORG_TYPES = (
    ("赛迪区块链研究院", "research_institute", 19),
    ("国家发改委", "government", 863),
    ("最高人民法院", "government", 890),
    ("最高检", "government", 890),
    ("山东港口金融控股有限公司", "enterprise", 926),
    ("青岛泰和嘉柏能源有限公司", "enterprise", 926),
    ("新钢集团", "enterprise", 926),
    ("临商银行", "enterprise", 926),
    ("中国电子工业标准化技术协会", "alliance", 1034),
    ("央行", "government", 1064),
    ("中国区块链研究联盟", "alliance", 1488),
    ("中关村区块链产业联盟", "alliance", 1489),
)


def write_tiny_annotations(folder: Path, org_types: bool = True) -> Path:
    """Copy the gold rows of :data:`TINY_LINES` (mentions, paragraph classes, split) into ``folder``."""
    (folder / "classes").mkdir(parents=True)
    rows = [r for r in GOLD.joinpath("mentions.jsonl").read_text(encoding="utf-8").splitlines()
            if r.strip() and json.loads(r)["line"] in TINY_LINES]
    (folder / "mentions.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    shutil.copy(GOLD / "split.json", folder / "split.json")
    with (GOLD / "classes" / "paragraphs.csv").open(encoding="utf-8", newline="") as handle:
        kept = [r for r in csv.DictReader(handle) if int(r["line"]) in TINY_LINES]
    with (folder / "classes" / "paragraphs.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["line", "domain", "topic"])
        writer.writeheader()
        writer.writerows(kept)
    if org_types:
        with (folder / "classes" / "org_types.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["name", "type", "line"])
            writer.writerows(TINY_ORG_TYPES)
    return folder


@pytest.fixture(scope="session")
def tiny_annotations(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny annotations folder."""
    return write_tiny_annotations(tmp_path_factory.mktemp("annotations"))


@pytest.fixture(scope="session")
def tiny_training(tiny_annotations: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """Every model trained on the tiny folder (NER: 2 epochs); returns (models folder, results)."""
    from nlp.train import train
    out = tmp_path_factory.mktemp("models")
    return out, train(tiny_annotations, out, seed=0, cv=None, only=None, progress=False, max_epochs=2)
