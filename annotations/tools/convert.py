"""The old gold converter commands, kept as a thin wrapper over ``cnreport annotations`` (library: ``nlp/interop``).

Usage (unchanged; each runs the ``cnreport annotations`` command shown by :func:`cnreport_commands`)::

    python annotations/tools/convert.py doccano OUT.jsonl
    python annotations/tools/convert.py label-studio OUT.json [--as predictions]
    python annotations/tools/convert.py spacy OUTDIR            # OUTDIR/train.spacy, OUTDIR/test.spacy
    python annotations/tools/convert.py from-doccano IN.jsonl OUT.jsonl
    python annotations/tools/convert.py from-label-studio IN.json OUT.jsonl

The exports read ``annotations/mentions.jsonl`` (``--gold`` to read another rows file); the imports check every
task against ``corpus/cn-blockchain-2022-2023.txt``. ``cnreport annotations export|import`` does the same for any
report text, imports spaCy DocBin files too, and lists every span a conversion changes (README).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "annotations" / "mentions.jsonl"
CORPUS_TEXT = ROOT / "corpus" / "cn-blockchain-2022-2023.txt"
SPLITS = ("train", "test")


def cnreport_commands(cmd: str, paths: list[str], gold: str = str(GOLD), kind: str = "annotations") -> list[list[str]]:
    """The ``cnreport`` argument lists an old command runs.

    >>> cnreport_commands("doccano", ["g.jsonl"], gold="m.jsonl")
    [['annotations', 'export', 'm.jsonl', '--format', 'doccano', '-o', 'g.jsonl']]
    >>> [c[-3:] for c in cnreport_commands("spacy", ["d"], gold="m.jsonl")]
    [['d/train.spacy', '--split', 'train'], ['d/test.spacy', '--split', 'test']]
    >>> cnreport_commands("from-label-studio", ["t.json", "m.jsonl"])[0][:6]
    ['annotations', 'import', 't.json', '--format', 'labelstudio', '-o']
    """
    if cmd == "doccano":
        return [["annotations", "export", gold, "--format", "doccano", "-o", paths[0]]]
    if cmd == "label-studio":
        return [["annotations", "export", gold, "--format", "labelstudio", "-o", paths[0], "--as", kind]]
    if cmd == "spacy":
        return [["annotations", "export", gold, "--format", "docbin", "-o", str(Path(paths[0]) / f"{split}.spacy"),
                 "--split", split] for split in SPLITS]
    fmt = {"from-doccano": "doccano", "from-label-studio": "labelstudio"}[cmd]
    return [["annotations", "import", paths[0], "--format", fmt, "-o", paths[1], "--text", str(CORPUS_TEXT)]]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The old command line (see the module docstring)."""
    ap = argparse.ArgumentParser(description="Convert the mention gold to and from tool formats.")
    ap.add_argument("--gold", type=Path, default=GOLD, help="the built mentions.jsonl")
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("doccano").add_argument("paths", nargs=1, metavar="output")
    ls = sub.add_parser("label-studio")
    ls.add_argument("paths", nargs=1, metavar="output")
    ls.add_argument("--as", dest="kind", choices=["annotations", "predictions"], default="annotations")
    sub.add_parser("spacy").add_argument("paths", nargs=1, metavar="outdir")
    for name in ("from-doccano", "from-label-studio"):
        sub.add_parser(name).add_argument("paths", nargs=2, metavar=("input", "output"))
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the ``cnreport annotations`` commands of an old command; returns the first non-zero exit code."""
    args = parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from nlp.cli import main as cnreport
    if args.cmd == "spacy":
        Path(args.paths[0]).mkdir(parents=True, exist_ok=True)
    for command in cnreport_commands(args.cmd, args.paths, str(args.gold), getattr(args, "kind", "annotations")):
        code = cnreport(command)
        if code:
            return code
    return 0


if __name__ == "__main__":
    sys.exit(main())
