"""Guess whether a short text is French or English, and fold text for matching."""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

Lang = Literal["fr", "en"]

_WORD = re.compile(r"[a-zàâäçéèêëîïôöùûüÿœæ']+", re.IGNORECASE)
_FR = frozenset(
    [
        "le",
        "la",
        "les",
        "un",
        "une",
        "des",
        "du",
        "de",
        "et",
        "est",
        "sont",
        "pour",
        "avec",
        "dans",
        "sur",
        "que",
        "qui",
        "quoi",
        "quel",
        "quelle",
        "quels",
        "quelles",
        "comment",
        "pourquoi",
        "je",
        "tu",
        "il",
        "elle",
        "nous",
        "vous",
        "ils",
        "mon",
        "ma",
        "mes",
        "notre",
        "nos",
        "votre",
        "vos",
        "ce",
        "cette",
        "ces",
        "au",
        "aux",
        "pas",
        "ne",
        "plus",
        "être",
        "avoir",
        "faire",
        "peut",
        "doit",
        "où",
        "combien",
        "entreprise",
        "données",
        "formation",
        "atelier",
        "bonjour",
        "merci",
        "salut",
        "oui",
        "non",
        "aussi",
        "très",
    ]
)
_EN = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "is",
        "are",
        "for",
        "with",
        "in",
        "on",
        "that",
        "which",
        "what",
        "how",
        "why",
        "who",
        "i",
        "you",
        "he",
        "she",
        "we",
        "they",
        "my",
        "our",
        "your",
        "this",
        "these",
        "those",
        "to",
        "of",
        "not",
        "be",
        "have",
        "do",
        "can",
        "should",
        "must",
        "where",
        "much",
        "many",
        "company",
        "data",
        "training",
        "workshop",
        "hello",
        "thanks",
        "hi",
        "yes",
        "no",
        "also",
        "very",
        "does",
    ]
)
_FR_CHARS = re.compile(r"[àâçéèêëîïôùûœ]")


def detect_language(text: str, default: Lang = "fr") -> Lang:
    """Return ``fr`` or ``en`` from stop-word counts; ``default`` on a tie."""
    words = [w.lower() for w in _WORD.findall(text)]
    fr = sum(w in _FR for w in words) + 2 * len(_FR_CHARS.findall(text.lower()))
    en = sum(w in _EN for w in words)
    if fr == en:
        return default
    return "fr" if fr > en else "en"


def fold(text: str) -> str:
    """Lower-case and strip accents, for accent-insensitive matching."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def message_language(text: str, fallback: Lang) -> Lang:
    """The language of a chat message; short replies ("3", "a)", "ok") keep the conversation's language."""
    if len(_WORD.findall(text)) < 4:
        return fallback
    return detect_language(text, default=fallback)
