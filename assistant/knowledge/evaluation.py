"""Retrieval quality: recall@k and MRR over a gold set of questions."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, model_validator

from assistant.knowledge.documents import Passage
from assistant.knowledge.retrieval import HybridRetriever, SearchFilters
from assistant.language import fold


class GoldFilter(BaseModel):
    """Restriction applied to the search of one gold item."""

    model_config = ConfigDict(extra="forbid")
    lang: Literal["fr", "en"] | None = None
    audience: Literal["manager", "employee", "trainer"] | None = None


class GoldItem(BaseModel):
    """One evaluation question; needs expected sources or expected terms."""

    model_config = ConfigDict(extra="forbid")
    id: str | None = None
    question: str = Field(min_length=3)
    lang: Literal["fr", "en"]
    expected_sources: list[str] = Field(default_factory=list)
    expected_terms: list[str] = Field(default_factory=list)
    filter: GoldFilter | None = None

    @model_validator(mode="after")
    def _has_expectation(self) -> GoldItem:
        if not self.expected_sources and not self.expected_terms:
            raise ValueError("an item needs expected_sources or expected_terms")
        return self

    def is_hit(self, passage: Passage) -> bool:
        """A passage answers the item if it comes from an expected source, or else contains a term."""
        if self.expected_sources:
            return passage.doc_id in self.expected_sources
        text = fold(f"{passage.title} {passage.heading} {passage.text}")
        return any(fold(term) in text for term in self.expected_terms)

    @property
    def cross_language(self) -> bool:
        """True when the search is restricted to the other language."""
        return self.filter is not None and self.filter.lang not in (None, self.lang)


def load_gold(paths: Sequence[Path]) -> list[GoldItem]:
    """Read gold items from YAML or JSON files (a list, or a mapping with ``items``)."""
    items: list[GoldItem] = []
    adapter = TypeAdapter(list[GoldItem])
    for path in paths:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
        if isinstance(data, dict):
            data = data.get("items", [])
        items.extend(adapter.validate_python(data))
    return items


@dataclass
class ItemResult:
    """Outcome of one gold item."""

    item: GoldItem
    rank: int | None
    top: list[str]


@dataclass
class EvalReport:
    """Aggregate retrieval metrics."""

    results: list[ItemResult]
    k: int

    def recall(self, subset: Sequence[ItemResult] | None = None) -> float:
        """Share of items with a hit in the top k."""
        rows = self.results if subset is None else subset
        return sum(r.rank is not None for r in rows) / len(rows) if rows else 0.0

    def mrr(self, subset: Sequence[ItemResult] | None = None) -> float:
        """Mean reciprocal rank of the first hit (0 when none in the top k)."""
        rows = self.results if subset is None else subset
        return sum(1 / r.rank for r in rows if r.rank) / len(rows) if rows else 0.0

    def as_dict(self) -> dict[str, object]:
        """Metrics overall, per language and for cross-language items, plus misses."""
        groups = {
            "fr": [r for r in self.results if r.item.lang == "fr" and not r.item.cross_language],
            "en": [r for r in self.results if r.item.lang == "en" and not r.item.cross_language],
            "cross_language": [r for r in self.results if r.item.cross_language],
        }
        return {
            "items": len(self.results),
            f"recall@{self.k}": round(self.recall(), 4),
            "mrr": round(self.mrr(), 4),
            "groups": {
                name: {
                    "items": len(rows),
                    f"recall@{self.k}": round(self.recall(rows), 4),
                    "mrr": round(self.mrr(rows), 4),
                }
                for name, rows in groups.items()
            },
            "misses": [
                {"id": r.item.id, "question": r.item.question, "top": r.top} for r in self.results if r.rank is None
            ],
        }


def evaluate(retriever: HybridRetriever, items: Sequence[GoldItem], k: int = 5) -> EvalReport:
    """Run every item through the retriever."""
    results = []
    for item in items:
        filters = SearchFilters(lang=item.filter.lang, audience=item.filter.audience) if item.filter else None
        passages = retriever.search(item.question, k=k, filters=filters)
        rank = next((i for i, p in enumerate(passages, start=1) if item.is_hit(p)), None)
        results.append(ItemResult(item=item, rank=rank, top=[p.doc_id for p in passages]))
    return EvalReport(results=results, k=k)
