"""``cnreport view``: one document of an extraction folder as a self-contained HTML page, its text with the mentions
marked by label (as spaCy's displaCy marks entities) and its records beside the lines they came from."""
from __future__ import annotations

from .page import render_document, write_view
from .text import TEXT_FILE, DocumentText, read_document_text, text_file_bytes

__all__ = ["TEXT_FILE", "DocumentText", "read_document_text", "render_document", "text_file_bytes", "write_view"]
