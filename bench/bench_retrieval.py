"""Retrieval latency (query embedding included) on the shipped base and on a synthetic 20,000-chunk base."""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

import numpy as np
from common import QUESTIONS, shared_index, summary

from assistant.knowledge.lexicon import load_lexicon
from assistant.knowledge.retrieval import HybridRetriever
from assistant.knowledge.store import IndexDirectory, open_vectorstore
from assistant.models import build_embeddings

SYNTHETIC_CHUNKS = 20_000


def measure(retriever: HybridRetriever, rounds: int = 5) -> list[float]:
    samples = []
    for _ in range(rounds):
        for question in QUESTIONS:
            started = time.perf_counter()
            retriever.search(question, k=5)
            samples.append((time.perf_counter() - started) * 1000)
    return samples


def synthetic_index(root: Path, base: HybridRetriever, embeddings) -> HybridRetriever:
    """Fill a new index with 20,000 chunks: real texts recombined, vectors perturbed from real ones."""
    data = base.store.get(include=["documents", "metadatas", "embeddings"])
    vectors = np.asarray(data["embeddings"], dtype=np.float32)
    rng = np.random.default_rng(7)
    words = " ".join(data["documents"]).split()
    store = open_vectorstore(root / "synthetic", embeddings)
    batch = 1000
    for start in range(0, SYNTHETIC_CHUNKS, batch):
        picks = rng.integers(0, len(vectors), size=batch)
        noisy = vectors[picks] + rng.normal(0, 0.02, size=(batch, vectors.shape[1])).astype(np.float32)
        noisy /= np.linalg.norm(noisy, axis=1, keepdims=True)
        texts = [" ".join(random.Random(start + i).sample(words, 150)) for i in range(batch)]
        metas = [dict(data["metadatas"][p], doc_id=f"synthetic/{start + i}.md") for i, p in enumerate(picks)]
        store._collection.add(
            ids=[f"s{start + i}" for i in range(batch)], embeddings=noisy.tolist(), documents=texts, metadatas=metas
        )
    return HybridRetriever(store, base.lexicon)


def main() -> None:
    root = Path(tempfile.mkdtemp(prefix="cap-bench-retrieval-"))
    settings = shared_index()
    embeddings = build_embeddings(settings)
    lexicon = load_lexicon(settings.knowledge_dir / "lexicon" / "fr_en.yaml")
    shipped = HybridRetriever(IndexDirectory(settings.index_dir).open_current(embeddings), lexicon)
    measure(shipped, rounds=1)
    print(f"retrieval, shipped base ({len(shipped)} chunks): {summary(measure(shipped))}")
    started = time.perf_counter()
    big = synthetic_index(root, shipped, embeddings)
    print(f"synthetic base built: {len(big)} chunks in {time.perf_counter() - started:.0f} s (BM25 index included)")
    measure(big, rounds=1)
    print(f"retrieval, synthetic base ({len(big)} chunks): {summary(measure(big))}")
    samples = []
    for question in QUESTIONS * 3:
        started = time.perf_counter()
        embeddings.embed_query(question)
        samples.append((time.perf_counter() - started) * 1000)
    print(f"query embedding alone: {summary(samples)}")


if __name__ == "__main__":
    main()
