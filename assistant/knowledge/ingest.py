"""Incremental ingestion: load sources, chunk, embed what changed, publish a new index generation.

Documents that look like prompt-injection attempts are quarantined: not indexed (and removed from
the index if an earlier version was there), and listed in ``IngestReport.skipped`` with a reason
starting with ``quarantined:`` so every report printer shows them.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from langchain_core.embeddings import Embeddings

from assistant.knowledge.chunking import ChunkingParams, chunk_document
from assistant.knowledge.documents import Chunk, LoadedDocument
from assistant.knowledge.embeddings import embedding_model_id
from assistant.knowledge.loaders import LoadError, iter_source_files, screen_document
from assistant.knowledge.store import DocEntry, GenerationT, IndexLocation, Manifest

ADD_BATCH = 64
QUARANTINED = "quarantined: "
log = logging.getLogger(__name__)
Progress = Callable[[str, int, int], None]


@dataclass
class SourceFolder:
    """A folder of documents; ``prefix`` makes its document ids distinct from other folders'."""

    path: Path
    prefix: str = ""

    def doc_id(self, file: Path) -> str:
        """Stable id of ``file``: its path relative to the folder, with the prefix."""
        relative = file.relative_to(self.path).as_posix()
        return f"{self.prefix}{relative}"


@dataclass
class IngestReport:
    """What one ingestion run did."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    cleaned: list[tuple[str, str]] = field(default_factory=list)
    chunks_embedded: int = 0
    chunks_total: int = 0
    seconds: float = 0.0
    full_rebuild: bool = False

    @property
    def changed(self) -> bool:
        """True when the index content changed."""
        return bool(self.added or self.updated or self.removed)

    @property
    def quarantined(self) -> list[tuple[str, str]]:
        """Files kept out of the index because they look like prompt injection, with the reason."""
        return [(path, reason.removeprefix(QUARANTINED)) for path, reason in self.skipped if _is_quarantine(reason)]


def _is_quarantine(reason: str) -> bool:
    return reason.startswith(QUARANTINED)


def _noop_progress(stage: str, done: int, total: int) -> None:
    return None


def _load_all(sources: Sequence[SourceFolder], report: IngestReport, quarantine: bool) -> dict[str, LoadedDocument]:
    documents: dict[str, LoadedDocument] = {}
    for source in sources:
        if not source.path.is_dir():
            report.skipped.append((str(source.path), "folder not found"))
            continue
        for file in iter_source_files(source.path):
            try:
                screened = screen_document(file, source.doc_id(file))
            except LoadError as exc:
                report.skipped.append((str(file), exc.reason))
                continue
            if screened.suspicion and not quarantine:
                log.warning("indexing %s although it looks like prompt injection: %s", file, screened.suspicion)
            elif screened.suspicion:
                log.warning("quarantined %s: %s", file, screened.suspicion)
                report.skipped.append((str(file), QUARANTINED + screened.suspicion))
                continue
            if screened.removed:
                summary = ", ".join(f"{n} {kind.replace('_', ' ')}" for kind, n in sorted(screened.removed.items()))
                log.info("cleaned %s: removed %s", file, summary)
                report.cleaned.append((str(file), f"removed {summary}"))
            documents[screened.document.doc_id] = screened.document
    return documents


def ingest(
    sources: Sequence[SourceFolder],
    index: IndexLocation[GenerationT],
    embeddings: Embeddings,
    params: ChunkingParams | None = None,
    progress: Progress = _noop_progress,
    quarantine: bool = True,
) -> IngestReport:
    """Bring the index in line with ``sources``; re-embed only chunks that are new.

    The published generation is never modified: changes go to a copy that replaces it in
    one atomic publish (a rename on disk, a pointer update on a Chroma server), so an interrupted
    run leaves the previous index serving. ``quarantine=False`` indexes documents that look like
    prompt injection anyway: only for red-team tests that need them retrieved.
    """
    started = time.perf_counter()
    params = params or ChunkingParams()
    report = IngestReport()
    with index.writer_lock():
        documents = _load_all(sources, report, quarantine)
        previous = index.read_manifest()
        signature = (embedding_model_id(embeddings), params.signature())
        if previous is not None and (previous.embedding, previous.chunking) != signature:
            report.full_rebuild = True
            previous = None
        old_docs = previous.docs if previous else {}
        failed_ids = {_failed_doc_id(sources, path) for path, why in report.skipped if not _is_quarantine(why)}
        # A file that fails to load now keeps its previous chunks rather than vanishing; a quarantined one goes.
        kept_failed = {doc_id: entry for doc_id, entry in old_docs.items() if doc_id in failed_ids}
        changed = [d for d in documents.values() if d.doc_id not in old_docs or old_docs[d.doc_id].sha256 != d.sha256]
        removed = [doc_id for doc_id in old_docs if doc_id not in documents and doc_id not in kept_failed]
        report.unchanged = len(documents) - len(changed)
        if not changed and not removed and previous is not None:
            report.chunks_total = previous.chunk_count()
            report.seconds = time.perf_counter() - started
            return report

        generation = index.new_generation(copy_current=previous is not None)
        store = index.open_generation(generation, embeddings)
        manifest = Manifest(embedding=signature[0], chunking=signature[1])
        manifest.docs = {k: v for k, v in old_docs.items() if k in documents and k not in {d.doc_id for d in changed}}
        manifest.docs.update(kept_failed)

        stale_ids = [cid for doc_id in removed for cid in old_docs[doc_id].chunk_ids]
        to_embed: list[Chunk] = []
        for doc in changed:
            chunks = chunk_document(doc, params)
            old_ids = set(old_docs[doc.doc_id].chunk_ids) if doc.doc_id in old_docs else set()
            new_ids = {c.chunk_id for c in chunks}
            stale_ids.extend(old_ids - new_ids)
            to_embed.extend(c for c in chunks if c.chunk_id not in old_ids)
            manifest.docs[doc.doc_id] = DocEntry(doc.sha256, doc.title, doc.path, [c.chunk_id for c in chunks])
            (report.updated if doc.doc_id in old_docs else report.added).append(doc.doc_id)
        report.removed = removed
        if stale_ids:
            store.delete(ids=stale_ids)
        for start in range(0, len(to_embed), ADD_BATCH):
            batch = to_embed[start : start + ADD_BATCH]
            store.add_texts(
                texts=[c.embedding_text() for c in batch],
                metadatas=[{**c.metadata(), "text": c.text} for c in batch],
                ids=[c.chunk_id for c in batch],
            )
            progress("embed", min(start + ADD_BATCH, len(to_embed)), len(to_embed))
        report.chunks_embedded = len(to_embed)
        stored = store._collection.count()
        if stored != manifest.chunk_count():
            raise RuntimeError(
                f"index check failed: {stored} chunks stored, {manifest.chunk_count()} expected; "
                "the previous index is still in use"
            )
        index.publish(generation, manifest)
        report.chunks_total = stored
    report.seconds = time.perf_counter() - started
    return report


def _failed_doc_id(sources: Sequence[SourceFolder], path: str) -> str:
    file = Path(path)
    for source in sources:
        if file.is_relative_to(source.path):
            return source.doc_id(file)
    return path
