"""`cnreport extract FILE -o OUT` on bad input: non-zero exit, one coded stderr line naming the file, no traceback,
nothing partial left in OUT; a batch writes the good files and lists the failures."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest

from nlp.cli import main

from ingest import bad_inputs as make  # tests/ is on sys.path (tests/cli and tests/ingest are packages)

# (file name, builder, extra arguments, expected code, words of the cause)
BAD_FILES: list[tuple[str, Callable[[Path], Path] | None, list[str], str, str]] = [
    ("missing.pdf", None, [], "E001", "no such file"),
    ("empty.txt", make.empty_file, [], "E002", "empty"),
    ("empty.pdf", make.empty_file, [], "E002", "empty"),
    ("encrypted.pdf", lambda p: make.text_pdf(p, [[make.ASCII_LINE]], make.PASSWORD, "Helvetica"), [], "E003",
     "encrypted"),
    ("encrypted.pdf", lambda p: make.text_pdf(p, [[make.ASCII_LINE]], make.PASSWORD, "Helvetica"),
     ["--password", "guess"], "E003", "password given is wrong"),
    ("half.pdf", make.truncated_pdf, [], "E004", "truncated"),
    ("scan.pdf", make.image_only_pdf, [], "E005", "no text layer"),
    ("no-tounicode.pdf", make.no_tounicode_pdf, [], "E006", "ToUnicode"),
    ("photo.pdf", make.png_named_pdf, [], "E008", "PNG image"),
    ("page.html", make.html_file, [], "E008", "HTML"),
    ("noise.bin", make.random_binary, [], "E008", "binary"),
    ("two-pages.pdf", lambda p: make.text_pdf(p, [[make.LINE], [make.SECOND_LINE]]), ["--pages", "5-6"], "E013",
     "outside the document"),
]


def _leftovers(out: Path) -> list[Path]:
    """Files and folders a failed run must not leave: document folders, temp files, probes."""
    if not out.exists():
        return []
    return sorted(p for p in out.rglob("*") if p.name.startswith(".") or p.suffix == ".tmp" or p.parent.name == "docs")


def _sha(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


@pytest.mark.parametrize("name,build,extra,code,cause", BAD_FILES,
                         ids=[f"{c[0]}-{c[3]}" + ("-" + "-".join(c[2]) if c[2] else "") for c in BAD_FILES])
def test_bad_file(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, build, extra: list[str],
                  code: str, cause: str) -> None:
    path = tmp_path / name
    if build:
        build(path)
    out = tmp_path / "out"
    exit_code = main(["extract", str(path), "-o", str(out), "--quiet", "--workers", "1", *extra])
    err = capsys.readouterr().err
    assert exit_code == 1
    lines = err.strip().split("\n")
    assert len(lines) == 1, err
    assert lines[0].startswith(f"[{code}] {path}: ") and cause in lines[0]
    assert "Traceback" not in err
    assert _leftovers(out) == []
    digest = _sha(path)
    assert digest is None or not list(out.rglob(f"*{digest}*"))


def test_bad_file_through_the_real_command(tmp_path: Path) -> None:
    path = make.truncated_pdf(tmp_path / "half.pdf")
    out = tmp_path / "out"
    run = subprocess.run([sys.executable, "-m", "nlp", "extract", str(path), "-o", str(out), "--workers", "1"],
                         capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert run.returncode == 1
    coded = [line for line in run.stderr.splitlines() if line.startswith("[E")]
    assert coded == [f"[E004] {path}: PDF is damaged or truncated (truncated: no %%EOF marker at the end)"]
    assert "Traceback" not in run.stderr
    assert _leftovers(out) == []


OUTPUTS = [
    ("output is a file", lambda tmp: (tmp / "taken").write_text("x") and tmp / "taken"),
    ("output below a file", lambda tmp: (tmp / "taken").write_text("x") and tmp / "taken" / "out"),
]


@pytest.mark.parametrize("name,make_out", OUTPUTS, ids=[o[0] for o in OUTPUTS])
def test_output_that_cannot_be_written(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, make_out) -> None:
    report = make.utf8_bom_text(tmp_path / "report.txt")
    out = make_out(tmp_path)
    assert main(["extract", str(report), "-o", str(out), "--quiet", "--workers", "1"]) == 1
    err = capsys.readouterr().err.strip().split("\n")
    assert len(err) == 1 and err[0].startswith(f"[E009] {out}: output folder cannot be written")


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder permissions")
def test_read_only_output_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = make.utf8_bom_text(tmp_path / "report.txt")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        assert main(["extract", str(report), "-o", str(locked / "out"), "--quiet", "--workers", "1"]) == 1
        err = capsys.readouterr().err.strip().split("\n")
        assert len(err) == 1 and err[0].startswith(f"[E009] {locked / 'out'}: ")
    finally:
        locked.chmod(0o700)


def _batch_folder(folder: Path) -> tuple[list[Path], dict[Path, str]]:
    folder.mkdir()
    good = [make.utf8_bom_text(folder / "a-report.txt"), make.gb18030_text(folder / "b-report.md")]
    good[1].write_bytes(f"{make.SECOND_LINE}\n\n截至 2022 年底，北京区块链企业达 366 家。\n".encode("gb18030"))
    bad = {make.empty_file(folder / "c-empty.txt"): "E002", make.png_named_pdf(folder / "d-photo.pdf"): "E008",
           make.truncated_pdf(folder / "e-half.pdf"): "E004"}
    return good, bad


@pytest.mark.parametrize("workers", ["1", "2"])
def test_batch_writes_the_good_and_lists_the_bad(tmp_path: Path, capsys: pytest.CaptureFixture[str], workers: str) -> None:
    good, bad = _batch_folder(tmp_path / "reports")
    out = tmp_path / "out"
    assert main(["extract", str(tmp_path / "reports"), "-o", str(out), "--quiet", "--workers", workers]) == 1
    err = capsys.readouterr().err.strip().split("\n")
    assert len(err) == len(bad)
    for path, code in bad.items():
        assert sum(line.startswith(f"[{code}] {path}: ") for line in err) == 1, err
    written = sorted(p.name for p in (out / "docs").iterdir())
    assert written == sorted(_sha(p) for p in good)
    assert (out / "mentions.jsonl").exists() and (out / "cnreport.sqlite").exists()
    assert not [p for p in out.rglob("*") if p.name.startswith(".") or p.suffix == ".tmp"]
