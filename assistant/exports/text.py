"""Text helpers shared by the renderers: safe file names, XML-safe text, cp1252 text for PDF."""

from __future__ import annotations

import re
import unicodedata

# **bold** is the only inline markup reports use; DOCX and PDF both turn it into bold runs.
BOLD = re.compile(r"\*\*(.+?)\*\*")
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
