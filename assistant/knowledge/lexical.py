"""BM25 over chunk texts with an inverted index, accent- and case-insensitive, FR/EN stop words."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

import numpy as np

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
    """Okapi BM25 (k1=1.4, b=0.75) over an inverted index held in numpy arrays."""

    def __init__(self, ids: Sequence[str], texts: Sequence[str], k1: float = 1.4, b: float = 0.75) -> None:
        self.ids = list(ids)
        self.k1 = k1
        self.b = b
        postings: dict[str, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
        lengths = np.zeros(len(self.ids), dtype=np.float32)
        for position, text in enumerate(texts):
            counts = Counter(tokenize(text))
            lengths[position] = sum(counts.values())
            for term, tf in counts.items():
                positions, frequencies = postings[term]
                positions.append(position)
                frequencies.append(tf)
        n = len(self.ids)
        average = float(lengths.mean()) if n else 0.0
        self._norm = k1 * (1 - b + b * lengths / (average or 1.0))
        self._postings = {
            term: (np.asarray(p, dtype=np.int64), np.asarray(f, dtype=np.float32)) for term, (p, f) in postings.items()
        }
        self._idf = {t: math.log(1 + (n - len(p[0]) + 0.5) / (len(p[0]) + 0.5)) for t, p in self._postings.items()}

    def __len__(self) -> int:
        return len(self.ids)

    def search(
        self, query: str | Mapping[str, float], k: int, allowed: np.ndarray | None = None
    ) -> list[tuple[str, float]]:
        """Return up to ``k`` (id, score) pairs, best first.

        ``query`` is text or weighted terms; ``allowed`` is a boolean mask of the positions to keep.
        """
        terms = dict.fromkeys(tokenize(query), 1.0) if isinstance(query, str) else query
        scores = np.zeros(len(self.ids), dtype=np.float32)
        for term, weight in terms.items():
            posting = self._postings.get(term)
            if posting is None:
                continue
            positions, tf = posting
            scores[positions] += self._idf[term] * weight * tf * (self.k1 + 1) / (tf + self._norm[positions])
        if allowed is not None:
            scores[~allowed] = 0.0
        hits = np.flatnonzero(scores > 0)
        if hits.size == 0:
            return []
        if hits.size > k:
            hits = hits[np.argpartition(-scores[hits], k - 1)[:k]]
        ranked = sorted(hits.tolist(), key=lambda position: (-scores[position], position))
        return [(self.ids[position], float(scores[position])) for position in ranked]
