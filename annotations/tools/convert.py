"""Export the mention gold to annotation tools and training formats, and import it back.

Usage::

    python annotations/tools/convert.py doccano OUT.jsonl
    python annotations/tools/convert.py label-studio OUT.json [--as predictions]
    python annotations/tools/convert.py spacy OUTDIR            # OUTDIR/train.spacy, OUTDIR/test.spacy
    python annotations/tools/convert.py from-doccano IN.jsonl OUT.jsonl
    python annotations/tools/convert.py from-label-studio IN.json OUT.jsonl

Every format works per paragraph (one document line) with **paragraph-local** character offsets,
end-exclusive; the importers add the line's document offset back, so an export followed by an import
gives the ``annotations/mentions.jsonl`` rows unchanged (tested).  The document has no characters
outside the BMP, so JavaScript (UTF-16) offsets in doccano and Label Studio equal Python's.

- doccano JSONL: ``{"id", "text", "label": [[s, e, "LABEL"]], "norms": [[s, e, "LABEL", {norm}]],
  "doc_id", "line", "split"}``.  doccano keeps unknown keys as metadata; norms are keyed by their span,
  not by list position, so they survive spans being added or removed in the tool.
- Label Studio JSON: a list of tasks ``{"id", "data": {"text", "doc_id", "line", "split"},
  "annotations" | "predictions": [{"result": [...]}]}``; each result is a ``labels`` region
  ``{"id", "from_name": "label", "to_name": "text", "type": "labels", "value": {"start", "end", "text",
  "labels": [L]}, "meta": {"text": [norm as JSON]}}``.  Region meta is Label Studio's free-text
  "meta" field, so a norm stays visible and editable in the tool.  See :func:`label_studio_config`.
- spaCy: one ``DocBin`` per split, one ``Doc`` per paragraph, tokenized by ``spacy.blank("zh")`` with
  the jieba segmenter; spans become ``doc.ents`` via ``char_span(alignment_mode="expand")``.  A span
  that cannot be placed without overlapping an earlier one (two mentions inside one jieba token) is
  dropped and counted.  ``doc.user_data`` keeps ``doc_id``, ``line`` and ``start`` for provenance.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import build_gold
from guidelines import labels as guideline_labels

if TYPE_CHECKING:  # spaCy is imported lazily: the text formats do not need it
    from spacy.language import Language
    from spacy.tokens import DocBin

Row = dict[str, Any]
SPACY_CONFIG = {"nlp": {"tokenizer": {"segmenter": "jieba"}}}
SPLITS = ("train", "test")


class ConvertError(ValueError):
    """An imported file does not match the document (message starts with a code)."""


# --- shared helpers -------------------------------------------------------------------------------


def local_spans(row: Row) -> list[tuple[int, int, str, Any]]:
    """``(start, end, label, norm)`` of a gold row with offsets relative to its paragraph.

    >>> local_spans({"start": 10, "spans": [{"start": 12, "end": 14, "label": "LOC", "norm": None}]})
    [(2, 4, 'LOC', None)]
    """
    base = row["start"]
    return [(s["start"] - base, s["end"] - base, s["label"], s["norm"]) for s in row["spans"]]


def row_from_local(line: int, text: str, spans: Iterable[tuple[int, int, str, Any]]) -> Row:
    """Rebuild a gold row from a paragraph's local spans, checking the paragraph is the document's line.

    Args:
        line: 1-based document line.
        text: The paragraph text as found in the imported file.
        spans: ``(start, end, label, norm)`` with paragraph-local, end-exclusive offsets.

    Raises:
        ConvertError: If the text is not the document's line or a span falls outside it.
    """
    lines = build_gold.doc_lines()
    if not 1 <= line <= len(lines) or lines[line - 1] != text:
        raise ConvertError(f"[C001] line {line}: the paragraph text differs from the document's line")
    base = build_gold.line_starts(lines)[line - 1]
    out = []
    for start, end, label, norm in sorted(spans, key=lambda s: (s[0], s[1])):
        if not 0 <= start < end <= len(text):
            raise ConvertError(f"[C002] line {line}: span [{start}, {end}) {label} is outside the paragraph")
        out.append({"start": base + start, "end": base + end, "label": label, "text": text[start:end],
                    "norm": norm})
    return {"doc_id": build_gold.DOC_ID, "line": line, "start": base, "end": base + len(text), "text": text,
            "split": build_gold.split_of_line(line), "spans": out}


def dump_jsonl(objs: Iterable[Any]) -> str:
    """One JSON object a line, ``ensure_ascii=False``, sorted keys."""
    return "".join(json.dumps(o, ensure_ascii=False, sort_keys=True) + "\n" for o in objs)


def load_jsonl(text: str) -> list[Any]:
    """Parse JSON lines, skipping blank ones."""
    return [json.loads(raw) for raw in text.splitlines() if raw.strip()]


# --- doccano --------------------------------------------------------------------------------------


def to_doccano(rows: Iterable[Row]) -> list[dict[str, Any]]:
    """doccano sequence-labeling records, one per paragraph (``id`` is the document line)."""
    out = []
    for row in rows:
        spans = local_spans(row)
        out.append({"id": row["line"], "doc_id": row["doc_id"], "line": row["line"], "split": row["split"],
                    "text": row["text"], "label": [[s, e, lab] for s, e, lab, _ in spans],
                    "norms": [[s, e, lab, norm] for s, e, lab, norm in spans if norm is not None]})
    return out


def doccano_labels(obj: dict[str, Any]) -> list[tuple[int, int, str]]:
    """``(start, end, label)`` of a doccano record: the ``label`` list, or newer ``entities`` objects.

    >>> doccano_labels({"entities": [{"start_offset": 0, "end_offset": 2, "label": "LOC"}]})
    [(0, 2, 'LOC')]
    """
    if "entities" in obj and "label" not in obj:
        return [(e["start_offset"], e["end_offset"], e["label"]) for e in obj["entities"]]
    return [(int(s), int(e), str(lab)) for s, e, lab in obj.get("label", [])]


def from_doccano(objs: Iterable[dict[str, Any]]) -> list[Row]:
    """Gold rows from doccano records (norms matched to spans by ``(start, end, label)``)."""
    rows = []
    for obj in objs:
        norms = {(s, e, lab): norm for s, e, lab, norm in obj.get("norms", [])}
        spans = [(s, e, lab, norms.get((s, e, lab))) for s, e, lab in doccano_labels(obj)]
        rows.append(row_from_local(int(obj["line"]), obj["text"], spans))
    return sorted(rows, key=lambda r: r["line"])


# --- Label Studio ---------------------------------------------------------------------------------


def label_studio_config(labels: Sequence[str] | None = None) -> str:
    """The labeling config (XML) matching the exported tasks: a ``Labels`` tag ``label`` over ``text``.

    >>> print(label_studio_config(["ORG"]))
    <View>
      <Labels name="label" toName="text">
        <Label value="ORG"/>
      </Labels>
      <Text name="text" value="$text"/>
    </View>
    """
    tags = "".join(f'    <Label value="{lab}"/>\n' for lab in (labels or guideline_labels()))
    return f'<View>\n  <Labels name="label" toName="text">\n{tags}  </Labels>\n  <Text name="text" value="$text"/>\n</View>'


def ls_region(line: int, index: int, text: str, span: tuple[int, int, str, Any]) -> dict[str, Any]:
    """One Label Studio ``labels`` result for a paragraph-local span."""
    start, end, label, norm = span
    region: dict[str, Any] = {"id": f"L{line}-{index}", "from_name": "label", "to_name": "text",
                              "type": "labels", "origin": "manual",
                              "value": {"start": start, "end": end, "text": text[start:end], "labels": [label]}}
    if norm is not None:
        region["meta"] = {"text": [json.dumps(norm, ensure_ascii=False, sort_keys=True)]}
    return region


def to_label_studio(rows: Iterable[Row], kind: str = "annotations") -> list[dict[str, Any]]:
    """Label Studio tasks, one per paragraph, the spans as ``annotations`` or ``predictions``.

    Args:
        rows: Gold rows.
        kind: ``"annotations"`` (gold to review) or ``"predictions"`` (pre-annotations).
    """
    if kind not in ("annotations", "predictions"):
        raise ValueError(f"kind must be 'annotations' or 'predictions', not {kind!r}")
    tasks = []
    for row in rows:
        result = [ls_region(row["line"], i, row["text"], s) for i, s in enumerate(local_spans(row))]
        entry: dict[str, Any] = {"result": result}
        if kind == "predictions":
            entry["model_version"] = "gold"
        data = {"text": row["text"], "doc_id": row["doc_id"], "line": row["line"], "split": row["split"]}
        tasks.append({"id": row["line"], "data": data, kind: [entry]})
    return tasks


def ls_norm(region: dict[str, Any]) -> Any:
    """The norm carried by a region's meta (``{"text": [json]}``, or a ``norm`` object), else None.

    >>> ls_norm({"meta": {"text": ['{"value": "5"}']}}), ls_norm({})
    ({'value': '5'}, None)
    """
    meta = region.get("meta") or {}
    if "norm" in meta:
        return meta["norm"]
    texts = meta.get("text") or []
    return json.loads(texts[0]) if texts and texts[0].strip() else None


def ls_result(task: dict[str, Any]) -> list[dict[str, Any]]:
    """The result to import: the first annotation not cancelled, else the first prediction."""
    for ann in task.get("annotations") or []:
        if not ann.get("was_cancelled"):
            return ann.get("result", [])
    preds = task.get("predictions") or []
    return preds[0].get("result", []) if preds else []


def from_label_studio(tasks: Iterable[dict[str, Any]]) -> list[Row]:
    """Gold rows from Label Studio tasks (``labels`` results only; other result types are ignored)."""
    rows = []
    for task in tasks:
        data = task["data"]
        spans = [(r["value"]["start"], r["value"]["end"], r["value"]["labels"][0], ls_norm(r))
                 for r in ls_result(task) if r.get("type") == "labels"]
        rows.append(row_from_local(int(data["line"]), data["text"], spans))
    return sorted(rows, key=lambda r: r["line"])


# --- spaCy ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DocBinStats:
    """What :func:`to_docbin` did: paragraphs written, spans kept and spans dropped (overlap)."""

    docs: int
    kept: int
    dropped: int


def blank_zh() -> Language:
    """``spacy.blank("zh")`` with the jieba segmenter (``doc.text`` equals the input)."""
    import spacy

    return spacy.blank("zh", config=SPACY_CONFIG)


def to_docbin(rows: Iterable[Row], nlp: Language) -> tuple[DocBin, DocBinStats]:
    """One spaCy ``Doc`` per paragraph with the gold spans as entities.

    Spans are aligned to tokens with ``alignment_mode="expand"``; a span whose expansion overlaps an
    earlier kept span is dropped (counted in the stats).
    """
    from spacy.tokens import DocBin

    db, kept, dropped, docs = DocBin(store_user_data=True), 0, 0, 0
    for row in rows:
        doc = nlp.make_doc(row["text"])
        ents, taken = [], set()
        for start, end, label, _ in local_spans(row):
            span = doc.char_span(start, end, label=label, alignment_mode="expand")
            if span is None or taken & set(range(span.start, span.end)):
                dropped += 1
                continue
            taken |= set(range(span.start, span.end))
            ents.append(span)
        doc.ents = ents
        doc.user_data.update({"doc_id": row["doc_id"], "line": row["line"], "start": row["start"]})
        db.add(doc)
        kept, docs = kept + len(ents), docs + 1
    return db, DocBinStats(docs, kept, dropped)


def write_spacy(rows: Sequence[Row], outdir: Path, nlp: Language | None = None) -> dict[str, DocBinStats]:
    """Write ``OUTDIR/train.spacy`` and ``OUTDIR/test.spacy`` and return their stats by split."""
    nlp = nlp or blank_zh()
    outdir.mkdir(parents=True, exist_ok=True)
    stats = {}
    for split in SPLITS:
        db, stats[split] = to_docbin([r for r in rows if r["split"] == split], nlp)
        db.to_disk(outdir / f"{split}.spacy")
    return stats


# --- command line ---------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line (see the module docstring)."""
    ap = argparse.ArgumentParser(description="Convert the mention gold to and from tool formats.")
    ap.add_argument("--gold", type=Path, default=build_gold.OUT_PATH, help="the built mentions.jsonl")
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("doccano").add_argument("output", type=Path)
    ls = sub.add_parser("label-studio")
    ls.add_argument("output", type=Path)
    ls.add_argument("--as", dest="kind", choices=["annotations", "predictions"], default="annotations")
    sub.add_parser("spacy").add_argument("output", type=Path, help="output directory")
    for name in ("from-doccano", "from-label-studio"):
        p = sub.add_parser(name)
        p.add_argument("input", type=Path)
        p.add_argument("output", type=Path, help="mentions JSONL to write")
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run one conversion; returns the exit code (0 ok, 1 the input does not match the document)."""
    args = parse_args(argv)
    try:
        if args.cmd == "from-doccano":
            rows = from_doccano(load_jsonl(args.input.read_text(encoding="utf-8")))
            build_gold.write_atomic(args.output, build_gold.dumps_rows(rows))
        elif args.cmd == "from-label-studio":
            rows = from_label_studio(json.loads(args.input.read_text(encoding="utf-8")))
            build_gold.write_atomic(args.output, build_gold.dumps_rows(rows))
        else:
            rows = build_gold.read_gold(args.gold)
            if args.cmd == "doccano":
                build_gold.write_atomic(args.output, dump_jsonl(to_doccano(rows)).encode("utf-8"))
            elif args.cmd == "label-studio":
                text = json.dumps(to_label_studio(rows, args.kind), ensure_ascii=False, indent=1, sort_keys=True)
                build_gold.write_atomic(args.output, (text + "\n").encode("utf-8"))
            else:
                for split, st in write_spacy(rows, args.output).items():
                    print(f"{split}: {st.docs} docs, {st.kept} spans, {st.dropped} dropped (overlap after expand)")
    except (ConvertError, KeyError, json.JSONDecodeError) as err:
        print(f"convert: {err}", file=sys.stderr)
        return 1
    print(f"wrote {args.output} ({len(rows)} paragraphs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
