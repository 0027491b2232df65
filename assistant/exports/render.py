"""Render a ``Report`` as Markdown, DOCX (python-docx) or PDF (reportlab, standard fonts)."""

from __future__ import annotations

import io
import math
import re
import unicodedata
from collections.abc import Sequence
from typing import Any

import docx
from docx.shared import Mm, Pt
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.spider import SpiderChart
from reportlab.graphics.shapes import Drawing, Polygon, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import KeepTogether, SimpleDocTemplate, Spacer
from reportlab.platypus import Paragraph as PdfParagraph
from reportlab.platypus import Table as PdfTable

from assistant.exports.document import Block, Bullets, Heading, Note, Paragraph, Radar, Report, Table

_BOLD = re.compile(r"\*\*(.+?)\*\*")
# XML 1.0 forbids these control characters: python-docx refuses them and PDF text would show junk.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Characters outside cp1252 that have an obvious readable stand-in; the rest go through NFKD or "?".
_SUBSTITUTES: dict[str, str] = {
    **dict.fromkeys("\u202f\u2009\u2007\u200a\u2002\u2003", " "),
    **dict.fromkeys("\u200b\u2060\ufeff", ""),
    **dict.fromkeys("\u2010\u2011\u2212", "-"),
    **dict.fromkeys("\u2713\u2714", "v"),
    **dict.fromkeys("\u2715\u2717", "x"),
    **{"\u2264": "<=", "\u2265": ">=", "\u2260": "!=", "\u2248": "~"},
    **{"\u2192": "->", "\u2190": "<-", "\u2194": "<->", "\u21d2": "=>"},
}
_PALETTE = (colors.HexColor("#1f6feb"), colors.HexColor("#d9822b"), colors.HexColor("#2da44e"))
_RING_COLOR = colors.HexColor("#c8ccd1")
_GRID_COLOR = colors.HexColor("#b8bcc2")
_HEADER_FILL = colors.HexColor("#eef1f4")


def report_filename(stem: str, extension: str) -> str:
    """Make a safe ASCII file name such as ``mon-bilan-2026-11-24.pdf`` (no path, no accents)."""
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_stem.lower()).strip("-")[:80].strip("-") or "report"
    suffix = re.sub(r"[^a-z0-9]", "", extension.lower())
    return f"{slug}.{suffix}" if suffix else slug


def clean_text(text: str) -> str:
    """NFC-normalise and drop control characters that XML-based formats cannot hold."""
    return _CONTROL.sub("", unicodedata.normalize("NFC", text))


def pdf_text(text: str) -> str:
    """Fit ``text`` into cp1252, the only repertoire of the standard PDF fonts."""
    return "".join(_SUBSTITUTES[c] if c in _SUBSTITUTES else _fallback(c) for c in clean_text(text))


def _fallback(char: str) -> str:
    if _in_cp1252(char):
        return char
    # NFKD turns ligatures and accented letters outside cp1252 into base letters ("ﬁ" -> "fi", "ő" -> "o").
    decomposed = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    return decomposed if decomposed and all(_in_cp1252(c) for c in decomposed) else "?"


def _in_cp1252(char: str) -> bool:
    try:
        char.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def _markup(text: str) -> str:
    # Escape first so user text cannot inject reportlab tags; then turn **bold** into <b>.
    escaped = pdf_text(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _BOLD.sub(r"<b>\1</b>", escaped)


# --- Markdown -------------------------------------------------------------------------------------


def to_markdown(report: Report) -> str:
    """Render ``report`` as CommonMark with pipe tables (the radar becomes a table)."""
    lines = [f"# {_md_line(report.title)}", ""]
    if report.subtitle:
        lines += [f"*{_md_line(report.subtitle)}*", ""]
    for block in report.blocks:
        lines += _md_block(block)
        lines.append("")
    if report.footer:
        lines += ["---", "", f"*{_md_line(report.footer)}*", ""]
    return "\n".join(lines)


def _md_block(block: Block) -> list[str]:
    if isinstance(block, Heading):
        return [f"{'#' * (block.level + 1)} {_md_line(block.text)}"]
    if isinstance(block, Paragraph):
        return [clean_text(block.text)]
    if isinstance(block, Bullets):
        return [f"- {_md_line(item)}" for item in block.items]
    if isinstance(block, Note):
        return [f"*{_md_line(block.text)}*"]
    table = block.as_table() if isinstance(block, Radar) else block
    lines = [f"**{_md_line(table.caption)}**", ""] if table.caption else []
    lines.append(_md_row(table.header))
    lines.append("|" + "|".join(" --- " for _ in table.header) + "|")
    lines += [_md_row(row) for row in table.rows]
    return lines


def _md_line(text: str) -> str:
    return " ".join(clean_text(text).split())


def _md_row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(_md_line(c).replace("|", "\\|") for c in cells) + " |"


# --- DOCX -----------------------------------------------------------------------------------------


def to_docx(report: Report) -> bytes:
    """Render ``report`` as an A4 Word document (the radar becomes a table)."""
    document = docx.Document()
    document.core_properties.title = clean_text(report.title)
    document.core_properties.language = report.lang
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Mm(20)
    document.add_heading(clean_text(report.title), level=0)
    if report.subtitle:
        _add_runs(document.add_paragraph(), report.subtitle, italic=True)
    for block in report.blocks:
        _docx_block(document, block)
    if report.footer:
        footer = section.footer.paragraphs[0]
        _add_runs(footer, report.footer, italic=True, size=8)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _docx_block(document: Any, block: Block) -> None:
    if isinstance(block, Heading):
        document.add_heading(clean_text(block.text), level=block.level)
    elif isinstance(block, Paragraph):
        _add_runs(document.add_paragraph(), block.text)
    elif isinstance(block, Bullets):
        for item in block.items:
            _add_runs(document.add_paragraph(style="List Bullet"), item)
    elif isinstance(block, Note):
        _add_runs(document.add_paragraph(), block.text, italic=True, size=8.5)
    else:
        table = block.as_table() if isinstance(block, Radar) else block
        if table.caption:
            _add_runs(document.add_paragraph(), f"**{table.caption}**", size=9.5)
        grid = document.add_table(rows=1, cols=len(table.header))
        grid.style = "Table Grid"
        for cell, text in zip(grid.rows[0].cells, table.header, strict=True):
            _add_runs(cell.paragraphs[0], f"**{text}**" if text else "", size=9.5)
        for row in table.rows:
            for cell, text in zip(grid.add_row().cells, row, strict=True):
                _add_runs(cell.paragraphs[0], text, size=9.5)


def _add_runs(paragraph: Any, text: str, *, italic: bool = False, size: float | None = None) -> None:
    # re.split with one group alternates plain and bold pieces: plain, bold, plain, ...
    for index, piece in enumerate(_BOLD.split(clean_text(text))):
        if not piece:
            continue
        run = paragraph.add_run(piece)
        run.bold = index % 2 == 1 or None
        run.italic = italic or None
        if size is not None:
            run.font.size = Pt(size)


# --- PDF ------------------------------------------------------------------------------------------


def to_pdf(report: Report) -> bytes:
    """Render ``report`` as an A4 PDF with the standard Helvetica fonts."""
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
        title=pdf_text(report.title),
        author="Cap IA",
        creator="Cap IA",
        lang=report.lang,
    )
    styles = _pdf_styles()
    story: list[Any] = [PdfParagraph(_markup(report.title), styles["title"])]
    if report.subtitle:
        story.append(PdfParagraph(_markup(report.subtitle), styles["subtitle"]))
    for block in report.blocks:
        story += _pdf_block(block, styles, doc.width)
    footer = pdf_text(report.footer or "")

    def decorate(canvas: Any, page_doc: Any) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 7.5)
        canvas.setFillColor(colors.grey)
        if footer:
            canvas.drawString(page_doc.leftMargin, 1.2 * cm, footer)
        canvas.drawRightString(page_doc.leftMargin + page_doc.width, 1.2 * cm, str(canvas.getPageNumber()))
        canvas.restoreState()

    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return buffer.getvalue()


def _pdf_styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=base["BodyText"], fontName="Helvetica", fontSize=10, leading=13.5)
    return {
        "title": ParagraphStyle("title", parent=base["Title"], fontName="Helvetica-Bold", fontSize=20, leading=24),
        "subtitle": ParagraphStyle(
            "subtitle", parent=body, fontName="Helvetica-Oblique", alignment=TA_CENTER, spaceAfter=12
        ),
        "h1": ParagraphStyle(
            "h1", parent=base["Heading1"], fontName="Helvetica-Bold", fontSize=15, leading=18, keepWithNext=1
        ),
        "h2": ParagraphStyle(
            "h2", parent=base["Heading2"], fontName="Helvetica-Bold", fontSize=12.5, leading=15, keepWithNext=1
        ),
        "h3": ParagraphStyle(
            "h3", parent=base["Heading3"], fontName="Helvetica-Bold", fontSize=11, leading=13.5, keepWithNext=1
        ),
        "body": body,
        "bullet": ParagraphStyle("bullet", parent=body, leftIndent=14, bulletIndent=4, spaceBefore=1),
        "note": ParagraphStyle(
            "note", parent=body, fontName="Helvetica-Oblique", fontSize=8.5, leading=11, textColor=colors.dimgrey
        ),
        "caption": ParagraphStyle("caption", parent=body, fontName="Helvetica-Bold", fontSize=9.5, spaceBefore=6),
        "cell": ParagraphStyle("cell", parent=body, fontSize=8.5, leading=10.5, spaceBefore=0, spaceAfter=0),
        "head": ParagraphStyle("head", parent=body, fontName="Helvetica-Bold", fontSize=8.5, leading=10.5),
    }


def _pdf_block(block: Block, styles: dict[str, ParagraphStyle], width: float) -> list[Any]:
    if isinstance(block, Heading):
        return [PdfParagraph(_markup(block.text), styles[f"h{block.level}"])]
    if isinstance(block, Paragraph):
        return [PdfParagraph(_markup(block.text), styles["body"])]
    if isinstance(block, Bullets):
        return [PdfParagraph(_markup(item), styles["bullet"], bulletText="\u2022") for item in block.items]
    if isinstance(block, Note):
        return [Spacer(1, 4), PdfParagraph(_markup(block.text), styles["note"])]
    if isinstance(block, Radar):
        caption = PdfParagraph(_markup(block.title), styles["caption"])
        return [KeepTogether([caption, _radar_drawing(block, width)])]
    return _pdf_table(block, styles, width)


def _pdf_table(table: Table, styles: dict[str, ParagraphStyle], width: float) -> list[Any]:
    def cell(text: str, style: str) -> PdfParagraph:
        return PdfParagraph(_markup(text), styles[style])

    data = [[cell(text, "head") for text in table.header]]
    data += [[cell(text, "cell") for text in row] for row in table.rows]
    grid = PdfTable(data, colWidths=_column_widths(table, width), repeatRows=1, hAlign="LEFT")
    grid.setStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.4, _GRID_COLOR),
            ("BACKGROUND", (0, 0), (-1, 0), _HEADER_FILL),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
    )
    caption = [cell(table.caption, "caption")] if table.caption else []
    return [*caption, Spacer(1, 3), grid, Spacer(1, 6)]


def _column_widths(table: Table, width: float) -> list[float]:
    # Every column first gets its longest word (plus cell padding) so words are never cut;
    # what is left goes by text length, capped so one long column cannot starve the others.
    columns = list(zip(table.header, *table.rows, strict=True))
    floors = [max(_longest_word(text) for text in column) + 14 for column in columns]
    weights = [min(max(len(text) for text in column), 60) + 2 for column in columns]
    spare = width - sum(floors)
    if spare <= 0:
        return [f * width / sum(floors) for f in floors]
    return [f + spare * w / sum(weights) for f, w in zip(floors, weights, strict=True)]


def _longest_word(text: str) -> float:
    return max((stringWidth(word, "Helvetica-Bold", 8.5) for word in pdf_text(text).split()), default=0.0)


class _FixedScaleSpider(SpiderChart):
    """A spider chart whose outer ring is a fixed value, not the largest datum."""

    def __init__(self, max_value: float) -> None:
        super().__init__()
        self._max_value = max_value

    def normalizeData(self, outer: float = 0.0) -> list[list[float]]:
        """Scale values to 0..1 against ``max_value`` so charts of different people compare."""
        self._norm = self._max_value
        return [[min(max(v, 0.0), self._max_value) / self._max_value for v in row] for row in self.data]


def _radar_drawing(radar: Radar, width: float) -> Drawing:
    radius, label_room, legend_room = 95.0, 32.0, 16.0 * len(radar.series) + 8
    height = 2 * (radius + label_room) + legend_room
    drawing = Drawing(width, height)
    cx, cy = width / 2, legend_room + label_room + radius
    count = len(radar.axes)
    for ring in range(1, radar.max_value + 1):
        # Rings at every whole level give the 0..max scale a visible grid.
        r = radius * ring / radar.max_value
        points: list[float] = []
        for i in range(count):
            angle = math.pi / 2 - 2 * math.pi * i / count
            points += [cx + r * math.cos(angle), cy + r * math.sin(angle)]
        drawing.add(Polygon(points, strokeColor=_RING_COLOR, strokeWidth=0.4, fillColor=None))
        drawing.add(String(cx + 2, cy + r + 1, str(ring), fontName="Helvetica", fontSize=6, fillColor=colors.grey))
    chart = _FixedScaleSpider(radar.max_value)
    chart.x, chart.y, chart.width, chart.height = cx - radius, cy - radius, 2 * radius, 2 * radius
    chart.data = [list(s.values) for s in radar.series]
    chart.labels = [pdf_text(axis) for axis in radar.axes]
    chart.spokes.strokeColor = _RING_COLOR
    chart.spokes.labelRadius = 1.06
    chart.spokeLabels.fontName = "Helvetica"
    chart.spokeLabels.fontSize = 7.5
    chart.spokeLabels.boxAnchor = "autox"
    chart.spokeLabels.textAnchor = "boxauto"
    chart.spokeLabels.maxWidth = 120
    for index, series in enumerate(radar.series):
        color = _PALETTE[index % len(_PALETTE)]
        chart.strands[index].strokeColor = color
        chart.strands[index].strokeWidth = 1.6
        chart.strands[index].fillColor = colors.Color(color.red, color.green, color.blue, alpha=0.12)
        chart.strands[index].name = pdf_text(series.name)
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = cx - radius, legend_room - 4
    legend.alignment = "right"
    legend.fontName, legend.fontSize = "Helvetica", 8
    legend.columnMaximum = len(radar.series)
    legend.colorNamePairs = [(_PALETTE[i % len(_PALETTE)], pdf_text(s.name)) for i, s in enumerate(radar.series)]
    drawing.add(legend)
    return drawing
