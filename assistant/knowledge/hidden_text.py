"""Judge what office files hide: the size and payload thresholds, colour likeness, the quarantine reason.

Shared by ``assistant.knowledge.hidden_docx`` and ``assistant.knowledge.hidden_pdf``. Every technique
they find conceals on purpose, so any hidden passage is a reason; passages under ``MIN_PAYLOAD``
letters or digits (a white space, a stray dot) are left alone.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.knowledge.hidden_html import HiddenText
from assistant.knowledge.sanitise import find_injection

MAX_HIDDEN_PT = 2.0  # text this small cannot be read, whatever the zoom a reader would use
MIN_PAYLOAD = 3
_NEAR = 0.1  # colours closer than this on every RGB channel (0-1) cannot be told apart

Colour = tuple[float, float, float]
WHITE: Colour = (1.0, 1.0, 1.0)


def hidden_document_reason(kind: str, hidden: Sequence[HiddenText]) -> str | None:
    """The quarantine reason for text hidden in a ``kind`` file, quoting an instruction if one was hidden."""
    if not hidden:
        return None
    shown = max(hidden, key=lambda item: find_injection(item.text) is not None)  # first instruction, else first
    excerpt = shown.text if len(shown.text) <= 80 else shown.text[:79] + "…"
    return f'text hidden in {kind} ({shown.technique}): "{excerpt}"'


def has_payload(text: str) -> bool:
    """Say whether ``text`` holds enough letters or digits to be worth reporting."""
    return sum(char.isalnum() for char in text) >= MIN_PAYLOAD


def close(one: Colour, other: Colour) -> bool:
    """Say whether two colours cannot be told apart."""
    return max(abs(a - b) for a, b in zip(one, other, strict=True)) < _NEAR


def colour_technique(text: Colour | None, behind: Colour | None) -> str | None:
    """Name the technique when text is coloured like what lies behind it; ``None`` when either is unknown."""
    if text is None or behind is None or not close(text, behind):
        return None
    return "white text" if close(text, WHITE) else "same colour as background"
