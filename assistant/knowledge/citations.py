"""Number retrieved passages for the model, and find which ones an answer cites."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.knowledge.documents import Passage

_CITATION = re.compile(r"\[(\d{1,3})\]")


def format_passages(passages: Sequence[Passage], first_number: int = 1) -> str:
    """Render passages as numbered, quoted data blocks the model can cite as ``[n]``."""
    blocks = []
    for number, passage in enumerate(passages, start=first_number):
        where = f" — {passage.heading}" if passage.heading else ""
        quoted = "\n".join(f"> {line}" if line else ">" for line in passage.text.splitlines())
        blocks.append(f"[{number}] « {passage.title} »{where} (source: {passage.doc_id})\n{quoted}")
    return "\n\n".join(blocks)


def cited_numbers(answer: str) -> list[int]:
    """Return the distinct citation numbers used in ``answer``, in order of first use."""
    seen: list[int] = []
    for match in _CITATION.finditer(answer):
        number = int(match.group(1))
        if number not in seen:
            seen.append(number)
    return seen


def source_label(passage: Passage) -> str:
    """Short human label for a passage: title and section."""
    return f"{passage.title} — {passage.heading}" if passage.heading else passage.title
