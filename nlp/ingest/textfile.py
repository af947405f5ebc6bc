"""Read ``.txt`` and ``.md`` reports: UTF-8 (with or without BOM) or GB18030; form feeds split pages."""
from __future__ import annotations

from pathlib import Path

from ..errors import BadEncodingError, EmptyDocumentError, UnsupportedFileTypeError
from .document import RawDocument, make_document

BINARY_CONTROL_RATIO = 0.05


def decode_text(data: bytes, path: str) -> str:
    """Decode report bytes: UTF-8 (BOM stripped), else GB18030; anything else is a coded error.

    >>> decode_text("区块链".encode("gb18030"), "x.txt")
    '区块链'
    >>> decode_text(b"\\xef\\xbb\\xbf2022", "x.txt")
    '2022'
    """
    if b"\x00" in data[:4096]:
        raise UnsupportedFileTypeError(path, "binary data (NUL bytes)")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_binary(text):
            raise UnsupportedFileTypeError(path, "binary data, not text")
        return text
    raise BadEncodingError(path)


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    if not sample:
        return False
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\n\r\t\f")
    return controls / len(sample) > BINARY_CONTROL_RATIO


def _looks_html(text: str) -> bool:
    head = text.lstrip()[:512].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<head" in head and "<body" in text.lower())


def text_document(data: bytes, path: str) -> RawDocument:
    """Ingest the bytes of a text report."""
    text = decode_text(data, path).replace("\r\n", "\n").replace("\r", "\n")
    if _looks_html(text):
        raise UnsupportedFileTypeError(path, "HTML page, not a report text or PDF")
    if not text.strip():
        raise EmptyDocumentError(path)
    page_starts = [0]
    for index, char in enumerate(text):
        if char == "\f":
            page_starts.append(index + 1)
    text = text.replace("\f", "\n")
    return make_document(data, path, text, tuple(page_starts), title=_first_heading(text))


def _first_heading(text: str) -> str:
    for line in text.split("\n")[:80]:
        stripped = line.strip().lstrip("#").strip().strip("*")
        if stripped:
            return stripped
    return ""


def read_text_file(path: Path) -> RawDocument:
    """Ingest a ``.txt``/``.md`` file."""
    return text_document(path.read_bytes(), str(path))
