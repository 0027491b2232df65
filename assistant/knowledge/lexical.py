"""BM25 over chunk texts with an inverted index, accent- and case-insensitive, FR/EN stop words."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

from assistant.language import fold

_TOKEN = re.compile(r"[a-z0-9]+")
_STOP = frozenset(
    [
        "a",
        "au",
        "aux",
        "avec",
        "ce",
        "ces",
        "cet",
        "cette",
        "dans",
        "de",
        "des",
        "du",
        "elle",
        "en",
        "est",
        "et",
        "etre",
        "il",
        "ils",
        "je",
        "la",
        "le",
        "les",
        "leur",
        "leurs",
        "lui",
        "ma",
        "mais",
        "me",
        "mes",
        "mon",
        "ne",
        "nos",
        "notre",
        "nous",
        "on",
        "ou",
        "par",
        "pas",
        "pour",
        "qu",
        "que",
        "qui",
        "sa",
        "se",
        "ses",
        "son",
        "sont",
        "sur",
        "ta",
        "te",
        "tes",
        "toi",
        "ton",
        "tu",
        "un",
        "une",
        "vos",
        "votre",
        "vous",
        "y",
        "l",
        "d",
        "s",
        "n",
        "c",
        "j",
        "m",
        "qu",
        "quel",
        "quelle",
        "quels",
        "quelles",
        "comment",
        "pourquoi",
        "quoi",
        "peut",
        "faut",
        "faire",
        "plus",
        "tres",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "how",
        "i",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "that",
        "the",
        "their",
        "this",
        "to",
        "was",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "will",
        "with",
        "you",
        "your",
        "can",
        "do",
        "does",
        "should",
        "we",
        "our",
        "my",
    ]
)


def tokenize(text: str) -> list[str]:
    """Fold accents and case, split on non-alphanumerics, drop stop words, strip plural ``s``."""
    tokens = []
    for token in _TOKEN.findall(fold(text)):
        if token in _STOP or len(token) < 2:
            continue
        if len(token) > 4 and token.endswith("s") and not token.endswith("ss"):
            token = token[:-1]
        tokens.append(token)
    return tokens


class BM25Index:
    """Okapi BM25 (k1=1.4, b=0.75) scoring only the documents that share a query term."""

    def __init__(self, ids: Sequence[str], texts: Sequence[str], k1: float = 1.4, b: float = 0.75) -> None:
        self.ids = list(ids)
        self.k1 = k1
        self.b = b
        self._postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self._lengths: list[int] = []
        for position, text in enumerate(texts):
            counts = Counter(tokenize(text))
            self._lengths.append(sum(counts.values()))
            for term, tf in counts.items():
                self._postings[term].append((position, tf))
        self._avg = (sum(self._lengths) / len(self._lengths)) if self._lengths else 0.0
        n = len(self._lengths)
        self._idf = {t: math.log(1 + (n - len(p) + 0.5) / (len(p) + 0.5)) for t, p in self._postings.items()}

    def __len__(self) -> int:
        return len(self.ids)

    def search(
        self, query: str | Mapping[str, float], k: int, allowed: set[int] | None = None
    ) -> list[tuple[str, float]]:
        """Return up to ``k`` (id, score) pairs, best first.

        ``query`` is text or weighted terms; ``allowed`` restricts the positions scored.
        """
        terms = dict.fromkeys(tokenize(query), 1.0) if isinstance(query, str) else query
        scores: dict[int, float] = defaultdict(float)
        for term, weight in terms.items():
            idf = self._idf.get(term)
            if idf is None:
                continue
            idf *= weight
            for position, tf in self._postings[term]:
                if allowed is not None and position not in allowed:
                    continue
                norm = self.k1 * (1 - self.b + self.b * self._lengths[position] / (self._avg or 1))
                scores[position] += idf * tf * (self.k1 + 1) / (tf + norm)
        best = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:k]
        return [(self.ids[position], score) for position, score in best]
