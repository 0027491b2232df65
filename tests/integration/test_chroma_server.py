"""Client-server mode: the knowledge index on a real ``chroma run`` server, shared by several workers."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pytest
from langchain_core.embeddings import Embeddings

from assistant.knowledge.remote_store import (
    LEASE,
    RemoteIndex,
    http_client,
    index_location,
)
from assistant.knowledge.retrieval import HybridRetriever, SearchFilters
from assistant.knowledge.store import IndexDirectory, IndexLockedError
from assistant.runtime import build_runtime, run_ingest
from tests.chroma_server import CHROMA_BIN, ChromaServer, MemoEmbeddings
from tests.conftest import make_settings

pytestmark = pytest.mark.skipif(CHROMA_BIN is None, reason="the `chroma` server binary (chromadb) is not installed")

QUESTIONS = [
    ("Quelles pratiques sont interdites ?", SearchFilters()),
    ("Quelles pratiques sont interdites ?", SearchFilters(lang="en")),
    ("What must a training programme sheet contain?", SearchFilters(lang="fr")),
    ("objectifs", SearchFilters(audience="trainer")),
    ("données", SearchFilters(tags=("prompting",))),
]
NEW_DOC = "# Nouveau\n\n## Partie\nUn nouveau document sur la gouvernance des données.\n"


@pytest.fixture(scope="module")
def e5(embeddings: Embeddings) -> MemoEmbeddings:
    """Real e5 vectors, memoised for the module."""
    return MemoEmbeddings(embeddings)


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChromaServer]:
    """One real Chroma server for the module."""
    server = ChromaServer(tmp_path_factory.mktemp("chroma") / "db")
    server.start(give_up=pytest.skip)
    yield server
    server.stop()


@pytest.fixture
def server(chroma_server: ChromaServer) -> ChromaServer:
    """The module's server, emptied: every test starts with no index and no lease."""
    client = chroma_server.client()
    for collection in client.list_collections():
        client.delete_collection(collection.name)
    return chroma_server


def ids(retriever: HybridRetriever, question: str, filters: SearchFilters) -> list[str]:
    return [p.chunk_id for p in retriever.search(question, k=5, filters=filters)]


def test_ingest_to_the_server_retrieves_like_the_embedded_index(server, tmp_path, kb_copy, e5):
    settings = make_settings(tmp_path / "worker", knowledge=kb_copy, chroma_url=server.url)
    report = run_ingest(settings, e5)
    assert len(report.added) == 4 and report.chunks_total > 0 and not report.skipped
    assert isinstance(index_location(settings), RemoteIndex)
    assert not list(settings.index_dir.glob("gen-*"))  # nothing indexed on this worker's disk
    assert len(server.generations()) == 1

    runtime = build_runtime(settings, embeddings=e5)
    top = runtime.retriever.search("Quelles pratiques sont interdites ?", k=3)
    assert top[0].doc_id == "guidance/fr/ai-act.md" and top[0].heading == "Pratiques interdites"
    assert top[0].similarity is not None and top[0].similarity > 0.8 and top[0].text

    embedded = make_settings(tmp_path / "embedded", knowledge=kb_copy)
    run_ingest(embedded, e5)
    local = HybridRetriever(IndexDirectory(embedded.index_dir).open_current(e5))
    assert len(local) == len(runtime.retriever) == report.chunks_total
    for question, filters in QUESTIONS:
        assert ids(runtime.retriever, question, filters) == ids(local, question, filters), (question, filters)


def test_two_workers_read_the_same_passages(server, tmp_path, kb_copy, e5):
    run_ingest(make_settings(tmp_path / "writer", knowledge=kb_copy, chroma_url=server.url), e5)
    first, second = (
        build_runtime(make_settings(tmp_path / name, knowledge=kb_copy, chroma_url=server.url), embeddings=e5)
        for name in ("worker-a", "worker-b")
    )
    for question, filters in QUESTIONS:
        a = first.retriever.search(question, k=5, filters=filters)
        b = second.retriever.search(question, k=5, filters=filters)
        assert a and [(p.chunk_id, p.text, p.score) for p in a] == [(p.chunk_id, p.text, p.score) for p in b]


def test_second_writer_fails_fast_while_the_lease_is_held(server, tmp_path, kb_copy, e5):
    holder = RemoteIndex(server.url, tmp_path / "host-a")
    other_host = make_settings(tmp_path / "host-b", knowledge=kb_copy, chroma_url=server.url)
    with holder.writer_lock():
        owner = server.client().get_collection(LEASE).metadata["owner"]
        with pytest.raises(IndexLockedError, match=re.escape(f"another process ({owner}, lease valid")):
            run_ingest(other_host, e5)
    assert LEASE not in {c.name for c in server.client().list_collections()}  # released on exit
    assert len(run_ingest(other_host, e5).added) == 4


def test_lease_is_renewed_while_the_writer_works(server, tmp_path, kb_copy, e5):
    holder = RemoteIndex(server.url, tmp_path / "host-a", lease_seconds=2)
    other_host = make_settings(tmp_path / "host-b", knowledge=kb_copy, chroma_url=server.url)
    with holder.writer_lock():
        time.sleep(3)  # longer than the lease: only the renewals keep it
        with pytest.raises(IndexLockedError, match="another process"):
            run_ingest(other_host, e5)


def test_same_host_writer_is_stopped_by_the_file_lock_before_the_server(server, tmp_path, kb_copy, e5):
    settings = make_settings(tmp_path, knowledge=kb_copy, chroma_url=server.url)
    with IndexDirectory(settings.index_dir).writer_lock(), pytest.raises(IndexLockedError, match="another process"):
        run_ingest(settings, e5)
    assert LEASE not in {c.name for c in server.client().list_collections()}


def test_lease_of_a_dead_writer_is_taken_over_once_expired(server, tmp_path, kb_copy, e5):
    client = server.client()
    now = client.heartbeat() / 1e9
    client.create_collection(LEASE, metadata={"owner": "dead-host:1:x", "expires": now + 3600})
    settings = make_settings(tmp_path, knowledge=kb_copy, chroma_url=server.url)
    with pytest.raises(IndexLockedError, match="dead-host:1:x"):
        run_ingest(settings, e5)
    client.get_collection(LEASE).modify(metadata={"owner": "dead-host:1:x", "expires": now - 1})
    assert len(run_ingest(settings, e5).added) == 4
    assert LEASE not in {c.name for c in client.list_collections()}


def test_writer_that_lost_its_lease_does_not_publish(server, tmp_path, kb_copy, e5):
    settings = make_settings(tmp_path, knowledge=kb_copy, chroma_url=server.url)
    run_ingest(settings, e5)
    index = RemoteIndex(server.url, tmp_path / "slow-host")
    served, manifest = index.current_generation(), index.read_manifest()
    assert manifest is not None
    client = server.client()
    with index.writer_lock():
        generation = index.new_generation(copy_current=True)
        # The lease expired while this writer stalled, and another writer took it over.
        client.get_collection(LEASE).modify(name="taken-over")
        client.delete_collection("taken-over")
        client.create_collection(LEASE, metadata={"owner": "fast-host:2:y", "expires": client.heartbeat() / 1e9 + 60})
        with pytest.raises(IndexLockedError, match="lost its lease"):
            index.publish(generation, manifest)
    assert index.current_generation() == served
    assert client.get_collection(LEASE).metadata["owner"] == "fast-host:2:y"  # not removed by the loser


def test_crash_mid_ingest_leaves_the_previous_collection_serving(server, tmp_path, kb_copy, e5):
    settings = make_settings(tmp_path, knowledge=kb_copy, chroma_url=server.url)
    run_ingest(settings, e5)
    index = RemoteIndex(server.url, tmp_path / "reader")
    served, before = index.current_generation(), index.read_manifest()
    assert served is not None and before is not None
    (kb_copy / "guidance" / "fr" / "nouveau.md").write_text(NEW_DOC, encoding="utf-8")

    def crash(stage: str, done: int, total: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_ingest(settings, e5, progress=crash)
    assert index.current_generation() == served and index.read_manifest().to_json() == before.to_json()
    unfinished = server.generations() - {served}
    assert len(unfinished) == 1 and server.client().get_collection(unfinished.pop()).count() > 0
    runtime = build_runtime(settings, embeddings=e5)
    assert len(runtime.retriever) == before.chunk_count()
    assert "guidance/fr/nouveau.md" not in {p.doc_id for p in runtime.retriever.search("gouvernance", k=20)}

    report = run_ingest(settings, e5)
    assert report.added == ["guidance/fr/nouveau.md"] and report.chunks_embedded == 1
    published = index.current_generation()
    assert server.generations() == {served, published}  # the unfinished collection was cleaned up


def test_reingest_publishes_a_new_collection_and_removes_stale_ones(server, tmp_path, kb_copy, e5):
    settings = make_settings(tmp_path / "writer", knowledge=kb_copy, chroma_url=server.url)
    first = run_ingest(settings, e5)
    index = RemoteIndex(server.url, tmp_path / "reader")
    gen1 = index.current_generation()
    worker = make_settings(tmp_path / "worker", knowledge=kb_copy, chroma_url=server.url)
    reader = build_runtime(worker, embeddings=e5)

    # The manifest lives on the server: a writer on another disk sees nothing to do.
    elsewhere = make_settings(tmp_path / "other-disk", knowledge=kb_copy, chroma_url=server.url)
    unchanged = run_ingest(elsewhere, e5)
    assert not unchanged.changed and unchanged.chunks_embedded == 0 and index.current_generation() == gen1

    path = kb_copy / "guidance" / "fr" / "prompting.md"
    path.write_text(path.read_text().replace("Ne collez jamais", "Il ne faut jamais coller"), encoding="utf-8")
    second = run_ingest(elsewhere, e5)
    gen2 = index.current_generation()
    assert second.updated == ["guidance/fr/prompting.md"] and second.chunks_embedded == 1
    assert gen2 != gen1 and server.generations() == {gen1, gen2}
    assert reader.retriever.search("Quelles pratiques sont interdites ?", k=1)  # open on the previous one

    (kb_copy / "guidance" / "fr" / "qualiopi.md").unlink()
    third = run_ingest(settings, e5)
    gen3 = index.current_generation()
    assert third.removed == ["guidance/fr/qualiopi.md"] and server.generations() == {gen2, gen3}
    fresh = build_runtime(settings, embeddings=e5)
    assert len(fresh.retriever) == third.chunks_total < first.chunks_total
    found = fresh.retriever.search("What must a training programme sheet contain?", k=20)
    assert found and "guidance/fr/qualiopi.md" not in {p.doc_id for p in found}


def test_restarted_server_still_serves_the_index(server, tmp_path, kb_copy, e5):
    settings = make_settings(tmp_path, knowledge=kb_copy, chroma_url=server.url)
    report = run_ingest(settings, e5)
    server.stop()
    server.start(give_up=pytest.fail)  # it started once: failing to start again is a failure, not a skip
    runtime = build_runtime(settings, embeddings=e5)
    assert len(runtime.retriever) == report.chunks_total
    top = runtime.retriever.search("Quelles pratiques sont interdites ?", k=3)
    assert top[0].doc_id == "guidance/fr/ai-act.md"
    assert not run_ingest(settings, e5).changed  # the manifest survived too


def test_settings_choose_the_index_and_bad_urls_are_named(tmp_path):
    assert isinstance(index_location(make_settings(tmp_path)), IndexDirectory)
    with pytest.raises(ValueError, match="CAP_CHROMA_URL"):
        http_client("http://127.0.0.1:8001/some/path")
