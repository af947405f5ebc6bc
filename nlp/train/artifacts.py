"""Write trained models as ``models/<name>/`` folders: the model, ``meta.json`` (models_io conventions) and a short
``MODEL_CARD.md``; every folder is filled in a temp folder and swapped in (an interrupted run keeps the old model).
"""
from __future__ import annotations

import datetime as dt
import re
from importlib import resources
from pathlib import Path
from typing import Any

from ..models_io import library_versions, next_version, save_atomically, write_meta
from ..records.schema import SCHEMA_VERSION

PURPOSES = {
    "ner": "spaCy NER (jieba tokenizer with term-list features, tok2vec, ner) for the cnreport mention labels; the "
           "runtime adds its names to the rule spans by the policy of nlp/data/combination.toml (chosen by "
           "cross-validation that holds out whole reports: nlp/train/combination.py; nlp/extractors/components.py).",
    "para_domain": "Application domain of a prose paragraph (char n-gram TF-IDF + linear model).",
    "para_topic": "Topic of a prose paragraph (char n-gram TF-IDF + linear model).",
    "org_type": "Type of an ORG mention from its name (char n-gram TF-IDF + linear model).",
}


def folder_size(folder: Path) -> int:
    """Total bytes of the files below ``folder``."""
    return sum(p.stat().st_size for p in Path(folder).rglob("*") if p.is_file())


def git_commit(start: Path) -> str | None:
    """The commit checked out in the repository holding ``start``, read from the ``.git`` files (a worktree's
    ``.git`` file points to its folder, whose ``commondir`` holds the refs; packed refs are read too); None if
    unknown."""
    for folder in [Path(start).resolve(), *Path(start).resolve().parents]:
        dot_git = folder / ".git"
        if dot_git.is_file() and dot_git.read_text(encoding="utf-8").startswith("gitdir: "):
            dot_git = (folder / dot_git.read_text(encoding="utf-8")[8:].strip()).resolve()
        if (dot_git / "HEAD").is_file():
            return _resolve_head(dot_git)
    return None


def _resolve_head(git_dir: Path) -> str | None:
    ref = (git_dir / "HEAD").read_text(encoding="utf-8").strip()
    if not ref.startswith("ref: "):
        return ref
    common = git_dir / "commondir"
    roots = [git_dir] + ([(git_dir / common.read_text(encoding="utf-8").strip()).resolve()] if common.is_file() else [])
    for root in roots:
        if (root / ref[5:]).is_file():
            return (root / ref[5:]).read_text(encoding="utf-8").strip()
        packed = root / "packed-refs"
        if packed.is_file():
            for line in packed.read_text(encoding="utf-8").splitlines():
                if line.endswith(" " + ref[5:]):
                    return line.split(" ", 1)[0]
    return None


def base_meta(name: str, target: Path, context: dict[str, Any]) -> dict[str, Any]:
    """The fields every model's meta shares (``context`` holds trained_on, split, seed, annotations)."""
    return {"name": name, "version": next_version(target), "schema_version": SCHEMA_VERSION,
            "trained_on": context["trained_on"], "split": context["split"], "seed": context["seed"],
            "date": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
            "git_commit": git_commit(Path(context["annotations"]))}


def _figures_table(metrics: dict[str, Any]) -> str:
    if "per_label" in metrics:
        rows = ["| label | P | R | F1 | tp | fp | fn |", "|---|---|---|---|---|---|---|"]
        for label, s in metrics["per_label"].items():
            rows.append(f"| {label} | {_pct(s['precision'])} | {_pct(s['recall'])} | {_pct(s['f1'])} | "
                        f"{s['tp']} | {s['fp']} | {s['fn']} |")
        return "\n".join(rows)
    rows = ["| family | n | accuracy | macro-F1 |", "|---|---|---|---|"]
    for family, s in metrics["families"].items():
        mark = " (shipped)" if family == metrics["family"] else ""
        rows.append(f"| {family}{mark} | {s['n']} | {_pct(s['accuracy'])} | {_pct(s['macro_f1'])} |")
    return "\n".join(rows)


def _reports_text(meta: dict[str, Any]) -> str:
    """What the NER learned beside the first report's train split (the real reports' sentences), or ``""``."""
    lines = {k: n for k, n in meta.get("train_lines", {}).items() if k != "first_report"}
    if not lines:
        return ""
    return (" and the sentences of " + ", ".join(f"{key} ({n})" for key, n in lines.items())
            + " (their page-keyed gold placed on the PDFs' text: nlp/train/reports.py)")


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{100 * x:.1f}"


def write_card(folder: Path, meta: dict[str, Any], limits: str) -> None:
    """Render ``nlp/train/model_card.md`` into ``folder/MODEL_CARD.md``."""
    template = resources.files("nlp.train").joinpath("model_card.md").read_text(encoding="utf-8")
    versions = ", ".join(f"{k} {v}" for k, v in library_versions().items())
    text = template.format(
        name=meta["name"], version=meta["version"], purpose=PURPOSES.get(meta["name"], ""), date=meta["date"],
        seed=meta["seed"], seconds=meta["train_seconds"], annotations=meta["annotations"],
        test_sections=", ".join(meta["split"]["test_sections"]), files=", ".join(sorted(meta["files"])[:6]),
        size_mb=meta["size_bytes"] / 1e6, versions=versions, labels=", ".join(meta["labels"]),
        figures=_figures_table(meta["metrics"]), limits=limits, reports=_reports_text(meta),
        pdfs=", and of the real PDFs" if meta.get("inputs", {}).get("pdfs") else "")
    (folder / "MODEL_CARD.md").write_text(text, encoding="utf-8")


def save_model(target: Path, write_model: Any, meta: dict[str, Any], limits: str = "") -> dict[str, Any]:
    """Write a model folder atomically: ``write_model(tmp)`` saves the model, then meta.json and the card.

    Returns:
        The meta written.
    """
    written: dict[str, Any] = {}

    def write(tmp: Path) -> None:
        write_model(tmp)
        full = {**meta, "size_bytes": folder_size(tmp)}
        written.update(write_meta(tmp, full))
        write_card(tmp, written, limits)
    save_atomically(Path(target), write)
    return written


def spacy_writer(nlp: Any) -> Any:
    """A ``write_model`` for :func:`save_model` that saves a spaCy pipeline to ``<tmp>/model``."""
    return lambda tmp: nlp.to_disk(Path(tmp) / "model")


def skops_writer(model: Any) -> Any:
    """A ``write_model`` for :func:`save_model` that saves a scikit-learn pipeline as ``<tmp>/model.skops``
    (deflated: the TF-IDF vocabulary is stored as JSON, 15 MB raw, under 1 MB compressed), made byte-identical
    across runs by :func:`canonical_skops`."""
    import zipfile

    import skops.io as sio

    def write(tmp: Path) -> None:
        path = Path(tmp) / "model.skops"
        sio.dump(model, path, compression=zipfile.ZIP_DEFLATED, compresslevel=9)
        canonical_skops(path)
    return write


SKOPS_ID = re.compile(r'("__id__": )(\d+)|("file": ")(\d+)(\.\w+")')
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def canonical_skops(path: Path) -> None:
    """Rewrite a skops archive so that the same model gives the same bytes: skops names each array member and
    object ``__id__`` by the object's ``id()`` in the writing process, and stamps members with the time. Ids are
    renumbered in order of first appearance in ``schema.json`` (members renamed to match), times set to 1980-01-01,
    members kept in their order; what the archive loads is unchanged."""
    import zipfile
    with zipfile.ZipFile(path) as old:
        members = [(info.filename, old.read(info.filename)) for info in old.infolist()]
    schema = dict(members)["schema.json"].decode("utf-8")
    numbers: dict[str, str] = {}

    def renumber(match: re.Match[str]) -> str:
        if match.group(1):
            return match.group(1) + numbers.setdefault(match.group(2), str(len(numbers) + 1))
        return match.group(3) + numbers.setdefault(match.group(4), str(len(numbers) + 1)) + match.group(5)
    schema = SKOPS_ID.sub(renumber, schema)
    tmp = path.with_name(path.name + ".tmp")
    with zipfile.ZipFile(tmp, "w") as new:
        for name, data in members:
            stem, dot, suffix = name.partition(".")
            name = "schema.json" if name == "schema.json" else numbers.get(stem, stem) + dot + suffix
            info = zipfile.ZipInfo(name, ZIP_EPOCH)
            info.compress_type, info.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            new.writestr(info, schema.encode("utf-8") if name == "schema.json" else data, compresslevel=9)
    tmp.replace(path)
