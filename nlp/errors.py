"""Catalogued errors with codes, in the manner of spaCy's ``ErrorsWithCodes``.

Every error that reaches a user is one line: ``[E003] report.pdf: PDF is encrypted``.
Pure value parsers never raise these; they return ``None`` on junk.
"""
from __future__ import annotations


class CnreportError(Exception):
    """Base class: a coded, one-line error about one input or option."""

    code = "E000"
    template = "{path}: {detail}"

    def __init__(self, path: object = "", detail: str = "", **fields: object) -> None:
        self.path = str(path)
        self.detail = detail
        self.fields = fields
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """The one-line message, code first."""
        return f"[{self.code}] " + self.template.format(path=self.path, detail=self.detail, **self.fields)

    def __reduce__(self) -> tuple[object, ...]:
        """Pickle by path, detail and fields, so errors keep their message across batch worker processes."""
        return (_rebuild, (type(self), self.path, self.detail, self.fields))


def _rebuild(cls: type[CnreportError], path: str, detail: str, fields: dict[str, object]) -> CnreportError:
    return cls(path, detail, **fields)


class InputNotFoundError(CnreportError):
    code = "E001"
    template = "{path}: no such file or directory"


class EmptyDocumentError(CnreportError):
    code = "E002"
    template = "{path}: document is empty (no text)"


class EncryptedPdfError(CnreportError):
    code = "E003"
    template = "{path}: PDF is encrypted{detail}"


class CorruptPdfError(CnreportError):
    code = "E004"
    template = "{path}: PDF is damaged or truncated ({detail})"


class NoTextLayerError(CnreportError):
    code = "E005"
    template = "{path}: PDF has no text layer (scanned or image-only pages)"


class MissingToUnicodeError(CnreportError):
    code = "E006"
    template = "{path}: PDF fonts lack a ToUnicode map; text would be (cid:N) codes"


class BadEncodingError(CnreportError):
    code = "E007"
    template = "{path}: text is neither UTF-8 nor GB18030"


class UnsupportedFileTypeError(CnreportError):
    code = "E008"
    template = "{path}: unsupported file type ({detail})"


class OutputNotWritableError(CnreportError):
    code = "E009"
    template = "{path}: output folder cannot be written ({detail})"


class DataFileError(CnreportError):
    code = "E010"
    template = "{path}: {detail}"


class ModelLoadError(CnreportError):
    code = "E011"
    template = "{path}: cannot load model ({detail})"


class GoldError(CnreportError):
    code = "E012"
    template = "{path}: gold data is invalid ({detail})"


class PageRangeError(CnreportError):
    code = "E013"
    template = "{path}: pages {first}-{last} are outside the document ({count} pages)"


class ViewError(CnreportError):
    code = "E030"
    template = "{path}: cannot show the document ({detail})"


class ClusterError(CnreportError):
    code = "E031"
    template = "{path}: cannot use the Dask cluster ({detail})"


class ImportClashError(CnreportError):
    """Raised (printed) by ``cnreport_cli`` before anything of ``nlp`` is imported, so the launcher spells the line
    itself; this class keeps the code in the catalogue."""

    code = "E032"
    template = "{path}: the package 'nlp' that Python imports is not cnreport's: {detail}"


class AnnotationFileError(CnreportError):
    """An annotation file (rows, doccano JSONL, Label Studio JSON, spaCy DocBin) does not fit its report text."""

    code = "E040"
    template = "{path}: {detail}"
