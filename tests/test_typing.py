"""The package type-checks: ``mypy`` over ``nlp/`` with the ``[tool.mypy]`` settings of pyproject.toml (mypy is in
the ``[test]`` extras), so a type error fails the tests and CI instead of waiting for someone to run mypy."""
from __future__ import annotations

from pathlib import Path

from mypy import api

ROOT = Path(__file__).resolve().parents[1]


def test_package_type_checks(tmp_path: Path) -> None:
    out, err, status = api.run(["--config-file", str(ROOT / "pyproject.toml"), "--cache-dir", str(tmp_path),
                                str(ROOT / "nlp")])
    assert status == 0, out + err
