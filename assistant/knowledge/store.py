"""Chroma persistent index kept in generations: a new one is written, then published atomically.

``IndexLocation`` is what ingestion and the runtime need from an index; ``IndexDirectory`` keeps it
on the local disk, ``remote_store.RemoteIndex`` on a Chroma server shared by several workers.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

import chromadb
from chromadb.config import Settings as ChromaSettings
from langchain_chroma import Chroma
from langchain_core.embeddings import Embeddings

COLLECTION = "knowledge"
CURRENT_FILE = "CURRENT"
MANIFEST_FILE = "manifest.json"
GenerationT = TypeVar("GenerationT")


class IndexLockedError(RuntimeError):
    """Another process is writing the index."""


class IndexMissingError(RuntimeError):
    """No published index exists yet."""


@dataclass
class DocEntry:
    """What the index holds for one source document."""

    sha256: str
    title: str
    path: str
    chunk_ids: list[str]


@dataclass
class Manifest:
    """Index contents and the settings it was built with."""

    embedding: str
    chunking: str
    docs: dict[str, DocEntry] = field(default_factory=dict)

    def to_json(self) -> str:
        """Serialise to JSON."""
        return json.dumps(
            {
                "version": 1,
                "embedding": self.embedding,
                "chunking": self.chunking,
                "docs": {k: vars(v) for k, v in sorted(self.docs.items())},
            },
            ensure_ascii=False,
            indent=1,
        )

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        """Parse JSON written by ``to_json``."""
        data = json.loads(text)
        return cls(
            embedding=data["embedding"],
            chunking=data["chunking"],
            docs={k: DocEntry(**v) for k, v in data["docs"].items()},
        )

    def chunk_count(self) -> int:
        """Total number of chunks listed."""
        return sum(len(d.chunk_ids) for d in self.docs.values())


def chroma_client(path: Path) -> Any:
    """Open a persistent Chroma client with telemetry off."""
    return chromadb.PersistentClient(path=str(path), settings=ChromaSettings(anonymized_telemetry=False))


def open_vectorstore(path: Path, embeddings: Embeddings) -> Chroma:
    """Open (or create) the knowledge collection in ``path``, cosine distance."""
    return Chroma(
        collection_name=COLLECTION,
        embedding_function=embeddings,
        client=chroma_client(path),
        collection_metadata={"hnsw:space": "cosine"},
    )


class IndexLocation(Protocol[GenerationT]):
    """Where the index lives: published generations, a single writer, an atomic publish."""

    def writer_lock(self) -> AbstractContextManager[None]:
        """Hold the single-writer lock, raising ``IndexLockedError`` at once if another writer has it."""
        ...

    def read_manifest(self) -> Manifest | None:
        """Return the manifest of the published generation, if any."""
        ...

    def open_current(self, embeddings: Embeddings) -> Chroma:
        """Open the published generation for reading, raising ``IndexMissingError`` if none."""
        ...

    def new_generation(self, copy_current: bool) -> GenerationT:
        """Start an unpublished generation, optionally holding the published chunks."""
        ...

    def open_generation(self, generation: GenerationT, embeddings: Embeddings) -> Chroma:
        """Open an unpublished generation for writing."""
        ...

    def publish(self, generation: GenerationT, manifest: Manifest) -> None:
        """Make ``generation`` the one readers open, in one atomic step."""
        ...


class IndexDirectory:
    """The index root: generation folders plus a ``CURRENT`` pointer and a writer lock."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def current_generation(self) -> Path | None:
        """Return the published generation folder, if any."""
        pointer = self.root / CURRENT_FILE
        if not pointer.exists():
            return None
        generation = self.root / pointer.read_text(encoding="utf-8").strip()
        return generation if (generation / MANIFEST_FILE).exists() else None

    def read_manifest(self) -> Manifest | None:
        """Return the manifest of the published generation."""
        generation = self.current_generation()
        if generation is None:
            return None
        return Manifest.from_json((generation / MANIFEST_FILE).read_text(encoding="utf-8"))

    def open_current(self, embeddings: Embeddings) -> Chroma:
        """Open the published index for reading."""
        generation = self.current_generation()
        if generation is None:
            raise IndexMissingError(f"no knowledge index in {self.root}; run `cap-ia ingest` first")
        return open_vectorstore(generation, embeddings)

    @contextmanager
    def writer_lock(self) -> Iterator[None]:
        """Hold the single-writer lock, failing fast if another process has it."""
        self.root.mkdir(parents=True, exist_ok=True)
        handle = open(self.root / ".write.lock", "w")  # noqa: SIM115 - held for the whole block
        try:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise IndexLockedError(
                    f"the knowledge index in {self.root} is being written by another process; "
                    "wait for it to finish and try again"
                ) from None
            yield
        finally:
            handle.close()

    def new_generation(self, copy_current: bool) -> Path:
        """Create a fresh generation folder, optionally starting from the published one."""
        self.remove_stale()
        target = self.root / f"gen-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6}"
        current = self.current_generation()
        if copy_current and current is not None:
            shutil.copytree(current, target)
            # Until publish() writes a new manifest, the copy counts as unfinished.
            (target / MANIFEST_FILE).unlink()
        else:
            target.mkdir(parents=True)
        return target

    def open_generation(self, generation: Path, embeddings: Embeddings) -> Chroma:
        """Open an unpublished generation folder for writing."""
        return open_vectorstore(generation, embeddings)

    def publish(self, generation: Path, manifest: Manifest) -> None:
        """Write the manifest, then switch ``CURRENT`` to ``generation`` in one rename."""
        (generation / MANIFEST_FILE).write_text(manifest.to_json(), encoding="utf-8")
        tmp = self.root / f".{CURRENT_FILE}.tmp"
        tmp.write_text(generation.name, encoding="utf-8")
        os.replace(tmp, self.root / CURRENT_FILE)
        self.remove_stale()

    def remove_stale(self) -> None:
        """Delete crashed generations and replaced ones, keeping the previous one for open readers."""
        if not self.root.exists():
            return
        current = self.current_generation()
        complete = sorted(
            (g for g in self.root.glob("gen-*") if g.is_dir() and (g / MANIFEST_FILE).exists() and g != current),
            key=lambda g: g.stat().st_mtime,
        )
        keep = {current, *complete[-1:]}
        for child in self.root.glob("gen-*"):
            if child.is_dir() and child not in keep:
                shutil.rmtree(child, ignore_errors=True)
