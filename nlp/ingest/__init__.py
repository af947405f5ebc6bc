"""Ingest: a report file → :class:`RawDocument`.

:func:`read_document` decides by content, not by name: bytes starting with ``%PDF-`` are read as a PDF whatever
the suffix; a file named ``.pdf`` that is not a PDF is refused (E008); text files are decoded as UTF-8 (with or
without BOM) or GB18030; images, archives, HTML pages and other binary data are refused with their kind named.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from ..errors import EmptyDocumentError, InputNotFoundError, UnsupportedFileTypeError
from .document import RawDocument
from .pdf import pdf_page_count, read_pdf
from .rules import ingest_rules
from .textfile import text_document

__all__ = ["RawDocument", "page_total", "read_document", "sniff"]
SNIFF_BYTES = 4096


def read_document(path: Path, password: str = "", pages: tuple[int, int] | None = None,
                  on_page: Callable[[int], None] | None = None, processes: int = 1) -> RawDocument:
    """Ingest one report file.

    Args:
        path: the file.
        password: the password of an encrypted PDF.
        pages: inclusive 1-based page range of a PDF to read, ``None`` for all.
        on_page: called with each PDF page's number once it is read (a progress display); not called for text.
        processes: processes that share a big PDF's pages (0 = the cores; :mod:`nlp.processes` decides whether a
            PDF is big enough); the result is the same whatever the number.

    Raises:
        CnreportError: E001 missing, E002 empty, E003 encrypted, E004 damaged, E005 no text layer, E006 no
            ToUnicode map, E007 undecodable text, E008 unsupported type, E013 page range outside the PDF.
    """
    path = Path(path)
    if not path.exists():
        raise InputNotFoundError(path)
    if path.is_dir():
        raise UnsupportedFileTypeError(path, "a folder, not a file")
    try:
        with path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError as exc:
        raise InputNotFoundError(path) if isinstance(exc, FileNotFoundError) else UnsupportedFileTypeError(
            path, f"cannot be read: {exc.strerror or exc}") from exc
    if not head:
        raise EmptyDocumentError(path)
    kind = sniff(head, str(path))
    if kind == "pdf":
        return read_pdf(path, password=password, pages=pages, on_page=on_page, processes=processes)
    return text_document(path.read_bytes(), str(path))


def page_total(path: Path, password: str = "", pages: tuple[int, int] | None = None) -> int:
    """The pages ``read_document`` will read, known before reading them (at least 1): a PDF's declared page count
    (clipped to ``pages``), a text file's form-feed pages; 1 when it cannot be told (the file is then reported when
    it is read). Sizes the page progress bar of a batch."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
        kind = sniff(head, str(path)) if head else "text"
    except (OSError, UnsupportedFileTypeError):
        return 1
    if kind == "pdf":
        total = pdf_page_count(path, password)
        if pages and total:
            total = max(0, min(total, pages[1]) - pages[0] + 1)
        return max(total, 1)
    try:
        return path.read_bytes().count(b"\f") + 1
    except OSError:
        return 1


def sniff(head: bytes, path: str = "") -> str:
    """``pdf`` or ``text`` for the first bytes of a file; raises E008 (naming the file's kind) for anything else.

    >>> sniff(b"%PDF-1.4 ..."), sniff("区块链".encode("utf-8"), "a.txt"), sniff(b"%PDF-1.7", "a.txt")
    ('pdf', 'text', 'pdf')
    >>> sniff(bytes.fromhex("89504e470d0a1a0a"), "scan.pdf")
    Traceback (most recent call last):
    nlp.errors.UnsupportedFileTypeError: [E008] scan.pdf: unsupported file type (named .pdf but not a PDF: PNG image)
    """
    rules = ingest_rules()
    suffix = Path(path).suffix
    window = head[:rules.pdf_magic_window]
    if head.lstrip()[:len(rules.pdf_magic)] == rules.pdf_magic or (suffix.lower() == ".pdf" and rules.pdf_magic in window):
        return "pdf"
    kind = next((name for magic, name in rules.signatures if head.startswith(magic)), None)
    if suffix.lower() == ".pdf":
        raise UnsupportedFileTypeError(path, f"named .pdf but not a PDF: {kind or _text_or_binary(head)}")
    if kind:
        raise UnsupportedFileTypeError(path, kind)
    return "text"


def _text_or_binary(head: bytes) -> str:
    return "binary data" if b"\x00" in head else "text"
