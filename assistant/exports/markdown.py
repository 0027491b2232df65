"""Render a ``Report`` as CommonMark with pipe tables."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.exports.document import Block, Bullets, Heading, Note, Paragraph, Radar, Report
from assistant.exports.text import clean_text


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
