"""The wheel carries the models: build it, install it into a fresh virtual environment outside the checkout, extract.

Done-when of issue 16: "the wheel test passes in CI". The test builds the wheel from a copy of the package sources
(``pip wheel --no-deps``; without build isolation when the running interpreter can build wheels itself, so no
download), makes a venv in a temp folder whose only link to the running interpreter is a ``.pth`` file naming its
site-packages (the dependencies: spaCy, jieba, scikit-learn ... are not installed again), installs the wheel there with
``--no-deps``, and runs the installed ``cnreport`` from the temp folder, with no PYTHONPATH. The extraction of a real
excerpt in the default mode must use the installed package and its models (NER and classifiers), and find the same
mentions as this process finds with the checkout.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from nlp.api import extract

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus" / "cn-blockchain-2022-2023.txt"
#: Lines 195–210 of the first report: prose about standards with organization names (the NER's) and paragraphs
#: long enough for the paragraph classifiers, and the head of a table.
EXCERPT = (195, 210)
SOURCES = ("pyproject.toml", "setup.py", "README.md", "cnreport_cli.py", "nlp", "models")


def can_build_without_isolation() -> bool:
    """True when setuptools can make a wheel here without downloading anything (``wheel`` installed, or
    setuptools >= 70.1 with its own bdist_wheel)."""
    try:
        import setuptools
    except ImportError:
        return False
    try:
        import wheel  # noqa: F401
        return True
    except ImportError:
        major, minor = (int(x) for x in setuptools.__version__.split(".")[:2])
        return (major, minor) >= (70, 1)


def build_wheel(tmp_path: Path) -> Path:
    source = tmp_path / "src"
    source.mkdir()
    for name in SOURCES:  # a copy, so that the build leaves no build/ or egg-info in the checkout
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=shutil.ignore_patterns("__pycache__", ".*"))
        else:
            shutil.copy2(path, source / name)
    flags = ["--no-build-isolation"] if can_build_without_isolation() else []  # else pip fetches setuptools
    run = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", *flags, "-w", str(tmp_path / "dist"),
                          str(source)], capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    (wheel_file,) = (tmp_path / "dist").glob("cnreport-*.whl")
    return wheel_file


def make_venv(folder: Path) -> Path:
    """A venv without pip whose ``.pth`` file puts the running interpreter's site-packages after its own."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True, timeout=300)
    python = folder / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    ours |= {p for p in sys.path if Path(p).name in ("site-packages", "dist-packages")}  # those a .pth added
    (Path(site) / "_cnreport_test_deps.pth").write_text("\n".join(sorted(ours)) + "\n", encoding="utf-8")
    return Path(site)


def clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(venv folder, its site-packages) with the freshly built wheel installed."""
    tmp = tmp_path_factory.mktemp("wheel")
    wheel_file = build_wheel(tmp)
    venv = tmp / "venv"
    site = make_venv(venv)
    run = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--no-deps", "--no-index", "-q",
                          str(wheel_file)], capture_output=True, text=True, cwd=tmp, env=clean_env(), timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    return venv, site


def test_wheel_carries_the_models(installed: tuple[Path, Path]) -> None:
    _, site = installed
    shipped = sorted(p.relative_to(ROOT / "models").as_posix() for p in (ROOT / "models").rglob("*") if p.is_file())
    carried = sorted(p.relative_to(site / "nlp" / "models").as_posix() for p in (site / "nlp" / "models").rglob("*")
                     if p.is_file())
    assert carried == shipped


def test_installed_version_names_its_own_models(installed: tuple[Path, Path], tmp_path: Path) -> None:
    venv, site = installed
    run = subprocess.run([str(venv / "bin" / "cnreport"), "--version"], capture_output=True, text=True, cwd=tmp_path,
                         env=clean_env(), timeout=300)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("cnreport ")
    assert f"package {site / 'nlp'}; models {site / 'nlp' / 'models'})" in run.stdout


def test_installed_cnreport_extracts_with_its_models(installed: tuple[Path, Path], tmp_path: Path) -> None:
    venv, _ = installed
    lines = CORPUS.read_text(encoding="utf-8").splitlines()[EXCERPT[0] - 1:EXCERPT[1]]
    source = tmp_path / "excerpt.txt"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = subprocess.run([str(venv / "bin" / "cnreport"), "extract", str(source), "-o", str(tmp_path / "out"),
                          "--workers", "1", "--quiet"], capture_output=True, text=True, cwd=tmp_path, env=clean_env(),
                         timeout=600)
    assert run.returncode == 0, run.stderr
    (doc,) = (tmp_path / "out" / "docs").iterdir()
    mentions = [json.loads(line) for line in (doc / "mentions.jsonl").read_text(encoding="utf-8").splitlines()]
    paragraphs = (doc / "paragraphs.jsonl").read_text(encoding="utf-8").splitlines()
    assert any(m["source"] == "ner" for m in mentions), "the installed NER found nothing"
    assert paragraphs, "the installed paragraph classifiers classified nothing"
    here = extract(source)  # this process, the checkout's package and models
    assert sorted((m["label"], m["raw_start"], m["raw_end"], m["source"], m["org_type"]) for m in mentions) == \
        sorted((m.label, m.prov.raw_start, m.prov.raw_end, m.source, m.org_type) for m in here.mentions)
    assert len(paragraphs) == len(here.meta["paragraphs"])


def run_installed(venv: Path, args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(venv / "bin" / "cnreport"), *args], capture_output=True, text=True, cwd=cwd,
                          env=clean_env(), timeout=900)


def installed_files(site: Path) -> dict[str, float]:
    return {str(p): p.stat().st_mtime for p in (site / "nlp").rglob("*") if p.is_file() and "__pycache__" not in p.parts}


def test_installed_train_writes_beside_the_user_never_into_the_package(installed: tuple[Path, Path],
                                                                       tmp_path: Path) -> None:
    """Issue 17: train from an installed wheel with --annotations DIR; without -o it writes ./models of the current
    folder; a target inside the installed package is refused (E009); the installation is left as it was."""
    venv, site = installed
    before = installed_files(site)
    run = run_installed(venv, ["train", "--annotations", str(ROOT / "annotations"), "--only", "org_type", "--quiet"],
                        tmp_path)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "models" / "org_type" / "meta.json").is_file()
    refused = run_installed(venv, ["train", "--annotations", str(ROOT / "annotations"), "--only", "org_type",
                                   "-o", str(site / "nlp" / "models")], tmp_path)
    assert refused.returncode != 0 and "[E009]" in refused.stderr
    assert installed_files(site) == before


def test_installed_evaluate_scores_with_the_given_gold_and_refuses_without(installed: tuple[Path, Path],
                                                                           tmp_path: Path) -> None:
    """Issue 17: evaluate from an installed wheel with --gold DIR gives real figures; without gold it is E012 and a
    non-zero exit, never a report of 0.000 with exit 0."""
    venv, _ = installed
    out = tmp_path / "out"
    run = run_installed(venv, ["extract", str(CORPUS), "-o", str(out), "--workers", "1", "--quiet"], tmp_path)
    assert run.returncode == 0, run.stderr
    scored = run_installed(venv, ["evaluate", str(out), "--gold", str(ROOT / "annotations"), "--no-baselines",
                                  "-o", str(tmp_path / "eval.json")], tmp_path)
    assert scored.returncode == 0, scored.stderr
    headline = json.loads((tmp_path / "eval.json").read_text(encoding="utf-8"))["systems"]["cnreport"]["headline"]
    assert headline["mentions.strict.micro.f1"] > 0.7
    missing = run_installed(venv, ["evaluate", str(out), "--no-baselines"], tmp_path)
    assert missing.returncode != 0 and "[E012]" in missing.stderr
