"""French/English word equivalents that let keyword search cross languages."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field

from assistant.knowledge.lexical import tokenize

EXPANSION_WEIGHT = 0.6


class LexiconPair(BaseModel):
    """One equivalence."""

    model_config = ConfigDict(extra="forbid")
    fr: str = Field(min_length=1)
    en: str = Field(min_length=1)


class LexiconFile(BaseModel):
    """The lexicon file."""

    model_config = ConfigDict(extra="forbid")
    pairs: list[LexiconPair]


class Lexicon:
    """Expand query terms with their equivalents in the other language."""

    def __init__(self, pairs: list[LexiconPair]) -> None:
        self._single: dict[str, set[str]] = defaultdict(set)
        self._phrases: list[tuple[frozenset[str], tuple[str, ...]]] = []
        for pair in pairs:
            fr, en = tokenize(pair.fr), tokenize(pair.en)
            if not fr or not en or fr == en:
                continue
            for source, target in ((fr, en), (en, fr)):
                if len(source) == 1:
                    self._single[source[0]].update(target)
                else:
                    self._phrases.append((frozenset(source), tuple(target)))

    def __len__(self) -> int:
        return len(self._single) + len(self._phrases)

    def expand(self, query: str) -> dict[str, float]:
        """Return query terms (weight 1) plus equivalents (lower weight) not already present."""
        terms = tokenize(query)
        weights = dict.fromkeys(terms, 1.0)
        present = set(terms)
        extra: set[str] = set()
        for term in terms:
            extra.update(self._single.get(term, ()))
        for source, target in self._phrases:
            if source <= present:
                extra.update(target)
        for term in extra - present:
            weights[term] = EXPANSION_WEIGHT
        return weights


def load_lexicon(path: Path) -> Lexicon:
    """Read and validate a lexicon file; a missing file gives an empty lexicon."""
    if not path.exists():
        return Lexicon([])
    data = LexiconFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    return Lexicon(data.pairs)
