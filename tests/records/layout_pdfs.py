"""Report PDFs made at test time with reportlab, in the table layouts of real Chinese reports we cannot ship.

Two documents, each made deterministically (``invariant=1``) in the test's temporary folder:

* :func:`white_paper`: a government white paper whose appendix lists provincial policies in ruled tables
  (发文日期 / 文件名称 / 发文机关 / 主要内容), one table per province with a caption ``表 11 山东省区块链相关政策``:
  rules drawn as lines, as thin filled rectangles (Word's borders) and as one stroked rectangle per cell; dates in
  a narrow column broken over two lines (``2018 年 2 月`` / ``13 日``); titles and contents wrapped over lines;
  tables going on over pages with and without a repeated header; rows cut by the page break (one inside its
  date: ``2021 年 4 月 6`` / ``日``); an issuer cell merged over several rows (drawn without the inner rule, text
  centred in it) and over the page break; a ``同上`` cell; a caption above and one below the table; running header
  and page numbers; prose with policies named in sentences.
* :func:`slide_deck`: a 16:9 slide deck whose financing table (企业名称 / 融资轮次 / 融资金额 / 融资时间) is text
  boxes aligned in columns with wide gaps, no rule at all, shaded bands behind every other row, company names
  wrapped over two lines and centred in their row, amounts such as ``5 亿``, ``超 3 亿``, ``数千万``; the table
  goes on on the next slide under a repeated header; a slide of two bullet columns and a chart that are no table.

:func:`expected_policies` and :func:`expected_financing` give the records they must yield (fields as ``annotations/GUIDELINES.md`` section 4 writes them).
The rows are modelled on the policy lists and financing slides of such reports; the layout, not the facts, is the
point.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

FONT = "STSong-Light"
A4 = (595.3, 841.9)
SLIDE = (960.0, 540.0)
HEADER = ("发文日期", "文件名称", "发文机关", "主要内容")

#: (date as printed, title, issuer, content) per table caption.
SHANDONG = [
    ("2018 年 2 月 13 日", "《山东省新旧动能转换重大工程实施规划》", "山东省人民政府",
     "提出加快区块链、人工智能等新技术研发和应用，培育新一代信息技术产业集群。"),
    ("2019 年 7 月 5 日", "《山东省支持数字经济发展的意见》", "山东省人民政府办公厅",
     "推动区块链技术在政务服务、金融、物流和商品溯源等领域的应用。"),
    ("2020 年 4 月 28 日", "《山东省区块链产业发展规划（2020—2022 年）》", "山东省工业和信息化厅",
     "到 2022 年，全省区块链产业规模突破 100 亿元，培育 10 家以上区块链骨干企业，建成 3 个区块链产业园区。"),
    ("2020 年 11 月 9 日", "《济南市区块链产业发展行动计划（2020—2022 年）》", "济南市人民政府办公厅",
     "建设泉城链，推进区块链在政务数据共享和电子证照中的应用。"),
    ("2021 年 3 月 1 日", "《青岛市区块链产业发展实施意见》", "青岛市工业和信息化局",
     "支持建设区块链公共服务平台，引进培育区块链企业，打造区块链产业集聚区。"),
    ("2021 年 6 月 18 日", "《烟台市加快区块链技术应用和产业发展的若干措施》", "烟台市人民政府",
     "对新落户的区块链企业给予房租补贴，对重大应用项目按投资额给予奖励。"),
    ("2021 年 9 月 27 日", "《山东省“十四五”数字强省建设规划》", "山东省人民政府",
     "构建区块链基础设施体系，推动区块链与实体经济深度融合，形成一批区块链应用标杆。"),
    ("2021 年 12 月 8 日", "《潍坊市区块链产业发展三年行动方案》", "潍坊市人民政府办公室",
     "围绕智能制造、现代农业等领域实施区块链应用示范工程。"),
    ("2022 年 1 月 20 日", "《山东省数字基础设施建设行动方案（2022—2025 年）》", "山东省人民政府办公厅",
     "布局区块链服务网络节点，建设省级区块链公共服务平台。"),
]
GUANGDONG = [
    ("2018 年 5 月 24 日", "《广州市黄埔区广州开发区促进区块链产业发展办法》", "广州市黄埔区人民政府",
     "设立规模 10 亿元的区块链产业基金，对区块链企业给予落户、研发和应用奖励。"),
    ("2019 年 10 月 31 日", "《深圳市关于推进区块链技术应用的工作方案》", "深圳市人民政府办公厅",
     "在政务服务、跨境贸易和供应链金融领域开展区块链应用试点。"),
    ("2020 年 5 月 11 日", "《广东省培育区块链与量子信息战略性新兴产业集群行动计划（2021—2025 年）》", "广东省工业和信息化厅",
     "到 2025 年，区块链产业规模超过 100 亿元，形成若干区块链产业集聚区。"),
    ("2020 年 9 月 2 日", "《广州市推动区块链产业创新发展的实施意见（2020—2022 年）》", "广州市工业和信息化局",
     "建设区块链创新应用先导区，推动区块链在政务、金融、医疗等领域落地。"),
    ("2021 年 1 月 15 日", "《珠海市区块链产业发展扶持办法》", "珠海市人民政府",
     "对获得融资的区块链企业给予奖励，支持建设区块链公共技术服务平台。"),
    ("2021 年 4 月 6 日", "《东莞市区块链产业发展规划》", "东莞市工业和信息化局",
     "推动区块链与制造业融合，建设区块链产业园。"),
    ("2021 年 8 月 30 日", "《广东省数字政府改革建设“十四五”规划》", "广东省人民政府",
     "依托区块链建设可信数据共享体系，推进电子证照跨地区互认。"),
    ("2022 年 3 月 17 日", "《深圳市数字经济产业创新发展实施方案（2021—2023 年）》", "深圳市工业和信息化局",
     "打造区块链底层平台，培育区块链龙头企业。"),
]
ZHEJIANG = [
    ("2019 年 12 月 3 日", "《杭州市区块链产业发展规划》", "杭州市人民政府办公厅",
     "建设区块链产业园，培育区块链独角兽企业。"),
    ("2020 年 3 月 9 日", "《杭州市区块链技术应用指引》", "同上",
     "发布区块链应用场景清单，推动政务数据上链。"),
    ("2020 年 7 月 21 日", "《宁波市区块链产业发展行动计划》", "宁波市经济和信息化局",
     "推动区块链在港口物流和跨境贸易中的应用。"),
    ("2021 年 2 月 26 日", "《宁波市区块链应用示范工程实施方案》", "宁波市经济和信息化局",
     "每年遴选 10 个以上区块链应用示范项目。"),
    ("2021 年 5 月 13 日", "《宁波市支持区块链产业发展若干政策》", "宁波市经济和信息化局",
     "对区块链企业研发投入给予补助。"),
    ("2021 年 10 月 22 日", "《浙江省区块链技术和产业发展“十四五”规划》", "浙江省发展和改革委员会",
     "建设区块链基础设施，打造全国区块链创新高地。"),
]
#: (caption, rows, style options)
WHITE_PAPER_TABLES: list[tuple[str, list[tuple[str, str, str, str]], dict[str, Any]]] = [
    ("表 11 山东省区块链相关政策", SHANDONG, {"rules": "lines", "repeat_header": True, "break_at": (6, 2)}),
    ("表 12 广东省区块链相关政策", GUANGDONG, {"rules": "thin_rects", "repeat_header": False, "break_at": (5, 1)}),
    ("表 13 浙江省区块链相关政策", ZHEJIANG, {"rules": "cell_rects", "repeat_header": True, "merge": 2, "break_at": (3, 0),
                                     "caption_below": True}),
]
PROSE = [
    "附录汇总了各省区块链相关政策。各地政策密集出台，政策内容覆盖产业规划、技术攻关、应用示范和人才培养等方面。",
    "2018年2月13日，山东省人民政府办公厅印发《山东省医养健康产业发展规划（2018—2022年）》，提出探索区块链在医疗数据共享中的应用。",
    "2017年1月，国务院办公厅印发《关于创新管理优化服务培育壮大经济发展新动能加快新旧动能接续转换的意见》（国办发〔2017〕4号），要求加快新技术应用。",
    "2019年10月24日，中共中央政治局就区块链技术发展现状和趋势进行第十八次集体学习。",
    "从政策类型看，各省政策以产业发展规划和行动计划为主，专项扶持政策和应用指引次之；从发文机关看，省级人民政府及其办公厅发文占比最高，工业和信息化部门次之。各地政策普遍提出建设区块链产业园区、设立产业基金、培育骨干企业和打造应用示范项目。",
    "下表按发文日期列出山东省、广东省和浙江省的区块链相关政策。",
]

#: The paragraph before each table.
LEADS = [
    "",
    "广东省依托粤港澳大湾区建设，在跨境贸易、供应链金融和数字政府等领域率先开展区块链应用。广州、深圳两市政策最为密集，珠海、东莞等地也相继出台专项扶持政策，形成了省市联动的政策体系。各地普遍设立区块链产业基金，对落户企业给予房租补贴、研发补助和应用奖励，并建设区块链公共服务平台和产业园区，推动产业集聚发展。",
    "浙江省以杭州、宁波为核心，推动区块链在政务服务、港口物流和跨境贸易中的应用。",
]
#: (company, round, amount, date) of the slide deck's financing table.
FINANCING = [
    ("杭州趣链科技有限公司", "D 轮", "超 3 亿", "2021.03"),
    ("上海万向区块链股份公司", "战略融资", "数千万", "2021.04"),
    ("北京微芯区块链与边缘计算研究院科技有限公司", "A 轮", "5 亿", "2021.05"),
    ("深圳前海微众区块链科技有限公司", "B 轮", "1.5 亿美元", "2021.06"),
    ("成都链安科技有限公司", "B+ 轮", "近亿元", "2021.07"),
    ("南京纯白矩阵科技有限公司", "Pre-A 轮", "数千万", "2021.08"),
    ("上海边界智能科技有限公司", "天使轮", "2000 万元", "2021.08"),
    ("广州智链未来科技有限公司", "A+ 轮", "超 1 亿元", "2021.09"),
    ("北京百度网讯区块链技术服务有限公司", "战略投资", "数亿元", "2021.10"),
    ("杭州复杂美科技有限公司", "C 轮", "3 亿", "2021.11"),
    ("上海唯链信息科技有限公司", "A 轮", "1 亿", "2021.12"),
    ("西安纸贵互联网科技有限公司", "C 轮", "数千万", "2022.01"),
]
FINANCING_HEADER = ("企业名称", "融资轮次", "融资金额", "融资时间")
REFERENCE_YEAR = 2021


@dataclass
class Cursor:
    """The page being drawn and the height left on it (top-based ``y``)."""

    canvas: Any
    page: int
    y: float
    size: tuple[float, float]
    furniture: Callable[[Any, int], None]

    def new_page(self, top: float) -> None:
        self.canvas.showPage()
        self.page += 1
        self.furniture(self.canvas, self.page)
        self.y = top


def _canvas(path: Path, size: tuple[float, float]) -> Any:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return canvas.Canvas(str(path), pagesize=size, invariant=1)


def width(text: str, size: float) -> float:
    from reportlab.pdfbase import pdfmetrics
    return float(pdfmetrics.stringWidth(text, FONT, size))


def wrap(text: str, room: float, size: float) -> list[str]:
    """Greedy line breaking: CJK characters one by one, ASCII words and numbers whole; spaces at a break dropped."""
    tokens: list[str] = []
    for char in text:
        if tokens and char.isascii() and char.isalnum() and tokens[-1][-1].isascii() and tokens[-1][-1].isalnum():
            tokens[-1] += char
        else:
            tokens.append(char)
    lines = [""]
    for token in tokens:
        if lines[-1] and width(lines[-1] + token, size) > room:
            lines.append("" if token == " " else token)
        else:
            lines[-1] += token
    return [line.rstrip() for line in lines if line.strip()]


def draw(canvas: Any, x: float, top: float, text: str, size: float, height: float) -> None:
    """Text whose line box starts at ``top`` (top-based)."""
    canvas.setFont(FONT, size)
    canvas.drawString(x, height - top - size * 0.88, text)


# --------------------------------------------------------------------------- white paper

MARGIN_X, TOP, BOTTOM = 72.0, 80.0, 770.0
BODY, CELL, LEADING, PAD = 11.0, 9.5, 13.0, 4.0
COLUMNS = (62.0, 150.0, 86.0, 153.3)


def _paper_furniture(canvas: Any, page: int) -> None:
    draw(canvas, 230.0, 40.0, "中国区块链发展白皮书（2021）", 9.0, A4[1])
    draw(canvas, 285.0, 800.0, f"— {page} —", 9.0, A4[1])
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN_X, A4[1] - 56.0, A4[0] - MARGIN_X, A4[1] - 56.0)


def _paragraph(cur: Cursor, text: str, size: float = BODY, indent: bool = True) -> None:
    room = A4[0] - 2 * MARGIN_X
    lines = wrap(("\u3000\u3000" if indent else "") + text, room, size)
    for line in lines:
        if cur.y + size * 1.6 > BOTTOM:
            cur.new_page(TOP)
        draw(cur.canvas, MARGIN_X, cur.y, line, size, A4[1])
        cur.y += size * 1.7
    cur.y += 4.0


def _cell_lines(row: tuple[str, ...], size: float = CELL) -> list[list[str]]:
    return [wrap(cell, w - 2 * PAD, size) for cell, w in zip(row, COLUMNS)]


def _merge_groups(rows: list[tuple[str, ...]], column: int | None) -> list[int]:
    """Per row, the index of the first row of its merged group in ``column`` (equal consecutive values)."""
    first: list[int] = []
    for index, row in enumerate(rows):
        same = column is not None and index > 0 and row[column] == rows[index - 1][column]
        first.append(first[-1] if same else index)
    return first


def _policy_table(cur: Cursor, caption: str, rows: list[tuple[str, str, str, str]], rules: str,
                  repeat_header: bool, break_at: tuple[int, int] | None = None, merge: int | None = None,
                  caption_below: bool = False) -> None:
    """Draw one ruled policy table, page by page: ``rules`` lines, thin_rects or cell_rects; the page breaks
    where the rows no longer fit, and at ``break_at`` = (row, lines of it kept on the page: 0 breaks before the
    row, more cuts the row, Word's "allow row to break across pages"); ``merge``: a column whose equal consecutive
    cells are one merged cell."""
    if not caption_below:
        _caption(cur, caption)
    groups = _merge_groups(list(rows), merge)
    pending = [(-1, _cell_lines(HEADER))] + [(i, _cell_lines(r)) for i, r in enumerate(rows)]
    part: list[tuple[int, list[list[str]], float]] = []
    left, broken = 0, False
    while left < len(pending):
        index, cells = pending[left]
        height = max(len(c) for c in cells) * LEADING + 2 * PAD
        forced = break_at is not None and index == break_at[0] and not broken
        if cur.y + height > BOTTOM or forced:
            broken = broken or forced
            fit = break_at[1] if forced and break_at else 0
            if fit:
                part.append((index, [c[:fit] for c in cells], fit * LEADING + 2 * PAD))
                cur.y += part[-1][2]
                pending[left] = (index, [c[fit:] for c in cells])
            _draw_part(cur, part, rows, groups, merge, rules)
            cur.new_page(TOP)
            part = []
            if repeat_header:
                head_cells = _cell_lines(HEADER)
                part.append((-1, head_cells, max(len(c) for c in head_cells) * LEADING + 2 * PAD))
                cur.y += part[-1][2]
            continue
        part.append((index, cells, height))
        cur.y += height
        left += 1
    _draw_part(cur, part, rows, groups, merge, rules)
    cur.y += 10.0
    if caption_below:
        _caption(cur, caption)
    cur.y += 8.0


def _caption(cur: Cursor, caption: str) -> None:
    if cur.y + 24 > BOTTOM:
        cur.new_page(TOP)
    draw(cur.canvas, (A4[0] - width(caption, 10.5)) / 2, cur.y, caption, 10.5, A4[1])
    cur.y += 20.0


def _draw_part(cur: Cursor, part: list[tuple[int, list[list[str]], float]], rows: list[tuple[str, ...]],
               groups: list[int], merge: int | None, rules: str) -> None:
    """Draw the rows of one page (their heights already counted in ``cur.y``) with their rules."""
    if not part:
        return
    canvas, height = cur.canvas, A4[1]
    total = sum(h for _, _, h in part)
    top = cur.y - total
    xs = [MARGIN_X]
    for w in COLUMNS:
        xs.append(xs[-1] + w)
    tops = [top]
    for _, _, h in part:
        tops.append(tops[-1] + h)
    # which row boundaries are open in the merged column (same group above and below)
    open_at = set()
    for k in range(1, len(part)):
        above, below = part[k - 1][0], part[k][0]
        if merge is not None and above >= 0 and below >= 0 and above != below and groups[above] == groups[below]:
            open_at.add(k)
    for k, (index, cells, _) in enumerate(part):
        for col, lines in enumerate(cells):
            if merge is not None and col == merge and index >= 0:
                if k in open_at or index != groups[index]:
                    continue  # a merged cell's text stands once, centred in the rows of its group
                end = k + 1
                while end in open_at:
                    end += 1
                y = (tops[k] + tops[end]) / 2 - len(lines) * LEADING / 2
            else:
                y = tops[k] + PAD
            for n, line in enumerate(lines):
                draw(canvas, xs[col] + PAD, y + n * LEADING, line, CELL, height)
    canvas.setLineWidth(0.6)
    if rules == "cell_rects":
        for k, (index, _, _) in enumerate(part):
            for col in range(len(COLUMNS)):
                if merge is not None and col == merge and k in open_at:
                    continue
                end = k + 1
                while merge is not None and col == merge and end in open_at:
                    end += 1
                canvas.rect(xs[col], height - tops[end], COLUMNS[col], tops[end] - tops[k], stroke=1, fill=0)
        return
    segments = []
    for k, y in enumerate(tops):
        for col in range(len(COLUMNS)):
            if not (merge is not None and col == merge and k in open_at):
                segments.append((True, y, xs[col], xs[col + 1]))
    for x in xs:
        segments.append((False, x, tops[0], tops[-1]))
    for horizontal, pos, start, end in _joined(segments):
        if rules == "lines":
            if horizontal:
                canvas.line(start, height - pos, end, height - pos)
            else:
                canvas.line(pos, height - start, pos, height - end)
        elif horizontal:
            canvas.rect(start, height - pos - 0.25, end - start, 0.5, stroke=0, fill=1)
        else:
            canvas.rect(pos - 0.25, height - end, 0.5, end - start, stroke=0, fill=1)


def _joined(segments: list[tuple[bool, float, float, float]]) -> list[tuple[bool, float, float, float]]:
    """Collinear touching segments joined into one (a rule drawn across several cells)."""
    out: list[tuple[bool, float, float, float]] = []
    for seg in sorted(segments):
        if out and out[-1][0] == seg[0] and out[-1][1] == seg[1] and abs(out[-1][3] - seg[2]) < 0.01:
            out[-1] = (seg[0], seg[1], out[-1][2], seg[3])
        else:
            out.append(seg)
    return out


def white_paper(path: Path) -> Path:
    """The white paper: prose, then 表 11–13 over several pages (see the module docstring)."""
    canvas = _canvas(path, A4)
    cur = Cursor(canvas, 1, TOP, A4, _paper_furniture)
    _paper_furniture(canvas, 1)
    draw(canvas, MARGIN_X, cur.y, "附录  各省区块链相关政策", 16.0, A4[1])
    cur.y += 34.0
    for text in PROSE:
        _paragraph(cur, text)
    for (caption, rows, options), lead in zip(WHITE_PAPER_TABLES, LEADS):
        if lead:
            _paragraph(cur, lead)
        _policy_table(cur, caption, rows, **options)
    _paragraph(cur, "数据来源：各省人民政府网站，课题组整理。", 9.0, indent=False)
    canvas.showPage()
    canvas.save()
    return path


# --------------------------------------------------------------------------- slide deck

SLIDE_XS = (60.0, 300.0, 480.0, 680.0)
SLIDE_RIGHT = 900.0
SLIDE_ROW, SLIDE_SIZE = 34.0, 15.0


def _slide_furniture(canvas: Any, page: int) -> None:
    draw(canvas, 860.0, 515.0, str(page), 10.0, SLIDE[1])


def _slide_title(canvas: Any, text: str) -> None:
    draw(canvas, 60.0, 36.0, text, 24.0, SLIDE[1])


def _financing_slide(canvas: Any, rows: list[tuple[str, str, str, str]], title: str) -> None:
    height = SLIDE[1]
    _slide_title(canvas, title)
    top = 100.0
    canvas.setFillColorRGB(0.16, 0.32, 0.6)
    canvas.rect(50.0, height - top - SLIDE_ROW, SLIDE_RIGHT - 50.0, SLIDE_ROW, stroke=0, fill=1)
    canvas.setFillColorRGB(1, 1, 1)
    for x, text in zip(SLIDE_XS, FINANCING_HEADER):
        draw(canvas, x, top + (SLIDE_ROW - SLIDE_SIZE) / 2, text, SLIDE_SIZE, height)
    y = top + SLIDE_ROW
    for number, row in enumerate(rows):
        lines = [wrap(cell, (SLIDE_XS[i + 1] if i + 1 < len(SLIDE_XS) else SLIDE_RIGHT) - x - 30.0, SLIDE_SIZE)
                 for i, (x, cell) in enumerate(zip(SLIDE_XS, row))]
        tall = max(len(c) for c in lines)
        row_height = SLIDE_ROW + (tall - 1) * SLIDE_SIZE * 1.2
        if number % 2:
            canvas.setFillColorRGB(0.9, 0.92, 0.96)
            canvas.rect(50.0, height - y - row_height, SLIDE_RIGHT - 50.0, row_height, stroke=0, fill=1)
        canvas.setFillColorRGB(0, 0, 0)
        for x, cell_lines in zip(SLIDE_XS, lines):
            first = y + (row_height - len(cell_lines) * SLIDE_SIZE * 1.2) / 2
            for n, line in enumerate(cell_lines):
                draw(canvas, x, first + n * SLIDE_SIZE * 1.2, line, SLIDE_SIZE, height)
        y += row_height
    draw(canvas, 60.0, y + 14.0, "数据来源：公开资料整理", 10.0, height)


def _no_table_slide(canvas: Any) -> None:
    """Two bullet columns and a bar chart with labels: aligned text that is no table."""
    height = SLIDE[1]
    _slide_title(canvas, "区块链产业发展特点")
    left = ["政策支持力度持续加大", "应用场景不断拓展", "产业规模稳步增长", "技术创新日益活跃"]
    right = ["金融领域应用最为成熟", "政务服务加快上链", "供应链金融需求旺盛", "数字身份成为新热点"]
    for n, (a, b) in enumerate(zip(left, right)):
        draw(canvas, 60.0, 110.0 + n * 40.0, "● " + a, 18.0, height)
        draw(canvas, 500.0, 110.0 + n * 40.0, "● " + b, 18.0, height)
    for n, (label, value) in enumerate([("2018", 12), ("2019", 18), ("2020", 25), ("2021", 33)]):
        x = 120.0 + n * 180.0
        canvas.rect(x, 60.0, 60.0, value * 3.0, stroke=0, fill=1)
        draw(canvas, x + 15.0, height - 50.0, label, 12.0, height)
        draw(canvas, x + 20.0, height - 70.0 - value * 3.0, f"{value}", 12.0, height)


def slide_deck(path: Path) -> Path:
    """The slide deck: a title slide, the financing table over two slides, a slide without a table."""
    canvas = _canvas(path, SLIDE)
    draw(canvas, 200.0, 200.0, "2021 年中国区块链产业投融资报告", 36.0, SLIDE[1])
    draw(canvas, 380.0, 280.0, "2022 年 1 月", 18.0, SLIDE[1])
    canvas.showPage()
    _slide_furniture(canvas, 2)
    _financing_slide(canvas, FINANCING[:7], "2021 年区块链企业主要融资事件")
    canvas.showPage()
    _slide_furniture(canvas, 3)
    _financing_slide(canvas, FINANCING[7:], "2021 年区块链企业主要融资事件（续）")
    canvas.showPage()
    _slide_furniture(canvas, 4)
    _no_table_slide(canvas)
    canvas.showPage()
    canvas.save()
    return path


# --------------------------------------------------------------------------- expected records

def _iso(date: str) -> str:
    import re
    parts = [int(p) for p in re.findall(r"\d+", date)]
    return "-".join([f"{parts[0]:04d}", *(f"{p:02d}" for p in parts[1:])])


def expected_policies() -> list[dict[str, str]]:
    """Every policy row of the white paper's tables: date (ISO, at the precision written), title, issuer
    (``同上`` resolved to the issuer above)."""
    out = []
    for _, rows, _ in WHITE_PAPER_TABLES:
        issuer = ""
        for date, title, who, _ in rows:
            issuer = issuer if who == "同上" else who
            out.append({"date": _iso(date), "title": title, "issuer": issuer})
    return out


def expected_prose_policies() -> list[dict[str, str]]:
    """The policies the white paper's prose names with their issuer and date (``source`` ``prose``)."""
    return [
        {"title": "《山东省医养健康产业发展规划（2018—2022年）》", "issuer": "山东省人民政府办公厅", "date": "2018-02-13",
         "doc_number": ""},
        {"title": "《关于创新管理优化服务培育壮大经济发展新动能加快新旧动能接续转换的意见》", "issuer": "国务院办公厅",
         "date": "2017-01", "doc_number": "国办发〔2017〕4号"},
    ]


AMOUNTS = {
    "超 3 亿": ("300000000", "300000000", "", "over"), "数千万": ("", "20000000", "90000000", "vague"),
    "5 亿": ("500000000", "500000000", "500000000", "exact"), "近亿元": ("100000000", "", "100000000", "under"),
    "2000 万元": ("20000000", "20000000", "20000000", "exact"), "超 1 亿元": ("100000000", "100000000", "", "over"),
    "数亿元": ("", "200000000", "900000000", "vague"), "3 亿": ("300000000", "300000000", "300000000", "exact"),
    "1 亿": ("100000000", "100000000", "100000000", "exact"),
    "1.5 亿美元": ("150000000", "150000000", "150000000", "exact"),
}


def expected_financing() -> list[dict[str, str]]:
    """Every financing row of the slide deck, amounts by GUIDELINES 2.2 (a bare 亿 amount in a Chinese table is
    CNY)."""
    out = []
    for company, round_, amount, date in FINANCING:
        value, low, high, qualifier = AMOUNTS[amount]
        out.append({"date": _iso(date), "company": company, "round": round_, "amount_text": amount,
                    "amount_value": value, "amount_min": low, "amount_max": high,
                    "amount_currency": "USD" if "美元" in amount else "CNY", "amount_qualifier": qualifier})
    return out
