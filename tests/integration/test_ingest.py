"""Ingestion against real Chroma persistent storage and the real local embeddings."""

from pathlib import Path

import pytest

from assistant.knowledge.ingest import SourceFolder, ingest
from assistant.knowledge.store import IndexDirectory, IndexLockedError


class CountingEmbeddings:
    """Wrap real embeddings and count the passages embedded."""

    def __init__(self, inner):
        self.inner = inner
        self.documents = 0
        self.model_id = inner.model_id

    def embed_documents(self, texts):
        self.documents += len(texts)
        return self.inner.embed_documents(texts)

    def embed_query(self, text):
        return self.inner.embed_query(text)


@pytest.fixture
def setup(tmp_path: Path, kb_copy: Path, embeddings):
    counting = CountingEmbeddings(embeddings)
    return [SourceFolder(kb_copy / "guidance", "guidance/")], IndexDirectory(tmp_path / "index"), counting, kb_copy


def test_second_run_on_unchanged_files_embeds_nothing(setup):
    sources, index, emb, _ = setup
    first = ingest(sources, index, emb)
    assert len(first.added) == 4 and first.chunks_total == emb.documents > 0
    second = ingest(sources, index, emb)
    assert not second.changed and second.chunks_embedded == 0 and second.unchanged == 4
    assert emb.documents == first.chunks_total


def test_changed_file_reembeds_only_changed_chunks_and_deleted_file_is_pruned(setup):
    sources, index, emb, kb = setup
    first = ingest(sources, index, emb)
    path = kb / "guidance" / "fr" / "prompting.md"
    path.write_text(path.read_text().replace("Ne collez jamais", "Il ne faut jamais coller"), encoding="utf-8")
    (kb / "guidance" / "fr" / "qualiopi.md").unlink()
    report = ingest(sources, index, emb)
    assert report.updated == ["guidance/fr/prompting.md"] and report.removed == ["guidance/fr/qualiopi.md"]
    assert report.chunks_embedded == 1
    store = index.open_current(emb.inner)
    docs = {m["doc_id"] for m in store.get(include=["metadatas"])["metadatas"]}
    assert "guidance/fr/qualiopi.md" not in docs
    assert report.chunks_total == store._collection.count() < first.chunks_total


def test_broken_file_is_reported_and_the_rest_ingested(setup):
    sources, index, emb, kb = setup
    (kb / "guidance" / "fr" / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    (kb / "guidance" / "fr" / "bad.md").write_text("---\ntitle: x\n---\nbody", encoding="utf-8")
    report = ingest(sources, index, emb)
    reasons = dict(report.skipped)
    assert len(report.added) == 4
    assert "unreadable PDF" in reasons[str(kb / "guidance" / "fr" / "broken.pdf")]
    assert "front-matter" in reasons[str(kb / "guidance" / "fr" / "bad.md")]


def test_crash_mid_run_leaves_previous_index_serving(setup, monkeypatch):
    sources, index, emb, kb = setup
    ingest(sources, index, emb)
    before = index.read_manifest()
    (kb / "guidance" / "fr" / "new.md").write_text("# Nouveau\n\n## Partie\nUn nouveau document sur les données.")

    def crash(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("langchain_chroma.Chroma.add_texts", crash)
    with pytest.raises(KeyboardInterrupt):
        ingest(sources, index, emb)
    monkeypatch.undo()
    assert index.read_manifest().to_json() == before.to_json()
    store = index.open_current(emb.inner)
    assert store._collection.count() == before.chunk_count()
    report = ingest(sources, index, emb)
    assert report.added == ["guidance/fr/new.md"]
    assert len([p for p in index.root.glob("gen-*")]) <= 2


def test_second_writer_fails_fast(setup):
    sources, index, emb, _ = setup
    with index.writer_lock(), pytest.raises(IndexLockedError, match="another process"):
        ingest(sources, index, emb)


def test_new_embedding_model_forces_a_full_rebuild(setup):
    sources, index, emb, _ = setup
    ingest(sources, index, emb)
    emb.model_id = "other-model"
    report = ingest(sources, index, emb)
    assert report.full_rebuild and len(report.added) == 4
