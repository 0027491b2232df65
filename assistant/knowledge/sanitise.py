"""Clean document text of invisible characters and spot text written to steer an AI assistant.

``sanitise_text`` applies NFKC and removes what a reader cannot see but a model reads: zero-width
characters, bidirectional controls, Unicode tag characters (whose ASCII payload is kept aside in
``hidden``), stray variation selectors and other control or format characters.

``find_injection`` returns a reason when a document carries instructions for an AI assistant
(OWASP LLM01, indirect prompt injection) rather than guidance for people. The knowledge base
discusses prompt injection as a topic, so a *cited* attack phrase is not a finding: one inside a
code block or inline code, or inside quotation marks that sit in a sentence (two or more words
around them on the line) or in a list introduced by a line ending with a colon. Role markers and
tool-call lookalikes count anywhere outside code. Text hidden by HTML styling is a finding when it
is concealed on purpose (zero font size, same colour as the background, zero opacity, off-screen)
or when it addresses a model; merely collapsed elements (menus, tabs) are not.

The pattern tables live in ``assistant.knowledge.injection_patterns`` and the detection of hidden
HTML elements in ``assistant.knowledge.hidden_html``; ``HiddenText`` and ``drop_hidden_elements``
stay importable from here.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from assistant.knowledge.hidden_html import CONCEALMENT, HTML_HINT, HiddenText, drop_hidden_elements
from assistant.knowledge.injection_patterns import AI_WORD, DIRECTIVE, INSTRUCTIONS, MARKERS

__all__ = [
    "CONCEALMENT",
    "MAX_SELECTORS",
    "MIN_PAYLOAD",
    "HiddenText",
    "SanitisedText",
    "drop_hidden_elements",
    "find_injection",
    "hidden_text_reason",
    "injection_reason",
    "sanitise_text",
]


_LINE_BREAKS = str.maketrans({"\r": "\n", "\x0b": "\n", "\x0c": "\n", "\x85": "\n", "\u2028": "\n", "\u2029": "\n"})
_SELECTORS = re.compile("[\ufe00-\ufe0f\U000e0100-\U000e01ef]")
_TAG_RUN = re.compile("(\U0001f3f4?)([\U000e0000-\U000e007f]+)")
MIN_PAYLOAD = 3  # tag-character text this long (non-space) is a hidden message, not a stray character
MAX_SELECTORS = 16  # more invisible variation selectors than this can only be smuggled data


@dataclass(frozen=True)
class SanitisedText:
    """Text safe to show a model, what was removed (by kind) and text decoded from tag characters."""

    text: str
    removed: dict[str, int] = field(default_factory=dict)
    hidden: tuple[str, ...] = ()


def _kind(char: str) -> str | None:
    code = ord(char)
    if 0x200B <= code <= 0x200F or 0x2060 <= code <= 0x2064 or code == 0xFEFF:
        return "zero_width"
    if 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
        return "bidi"
    if 0xE0000 <= code <= 0xE007F:
        return "tag"
    if 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF:
        return "variation_selector"
    category = unicodedata.category(char)
    if category == "Cc" and char not in "\n\t":
        return "control"
    return "format" if category == "Cf" else None


def sanitise_text(text: str) -> SanitisedText:
    """NFKC-normalise ``text``, unify line breaks and remove invisible characters, counting them."""
    text = unicodedata.normalize("NFKC", text.replace("\r\n", "\n").translate(_LINE_BREAKS))
    if text.replace("\n", "").replace("\t", "").isprintable() and not _SELECTORS.search(text):
        return SanitisedText(text)
    hidden = []
    for match in _TAG_RUN.finditer(text):
        flag, tags = match.groups()
        if flag and len(tags) <= 8 and tags.endswith("\U000e007f"):
            continue  # a regional flag emoji such as Scotland's
        decoded = "".join(chr(ord(c) - 0xE0000) for c in tags if 0xE0020 <= ord(c) <= 0xE007E)
        if len(decoded.replace(" ", "")) >= MIN_PAYLOAD:
            hidden.append(decoded)
    removed: Counter[str] = Counter()
    kept: list[str] = []
    for char in text:
        kind = _kind(char)
        # U+FE0E/U+FE0F right after a visible character only choose text or emoji presentation.
        if kind is None or (char in "\ufe0e\ufe0f" and kept and kept[-1] not in "\ufe0e\ufe0f\n\t "):
            kept.append(char)
        else:
            removed[kind] += 1
    cleaned = unicodedata.normalize("NFKC", "".join(kept)) if removed else text
    return SanitisedText(cleaned, dict(removed), tuple(hidden))


# --- matching helpers -------------------------------------------------------------------------

_CONFUSABLES = dict(
    zip(
        "аеорсухіјѕһԁԛԝкАВЕКМНОРСТХУІЈЅαεικνορτυχΑΒΕΖΗΙΚΜΝΟΡΤΥΧ’‘ʼ`´′",
        "aeopcyxijshdqwkabekmhopctxyijsaeikvoptuxabezhikmnoptyx''''''",
        strict=True,
    )
)


def _fold_table() -> dict[int, str]:
    table = {}
    for code in range(0xC0, 0x250):
        base = unicodedata.normalize("NFKD", chr(code))[0]
        if base.isascii() and base.isalpha():
            table[code] = base.lower()
    table.update({ord(k): v for k, v in _CONFUSABLES.items()})
    return table


_FOLD = _fold_table()


def _fold(text: str) -> str:
    """Lower-case, accent- and lookalike-free text of the same length (positions stay valid)."""
    folded = text.translate(_FOLD).lower()
    if len(folded) != len(text):
        folded = "".join(c.lower() if len(c.lower()) == 1 else c for c in text.translate(_FOLD))
    return folded


def _excerpt(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return f'"{text if len(text) <= limit else text[: limit - 1] + "…"}"'


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group())


# --- what counts as cited (code, quotations) ------------------------------------------------------

_CODE = [
    re.compile(r"^[ \t>]*(`{3,}|~{3,})[^\n]*\n.*?(?:^[ \t>]*\1[`~]*[ \t]*$|\Z)", re.M | re.S),
    re.compile(r"(`+)(?!`)[^\n]+?(?<!`)\1(?!`)"),
    re.compile(r"<(pre|code|kbd|samp)\b[^>]*>.*?</\1\s*>", re.I | re.S),
]
_QUOTE = re.compile(r'«[^«»]{1,500}?»|“[^“”]{1,500}?”|„[^„“”]{1,500}?[“”]|"[^"]{1,500}?"')
_LIST_OR_QUOTE_LINE = re.compile(r"^\s*(?:>|[-*+]\s|\d+[.)]\s)")


def _is_citation(text: str, match: re.Match[str]) -> bool:
    if re.search(r"\n[ \t>]*\n", match.group()):
        return False  # unbalanced marks spanning paragraphs: cite nothing
    start = text.rfind("\n", 0, match.start()) + 1
    end = text.find("\n", match.end())
    around = text[start : match.start()] + " " + text[match.end() : len(text) if end < 0 else end]
    around = re.sub(r"<[^>]*>", " ", _QUOTE.sub(" ", around))
    if len(re.findall(r"[^\W\d_]{2,}", around)) >= 2:
        return True
    end = start - 1  # walk back over the list or quote holding the match to the line introducing it
    for _ in range(200):
        if end <= 0:
            break
        begin = text.rfind("\n", 0, end) + 1
        line, end = text[begin:end], begin - 1
        if line.strip() and not _LIST_OR_QUOTE_LINE.match(line):
            return line.strip(" \t>*_").endswith(":")
    return False


def _without_code(text: str) -> str:
    for pattern in _CODE:
        text = pattern.sub(_blank, text)
    return text


def _without_citations(text: str) -> str:
    return _QUOTE.sub(lambda m: _blank(m) if _is_citation(text, m) else m.group(), text)


def _instruction(text: str) -> str | None:
    folded = _fold(text)
    for pattern in INSTRUCTIONS:
        if found := pattern.search(folded):
            return _excerpt(text[found.start() : found.end()])
    return None


def _marker(text: str) -> str | None:
    for label, pattern in MARKERS:
        if found := pattern.search(text):
            return f"{label}: {_excerpt(found.group())}"
    return None


# --- text hidden by HTML styling --------------------------------------------------------------------


def hidden_text_reason(hidden: Sequence[HiddenText]) -> str | None:
    """A reason when hidden text was concealed on purpose or speaks to a model; collapsed menus pass."""
    for item in hidden:
        folded = _fold(item.text)
        addressed = AI_WORD.search(folded) and DIRECTIVE.search(folded)
        if item.technique in CONCEALMENT or addressed or _instruction(item.text) or _marker(item.text):
            return f"text hidden in HTML ({item.technique}): {_excerpt(item.text)}"
    return None


# --- public API -----------------------------------------------------------------------------------


def find_injection(text: str) -> str | None:
    """Why ``text`` looks like instructions for an AI assistant, or ``None`` when it reads as guidance."""
    return injection_reason(sanitise_text(text))


def injection_reason(clean: SanitisedText) -> str | None:
    """Like ``find_injection`` for text already sanitised (its tag-character payloads included)."""
    if clean.hidden:
        return f"text hidden in invisible Unicode tag characters: {_excerpt(clean.hidden[0])}"
    if clean.removed.get("variation_selector", 0) > MAX_SELECTORS:
        return f"{clean.removed['variation_selector']} invisible variation selectors (a way to smuggle data)"
    code_free = _without_code(clean.text)
    if reason := _marker(code_free):
        return reason
    if HTML_HINT.search(code_free):
        from bs4 import BeautifulSoup

        if reason := hidden_text_reason(drop_hidden_elements(BeautifulSoup(code_free, "html.parser"))):
            return reason
    if found := _instruction(_without_citations(code_free)):
        return f"instruction aimed at an AI assistant: {found}"
    return None
