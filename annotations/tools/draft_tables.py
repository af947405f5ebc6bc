"""DRAFT ONLY: produce a first, unchecked draft of the gold record tables from the tab-separated lines.

This script only drafts.  Its output is NOT gold: every row it writes was afterwards checked by eye
against corpus/cn-blockchain-2022-2023.txt and corrected by hand (wrapped cells joined, shifted
columns realigned, debris rows dropped, amounts and multi-valued cells checked) in
annotations/tables/*.csv.  Do not re-run it over annotations/tables/: that would overwrite the
hand-checked files.  See annotations/tables/README.md for the hand decisions.

Usage: python annotations/tools/draft_tables.py OUTDIR      (e.g. /tmp/draft_tables)

It does not use anything under nlp/ (the project's extractors) and only knows the table line ranges,
which were found by reading the document.
"""
from __future__ import annotations

import csv
import re
import sys
from decimal import Decimal
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "corpus" / "cn-blockchain-2022-2023.txt"

AMOUNT_SUFFIX = ["text", "value", "min", "max", "currency", "qualifier"]
COLUMNS = {
    "policies": ["table", "line", "issuer", "date", "title"],
    "standards": ["table", "line", "code", "title", "status", "date", "level", "orgs"],
    "institutions": ["table", "line", "name", "lead"],
    "courses": ["table", "line", "school", "course"],
    "infrastructure": ["table", "line", "category", "lead", "city", "name", "strengths"],
    "parks": ["table", "line", "region", "province", "city", "founded", "name", "lead", "positioning"],
    "alliances": ["table", "line", "name", "founded", "aim", "lead"],
    "cases": ["table", "line", "date", "company", "platform", "function"],
    "regions": ["table", "line", "region", "count", "share", "is_total"],
    "enterprise_layouts": ["table", "line", "company", "layout"],
    "financing": ["table", "line", "date", "company", "round"] + [f"amount_{s}" for s in AMOUNT_SUFFIX] + ["project"],
    "funds": ["table", "line", "name", "founded"] + [f"size_{s}" for s in AMOUNT_SUFFIX] + ["sponsor", "aim"],
}

# (kind, table, first line of first data row, last line of last data row) -- found by reading.
TABLES = [
    ("policies", "表1-2", 128, 140),
    ("policies", "表1-3", 153, 181),
    ("policies", "附件1", 1256, 1328),
    ("standards", "表1-4", 210, 216),
    ("standards", "表1-5", 225, 228),
    ("standards", "表1-6", 239, 251),
    ("standards", "表1-7", 260, 303),
    ("standards", "表5-1", 1019, 1023),
    ("standards", "表5-2", 1051, 1058),
    ("standards", "表5-3", 1071, 1080),
    ("standards", "表5-4", 1094, 1097),
    ("institutions", "表1-8", 316, 357),
    ("institutions", "表1-10", 385, 447),
    ("institutions", "表1-11", 473, 503),
    ("courses", "表1-9", 366, 373),
    ("infrastructure", "表2-1", 634, 652),
    ("parks", "表2-2", 708, 721),
    ("parks", "附件4", 1430, 1483),
    ("alliances", "表2-3", 767, 795),
    ("alliances", "附件5", 1488, 1566),
    ("cases", "表4-1", 988, 992),
    ("regions", "表6-1", 1117, 1131),
    ("enterprise_layouts", "表6-2", 1203, 1207),
    ("financing", "附件2", 1333, 1389),
    ("funds", "附件3", 1394, 1425),
]

CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef\u201c\u201d\u2018\u2019"


def clean(s: str) -> str:
    """Strip; drop a space between two CJK characters/fullwidth punctuation, but not inside 《》."""
    s = s.strip()
    out, depth = [], 0
    for i, ch in enumerate(s):
        if ch == "《":
            depth += 1
        elif ch == "》":
            depth = max(0, depth - 1)
        if ch == " " and depth == 0 and 0 < i < len(s) - 1:
            if re.match(f"[{CJK}]", s[i - 1]) and re.match(f"[{CJK}]", s[i + 1]):
                continue
        out.append(ch)
    return "".join(out)


def iso_date(s: str) -> str:
    s = s.strip().replace(" ", "")
    m = re.fullmatch(r"(\d{4})[.\-](\d{1,2})(?:[.\-](\d{1,2}))?", s)
    if not m:
        m = re.fullmatch(r"(\d{4})年(\d{1,2})月(?:(\d{1,2})日)?", s)
    if not m:
        return "??" + s
    y, mo, d = m.groups()
    return f"{y}-{int(mo):02d}" + (f"-{int(d):02d}" if d else "")


def plain(d: Decimal) -> str:
    d = d.normalize()
    return format(d, "f")


def amount(text: str) -> list[str]:
    t = text.strip()
    if t in ("未透露", "未披露", "未公布"):
        return [t, "", "", "", "", ""]
    cur = "USD" if "美元" in t else "CNY"
    body = t.replace("首期", "").replace("人民币", "").replace("美元", "").replace("元", "").replace(" ", "")
    vague = {"千万级": ("10000000", "99999999"), "数千万": ("20000000", "90000000"),
             "数百万": ("2000000", "9000000"), "数亿": ("200000000", "900000000")}
    if body in vague:
        lo, hi = vague[body]
        return [t, "", lo, hi, cur, "vague"]
    m = re.fullmatch(r"(\d+(?:\.\d+)?)(万|亿)", body)
    if m:
        v = Decimal(m.group(1)) * (10000 if m.group(2) == "万" else 100000000)
        return [t, plain(v), plain(v), plain(v), cur, "exact"]
    return [t, "??", "", "", "", ""]


def percent(s: str) -> str:
    return plain(Decimal(s.strip().rstrip("%")) / 100)


def level(code: str, table: str) -> str:
    if table == "表1-4":
        return "international"
    if code.startswith("T/"):
        return "group"
    if code.startswith("Q/"):
        return "enterprise"
    if code.startswith("DB"):
        return "local"
    if code.startswith(("GB", "GB/T")) or re.fullmatch(r"\d+-T-\d+", code):
        return "national"
    if re.match(r"(GM|JR|YD|SJ)/T", code):
        return "industry"
    return "??"


def status(s: str) -> str:
    return {"发布": "published", "已发布": "published", "立项": "approved",
            "征求意见稿阶段": "draft", "送审稿": "review"}.get(s, s)


def multi(s: str) -> str:
    parts = [p.strip() for p in clean(s).split("、") if p.strip()]
    if parts and parts[-1].endswith("等"):
        parts[-1] = parts[-1][:-1]
    return ";".join(parts)


def draft(lines: list[str]) -> dict[str, list[list[str]]]:
    out: dict[str, list[list[str]]] = {k: [] for k in COLUMNS}
    for kind, table, a, b in TABLES:
        prev: list[str] = []
        for n in range(a, b + 1):
            raw = lines[n - 1]
            if not raw.strip() or set(raw.strip()) <= set("-\t "):
                continue
            c = [x.strip() for x in raw.split("\t")]
            row: list[str]
            if kind == "policies":
                issuer = clean(c[0]) or (prev[2] if prev else "")
                row = [table, str(n), issuer, iso_date(c[1]) if len(c) > 1 else "", clean(c[2]) if len(c) > 2 else ""]
            elif kind == "standards":
                if table == "表1-4":
                    row = [table, str(n), "", c[1], status(c[2]), iso_date(c[3]), level("", table), ""]
                elif table == "表1-5":
                    row = [table, str(n), c[1], c[2], status(c[3]), "", level(c[1], table), ""]
                else:
                    orgs = multi(c[4]) if len(c) > 4 else ""
                    row = [table, str(n), c[1], c[2], "published", iso_date(c[3]), level(c[1], table), orgs]
            elif kind == "institutions":
                lead = {"表1-8": "university", "表1-10": "enterprise", "表1-11": "government"}[table]
                row = [table, str(n), clean(c[1]), lead]
            elif kind == "courses":
                row = [table, str(n), clean(c[1]), clean(c[2])]
            elif kind == "infrastructure":
                row = [table, str(n), clean(c[0]) or (prev[2] if prev else ""), clean(c[1]), "", clean(c[2]), clean(c[3]) if len(c) > 3 else ""]
            elif kind == "parks":
                if table == "表2-2":
                    row = [table, str(n), "", "", clean(c[0]) or (prev[4] if prev else ""), "", clean(c[1]), "", clean(c[2]) if len(c) > 2 else ""]
                else:
                    region = re.sub(r"\s*\(\d+\)$", "", clean(c[0])) or prev[2]
                    prov = clean(c[1]) or prev[3]
                    city = clean(c[2]) or prev[4]
                    row = [table, str(n), region, prov, city, iso_date(c[3]), clean(c[4]), multi(c[5]), ""]
            elif kind == "alliances":
                if table == "表2-3":
                    row = [table, str(n), clean(c[1]), iso_date(c[0]), "", multi(c[2])]
                else:
                    row = [table, str(n), clean(c[0]), iso_date(c[1]) if len(c) > 1 else "", clean(c[2]) if len(c) > 2 else "", multi(c[3]) if len(c) > 3 else ""]
            elif kind == "cases":
                row = [table, str(n), iso_date(c[0]), clean(c[1]), clean(c[2]), clean(c[3])]
            elif kind == "regions":
                for off in (0, 3):
                    name, cnt, pct = c[off], re.sub(r"</?b>", "", c[off + 1]), c[off + 2]
                    out[kind].append([table, str(n), name, cnt, percent(pct), "1" if name == "总计" else "0"])
                continue
            elif kind == "enterprise_layouts":
                row = [table, str(n), clean(c[0]), clean(c[1])]
            elif kind == "financing":
                row = [table, str(n), iso_date(c[0]), clean(c[1]), c[2]] + amount(c[3]) + [c[4] if len(c) > 4 else ""]
            elif kind == "funds":
                row = [table, str(n), clean(c[0]), iso_date(c[1]) if c[1] else ""] + amount(c[2]) + [clean(c[3]), clean(c[4]) if len(c) > 4 else ""]
            else:
                raise ValueError(kind)
            out[kind].append(row)
            prev = row
    return out


def main() -> None:
    outdir = Path(sys.argv[1])
    outdir.mkdir(parents=True, exist_ok=True)
    lines = DOC.read_text(encoding="utf-8").split("\n")
    for kind, rows in draft(lines).items():
        with open(outdir / f"{kind}.csv", "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(COLUMNS[kind])
            w.writerows(rows)
        print(kind, len(rows))


if __name__ == "__main__":
    main()
