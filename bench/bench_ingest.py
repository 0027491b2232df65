"""Ingest throughput: cold, unchanged (incremental) and one file changed. Prints figures."""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from common import PROJECT_ROOT, temp_settings

from assistant.models import build_embeddings
from assistant.runtime import run_ingest


def main() -> None:
    root = Path(tempfile.mkdtemp(prefix="cap-bench-ingest-"))
    knowledge = root / "knowledge"
    shutil.copytree(PROJECT_ROOT / "knowledge", knowledge)
    settings = temp_settings(root, knowledge_dir=knowledge)
    embeddings = build_embeddings(settings)
    cold = run_ingest(settings, embeddings)
    docs = len(cold.added)
    print(
        f"cold ingest: {docs} documents, {cold.chunks_embedded} chunks in {cold.seconds:.1f} s "
        f"({cold.chunks_embedded / cold.seconds:.1f} chunks/s, {docs / cold.seconds:.2f} docs/s)"
    )
    runs = []
    for _ in range(3):
        runs.append(run_ingest(settings, embeddings).seconds)
    print(f"re-ingest unchanged: best {min(runs):.2f} s, worst {max(runs):.2f} s (0 chunks embedded)")
    target = next((knowledge / "guidance" / "fr").glob("*.md"))
    target.write_text(target.read_text(encoding="utf-8") + "\n\n## Note de test\nUne section ajoutée pour mesurer.\n")
    started = time.perf_counter()
    changed = run_ingest(settings, embeddings)
    print(f"one file changed: {changed.chunks_embedded} chunk(s) embedded in {time.perf_counter() - started:.2f} s")
    shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
