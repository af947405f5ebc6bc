"""The document's text beside its records: ``OUT/docs/<id>/text.json``, written by ``extract``.

The records' offsets (``raw_start``/``raw_end``) and lines point into the text as ingested (for a PDF, pdfminer's
text with pages joined by a line break), which the output folder did not hold before; ``text.json`` holds it with
the page starts, so that a document can be shown from its folder alone. A folder written before ``text.json``
existed is shown from its input file instead, when that file is still there and its SHA-256 is the doc id.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ViewError
from ..ingest.document import RawDocument

TEXT_FILE = "text.json"


@dataclass(frozen=True, slots=True)
class DocumentText:
    """The ingested text of one document and where its pages start (offsets into ``text``)."""

    doc_id: str
    text: str
    page_starts: tuple[int, ...]
    first_page: int = 1

    def page_of(self, offset: int) -> int:
        """The physical page number of a character offset."""
        import bisect
        return bisect.bisect_right(self.page_starts, offset) + self.first_page - 1


def text_file_bytes(document: RawDocument) -> bytes:
    """``text.json`` of a document: deterministic JSON (sorted keys, UTF-8)."""
    data = {"doc_id": document.doc_id, "first_page": document.first_page,
            "page_starts": list(document.page_starts), "text": document.text}
    return (json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")


def read_document_text(folder: Path, document: dict[str, Any]) -> DocumentText:
    """The text of the document of ``folder`` (its ``documents.jsonl`` row is ``document``): ``text.json``, else
    the input file named by the row when it is unchanged; a coded error otherwise."""
    path = folder / TEXT_FILE
    if path.is_file():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return DocumentText(data["doc_id"], data["text"], tuple(data["page_starts"]), int(data["first_page"]))
        except (ValueError, KeyError, TypeError) as exc:
            raise ViewError(path, f"unreadable {TEXT_FILE} ({exc})") from exc
    return _text_from_input(folder, document)


def _text_from_input(folder: Path, document: dict[str, Any]) -> DocumentText:
    source = Path(str(document.get("path") or ""))
    if not source.is_file():
        raise ViewError(folder, f"no {TEXT_FILE} (written by an older cnreport) and the input {source} is gone; "
                                "re-run cnreport extract --force")
    if hashlib.sha256(source.read_bytes()).hexdigest() != document["doc_id"]:
        raise ViewError(folder, f"no {TEXT_FILE} and the input {source} has changed since it was extracted")
    from ..ingest import read_document
    raw = read_document(source)
    return DocumentText(raw.doc_id, raw.text, raw.page_starts, raw.first_page)
