"""Builders of good and bad report files for the ingest and command-line tests.

Everything is made in the test's ``tmp_path`` with reportlab (CID font STSong-Light, no font file), Pillow, or by
hand (a PDF whose CID font has no ToUnicode map), from short lines of the corpus report. Nothing is downloaded.
"""
from __future__ import annotations

import io
import random
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
CORPUS_PDF = CORPUS / "cn-blockchain-2022-2023.pdf"
CORPUS_TXT = CORPUS / "cn-blockchain-2022-2023.txt"
FONT = "STSong-Light"
ASCII_LINE = "CCID blockchain report 2022-2023: industry scale 6.7 billion yuan."
LINE = "2022 年我国区块链产业规模约 67 亿元，同比增长 3.08%。"
SECOND_LINE = "赛迪区块链研究院发布《2022-2023 中国区块链年度发展报告》。"
PASSWORD = "ccid-2023"


def _canvas(path: Path, **options: object):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return canvas.Canvas(str(path), invariant=1, **options)


def text_pdf(path: Path, pages: list[list[str]], user_password: str | None = None, font: str = FONT) -> Path:
    """A PDF with the given lines on each page (optionally encrypted with a user password; ``Helvetica`` for
    ASCII lines)."""
    options = {}
    if user_password is not None:
        from reportlab.lib.pdfencrypt import StandardEncryption
        options["encrypt"] = StandardEncryption(user_password, ownerPassword="owner-" + user_password, strength=128)
    pdf = _canvas(path, **options)
    for lines in pages:
        pdf.setFont(font, 11)
        for index, line in enumerate(lines):
            pdf.drawString(72, 760 - 20 * index, line)
        pdf.showPage()
    pdf.save()
    return path


THREE_LINE_ROWS = [
    ("序号", "标准编号", "标准名称", "发布日期"),
    ("1", "T/ZEA 002—2022", "《电子商务招投标区块链技术应用规范》", "2022 年 1 月"),
    ("2", "T/ZSA 109—2022", "《基于区块链的供应链应用架构》", "2022 年 1 月"),
    ("3", "T/STIC 130010—2022", "《区块链服务认证规范》", "2022 年 1 月"),
    ("4", "T/CESA 1190-2022", "《工业区块链 身份鉴别技术要求》", "2022 年 3 月"),
]


def three_line_table_pdf(path: Path) -> Path:
    """A page with a paragraph, a caption and a 三线表 (rules above, under the header, below; no vertical rules)."""
    pdf = _canvas(path)
    pdf.setFont(FONT, 11)
    pdf.drawString(72, 760, LINE)
    pdf.drawString(200, 730, "表 1-7 2022 年区块链团体标准一览表")
    columns, top = (80, 120, 230, 450), 715
    pdf.setLineWidth(1)
    pdf.line(72, top, 530, top)
    for index, row in enumerate(THREE_LINE_ROWS):
        pdf.setFont(FONT, 9)
        for x, cell in zip(columns, row):
            pdf.drawString(x, top - 14 - 18 * index, cell)
        if index == 0:
            pdf.line(72, top - 20, 530, top - 20)
    pdf.line(72, top - 20 - 18 * (len(THREE_LINE_ROWS) - 1) - 4, 530, top - 20 - 18 * (len(THREE_LINE_ROWS) - 1) - 4)
    pdf.setFont(FONT, 11)
    pdf.drawString(72, 560, SECOND_LINE)
    pdf.showPage()
    pdf.save()
    return path


def many_pages_pdf(path: Path, count: int) -> Path:
    """A PDF of ``count`` small pages, one short line each (``第 N 段``)."""
    pdf = _canvas(path, pagesize=(200, 100))
    for number in range(1, count + 1):
        pdf.setFont(FONT, 9)
        pdf.drawString(10, 50, f"区块链年度报告第 {number} 段内容。")
        pdf.showPage()
    pdf.save()
    return path


def image_only_pdf(path: Path) -> Path:
    """A 'scanned' PDF: one page holding only a bitmap (a grey page with dark bars, as a scan would look)."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader
    image = Image.new("L", (200, 280), 235)
    draw = ImageDraw.Draw(image)
    for row in range(20, 260, 14):
        draw.rectangle((20, row, 180, row + 6), fill=40)
    pdf = _canvas(path)
    pdf.drawImage(ImageReader(image), 72, 200, width=400, height=560)
    pdf.showPage()
    pdf.save()
    return path


def drawings_only_pdf(path: Path) -> Path:
    """A PDF with rectangles and lines but no text (text converted to outlines looks like this)."""
    pdf = _canvas(path)
    for index in range(10):
        pdf.rect(72, 700 - 30 * index, 300, 12, fill=1)
    pdf.line(72, 300, 500, 300)
    pdf.showPage()
    pdf.save()
    return path


def blank_pdf(path: Path, pages: int = 2) -> Path:
    """A PDF whose pages hold nothing at all."""
    pdf = _canvas(path)
    for _ in range(pages):
        pdf.showPage()
    pdf.save()
    return path


def no_tounicode_pdf(path: Path) -> Path:
    """A hand-written PDF whose only font is a CID font (Identity-H, Adobe-Identity) without a ToUnicode map."""
    codes = "".join(f"{cid:04X}" for cid in range(3, 40))
    content = f"BT /F1 12 Tf 40 150 Td <{codes}> Tj 0 -20 Td <{codes}> Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 200] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /NoMapSong /Encoding /Identity-H /DescendantFonts [6 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /NoMapSong /CIDSystemInfo << /Registry (Adobe) "
        b"/Ordering (Identity) /Supplement 0 >> /FontDescriptor 7 0 R /DW 1000 >>",
        b"<< /Type /FontDescriptor /FontName /NoMapSong /Flags 4 /FontBBox [0 -120 1000 880] /ItalicAngle 0 "
        b"/Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.writelines(b"%010d 00000 n \n" % offset for offset in offsets)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    path.write_bytes(out.getvalue())
    return path


def truncated_pdf(path: Path) -> Path:
    """The corpus PDF cut in half."""
    data = CORPUS_PDF.read_bytes()
    path.write_bytes(data[:len(data) // 2])
    return path


def junk_after_eof_pdf(path: Path) -> Path:
    """A good two-page PDF followed by 10 kB of zero bytes (some writers and mail gateways append junk)."""
    text_pdf(path, [[LINE], [SECOND_LINE]])
    path.write_bytes(path.read_bytes() + bytes(10_000))
    return path


def png_named_pdf(path: Path) -> Path:
    """A PNG image saved under a ``.pdf`` name."""
    from PIL import Image
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), (200, 30, 30)).save(buffer, format="PNG")
    path.write_bytes(buffer.getvalue())
    return path


def html_file(path: Path) -> Path:
    """A web page saved as a report."""
    path.write_text(f"<!DOCTYPE html>\n<html><head><title>报告</title></head><body><p>{LINE}</p></body></html>\n",
                    encoding="utf-8")
    return path


def random_binary(path: Path, size: int = 4096, seed: int = 7) -> Path:
    """Seeded random bytes."""
    path.write_bytes(random.Random(seed).randbytes(size))
    return path


def utf8_bom_text(path: Path) -> Path:
    """A UTF-8 report text with a byte-order mark."""
    path.write_bytes(b"\xef\xbb\xbf" + f"{LINE}\n\n{SECOND_LINE}\n".encode("utf-8"))
    return path


def gb18030_text(path: Path) -> Path:
    """A report text encoded in GB18030."""
    path.write_bytes(f"{LINE}\n\n{SECOND_LINE}\n".encode("gb18030"))
    return path


def empty_file(path: Path) -> Path:
    """A zero-byte file."""
    path.write_bytes(b"")
    return path
