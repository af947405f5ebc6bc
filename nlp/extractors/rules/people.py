"""Person names: the credits of a report (``顾问：向海龙、梁志祥``, ``编写人员`` blocks of space-separated names) and
a few prose contexts (``吕志宽先生``, ``中国工程院院士邬贺铨表示``, ``习近平总书记``), transliterated foreign names
joined by a middle dot (``凯文·凯利``) and the few people no pattern finds (``中本聪``).

Precision first, since a surname character starts many words: a name is 2-4 CJK characters starting with a surname
of ``nlp/data/people.yaml`` (a single surname + 1-2 characters, or a compound surname + 1-2), not ending in a
character that ends no given name (院, 会 ...). In credits, a line is read only after a role word, and only while
most of its pieces are names; a name the PDF spaced out (``刘 权``) is paired back, two names the PDF glued together
(``季宙栋苏小康``) are cut in two. In prose, a name is taken only next to a title and with a clear boundary.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ...data import read_yaml

PEOPLE_FILE = "people.yaml"
PEOPLE_KEYS = frozenset({"surnames_single", "surnames_compound", "credit_roles", "titles_before", "titles_after",
                         "not_given", "not_names", "after_name", "name_dots", "transliteration", "known_names"})
CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
LINE_MARKS = re.compile(r"^[#*\s]*")
BOUNDARY = "，。、；：,.;:！？!?（）()“”\"《》 \t\n"
MIN_NAME_SHARE = 0.6


@dataclass(frozen=True)
class PeopleData:
    """The loaded name data: surnames, role words, and the compiled role and title patterns."""

    single: frozenset[str]
    compound: frozenset[str]
    not_given: frozenset[str]
    not_names: frozenset[str]
    role: re.Pattern[str]
    before: re.Pattern[str]
    after: re.Pattern[str]
    after_name: tuple[str, ...]
    dotted: re.Pattern[str]
    dot: re.Pattern[str]
    transliteration: frozenset[str]
    known: re.Pattern[str]


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def people_data() -> PeopleData:
    """Load ``nlp/data/people.yaml``."""
    data = read_yaml(PEOPLE_FILE, PEOPLE_KEYS)
    role = re.compile(rf"^(?:{_alternation(data['credit_roles'])})\s*(?:[（(][^）)]*[）)])?\s*(?:[：:]|$)")
    before = re.compile(rf"(?:{_alternation(data['titles_before'])})")
    after = re.compile(rf"(?:{_alternation(data['titles_after'])})")
    dots = re.escape(str(data["name_dots"]))
    dotted = re.compile(rf"[\u4e00-\u9fff]+(?:[{dots}][\u4e00-\u9fff]+)+")
    known = re.compile(rf"(?:{_alternation(data['known_names'])})")
    return PeopleData(frozenset(str(data["surnames_single"]).replace(" ", "")), frozenset(data["surnames_compound"]),
                      frozenset(str(data["not_given"])), frozenset(data["not_names"]), role, before, after, tuple(data["after_name"]),
                      dotted, re.compile(f"[{dots}]"), frozenset(str(data["transliteration"]).replace(" ", "")), known)


def is_person_name(text: str) -> bool:
    """True for 2-4 CJK characters that read as a Chinese name: a surname, then a one or two character given name.

    >>> [is_person_name(t) for t in ("刘权", "黄忠义", "欧阳明远", "季宙栋", "程院", "区块链", "中国移动", "李", "高级")]
    [True, True, True, True, False, False, False, False, False]
    """
    data = people_data()
    if not CJK_RUN.fullmatch(text) or text[-1] in data.not_given or text in data.not_names:
        return False
    if text[:2] in data.compound and 3 <= len(text) <= 4:
        return True
    return text[0] in data.single and 2 <= len(text) <= 3


def split_glued(text: str) -> list[tuple[int, int]]:
    """Offsets of the names in one CJK piece: the piece itself, two names the PDF glued (``季宙栋苏小康``), or none.

    >>> split_glued("季宙栋苏小康"), split_glued("黄忠义"), split_glued("万达网络科技有限公司")
    ([(0, 3), (3, 6)], [(0, 3)], [])
    """
    if is_person_name(text):
        return [(0, len(text))]
    if 4 <= len(text) <= 6:
        for cut in (3, 2, 4) if len(text) == 6 else (2, 3):
            if is_person_name(text[:cut]) and is_person_name(text[cut:]):
                return [(0, cut), (cut, len(text))]
    return []


def name_list(text: str) -> list[tuple[int, int]] | None:
    """Offsets of the names of a line that is a list of names (``徐苗苗 袁 方 周一平 孟 雪``, ``向海龙、梁志祥``), or
    ``None`` when the line is not one (fewer than ``MIN_NAME_SHARE`` of its pieces are names).

    >>> name_list("徐苗苗 袁 方 周一平 孟 雪")
    [(0, 3), (4, 7), (8, 11), (12, 15)]
    >>> name_list("中国平安保险（集团）股份有限公司") is None
    True
    """
    pieces = [(m.start(), m.end()) for m in CJK_RUN.finditer(text)]
    if not pieces or re.search(r"[^\u4e00-\u9fff、，,；;·\s]", text.strip()):
        return None
    names, index, counted = [], 0, 0
    while index < len(pieces):
        start, end = pieces[index]
        counted += 1
        if end - start == 1 and index + 1 < len(pieces) and 1 <= pieces[index + 1][1] - pieces[index + 1][0] <= 2 \
                and is_person_name(text[start:end] + text[pieces[index + 1][0]:pieces[index + 1][1]]) \
                and text[end:pieces[index + 1][0]].strip() == "":
            names.append((start, pieces[index + 1][1]))
            index += 2
            continue
        names.extend((start + s, start + e) for s, e in split_glued(text[start:end]))
        index += 1
    named = len({n for n in names})
    return names if names and named >= MIN_NAME_SHARE * counted else None


def credit_names(text: str) -> list[tuple[int, int]]:
    """Offsets (in ``text``, a whole document) of the names in its credits: after a role word on its line
    (``副主任：黄忠义 刘宗媛``), and on the name-list lines that follow a role line; a blank line does not end the
    block, any other line does.

    >>> doc = "**主任：**刘 权\\n\\n编写人员（排名不分先后）\\n徐苗苗 袁 方\\n中国信息通信研究院"
    >>> [doc[s:e] for s, e in credit_names(doc)]
    ['刘 权', '徐苗苗', '袁 方']
    """
    out: list[tuple[int, int]] = []
    in_block, offset = False, 0
    for line in text.split("\n"):
        lead = LINE_MARKS.match(line).end()  # type: ignore[union-attr]
        body = line[lead:].replace("**", "  ")
        role = people_data().role.match(body)
        if role:
            rest = body[role.end():]
            found = name_list(rest) if rest.strip() else []
            out.extend((offset + lead + role.end() + s, offset + lead + role.end() + e) for s, e in found or [])
            in_block = True
        elif in_block and body.strip():
            found = name_list(body)
            if found is None:
                in_block = False
            else:
                out.extend((offset + lead + s, offset + lead + e) for s, e in found)
        offset += len(line) + 1
    return out


def titled_names(text: str) -> list[tuple[int, int]]:
    """Offsets of names next to a title in prose: ``吕志宽先生``, ``院士邬贺铨表示``.

    >>> s = "由吕志宽先生于2017年8月份创立；中国工程院院士邬贺铨表示"
    >>> [s[a:b] for a, b in titled_names(s)]
    ['吕志宽', '邬贺铨']
    """
    data, out = people_data(), []
    for match in data.after.finditer(text):
        for size in (3, 2, 4):
            start = match.start() - size
            if start >= 0 and is_person_name(text[start:match.start()]) and \
                    (start == 0 or text[start - 1] in BOUNDARY or not is_person_name(text[start - 1:match.start()])):
                out.append((start, match.start()))
                break
    for match in data.before.finditer(text):
        for size in (3, 2, 4):
            end = match.end() + size
            follow = text[end:end + 2]
            if end <= len(text) and is_person_name(text[match.end():end]) and \
                    (end == len(text) or text[end] in BOUNDARY or follow.startswith(data.after_name)):
                out.append((match.end(), end))
                break
    return sorted(set(out))


def foreign_names(text: str) -> list[tuple[int, int]]:
    """Offsets of transliterated names joined by a middle dot: each part made of transliteration characters, cut
    from the words around it (``著名作家凯文·凯利所著`` → ``凯文·凯利``).

    >>> s = "在著名作家凯文·凯利所著的书中；“神威·太湖之光”名列第四；国防部长哈尔吉特·萨詹及"
    >>> [s[a:b] for a, b in foreign_names(s)]
    ['凯文·凯利', '哈尔吉特·萨詹']
    """
    data, out = people_data(), []
    for match in data.dotted.finditer(text):
        parts = data.dot.split(match.group(0))
        lead = _edge_run(parts[0], data.transliteration, from_end=True)
        tail = _edge_run(parts[-1], data.transliteration, from_end=False)
        if lead and tail and all(set(part) <= data.transliteration for part in parts[1:-1]):
            out.append((match.start() + len(parts[0]) - len(lead), match.end() - len(parts[-1]) + len(tail)))
    return out


def _edge_run(word: str, chars: frozenset[str], from_end: bool) -> str:
    """The longest run of ``chars`` at the end (or start) of a word.

    >>> _edge_run("著名作家凯文", frozenset("凯文利"), True), _edge_run("凯利所著", frozenset("凯文利"), False)
    ('凯文', '凯利')
    """
    size = 0
    while size < len(word) and word[len(word) - 1 - size if from_end else size] in chars:
        size += 1
    return word[len(word) - size:] if from_end else word[:size]


def known_names(text: str) -> list[tuple[int, int]]:
    """Offsets of the ``known_names`` of ``nlp/data/people.yaml`` (``中本聪``).

    >>> s = "比特币(BitCoin)的概念最初由中本聪在 2009 年提出"
    >>> [s[a:b] for a, b in known_names(s)]
    ['中本聪']
    """
    return [(m.start(), m.end()) for m in people_data().known.finditer(text)]


def prose_names(text: str) -> list[tuple[int, int]]:
    """Offsets of the people named in a prose sentence: next to a title, dotted foreign names, known names."""
    return sorted(set(titled_names(text)) | set(foreign_names(text)) | set(known_names(text)))
