"""An ingest killed with SIGKILL mid-write leaves the previous index serving, and the next run recovers."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from assistant.knowledge.ingest import SourceFolder, ingest
from assistant.knowledge.store import IndexDirectory

# Ingests in a child process whose progress callback, once the first batch is written to the new generation,
# says so and then waits to be killed: a crash at the worst moment, without any clean-up code running.
CHILD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from assistant.knowledge.embeddings import LocalE5Embeddings
    from assistant.knowledge.ingest import SourceFolder, ingest
    from assistant.knowledge.store import IndexDirectory

    kb, index, marker = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])

    def progress(stage, done, total):
        marker.write_text(f"{stage} {done}/{total}")
        time.sleep(120)

    ingest([SourceFolder(kb / "guidance", "guidance/")], IndexDirectory(index), LocalE5Embeddings(), progress=progress)
    """
)


def test_sigkill_mid_ingest_keeps_the_previous_index_and_the_next_run_recovers(
    tmp_path: Path, kb_copy: Path, embeddings
):
    sources = [SourceFolder(kb_copy / "guidance", "guidance/")]
    index = IndexDirectory(tmp_path / "index")
    ingest(sources, index, embeddings)
    before = index.read_manifest()
    assert before is not None
    published = index.current_generation()
    question = "Quelles pratiques sont interdites ?"
    answer_before = [d.page_content for d in index.open_current(embeddings).similarity_search(question, k=3)]
    (kb_copy / "guidance" / "fr" / "nouveau.md").write_text(
        '---\ntitle: "Nouveau"\nlang: fr\naudience: [manager]\ntags: [data]\nsources:\n'
        '  - title: "CNIL"\n    url: "https://www.cnil.fr"\n---\n'
        "# Nouveau\n\n## Partie\nUn nouveau document sur la gouvernance des données.\n",
        encoding="utf-8",
    )

    marker = tmp_path / "writing"
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(kb_copy), str(index.root), str(marker)])
    try:
        deadline = time.monotonic() + 120
        while not marker.exists() and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert marker.exists(), "the child never reached the write"
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == -signal.SIGKILL

    # The unfinished generation is on disk but was never published.
    assert len(list(index.root.glob("gen-*"))) == 2
    assert index.current_generation() == published
    after = index.read_manifest()
    assert after is not None and after.to_json() == before.to_json()
    store = index.open_current(embeddings)
    assert store._collection.count() == before.chunk_count()
    assert [d.page_content for d in store.similarity_search(question, k=3)] == answer_before

    # The lock died with the process: the next run writes, publishes the new document and removes the leftover.
    report = ingest(sources, index, embeddings)
    assert report.added == ["guidance/fr/nouveau.md"]
    assert index.current_generation() != published
    assert all((g / "manifest.json").exists() for g in index.root.glob("gen-*"))
