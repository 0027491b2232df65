"""Render a ``Report`` as Markdown, DOCX or PDF: one import point for the three renderers."""

from __future__ import annotations

from assistant.exports.docx import to_docx
from assistant.exports.markdown import to_markdown
from assistant.exports.pdf import to_pdf
from assistant.exports.text import clean_text, pdf_text, report_filename

__all__ = ["clean_text", "pdf_text", "report_filename", "to_docx", "to_markdown", "to_pdf"]
