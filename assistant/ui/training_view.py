"""Render trainer results in Chainlit: the outline as a readable sheet with its agenda table, and downloads."""

from __future__ import annotations

from typing import Any

import chainlit as cl

from assistant.domain.outline import OutlineRequest
from assistant.exports.programme_sheet import build_programme_sheet
from assistant.exports.render import report_filename, to_docx, to_markdown, to_pdf
from assistant.services.training import TrainingService

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


async def send_outline(artifact: dict[str, Any], service: TrainingService) -> None:
    """Show the programme sheet of an outline artifact and offer it as DOCX, PDF and Markdown."""
    data = artifact.get("outline")
    if not data:
        return
    outline = service.outline(OutlineRequest.model_validate(data["request"]))
    report = build_programme_sheet(outline)
    markdown = to_markdown(report)
    stem = "fiche-programme" if outline.request.lang != "en" else "programme-sheet"
    files = [
        cl.File(name=report_filename(stem, "docx"), content=to_docx(report), mime=DOCX_MIME, display="inline"),
        cl.File(name=report_filename(stem, "pdf"), content=to_pdf(report), mime="application/pdf", display="inline"),
        cl.File(name=report_filename(stem, "md"), content=markdown.encode(), mime="text/markdown", display="inline"),
    ]
    await cl.Message(content=markdown, elements=files).send()
