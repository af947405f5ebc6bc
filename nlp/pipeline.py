"""The extraction pipeline: document → blocks → sentences → mentions, table records, key figures.

Extractors are created once per process from ``nlp/data/pipeline.toml`` (the ones it lists for the run's mode) by
their registered names alone (:mod:`nlp.extractors.base`) and reused for every document.
"""
from __future__ import annotations

import bisect
import re
import tomllib
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, TypeVar

from .data import read_text
from .errors import DataFileError
from .extractors.base import ENTS, RULE_SPANS, Span, assigns, create
from .extractors.components import add_extraction_components, sentence_docs
from .extractors.rules.campaigns import without_campaign_places, without_letterless_names
from .extractors.rules.people import credit_names, prose_names
from .ingest.document import RawDocument
from .options import ExtractOptions, Mode
from .processes import Shares, balanced, processes_for, share_settings
from .records.figures import key_figures
from .records.schema import Extraction, Mention, Provenance
from .records.generic import generic_rows, table_summaries, typed_rows
from .records.policies import prose_policies
from .records.tables import table_rows
from .segment.sentences import Sentence, split_sentences
from .segment.tokenizer import blank_pipeline
from .text.blocks import segment_blocks
from .text.normalize import NormalizedText, mention_text

YEAR_RE = re.compile(r"(?<!\d)(19\d{2}|20\d{2})(?!\d)")
#: Sentences the spaCy pipeline takes at a time; a document shared between processes is dealt out in whole batches
#: (each process's batches in order, the last and only short one last), so that each batch, and hence the NER's
#: arithmetic on it, is the one a single process makes.
BATCH_SIZE = 128
T = TypeVar("T")


def joined_line_breaks(doc: RawDocument, normalized: NormalizedText) -> list[int]:
    """Normalized offsets ``i`` where a source line break lies between characters ``i - 1`` and ``i``."""
    to_raw = normalized.to_raw
    return [i for i in range(1, len(normalized.text))
            if to_raw[i] - to_raw[i - 1] > 1 and "\n" in doc.text[to_raw[i - 1] + 1:to_raw[i]]]


def with_line_breaks(sentences: list[Sentence], breaks: list[int]) -> list[Sentence]:
    """The sentences with the joined line breaks that fall inside them (sentence-relative)."""
    out = []
    for sentence in sentences:
        low, high = bisect.bisect_right(breaks, sentence.start), bisect.bisect_left(breaks, sentence.end)
        inside = tuple(b - sentence.start for b in breaks[low:high])
        out.append(replace(sentence, breaks=inside) if inside else sentence)
    return out


def reference_year(doc: RawDocument) -> tuple[int | None, str]:
    """The report's own year and where it was read: the first year of its title (``title``), else the latest year
    printed on its cover page (``cover``: the edition or the publication date), else the most frequent year of its
    text (``most_frequent``), else the year the PDF was made (``pdf_created``); ``(None, "none")`` when the
    document names no year at all (then a date without its year, such as 上半年, is left unresolved).

    >>> from nlp.ingest.document import make_document
    >>> reference_year(make_document(b"", "x", "正文", title="2022-2023 中国区块链年度发展报告"))
    (2022, 'title')
    >>> reference_year(make_document(b"", "x", "数字中国发展报告\\n2022 年 7 月\\n2021 年，2020 年，2020 年", (0, 20)))
    (2022, 'cover')
    >>> reference_year(make_document(b"", "x", "2021 年，2020 年，2020 年"))
    (2020, 'most_frequent')
    >>> reference_year(make_document(b"", "x", "正文"))
    (None, 'none')
    """
    match = YEAR_RE.search(doc.title or "")
    if match:
        return int(match.group(1)), "title"
    if doc.pages > 1:
        cover = YEAR_RE.findall(doc.text[:doc.page_starts[1]])
        if cover:
            return max(int(y) for y in cover), "cover"
    years = YEAR_RE.findall(doc.text)
    if years:
        return int(max(sorted(set(years)), key=years.count)), "most_frequent"
    created = YEAR_RE.search(str(doc.meta.get("info", {}).get("CreationDate", "")))
    if created:
        return int(created.group(1)), "pdf_created"
    return None, "none"


Clock = Callable[[str, Callable[[], Any]], Any]


def _untimed(stage: str, work: Callable[[], Any]) -> Any:
    return work()


def configured_extractors(models_dir: Path, mode: Mode) -> list[tuple[str, dict[str, str]]]:
    """The extractors ``nlp/data/pipeline.toml`` lists for ``mode``: (registered name, factory options with
    ``${models}`` replaced by ``models_dir``), in order. A name not in the registry is a coded error."""
    out = []
    for entry in tomllib.loads(read_text("pipeline.toml"))["extractors"]:
        if mode.value not in entry.get("modes", ()):
            continue
        try:
            assigns(entry["name"])
        except KeyError as exc:
            raise DataFileError("nlp/data/pipeline.toml", str(exc.args[0])) from exc
        options = {k: str(v).replace("${models}", str(models_dir)) for k, v in entry.get("options", {}).items()}
        out.append((entry["name"], options))
    return out


def rule_extractor_names(entries: list[tuple[str, dict[str, str]]]) -> list[str]:
    """The entries whose extractors put spans in ``doc._.rule_spans`` (run by the ``cnreport_rules`` component);
    they take no options."""
    names = [name for name, _ in entries if RULE_SPANS in assigns(name)]
    with_options = [name for name, options in entries if options and name in names]
    if with_options:
        raise DataFileError("nlp/data/pipeline.toml", f"rule extractors take no options: {with_options}")
    return names


def base_language(entries: list[tuple[str, dict[str, str]]]) -> Any:
    """The spaCy Language the components run after: that of the first extractor of ``entries`` that assigns
    ``doc.ents`` (the trained NER, built from the registry with its options) when it loaded a model, else
    ``spacy.blank("zh")`` with the jieba tokenizer."""
    for name, options in entries:
        if ENTS in assigns(name):
            language = getattr(create(name, **options), "nlp", None)
            if language is not None:
                return language
    return blank_pipeline()


@dataclass
class Pipeline:
    """Extractors built once; :meth:`run` applies them to one document."""

    options: ExtractOptions = field(default_factory=ExtractOptions)
    nlp: Any = field(default=None, init=False)
    classifiers: Any = field(default=None, init=False)

    def __post_init__(self) -> None:
        entries = configured_extractors(self.options.models_dir, self.options.mode)
        self.nlp = base_language(entries)
        add_extraction_components(self.nlp, rule_extractor_names(entries), self.options.mode.value)
        from .classify.predict import Classifiers
        mode = self.options.mode  # the names-only baseline types nothing; rules alone run without missing models
        self.classifiers = Classifiers() if mode.names_only else \
            Classifiers.load(self.options.models_dir, required=mode is not Mode.RULES)

    @property
    def has_ner(self) -> bool:
        """True when the trained NER is part of the pipeline."""
        return "ner" in self.nlp.pipe_names

    def run(self, doc: RawDocument, clock: Clock | None = None,
            on_page: Callable[[int], None] | None = None, processes: int = 1) -> Extraction:
        """Extract everything from one document.

        ``clock(stage, work)`` runs each stage's work and returns its result (``bench/`` times the stages with it:
        ``text``, ``segment``, ``extract``, ``records``); by default the work is simply run. ``on_page(number)`` is
        called once for each page, in order, when the mentions of its sentences are found (a progress display).
        ``processes`` (0 = the cores) share the sentences of a big document (:mod:`nlp.processes`: this process
        tokenizes and runs the first share while forked children do the others); the result is the same.
        """
        clock = clock or _untimed
        year, year_source = ((self.options.reference_year, "option") if self.options.reference_year
                             else reference_year(doc))
        normalized, blocks = clock("text", lambda: segment_blocks(doc))

        names_only = self.options.mode.names_only
        with ExitStack() as running:  # children still running when an error leaves the block are killed
            def segment() -> tuple[list[Sentence], list[list[int]], Shares[list[list[Span]]], list[Any]]:
                sentences = with_line_breaks(split_sentences(normalized.text, blocks, year),
                                             joined_line_breaks(doc, normalized))
                count = processes_for(processes, len(sentences), share_settings().min_sentences)
                batches = [sentences[i:i + BATCH_SIZE] for i in range(0, len(sentences), BATCH_SIZE)]
                groups = balanced([sum(len(s.text) for s in batch) for batch in batches], count) or [[]]  # time ~ chars

                def docs_of(share: int) -> list[Any]:
                    return sentence_docs(self.nlp, [s for index in groups[share] for s in batches[index]])
                others = running.enter_context(Shares(lambda share: self._found(docs_of(share)), len(groups)))
                return sentences, groups, others, docs_of(0)
            sentences, groups, others, docs = clock("segment", segment)

            def extract() -> list[Mention]:
                ticker = PageTicker(doc, [doc.page_of(normalized.raw_span(s.start, s.end)[0]) for s in sentences],
                                    on_page) if on_page else None
                own = self._found(docs, ticker if len(groups) == 1 else None)
                found = in_batch_order(groups, [own, *others.results()])
                if ticker:
                    ticker.finish()
                mentions = [m for sentence, spans in zip(sentences, found)
                            for m in self._mentions(doc, normalized, sentence, spans)]
                if not names_only:
                    mentions = with_people(mentions, people_mentions(doc, normalized, sentences))
                    mentions = without_letterless_names(without_campaign_places(mentions, normalized.text))
                    mentions = self.classifiers.type_orgs(mentions)
                mentions.sort(key=lambda m: (m.prov.page, m.prov.raw_start, m.label))
                return mentions
            mentions = clock("extract", extract)
        if names_only:
            return Extraction(doc.doc_id, doc.path, doc.title, year, doc.pages, tuple(mentions))

        def records() -> Extraction:
            rows = table_rows(doc, normalized, blocks, year)
            generic = generic_rows(doc, normalized)
            rows += typed_rows(generic, rows, year)
            tables = table_summaries(generic, rows)
            rows += prose_policies(doc, normalized, sentences, mentions)
            figures = key_figures(doc, normalized, sentences, mentions)
            paragraphs = self.classifiers.paragraphs(doc, normalized, blocks)
            return Extraction(doc.doc_id, doc.path, doc.title, year, doc.pages, tuple(mentions), tuple(rows),
                              tuple(figures), tuple(generic), {"paragraphs": paragraphs, "chars": len(doc.text),
                                               "reference_year_source": year_source,
                                               "sentences": len(sentences)}, tuple(tables))
        return clock("records", records)

    def _found(self, docs: list[Any], ticker: PageTicker | None = None) -> list[list[Span]]:
        """The spans of each Doc (the spaCy pipeline: rules, NER, merge), in order; ``ticker`` is told as each is done."""
        found = []
        for index, sentence_doc in enumerate(self.nlp.pipe(docs, batch_size=BATCH_SIZE)):
            found.append(list(sentence_doc._.mentions or []))
            if ticker:
                ticker.done(index)
        return found

    def _mentions(self, doc: RawDocument, normalized: NormalizedText, sentence: Sentence, spans: list[Span]) -> list[Mention]:
        out = []
        for span in spans:
            start, end = sentence.start + span.start, sentence.start + span.end
            raw_start, raw_end = normalized.raw_span(start, end)
            prov = Provenance(doc.doc_id, doc.page_of(raw_start), sentence.index, start, end, raw_start, raw_end,
                              doc.line_of(raw_start))
            out.append(Mention(span.label, mention_text(doc.text[raw_start:raw_end], span.label), prov, span.source, span.value,
                               normalized.text[start:end], org_type=span.org_type))
        return out


def in_batch_order(groups: list[list[int]], found: list[list[T]], size: int = BATCH_SIZE) -> list[T]:
    """The results of groups of batches of ``size`` (``found[g]``: one a sentence of the batches ``groups[g]``, in
    order) put back in the order of the batches.

    >>> in_batch_order([[0, 2], [1]], [["a", "b", "e"], ["c", "d"]], size=2)
    ['a', 'b', 'c', 'd', 'e']
    """
    by_batch = {index: found[g][k * size:(k + 1) * size] for g, group in enumerate(groups) for k, index in enumerate(group)}
    return [item for index in sorted(by_batch) for item in by_batch[index]]


class PageTicker:
    """Calls ``on_page(number)`` once per page of a document, in order, as its sentences are done."""

    def __init__(self, doc: RawDocument, sentence_pages: list[int], on_page: Callable[[int], None]) -> None:
        self.pages, self.on_page = sentence_pages, on_page
        self.next_page, self.last_page = doc.first_page, doc.first_page + doc.pages - 1

    def done(self, index: int) -> None:
        """Sentence ``index`` is done: every page before the next sentence's page is."""
        following = self.pages[index + 1] if index + 1 < len(self.pages) else self.last_page + 1
        self._tick_until(following)

    def finish(self) -> None:
        """Every page is done."""
        self._tick_until(self.last_page + 1)

    def _tick_until(self, page: int) -> None:
        while self.next_page < min(page, self.last_page + 1):
            self.on_page(self.next_page)
            self.next_page += 1


ENTITY_LABELS = frozenset({"ORG", "LOC", "PER", "PRODUCT"})


def people_mentions(doc: RawDocument, normalized: NormalizedText, sentences: list[Sentence]) -> list[Mention]:
    """PER mentions of the report's credits (role lines and the name lists after them, read on the raw lines with
    the markup of the document model blanked out) and of names next to a title in prose (``吕志宽先生``), dotted
    foreign names and known names (``凯文·凯利``, ``中本聪``); see :mod:`nlp.extractors.rules.people`."""
    out = [_raw_mention(doc, normalized, "PER", start, end, doc.line_of(start))
           for start, end in credit_names(doc.model.unmarked(doc.text))]
    for sentence in sentences:
        for start, end in prose_names(sentence.text):
            raw_start, raw_end = normalized.raw_span(sentence.start + start, sentence.start + end)
            prov = Provenance(doc.doc_id, doc.page_of(raw_start), sentence.index, sentence.start + start,
                              sentence.start + end, raw_start, raw_end, doc.line_of(raw_start))
            out.append(Mention("PER", mention_text(doc.text[raw_start:raw_end], "PER"), prov, "rules", None,
                               sentence.text[start:end]))
    return out


def with_people(mentions: list[Mention], people: list[Mention]) -> list[Mention]:
    """The mentions with the people added: an entity mention overlapping a person (the NER's ORG over a list of
    names, ``周平平  杜平宇  李平斌``) gives way to it; values (dates, amounts) stay."""
    spans = sorted((p.prov.raw_start, p.prov.raw_end) for p in people)
    starts = [s for s, _ in spans]

    def overlaps(m: Mention) -> bool:
        index = bisect.bisect_left(starts, m.prov.raw_end)
        return any(s < m.prov.raw_end and m.prov.raw_start < e for s, e in spans[max(0, index - 8):index])
    kept = [m for m in mentions if m.label not in ENTITY_LABELS or not overlaps(m)]
    seen = {(m.prov.raw_start, m.prov.raw_end) for m in kept if m.label == "PER"}
    unique = {(p.prov.raw_start, p.prov.raw_end): p for p in people if (p.prov.raw_start, p.prov.raw_end) not in seen}
    return kept + [unique[k] for k in sorted(unique)]


def _raw_mention(doc: RawDocument, normalized: NormalizedText, label: str, raw_start: int, raw_end: int, line: int) -> Mention:
    start = bisect.bisect_left(normalized.to_raw, raw_start)
    end = bisect.bisect_left(normalized.to_raw, raw_end)
    prov = Provenance(doc.doc_id, doc.page_of(raw_start), -1, start, end, raw_start, raw_end, line)
    return Mention(label, mention_text(doc.text[raw_start:raw_end], label), prov, "rules", None, normalized.text[start:end])
