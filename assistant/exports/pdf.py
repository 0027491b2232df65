"""Render a ``Report`` as an A4 PDF with reportlab and the standard fonts, radar chart included."""

from __future__ import annotations

import io
import math
from typing import Any

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
from assistant.exports.text import BOLD, pdf_text

_PALETTE = (colors.HexColor("#1f6feb"), colors.HexColor("#d9822b"), colors.HexColor("#2da44e"))
_RING_COLOR = colors.HexColor("#c8ccd1")
_GRID_COLOR = colors.HexColor("#b8bcc2")
_HEADER_FILL = colors.HexColor("#eef1f4")


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


def _markup(text: str) -> str:
    # Escape first so user text cannot inject reportlab tags; then turn **bold** into <b>.
    escaped = pdf_text(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return BOLD.sub(r"<b>\1</b>", escaped)
