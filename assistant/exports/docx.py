"""Render a ``Report`` as an A4 Word document with python-docx."""

from __future__ import annotations

import io
from typing import Any

# Absolute import: this module's own name does not shadow the python-docx package.
import docx
from docx.shared import Mm, Pt

from assistant.exports.document import Block, Bullets, Heading, Note, Paragraph, Radar, Report
from assistant.exports.text import BOLD, clean_text


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
    for index, piece in enumerate(BOLD.split(clean_text(text))):
        if not piece:
            continue
        run = paragraph.add_run(piece)
        run.bold = index % 2 == 1 or None
        run.italic = italic or None
        if size is not None:
            run.font.size = Pt(size)
