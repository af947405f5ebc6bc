"""Loading refuses tampered and foreign model files with ``[E011]``."""
from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest

from nlp.errors import ModelLoadError
from nlp.models_io import folder_digests, load_skops_model, load_spacy_model, write_meta

#: (model folder, file inside it, loader)
TAMPER_CASES = [
    ("ner", "model/ner/model", load_spacy_model),
    ("ner", "model/config.cfg", load_spacy_model),
    ("para_domain", "model.skops", load_skops_model),
    ("org_type", "model.skops", load_skops_model),
]

FOREIGN_FILES = {
    "random-bytes": bytes(range(256)) * 8,
    "pickle": pickle.dumps({"coef_": [1.0, 2.0]}),
    "empty": b"",
}


def _copy(tiny_training: tuple[Path, dict], name: str, tmp_path: Path) -> Path:
    return Path(shutil.copytree(tiny_training[0] / name, tmp_path / name))


def _flip_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("name, file, loader", TAMPER_CASES, ids=[f"{n}:{f}" for n, f, _ in TAMPER_CASES])
def test_models_io_refuses_tampered_file(tiny_training: tuple[Path, dict], tmp_path: Path, name: str, file: str,
                                         loader: object) -> None:
    folder = _copy(tiny_training, name, tmp_path)
    _flip_byte(folder / file)
    with pytest.raises(ModelLoadError, match=r"^\[E011\] .*do not match meta.json digests"):
        loader(folder)  # type: ignore[operator]


@pytest.mark.parametrize("content", FOREIGN_FILES.values(), ids=FOREIGN_FILES.keys())
def test_models_io_refuses_foreign_file_with_its_digest(tiny_training: tuple[Path, dict], tmp_path: Path,
                                                        content: bytes) -> None:
    """A foreign model.skops whose meta was rewritten to match it still fails, as not a skops archive."""
    folder = _copy(tiny_training, "para_topic", tmp_path)
    (folder / "model.skops").write_bytes(content)
    meta = {k: v for k, v in __import__("json").loads((folder / "meta.json").read_text()).items()
            if k not in ("format", "versions", "files")}
    write_meta(folder, meta)
    with pytest.raises(ModelLoadError, match=r"^\[E011\] .*not a skops archive"):
        load_skops_model(folder)


@pytest.mark.parametrize("content", FOREIGN_FILES.values(), ids=FOREIGN_FILES.keys())
def test_models_io_refuses_foreign_file(tiny_training: tuple[Path, dict], tmp_path: Path, content: bytes) -> None:
    folder = _copy(tiny_training, "para_domain", tmp_path)
    (folder / "model.skops").write_bytes(content)
    with pytest.raises(ModelLoadError, match=r"^\[E011\]"):
        load_skops_model(folder)


def test_models_io_refuses_folder_without_meta(tiny_training: tuple[Path, dict], tmp_path: Path) -> None:
    folder = _copy(tiny_training, "para_domain", tmp_path)
    (folder / "meta.json").unlink()
    with pytest.raises(ModelLoadError, match=r"^\[E011\] .*meta.json is missing"):
        load_skops_model(folder)


def test_models_io_digests_leave_out_docs(tiny_training: tuple[Path, dict]) -> None:
    assert [f for f in folder_digests(tiny_training[0] / "ner") if f.endswith(".md")] == []
