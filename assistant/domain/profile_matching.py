"""Find known phrases in typed text: folding, stemming and longest-phrase-first lookup tables.

Word lists are matched on folded text (lower case, no accents, plural "s"/"x" dropped), longest
phrase first. ``to_plain`` folds one character for one, so regex positions match the original.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from assistant.domain.usecases import fold

PhraseTable = dict[tuple[str, ...], str]
_APOSTROPHES = frozenset("’‘`´ʼ")


def _plain_char(char: str) -> str:
    base = unicodedata.normalize("NFKD", char)[:1] or char
    lower = base.lower()
    return "'" if char in _APOSTROPHES else lower if len(lower) == 1 else base


def to_plain(text: str) -> str:
    """Lower-case ``text`` and drop accents one character for one, so positions match the original."""
    return "".join(_plain_char(c) for c in text)


def stem(token: str) -> str:
    """Drop a plural "s" or "x" from a folded token longer than three letters."""
    return token[:-1] if len(token) > 3 and token[-1] in "sx" else token


def phrase_key(text: str) -> tuple[str, ...]:
    """Fold and stem ``text`` into the token tuple that phrase tables are keyed by."""
    return tuple(stem(t) for t in fold(text).split())


def phrase_table(spec: Mapping[str, str], valid: Iterable[str], extra: Iterable[tuple[str, str]] = ()) -> PhraseTable:
    """Map folded phrases to ids from ``value: "phrase, phrase"`` and ``(value, phrase)`` pairs."""
    keep = set(valid)
    pairs = [*extra, *((value, p) for value, phrases in spec.items() for p in phrases.split(","))]
    return {key: value for value, phrase in pairs if value in keep and (key := phrase_key(phrase))}


def term_phrases(terms: Iterable[Any]) -> list[tuple[str, str]]:
    """Pair vocabulary ids with themselves and their labels, so ids and labels can be typed."""
    return [(t.id, phrase) for t in terms for phrase in (t.id, t.label.fr, t.label.en)]


def find_phrases(text: str, table: PhraseTable) -> list[str]:
    """Return the ids of ``table`` phrases in ``text``, in order of appearance, without repeats."""
    tokens = phrase_key(text)
    longest = max(map(len, table), default=0)
    found: list[str] = []
    i = 0
    while i < len(tokens):
        for size in range(min(longest, len(tokens) - i), 0, -1):
            if (value := table.get(tokens[i : i + size])) is not None:
                found.append(value)
                i += size
                break
        else:
            i += 1
    return list(dict.fromkeys(found))
