"""Policies named in the prose (issue 13): a sentence that names a policy, law or plan in 《》 together with its
issuer and/or its date gives a policy record (title, issuer, date, document number) with ``source`` ``prose``.

The rules are data (``nlp/data/policy_prose.yaml``); the dates are the sentence's DATE mentions (their normalized
values), places the LOC mentions. Per title of a prose sentence whose inner text ends with a policy head word
(法, 条例, 规划, 意见, 通知 …):

* an act **before** the title (``…印发《…》``, ``…通过的首部《…》``, ``由州长签署发布的 2018 年加利福尼亚州《…》``): the
  issuer is what stands between the clause's start (or its date) and the verb; the date is the one between the verb
  and the title, else the one before the verb, else the clause before when it holds only a date
  (``2018年2月13日，山东省人民政府办公厅印发《…》``); a title listed after it (``、2021 年弗吉尼亚州《…》``) shares the
  act, with its own date;
* else an act **after** the title (``《…》颁布日期为 2009 年 10 月 1 日``, ``2000 年，《…》（…）通过``,
  ``《…》…已于 2020 年 7 月 1 日生效``): the date is the clause's date (or the date-only clause before), the issuer the
  ``由 …`` between the title and the verb, if any;
* a document number in brackets right after the title (``（国办发〔2017〕4号）``) is kept.

A title with neither issuer nor date is no record (a later mention, a heading ``01 欧盟《…》``); an alias in
brackets (``（简称《法案》）``) is skipped; a title is recorded once per page. The record's provenance is its sentence
(char and raw spans) on the page of the title.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..data import read_yaml
from ..ingest.document import RawDocument
from ..segment.sentences import Sentence
from ..text.normalize import NormalizedText
from .schema import DateValue, Mention, Provenance, TableRow

RULE_KEYS = frozenset({"heads", "verbs_before", "verbs_after", "filler", "max_filler", "issuer_trim", "issuer_stop",
                       "issuer_join", "issuer_heads", "issuer_not", "max_issuer", "apposition", "list_join",
                       "doc_number", "date_only", "skip_sentence"})
TITLE_RE = re.compile(r"《[^《》\n]{1,150}》")
CLAUSE_BREAKS = frozenset("，,；;。！？!?：:")
TRAILING_BRACKETS = re.compile(r"\s*[（(][^（）()]*[）)]\s*$")
NAME_LABELS = ("ORG", "LOC", "PER")


@lru_cache(maxsize=1)
def rules() -> dict[str, Any]:
    """``nlp/data/policy_prose.yaml`` with its regexes compiled."""
    data = read_yaml("policy_prose.yaml", RULE_KEYS)
    return {k: v if isinstance(v, int) else re.compile(v) for k, v in data.items()}


@dataclass(frozen=True, slots=True)
class Span:
    """A DATE or name (ORG, LOC, PER) mention of a sentence, sentence-relative."""

    start: int
    end: int
    label: str
    value: DateValue | None = None


@dataclass(frozen=True, slots=True)
class Found:
    """One policy of a sentence: the title's sentence-relative span, issuer, date, document number."""

    start: int
    end: int
    issuer: str
    date: DateValue | None
    doc_number: str


def is_policy_title(title: str) -> bool:
    """A title in 《》 whose inner text (a trailing bracket removed) ends with a policy head word.

    >>> [is_policy_title(t) for t in ("《通用数据保护条例》", "《数据法案（草案）》", "《失控：全人类的最终命运和结局》",
    ...                                 "《1974年隐私法概述》", "《山东省区块链产业发展规划（2020—2022年）》")]
    [True, True, False, False, True]
    """
    inner = TRAILING_BRACKETS.sub("", title.strip()[1:-1]).strip()
    return bool(inner) and bool(rules()["heads"].search(inner))


def masked(text: str) -> str:
    """The text with the inside of 《》 and brackets blanked (same length), so that their punctuation cuts no clause.

    >>> masked("印发《关于，的意见》（国办发〔2017〕4号），要求")
    '印发《＿＿＿＿＿＿》（＿＿＿＿＿＿＿＿＿＿＿），要求'
    """
    out = list(text)
    depth = 0
    for index, char in enumerate(text):
        if char in "《（(":
            depth += 1
            continue
        if char in "》）)":
            depth = max(0, depth - 1)
            continue
        if depth:
            out[index] = "＿"
    return "".join(out)


def clause_bounds(mask: str, start: int, end: int) -> tuple[int, int]:
    """The clause around ``start``..``end``: from after the last clause break before it to the next one after it."""
    left = start
    while left > 0 and mask[left - 1] not in CLAUSE_BREAKS:
        left -= 1
    right = end
    while right < len(mask) and mask[right] not in CLAUSE_BREAKS:
        right += 1
    return left, right


def _without(text: str, offset: int, spans: list[Span], labels: tuple[str, ...]) -> str:
    """``text`` (starting at sentence offset ``offset``) with the spans of ``labels`` and all whitespace removed."""
    keep = [True] * len(text)
    for span in spans:
        if span.label in labels:
            for i in range(max(span.start - offset, 0), min(span.end - offset, len(text))):
                keep[i] = False
    return re.sub(r"\s+", "", "".join(c for c, k in zip(text, keep) if k))


def _names(text: str, spans: list[Span]) -> tuple[str, ...]:
    """The texts of the sentence's name mentions (ORG, LOC, PER), spaces removed."""
    return tuple(re.sub(r"\s+", "", text[s.start:s.end]) for s in spans if s.label in NAME_LABELS)


def _first_date(spans: list[Span], start: int, end: int) -> DateValue | None:
    return next((s.value for s in spans if s.label == "DATE" and s.value and start <= s.start and s.end <= end), None)


def _clause_date(mask: str, spans: list[Span], clause_start: int) -> DateValue | None:
    """The date of the clause before ``clause_start`` when that clause holds only a date (``2018年2月13日，``)."""
    if clause_start < 2:
        return None
    left, right = clause_bounds(mask, clause_start - 2, clause_start - 1)
    if right > clause_start - 1:
        return None
    rest = _without(mask[left:right], left, spans, ("DATE",))
    date = _first_date(spans, left, right)
    return date if date is not None and rules()["date_only"].match(rest) else None


def issuer_text(region: str, names: tuple[str, ...] = ()) -> str:
    """The issuer written in ``region`` (dates already removed): trimmed, cut before an adverbial (``以…票赞成``), the
    head after a last ``的`` (``…领导的联邦内阁``), several joined by ``;``. A part is kept when it holds one of the
    sentence's ``names`` (its ORG, LOC and PER mentions) or ends with an issuer head word (``…委员会``, ``州长``) and
    holds no word that makes it a clause (``使``, ``是``); ``""`` when none is kept or the region is too long.

    >>> issuer_text("欧洲议会和欧盟理事会"), issuer_text("由美国国会"), issuer_text("欧盟于", ("欧盟",))
    ('欧洲议会;欧盟理事会', '美国国会', '欧盟')
    >>> issuer_text("法国总理ManuelValls亲自", ("法国",)), issuer_text("印度总理纳伦德拉•莫迪领导的联邦内阁")
    ('法国总理ManuelValls', '联邦内阁')
    >>> issuer_text("欧洲议会以530票赞成的表决结果"), issuer_text("弥补"), issuer_text("该法使德国法律制度与欧盟", ("德国", "欧盟"))
    ('欧洲议会', '', '欧盟')
    """
    text = region.strip(" ，,、")
    for _ in range(3):
        text = rules()["issuer_trim"].sub("", text).strip()
    text = text.strip("“”\"'").strip()
    stop = rules()["issuer_stop"].search(text, 2)
    text = text[:stop.start()] if stop else text
    head = text.rsplit("的", 1)[-1]
    text = head if len(head) >= 2 else text
    if not text or len(text) > rules()["max_issuer"] or "《" in text:
        return ""
    return ";".join(_issuer_parts(text, names))


def _issuer_parts(text: str, names: tuple[str, ...]) -> list[str]:
    """The issuers of ``text``: split at ``、``; a piece is split further at ``和``/``与``/``及`` only when every part is
    an issuer by itself (``工业和信息化部`` stays whole)."""
    def qualifies(part: str) -> bool:
        return len(part) >= 2 and not rules()["issuer_not"].search(part) and (
            any(n and n in part for n in names) or bool(rules()["issuer_heads"].search(part)))
    out = []
    for piece in (p.strip() for p in re.split(r"[、;；]", text) if p.strip()):
        parts = [p.strip() for p in rules()["issuer_join"].split(piece) if p.strip()]
        if len(parts) > 1 and all(qualifies(p) for p in parts):
            out.extend(parts)
        elif qualifies(piece):
            out.append(piece)
        else:
            out.extend(p for p in parts if qualifies(p))
    return out


def _verb_before(text: str, spans: list[Span], clause_start: int, title_start: int) -> re.Match[str] | None:
    """The last act verb of the clause before the title with only filler (and dates, places) between them."""
    prefix = text[clause_start:title_start]
    verbs = list(rules()["verbs_before"].finditer(prefix))
    best = None
    for index, match in enumerate(verbs):
        between = _without(prefix[match.end():], clause_start + match.end(), spans, ("DATE", "LOC"))
        rest = rules()["filler"].sub("", between)
        if len(rest) <= rules()["max_filler"] and not re.search(r"[《》。，；]", between):
            best = index
    if best is None:
        return None
    while best > 0 and re.fullmatch(r"\s*(?:并|和|及|、|且)?\s*", prefix[verbs[best - 1].end():verbs[best].start()]):
        best -= 1  # a chain of acts (签署并发布, 签署发布): the issuer stands before the first
    return verbs[best]


def _act_before(text: str, mask: str, spans: list[Span], clause_start: int, title_start: int
                ) -> tuple[str, DateValue | None] | None:
    """(issuer, date) of an act written before the title, ``None`` when there is none. A clause that is only an
    apposition (``…批准了修改后的法案，即《…》``) takes the act of the clause before it."""
    start = clause_start
    verb = _verb_before(text, spans, start, title_start)
    if verb is not None:
        verb_start, verb_end, near = start + verb.start(), start + verb.end(), title_start
    elif start >= 2 and rules()["apposition"].match(re.sub(r"\s+", "", text[start:title_start])):
        start, end = clause_bounds(mask, start - 2, start - 1)
        acts = list(rules()["verbs_before"].finditer(text, start, end))
        if not acts:
            return None
        verb_start, verb_end, near = acts[-1].start(), acts[-1].end(), acts[-1].end()
    else:
        return None
    date = _first_date(spans, verb_end, near) or _first_date(spans, start, verb_start) \
        or _clause_date(mask, spans, start)
    issuer = issuer_text(_without(text[start:verb_start], start, spans, ("DATE",)), _names(text, spans))
    return issuer, date


def _act_after(text: str, mask: str, spans: list[Span], clause: tuple[int, int], title_end: int
               ) -> tuple[str, DateValue | None] | None:
    """(issuer, date) of an act written after the title in its clause, ``None`` when there is none."""
    start, end = clause
    tail = text[title_end:end]
    skip = re.match(r"\s*[(（][^()（）]*[)）]", tail)
    offset = title_end + (skip.end() if skip else 0)
    tail = text[offset:end]
    verb = rules()["verbs_after"].search(tail)
    if verb is None:
        return None
    before = _without(tail[:verb.start()], offset, spans, ("DATE",))
    if len(before) > rules()["max_filler"] + 2 or "《" in before:
        return None
    by = re.match(r"^的?由(.+?)(?:于|在|$)", before)
    date = _first_date(spans, offset, end) or _clause_date(mask, spans, start)
    return (issuer_text(by.group(1), _names(text, spans)) if by else ""), date


def doc_number(after_title: str) -> str:
    """The document number in brackets right after a title.

    >>> doc_number("（国办发〔2017〕4号），要求"), doc_number("（2019年第373号法案）。"), doc_number("（简称GDPR）")
    ('国办发〔2017〕4号', '2019年第373号法案', '')
    """
    match = rules()["doc_number"].match(after_title)
    return re.sub(r"\s+", "", match.group(1)) if match else ""


def sentence_policies(text: str, spans: list[Span]) -> list[Found]:
    """The policies of one sentence (normalized text; its DATE and LOC mentions as :class:`Span`)."""
    mask = masked(text)
    out: list[Found] = []
    for match in TITLE_RE.finditer(text):
        start, end = match.span()
        if mask[start] != "《" or not is_policy_title(match.group()):
            continue  # inside brackets: an alias (（简称《法案》）) or a title inside a title
        clause = clause_bounds(mask, start, end)
        found = _listed_after(text, spans, out, start) or _act_before(text, mask, spans, clause[0], start) \
            or _act_after(text, mask, spans, clause, end)
        if found is None:
            continue
        issuer, date = found
        if issuer or date:
            out.append(Found(start, end, issuer, date, doc_number(text[end:])))
    return out


def _listed_after(text: str, spans: list[Span], found: list[Found], start: int) -> tuple[str, DateValue | None] | None:
    """A title listed right after a recorded one (``、2021 年弗吉尼亚州《…》``) shares its act, with its own date."""
    if not found:
        return None
    last = found[-1]
    between = text[last.end:start]
    if "，" in between or "。" in between:
        return None
    rest = _without(between, last.end, spans, ("DATE", "LOC"))
    join = rules()["list_join"].match(rest)
    if join is None or len(rest) - join.end() > rules()["max_filler"] or rules()["verbs_before"].search(rest):
        return None
    return last.issuer, _first_date(spans, last.end, start) or last.date


def prose_policies(doc: RawDocument, normalized: NormalizedText, sentences: list[Sentence],
                   mentions: list[Mention]) -> list[TableRow]:
    """Policy records of the document's prose sentences (``source`` ``prose``), once per page and title."""
    by_sentence: dict[int, list[Span]] = {}
    for mention in mentions:
        if mention.label in ("DATE", *NAME_LABELS) and mention.prov.sentence >= 0:
            value = mention.value if isinstance(mention.value, DateValue) else None
            by_sentence.setdefault(mention.prov.sentence, []).append(
                Span(mention.prov.char_start, mention.prov.char_end, mention.label, value))
    out: list[TableRow] = []
    seen: set[tuple[int, str]] = set()
    for sentence in sentences:
        if sentence.kind != "prose" or "《" not in sentence.text or rules()["skip_sentence"].search(sentence.text):
            continue
        spans = sorted((Span(s.start - sentence.start, s.end - sentence.start, s.label, s.value)
                        for s in by_sentence.get(sentence.index, [])), key=lambda s: (s.start, s.end))
        for found in sentence_policies(sentence.text, spans):
            title = sentence.text[found.start:found.end]
            raw_title, _ = normalized.raw_span(sentence.start + found.start, sentence.start + found.end)
            page = doc.page_of(raw_title)
            if (page, re.sub(r"\s+", "", title)) in seen:
                continue
            seen.add((page, re.sub(r"\s+", "", title)))
            raw_start, raw_end = normalized.raw_span(sentence.start, sentence.end)
            prov = Provenance(doc.doc_id, page, sentence.index, sentence.start, sentence.end, raw_start, raw_end,
                              doc.line_of(raw_title))
            fields = {"issuer": found.issuer, "date": found.date, "title": title, "doc_number": found.doc_number}
            out.append(TableRow("policies", "", len(out), dict(fields), prov, (), "prose"))
    return out
