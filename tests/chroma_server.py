"""A real ``chroma run`` server on a loopback port, and memoised embeddings, for the client-server tests and bench."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

import chromadb
from chromadb.config import Settings as ChromaSettings
from langchain_core.embeddings import Embeddings

from assistant.knowledge.remote_store import GENERATION_PREFIX

CHROMA = Path(sys.executable).parent / "chroma"
CHROMA_BIN = str(CHROMA) if CHROMA.exists() else shutil.which("chroma")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ChromaServer:
    """A ``chroma run`` process on a loopback port, restartable on the same data path."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = path.parent / "chroma.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, give_up: Callable[[str], NoReturn]) -> None:
        """Start the server and wait until its heartbeat answers; call ``give_up`` (skip, fail, exit) if it cannot."""
        with open(self.log, "ab") as log:
            args = f"run --host 127.0.0.1 --port {self.port} --path".split()
            self.process = subprocess.Popen(
                [str(CHROMA_BIN), *args, str(self.path)], stdout=log, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                give_up(f"the chroma server could not start:\n{self.log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/api/v2/heartbeat", timeout=1) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        self.stop()
        give_up(f"the chroma server did not answer its heartbeat:\n{self.log.read_text()[-2000:]}")

    def stop(self) -> None:
        """Terminate the server process (kill it if it lingers)."""
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None

    def client(self) -> chromadb.api.ClientAPI:
        """A plain client, for looking at what the server holds."""
        return chromadb.HttpClient(
            host="127.0.0.1", port=self.port, settings=ChromaSettings(anonymized_telemetry=False)
        )

    def generations(self) -> set[str]:
        """Names of the generation collections on the server."""
        return {c.name for c in self.client().list_collections() if c.name.startswith(GENERATION_PREFIX)}


class MemoEmbeddings(Embeddings):
    """Real embeddings, each text computed once (the same files are ingested again and again)."""

    def __init__(self, inner: Embeddings) -> None:
        self.inner = inner
        self.model_id = inner.model_id  # type: ignore[attr-defined]
        self.passages: dict[str, list[float]] = {}
        self.queries: dict[str, list[float]] = {}
        self.computed = 0

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        missing = [t for t in dict.fromkeys(texts) if t not in self.passages]
        self.computed += len(missing)
        self.passages.update(zip(missing, self.inner.embed_documents(missing) if missing else [], strict=True))
        return [self.passages[t] for t in texts]

    def embed_query(self, text: str) -> list[float]:
        if text not in self.queries:
            self.queries[text] = self.inner.embed_query(text)
        return self.queries[text]
