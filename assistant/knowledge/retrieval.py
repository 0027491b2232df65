"""Hybrid retrieval: dense (Chroma) and lexical (BM25) rankings fused by reciprocal rank."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from langchain_chroma import Chroma

from assistant.knowledge.documents import Passage
from assistant.knowledge.lexical import BM25Index
from assistant.knowledge.lexicon import Lexicon

RRF_K = 60
DENSE_POOL = 200


@dataclass(frozen=True)
class SearchFilters:
    """Optional restrictions on what a search may return."""

    lang: str | None = None
    audience: str | None = None
    tags: tuple[str, ...] = ()

    def matches(self, meta: Mapping[str, Any]) -> bool:
        """True when chunk metadata passes every filter."""
        if self.lang and meta.get("lang") != self.lang:
            return False
        if self.audience and not meta.get(f"aud_{self.audience}", False):
            return False
        tags = str(meta.get("tags", ""))
        return all(f"|{tag}|" in tags for tag in self.tags)

    def chroma_where(self) -> dict[str, Any] | None:
        """The part of the filter Chroma can apply itself (tags are checked afterwards)."""
        clauses: list[dict[str, Any]] = []
        if self.lang:
            clauses.append({"lang": self.lang})
        if self.audience:
            clauses.append({f"aud_{self.audience}": True})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}


class HybridRetriever:
    """Search the knowledge index; the BM25 side is built once from the stored chunks."""

    def __init__(self, store: Chroma, lexicon: Lexicon | None = None, candidates: int = 40) -> None:
        self.store = store
        self.lexicon = lexicon or Lexicon([])
        self.candidates = candidates
        data = store.get(include=["documents", "metadatas"])
        self._ids: list[str] = list(data["ids"])
        self._meta: dict[str, Mapping[str, Any]] = dict(zip(self._ids, data["metadatas"], strict=True))
        self.lexical = BM25Index(self._ids, data["documents"])
        self._masks: dict[SearchFilters, np.ndarray] = {}
        found = sorted({str(m.get("lang")) for m in self._meta.values() if m.get("lang")})
        self._languages: list[str | None] = list(found) or [None]

    def __len__(self) -> int:
        return len(self._ids)

    def search(self, query: str, k: int = 5, filters: SearchFilters | None = None) -> list[Passage]:
        """Return the ``k`` best passages for ``query``, with fused scores."""
        filters = filters or SearchFilters()
        if not query.strip() or not self._ids:
            return []
        pool = max(self.candidates, k * 3)
        vector = self.store.embeddings.embed_query(query)  # type: ignore[union-attr]
        similarity, rankings = self._dense_rankings(vector, pool, k, filters)
        terms = self.lexicon.expand(query)
        rankings["lexical"] = [cid for cid, _ in self.lexical.search(terms, pool, self._mask(filters))]
        fused: dict[str, float] = {}
        ranks: dict[str, dict[str, int]] = {}
        for name, ranking in rankings.items():
            for rank, chunk_id in enumerate(ranking, start=1):
                fused[chunk_id] = fused.get(chunk_id, 0.0) + 1.0 / (RRF_K + rank)
                ranks.setdefault(chunk_id, {})[name] = rank
        best = sorted(fused.items(), key=lambda item: -item[1])[:k]
        return [self._passage(cid, score, similarity.get(cid), ranks[cid]) for cid, score in best]

    def _dense_rankings(
        self, vector: list[float], pool: int, k: int, filters: SearchFilters
    ) -> tuple[dict[str, float], dict[str, list[str]]]:
        """Rank chunks by cosine similarity, separately for each language.

        A multilingual model still prefers passages in the query's language; ranking each
        language apart lets a French passage compete for an English question. One unfiltered
        nearest-neighbour query is split in Python (Chroma's filtered search is much slower);
        a filtered query is made only when a selective filter leaves too few candidates.
        """
        wide = min(len(self._ids), max(DENSE_POOL, pool * 5))
        hits = self.store.similarity_search_by_vector_with_relevance_scores(vector, k=wide)
        similarity = {doc.id: 1.0 - distance for doc, distance in hits if doc.id}
        languages = [filters.lang] if filters.lang else self._languages
        min_candidates = max(2 * k, 10)
        rankings: dict[str, list[str]] = {}
        for lang in languages:
            scoped = SearchFilters(lang=lang, audience=filters.audience, tags=filters.tags)
            ranked = [doc.id for doc, _ in hits if doc.id and scoped.matches(doc.metadata)][:pool]
            if len(ranked) < min_candidates and wide < len(self._ids):
                extra = self.store.similarity_search_by_vector_with_relevance_scores(
                    vector, k=pool * (3 if filters.tags else 1), filter=scoped.chroma_where()
                )
                similarity.update({doc.id: 1.0 - distance for doc, distance in extra if doc.id})
                ranked = [doc.id for doc, _ in extra if doc.id and scoped.matches(doc.metadata)][:pool]
            rankings[f"dense_{lang}"] = ranked
        return similarity, rankings

    def _mask(self, filters: SearchFilters) -> np.ndarray | None:
        """Boolean mask of the chunks a filter allows (cached per filter)."""
        if filters == SearchFilters():
            return None
        if filters not in self._masks:
            self._masks[filters] = np.array([filters.matches(self._meta[cid]) for cid in self._ids], dtype=bool)
        return self._masks[filters]

    def _passage(self, chunk_id: str, score: float, similarity: float | None, ranks: dict[str, int]) -> Passage:
        meta = self._meta[chunk_id]
        return Passage(
            chunk_id=chunk_id,
            doc_id=str(meta.get("doc_id", "")),
            title=str(meta.get("title", "")),
            heading=str(meta.get("heading", "")),
            text=str(meta.get("text", "")),
            lang=str(meta.get("lang", "")),
            score=score,
            similarity=similarity,
            ranks=ranks,
        )
