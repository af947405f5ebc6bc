"""The results object: computed once by the harness, rendered by every reporter.

``Results.to_dict()`` gives the JSON form documented in evaluation/README.md (``schema_version``
:data:`SCHEMA_VERSION`). Reporters take either a :class:`Results` or that dict, so a saved JSON file can
be rendered again without rescoring.
"""
from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from nlp.scoring.classes import ClassScores
from nlp.scoring.items import ErrorItem
from nlp.scoring.mentions import MentionScores, score_mentions
from nlp.scoring.prf import PRF, macro, total
from nlp.scoring.records import RECORD_KINDS, RowScores
from nlp.scoring.report_scores import ReportScores

#: Version of the JSON layout; bump the minor on added keys, the major on renamed or removed keys.
SCHEMA_VERSION = "1.1"

#: Classification tasks, in report order.
CLASS_TASKS = ("domain", "topic", "org_type")


@dataclass(slots=True)
class Block:
    """The scores of one document, or of the corpus (the sum of its documents)."""

    mentions: MentionScores = field(default_factory=lambda: score_mentions([], []))
    records: dict[str, RowScores] = field(default_factory=lambda: {k: RowScores() for k in RECORD_KINDS})
    figures: RowScores = field(default_factory=RowScores)

    def __add__(self, other: Block) -> Block:
        kinds = list(dict.fromkeys([*self.records, *other.records]))
        records = {k: self.records.get(k, RowScores()) + other.records.get(k, RowScores()) for k in kinds}
        return Block(self.mentions + other.mentions, records, self.figures + other.figures)

    def errors(self) -> list[ErrorItem]:
        """Mention, record and figure errors, in that order."""
        return [*self.mentions.errors(), *(e for r in self.records.values() for e in r.errors),
                *self.figures.errors]

    def records_dict(self) -> dict[str, Any]:
        """``{"kinds": {kind: RowScores}, "rows_micro", "rows_macro", "fields_micro", "fields_macro"}``."""
        rows = [r.rows for r in self.records.values()]
        fields = [f.prf for r in self.records.values() for f in r.fields.values()]
        return {"kinds": {k: v.to_dict() for k, v in self.records.items()},
                "rows_micro": total(rows).to_dict(), "rows_macro": macro(rows),
                "fields_micro": total(fields).to_dict(),
                "fields_macro": macro([total(f.prf for f in r.fields.values()) for r in self.records.values()])}

    def to_dict(self) -> dict[str, Any]:
        """``{"mentions", "records", "figures"}``."""
        return {"mentions": self.mentions.to_dict(), "records": self.records_dict(),
                "figures": self.figures.to_dict()}


def report_headline(total: ReportScores | None) -> dict[str, float | None]:
    """The headline figures of the real reports' gold (micro over every report; ``None`` without one)."""
    d = total.to_dict() if total is not None else {}
    m, t, f = d.get("mentions") or {}, d.get("tables") or {}, d.get("figures") or {}
    return {
        "reports.mentions.strict.micro.f1": m["strict"]["micro"]["f1"] if m else None,
        "reports.mentions.contains.micro.f1": m["contains"]["micro"]["f1"] if m else None,
        "reports.mentions.values.micro.f1": m["values"]["micro"]["f1"] if m else None,
        "reports.tables.rows.f1": t["rows"]["f1"] if t else None,
        "reports.tables.cells.f1": t["cells"]["f1"] if t else None,
        "reports.figures.rows.f1": f["rows"]["f1"] if f else None,
    }


@dataclass(slots=True)
class SystemResults:
    """All scores of one system (ours or a baseline)."""

    name: str
    pred_dir: str
    corpus: Block
    documents: dict[str, Block]
    classes: dict[str, ClassScores]
    errors: list[ErrorItem]
    missing_files: list[str] = field(default_factory=list)
    doc_id_map: dict[str, str] = field(default_factory=dict)
    unscored_docs: list[str] = field(default_factory=list)
    #: gold documents whose predicted mentions mostly differ from the gold text at their offsets:
    #: ``{doc_id: [differing, checked]}`` (a PDF extraction scored against gold made from the corpus text).
    misaligned_docs: dict[str, list[int]] = field(default_factory=dict)
    #: scores against the gold of real reports (``annotations/reports/<key>/``), by report key.
    reports: dict[str, ReportScores] = field(default_factory=dict)

    def reports_total(self) -> ReportScores | None:
        """The reports' scores summed (micro over every report), ``None`` without any report."""
        if not self.reports:
            return None
        out = ReportScores("all", "")
        for _, scores in sorted(self.reports.items()):
            out = out + scores
        return out

    def headline(self, corpus: Mapping[str, Any] | None = None) -> dict[str, float | None]:
        """The headline figures by flat name (the names thresholds refer to)."""
        c = corpus if corpus is not None else self.corpus.to_dict()
        m, r, f = c["mentions"], c["records"], c["figures"]
        out: dict[str, float | None] = {
            "mentions.strict.micro.f1": m["schemes"]["strict"]["micro"]["f1"],
            "mentions.strict.macro.f1": m["schemes"]["strict"]["macro"]["f1"],
            "mentions.partial.overall.f1": m["schemes"]["partial"]["overall"]["f1"],
            "mentions.values.micro.f1": m["values"]["micro"]["prf"]["f1"],
            "mentions.values.micro.accuracy": m["values"]["micro"]["accuracy"],
            "records.rows.micro.f1": r["rows_micro"]["f1"],
            "records.fields.micro.f1": r["fields_micro"]["f1"],
            "figures.rows.f1": f["rows"]["f1"],
            "figures.fields.micro.f1": f["fields_micro"]["f1"],
        }
        out.update(report_headline(self.reports_total()))
        for task in CLASS_TASKS:
            cs = self.classes.get(task)
            out[f"classes.{task}.accuracy"] = cs.accuracy if cs else None
            out[f"classes.{task}.macro_f1"] = cs.macro_f1 if cs else None
        return out

    def to_dict(self) -> dict[str, Any]:
        """The system's JSON form (see evaluation/README.md)."""
        corpus = self.corpus.to_dict()
        return {
            "name": self.name,
            "pred_dir": self.pred_dir,
            "missing_files": list(self.missing_files),
            "doc_id_map": dict(self.doc_id_map),
            "unscored_docs": list(self.unscored_docs),
            "misaligned_docs": dict(self.misaligned_docs),
            "headline": self.headline(corpus),
            "corpus": corpus,
            "documents": {k: v.to_dict() for k, v in sorted(self.documents.items())},
            "classes": {k: v.to_dict() for k, v in self.classes.items()},
            "reports": {k: v.to_dict() for k, v in sorted(self.reports.items())},
            "reports_total": summed.to_dict() if (summed := self.reports_total()) is not None else None,
            "errors": [e.to_dict() for e in self.errors],
        }


@dataclass(slots=True)
class Results:
    """The evaluation of one or more systems against one gold split."""

    split: str
    gold_dir: str
    systems: dict[str, SystemResults]
    gold_missing: list[str] = field(default_factory=list)
    schema_version: str = SCHEMA_VERSION
    notes: list[str] = field(default_factory=list)
    #: keys of the real reports whose gold the models of the run learned from (their NER's meta.json): figures on
    #: those are in-sample; every other real report is unseen.
    learned_reports: list[str] = field(default_factory=list)

    @property
    def primary(self) -> str | None:
        """The first system: ours; the others are baselines shown beside it."""
        return next(iter(self.systems), None)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (see evaluation/README.md)."""
        return {
            "schema_version": self.schema_version,
            "split": self.split,
            "gold_dir": self.gold_dir,
            "gold_missing": list(self.gold_missing),
            "primary": self.primary,
            "notes": list(self.notes),
            "learned_reports": list(self.learned_reports),
            "systems": {k: v.to_dict() for k, v in self.systems.items()},
        }

    def to_json(self) -> str:
        """The JSON text (see :func:`dumps`)."""
        return dumps(self.to_dict())


def dumps(data: Mapping[str, Any]) -> str:
    """The JSON text of results: UTF-8 characters kept, two-space indent, key order fixed by construction,
    and each error item on one line (thousands of items stay readable and diff line by line).

    >>> print(dumps({"systems": {"s": {"errors": [{"kind": "mention", "line": 3}], "name": "s"}}}))
    {
      "systems": {
        "s": {
          "errors": [
            {"kind": "mention", "line": 3}
          ],
          "name": "s"
        }
      }
    }
    """
    systems = data.get("systems", {})
    placeholders: dict[str, str] = {}
    shell = dict(data)
    shell["systems"] = {}
    for name, system in systems.items():
        items = []
        for e in system.get("errors", []):
            key = f"\u0000error{len(placeholders)}"
            placeholders[json.dumps(key)] = json.dumps(e, ensure_ascii=False)
            items.append(key)
        shell["systems"][name] = {**system, "errors": items} if "errors" in system else system
    text = json.dumps(shell, ensure_ascii=False, indent=2)
    if not placeholders:
        return text
    return re.sub(r'"\\u0000error\d+"', lambda m: placeholders[m.group(0)], text)


def as_dict(results: Results | Mapping[str, Any]) -> Mapping[str, Any]:
    """The JSON form of ``results``, whether given as :class:`Results` or already as a dict."""
    return results.to_dict() if isinstance(results, Results) else results


def misalignment_warnings(results: Results | Mapping[str, Any]) -> list[str]:
    """One line per gold document whose predicted mentions, for one system or more, mostly differ from the gold text
    at their offsets (their mentions then score 0: the extraction read another text than the gold's, such as the
    PDF); the systems are named on that one line.

    >>> systems = {"cnreport": {"misaligned_docs": {"d": [4, 4]}}, "rules_only": {"misaligned_docs": {"d": [3, 4]}}}
    >>> misalignment_warnings({"systems": systems})[0].split(", so")[0]
    'mention offsets do not match the gold text of d for systems cnreport (4 of 4 mentions differ), rules_only (3 of 4)'
    """
    data = as_dict(results)
    by_doc: dict[str, list[tuple[str, int, int]]] = {}
    for name, s in data["systems"].items():
        for doc, (differ, checked) in s.get("misaligned_docs", {}).items():
            by_doc.setdefault(doc, []).append((name, differ, checked))
    lines = []
    for doc, found in by_doc.items():
        named = ", ".join(f"{name} ({differ} of {checked}{' mentions differ' if i == 0 else ''})"
                          for i, (name, differ, checked) in enumerate(found))
        lines.append(f"mention offsets do not match the gold text of {doc} for system{'s' if len(found) > 1 else ''} "
                     f"{named}, so their mentions score 0; evaluate an extraction of the text the gold was made from "
                     "(corpus/*.txt), not of the PDF")
    return lines


__all__ = ["SCHEMA_VERSION", "CLASS_TASKS", "Block", "SystemResults", "Results", "as_dict", "dumps",
           "misalignment_warnings", "PRF"]
