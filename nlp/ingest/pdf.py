"""Read a PDF report with pdfminer.six layout analysis into a :class:`RawDocument`.

Pages are streamed one at a time (``PDFPage.create_pages`` + one ``PDFPageAggregator``), each converted to flat
records (:mod:`nlp.ingest.layout`) and its layout tree dropped, so a 1000-page PDF needs memory for its text only.
A big PDF's pages are laid out in several processes, each reading a contiguous share of them
(:mod:`nlp.processes`); the records come back in page order, the same as one process makes. The records are then
assembled into the logical text and its document model (:mod:`nlp.ingest.assemble`).

Bad PDFs fail with coded errors: encrypted without (or with a wrong) password → E003, truncated or damaged → E004,
only images or vector drawings and no text → E005, text that is mostly ``(cid:N)`` codes (fonts without a ToUnicode
map) → E006, no pages or nothing on them → E002, a page range outside the document → E013.
"""
from __future__ import annotations

import hashlib
import logging
import re
import sys
from pathlib import Path
from typing import Any, BinaryIO, Callable, Iterator

from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LAParams
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import resolve1
from pdfminer.utils import decode_text

from ..errors import (CnreportError, CorruptPdfError, EmptyDocumentError, EncryptedPdfError, MissingToUnicodeError,
                      NoTextLayerError, PageRangeError)
from ..processes import in_shares, processes_for, share_settings, split
from .assemble import assemble
from .document import Block, DocumentModel, Heading, RawDocument, Table
from .layout import PageContent, page_content
from .markup import read_markup
from .rules import ingest_rules, is_front_matter, is_placeholder_title, is_title_suffix, placeholder_name
from .settings import DEFAULT_LAYOUT, LayoutSettings

logger = logging.getLogger(__name__)
HASH_CHUNK = 1 << 20
TITLE_MAX_CHARS = 100
MIN_TITLE_CJK = 4
CJK_RE = re.compile(r"[\u4e00-\u9fff]")
INFO_FIELDS = ("Title", "Author", "Subject", "Keywords", "Creator", "Producer")


def layout_params() -> LAParams:
    """pdfminer's layout analysis as we use it.

    ``boxes_flow=None``: characters are grouped into lines and boxes, but the boxes are not ordered (the slowest
    step of pdfminer's analysis, and one that assumes no tables); we order the flat records ourselves.
    ``all_texts=True``: text inside form XObjects is analysed too (some writers wrap whole pages in one).
    """
    return LAParams(boxes_flow=None, all_texts=True)


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(HASH_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def read_pdf(path: Path, password: str = "", pages: tuple[int, int] | None = None,
             settings: LayoutSettings = DEFAULT_LAYOUT, on_page: Callable[[int], None] | None = None,
             processes: int = 1) -> RawDocument:
    """Ingest a PDF file (``pages`` is an inclusive 1-based range, ``None`` for all); ``on_page(number)`` is called
    after each page is read (a progress display); ``processes`` (0 = the cores) share the pages of a big PDF."""
    complete = has_eof_marker(path)
    try:
        with path.open("rb") as handle:
            document = open_document(handle, path, password)
            info, total, extractable = document_info(document), page_count(document), _extractable(document)
            contents = read_all_pages(document, path, password, pages, total, settings, on_page, processes)
    except CorruptPdfError as exc:
        raise (exc if complete else _truncated(path)) from exc
    if not complete and (not total or len(contents) < total and not pages):
        raise _truncated(path)
    if not contents:
        if pages and total:
            raise PageRangeError(path, first=pages[0], last=pages[1], count=total)
        raise EmptyDocumentError(path)
    check_text_layer(contents, path, settings)
    text, page_starts, meta, model = assemble(contents, settings)
    if not text.strip():
        raise EmptyDocumentError(path)
    meta.update(info=info, pages_in_file=total, first_page=contents[0].number, extraction_allowed=extractable,
                pages_without_text=[c.number for c in contents if c.chars == 0], eof_marker=complete,
                cid_chars_dropped=sum(c.cid_chars for c in contents))
    return RawDocument(doc_id=file_sha256(path), path=str(path), text=text, page_starts=page_starts,
                       title=document_title(info, text, model), meta=meta,
                       first_page=contents[0].number, model=model)


def has_eof_marker(path: Path) -> bool:
    """True if the end-of-file marker is near the end. Without it the PDF was probably cut short: it is still
    tried (some writers append junk), but any damage or a missing page is then reported as truncation (E004)."""
    rules = ingest_rules()
    size = path.stat().st_size
    with path.open("rb") as handle:
        handle.seek(max(0, size - rules.pdf_eof_window))
        return rules.pdf_eof_marker in handle.read()


def _truncated(path: Path) -> CorruptPdfError:
    return CorruptPdfError(path, f"truncated: no {ingest_rules().pdf_eof_marker.decode()} marker at the end")


def open_document(handle: BinaryIO, path: Path, password: str) -> PDFDocument:
    """Parse the PDF structure; wrong or missing passwords → E003, anything broken → E004."""
    try:
        return PDFDocument(PDFParser(handle), password=password, caching=True)
    except PDFPasswordIncorrect as exc:
        detail = " and the password given is wrong" if password else "; give its password with --password"
        raise EncryptedPdfError(path, detail) from exc
    except PDFEncryptionError as exc:
        raise EncryptedPdfError(path, f" with an unsupported method ({exc})") from exc
    except CnreportError:
        raise
    except Exception as exc:  # pdfminer raises many types on broken files
        raise CorruptPdfError(path, _short(exc)) from exc


def read_pages(document: PDFDocument, path: Path, pages: tuple[int, int] | None,
               settings: LayoutSettings, on_page: Callable[[int], None] | None = None) -> Iterator[PageContent]:
    """Lay out and convert the pages one by one (only those in ``pages``), calling ``on_page(number)`` after each."""
    manager = PDFResourceManager(caching=True)
    device = PDFPageAggregator(manager, laparams=layout_params())
    interpreter = PDFPageInterpreter(manager, device)
    number = 0
    try:
        for number, page in enumerate(PDFPage.create_pages(document), 1):
            if pages and number < pages[0]:
                continue
            if pages and number > pages[1]:
                break
            interpreter.process_page(page)
            content = page_content(device.get_result(), number, settings)
            if on_page is not None:
                on_page(number)
            yield content
    except CnreportError:
        raise
    except Exception as exc:
        raise CorruptPdfError(path, f"page {max(number, 1)}: {_short(exc)}") from exc
    finally:
        device.close()


def read_all_pages(document: PDFDocument, path: Path, password: str, pages: tuple[int, int] | None, total: int,
                   settings: LayoutSettings, on_page: Callable[[int], None] | None, processes: int) -> list[PageContent]:
    """The pages of ``pages`` (all when ``None``), in order, laid out in up to ``processes`` processes: contiguous
    shares of about equal content (:func:`content_sizes`), this process reading the first with ``document`` while
    the others open the file anew (the last share reads to the end, whatever the page tree declared), so that the
    pages and the first error met are those of one process reading them all."""
    first, last = pages or (1, total)
    count = processes_for(processes, min(last, total) - first + 1, share_settings().min_pages)
    sizes = content_sizes(document, first, min(last, total)) if count > 1 else {}
    if len(sizes) < count:  # one process, or a page tree that cannot be walked (reported when the pages are read)
        return list(read_pages(document, path, pages, settings, on_page))
    starts = [share[0] for share in split(sorted(sizes), count, weight=sizes.__getitem__)]
    count = len(starts)
    ranges = [(start, end - 1) for start, end in zip(starts, starts[1:])] + \
        [(starts[-1], pages[1] if pages else sys.maxsize)]

    def share(index: int) -> list[PageContent]:
        if index == 0:
            return list(read_pages(document, path, ranges[0], settings, on_page))
        with path.open("rb") as handle:
            return list(read_pages(open_document(handle, path, password), path, ranges[index], settings))
    parts = in_shares(share, count)
    for content in (c for part in parts[1:] for c in part):
        if on_page is not None:
            on_page(content.number)
    return [content for part in parts for content in part]


def content_sizes(document: PDFDocument, first: int, last: int) -> dict[int, int]:
    """Bytes of the content streams of pages ``first`` to ``last``, as stored (at least 1 a page): a page's layout
    work grows with them (correlation 0.65–0.99 on nine real PDFs); ``{}`` when the page tree cannot be walked."""
    sizes = {}
    try:
        for number, page in enumerate(PDFPage.create_pages(document), 1):
            if number > last:
                break
            if number >= first:
                streams = [resolve1(stream) for stream in page.contents]
                sizes[number] = max(1, sum(len(getattr(stream, "rawdata", None) or b"") for stream in streams))
    except Exception:  # a broken page tree is reported by read_pages
        return {}
    return sizes


def check_text_layer(contents: list[PageContent], path: Path, settings: LayoutSettings) -> None:
    """No characters but images or drawings → E005; nothing at all → E002; mostly (cid:N) codes → E006."""
    chars = sum(c.chars for c in contents)
    if chars == 0:
        if any(c.images or c.graphics for c in contents):
            raise NoTextLayerError(path)
        raise EmptyDocumentError(path)
    cid = sum(c.cid_chars for c in contents)
    if cid / chars > settings.cid_fraction:
        raise MissingToUnicodeError(path)
    if cid:
        logger.warning("%s: %d characters without a Unicode mapping were dropped", path, cid)


def document_info(document: PDFDocument) -> dict[str, str]:
    """The text fields of the PDF's /Info dictionary."""
    info: dict[str, str] = {}
    for entry in document.info:
        for key in INFO_FIELDS:
            value = resolve1(entry.get(key)) if isinstance(entry, dict) else None
            if isinstance(value, bytes):
                value = decode_text(value)
            if isinstance(value, str) and value.strip():
                info[key] = value.strip()
    return info


def pdf_page_count(path: Path, password: str = "") -> int:
    """The page count a PDF file's page tree declares, read without laying out any page (0 if it cannot be read).

    Cheap enough to size a progress bar before a batch starts.
    """
    try:
        with path.open("rb") as handle:
            return page_count(PDFDocument(PDFParser(handle), password=password, caching=True))
    except Exception:  # a broken or encrypted file is reported when it is read
        return 0


def page_count(document: PDFDocument) -> int:
    """The page count the page tree declares (0 if it cannot be read)."""
    try:
        pages = resolve1(document.catalog.get("Pages"))
        return int(resolve1(pages.get("Count", 0)))
    except Exception:  # a broken tree is reported when the pages are read
        return 0


def _extractable(document: PDFDocument) -> bool:
    """The PDF's own permission flag for text extraction (recorded, not enforced: the user owns the file)."""
    try:
        return bool(document.is_extractable)
    except Exception:  # a malformed permission entry is not worth failing for
        return True


def document_title(info: dict[str, Any], text: str, model: DocumentModel | None = None) -> str:
    """The metadata /Title unless it is a placeholder (a file name, a marking), else the title block of the
    document model (a level-1 heading: the largest text of the first page) with the year line printed under it
    (``（2021 年）``; the heading under it when it is a slogan: ``好风借力，直上青云`` over ``区块链平台调研与分析``),
    else the report's name left in a placeholder file name, else the first line that is no front-matter heading
    (序言, 目录). Letter spacing between Chinese characters is removed (``序        言``). Without ``model``, ``text``
    is read as a text input writes it (``#`` headings).

    >>> document_title({"Title": "PowerPoint 演示文稿"}, "# 区块链安全能力测评与分析报告\\n（2021 年）\\n中国信息通信研究院")
    '区块链安全能力测评与分析报告（2021年）'
    >>> document_title({"Title": "Microsoft Word - 百度区块链白皮书-终稿V180925 带封面.docx"}, "序        言\\n当今世界…")
    '百度区块链白皮书'
    >>> document_title({}, "# 好风借力，直上青云\\n## 区块链平台调研与分析\\n版权所有 – 安永，中国")
    '区块链平台调研与分析'
    """
    title = info.get("Title", "")
    if title and not is_placeholder_title(title):
        return _unspaced(title)
    model = model if model is not None else read_markup(text)
    lines = [(text[start:end].strip(), block) for block in model.blocks for start, end in _block_lines(block)]
    lines = [(line, block) for line, block in lines if line]
    at = next((i for i, (line, block) in enumerate(lines)
               if isinstance(block, Heading) and block.level == 1 and not is_front_matter(line)), None)
    if at is None:
        name = placeholder_name(title) if title else ""
        if len(CJK_RE.findall(name)) >= MIN_TITLE_CJK and not is_placeholder_title(name):
            return _unspaced(name)
        body = [line for line, _ in lines if not is_front_matter(line)]
        return _unspaced(body[0][:TITLE_MAX_CHARS]) if body else ""
    title = lines[at][0]
    below, block = lines[at + 1] if at + 1 < len(lines) else ("", None)
    marked = isinstance(block, Heading) and block.level > 0
    if any(mark in title for mark in ingest_rules().slogan_marks) and marked:
        return _unspaced(below)
    return _unspaced(title + below.replace(" ", "") if not marked and is_title_suffix(below) else title)


def _block_lines(block: Block) -> list[tuple[int, int]]:
    """The spans of a block's lines as the text writes them: a table's rows, else the block's content."""
    if isinstance(block, Table):
        return [span for span in block.row_spans if span[0] >= 0]
    return [(block.start, block.end)]


def _unspaced(title: str) -> str:
    """A title without the spaces set between Chinese characters (``数字中国发展报告（2021 年）`` keeps none either).

    >>> _unspaced("序        言"), _unspaced("FISCO BCOS 白皮书")
    ('序言', 'FISCO BCOS 白皮书')
    """
    return re.sub(r"(?<=[\u4e00-\u9fff\uff08\uff09])\s+(?=[\u4e00-\u9fff\uff08\uff09])", "", title)


def _short(exc: BaseException) -> str:
    """A one-line description of a pdfminer exception."""
    message = " ".join(str(exc).split())[:120]
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__
