"""The knowledge index on a Chroma server, for deployments where several workers share it.

Same guarantees as ``IndexDirectory``, with server-side state only (workers may not share a disk):
each ingest writes a new ``knowledge-gen-*`` collection; the ``knowledge-current`` collection's
metadata names the published one, the one before it and the manifest, and publishing rewrites that
metadata in one request. A writer holds the local file lock and a lease on the server.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import chromadb
from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection
from chromadb.config import Settings as ChromaSettings
from chromadb.errors import ChromaError, NotFoundError
from langchain_chroma import Chroma
from langchain_core.embeddings import Embeddings

from assistant.config import Settings
from assistant.knowledge.store import (
    COLLECTION,
    IndexDirectory,
    IndexLocation,
    IndexLockedError,
    IndexMissingError,
    Manifest,
)

POINTER = f"{COLLECTION}-current"
LEASE = f"{COLLECTION}-lock"
GENERATION_PREFIX = f"{COLLECTION}-gen-"
COPY_BATCH = 1000
LEASE_SECONDS = 60.0
log = logging.getLogger(__name__)


def index_location(settings: Settings) -> IndexLocation[Any]:
    """Pick the index from settings: the Chroma server when ``chroma_url`` is set, else ``data/index``."""
    if settings.chroma_url:
        return RemoteIndex(settings.chroma_url, lock_dir=settings.index_dir)
    return IndexDirectory(settings.index_dir)


def http_client(url: str) -> ClientAPI:
    """Connect to the Chroma server at ``url`` (``http[s]://host[:port]``) with telemetry off."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/"):
        raise ValueError(f"CAP_CHROMA_URL must look like http://host:port, not {url!r}")
    ssl = parts.scheme == "https"
    try:
        return chromadb.HttpClient(
            host=parts.hostname,
            port=parts.port or (443 if ssl else 8000),
            ssl=ssl,
            settings=ChromaSettings(anonymized_telemetry=False),
        )
    except Exception as exc:  # the client checks the server at once; say which setting to fix
        raise IndexMissingError(f"cannot reach the Chroma server at {url} (CAP_CHROMA_URL): {exc}") from exc


class ServerLease:
    """A writer lease: a collection only one client can create, whose metadata says who holds it until when.

    Creating a collection whose name exists fails on the server, so two writers cannot both win.
    Expiry uses the server's clock (its heartbeat), so clock skew between workers does not matter;
    a thread renews the lease while it is held, so only a writer that died loses it.
    """

    def __init__(self, client: ClientAPI, where: str, seconds: float = LEASE_SECONDS) -> None:
        self.client = client
        self.where = where
        self.seconds = seconds
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"
        self._held: Collection | None = None
        self._stop = threading.Event()
        self._renewer: threading.Thread | None = None

    def __enter__(self) -> ServerLease:
        self._held = self._acquire()
        self._renewer = threading.Thread(target=self._renew_until_stopped, name="index-lease", daemon=True)
        self._renewer.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        if self._renewer is not None:
            self._renewer.join()
        held, self._held = self._held, None
        if held is None:
            return
        try:
            self._discard(held)  # by id: never someone else's lease taken over after ours expired
        except Exception:  # must not hide the error that ended the write; the lease expires on its own
            log.warning("could not release the index lease; it expires in %.0f s", self.seconds, exc_info=True)

    def _server_time(self) -> float:
        return self.client.heartbeat() / 1e9

    def _terms(self) -> dict[str, str | float]:
        return {"owner": self.owner, "expires": self._server_time() + self.seconds}

    def _acquire(self) -> Collection:
        for _ in range(3):
            try:
                return self.client.create_collection(LEASE, metadata=self._terms())
            except ChromaError:
                pass  # it exists: see whether it is still valid
            try:
                held = self.client.get_collection(LEASE)
            except NotFoundError:
                continue  # released meanwhile
            meta = held.metadata or {}
            expires = meta.get("expires")
            remaining = (expires if isinstance(expires, float | int) else 0.0) - self._server_time()
            if remaining > 0:
                raise IndexLockedError(
                    f"the knowledge index on {self.where} is being written by another process "
                    f"({meta.get('owner')}, lease valid {remaining:.0f} s more); wait for it to finish and try again"
                )
            log.warning("taking over the expired index lease of %s", meta.get("owner"))
            self._discard(held)
        raise IndexLockedError(f"the knowledge index on {self.where} is contended by other writers; try again")

    def _discard(self, lease: Collection) -> None:
        """Delete ``lease`` by id: rename it to a unique name first, as the server deletes by name."""
        doomed = f"{LEASE}-released-{secrets.token_hex(4)}"
        try:
            lease.modify(name=doomed)
            self.client.delete_collection(doomed)
        except NotFoundError:
            pass  # another writer removed it first

    def _renew_until_stopped(self) -> None:
        while not self._stop.wait(self.seconds / 3):
            try:
                self.renew()
            except Exception:  # a network hiccup: the next renewal or check() decides
                log.warning("could not renew the index lease", exc_info=True)

    def renew(self) -> None:
        """Push the expiry forward."""
        if self._held is not None:
            self._held.modify(metadata=self._terms())

    def check(self) -> None:
        """Raise ``IndexLockedError`` unless this writer still holds the lease, then renew it."""
        try:
            current = self.client.get_collection(LEASE).id
        except NotFoundError:
            current = None
        if self._held is None or current != self._held.id:
            raise IndexLockedError(
                f"this writer lost its lease on the knowledge index on {self.where} (it expired and another "
                "process took it over); nothing was published, run the ingest again"
            )
        self.renew()


class RemoteIndex:
    """The index on a Chroma server: generation collections, a pointer collection and a writer lease."""

    def __init__(self, url: str, lock_dir: Path, lease_seconds: float = LEASE_SECONDS) -> None:
        self.url = url
        self.client = http_client(url)
        self.local = IndexDirectory(lock_dir)  # only for its file lock: same-host writers fail before the network
        self.lease_seconds = lease_seconds
        self._lease: ServerLease | None = None

    def _pointer(self) -> dict[str, Any]:
        try:
            return dict(self.client.get_collection(POINTER).metadata or {})
        except NotFoundError:
            return {}

    def current_generation(self) -> str | None:
        """Name of the published generation collection, if any."""
        return self._pointer().get("generation") or None

    def read_manifest(self) -> Manifest | None:
        """Return the manifest of the published generation (stored with the pointer)."""
        manifest = self._pointer().get("manifest")
        return Manifest.from_json(manifest) if manifest else None

    def open_current(self, embeddings: Embeddings) -> Chroma:
        """Open the published generation for reading."""
        for _ in range(3):
            generation = self.current_generation()
            if generation is None:
                break
            try:
                return self.open_generation(generation, embeddings)
            except NotFoundError:
                continue  # replaced twice between reading the pointer and opening: read it again
        raise IndexMissingError(f"no knowledge index on the Chroma server {self.url}; run `cap-ia ingest` first")

    @contextmanager
    def writer_lock(self) -> Iterator[None]:
        """Hold the local file lock and the server lease, failing fast if another writer has either."""
        with self.local.writer_lock(), ServerLease(self.client, self.url, self.lease_seconds) as lease:
            self._lease = lease
            try:
                yield
            finally:
                self._lease = None

    def _held_lease(self) -> ServerLease:
        if self._lease is None:
            raise RuntimeError("write the index inside writer_lock()")
        return self._lease

    def new_generation(self, copy_current: bool) -> str:
        """Create a fresh generation collection, optionally holding a copy of the published chunks."""
        self._held_lease()
        self.remove_stale()
        name = f"{GENERATION_PREFIX}{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{secrets.token_hex(3)}"
        target = self.client.create_collection(name, metadata={"hnsw:space": "cosine"})
        current = self.current_generation()
        if copy_current and current is not None:
            source = self.client.get_collection(current)
            # The server cannot fork a collection locally: copy stored vectors, never re-embed.
            for offset in range(0, source.count(), COPY_BATCH):
                rows = source.get(include=["embeddings", "documents", "metadatas"], limit=COPY_BATCH, offset=offset)
                target.add(
                    ids=rows["ids"],
                    embeddings=rows["embeddings"],
                    documents=rows["documents"],
                    metadatas=rows["metadatas"],
                )
        return name

    def open_generation(self, generation: str, embeddings: Embeddings) -> Chroma:
        """Open an existing generation collection (never create one: a missing name is an error)."""
        return Chroma(
            collection_name=generation,
            embedding_function=embeddings,
            client=self.client,
            create_collection_if_not_exists=False,
        )

    def publish(self, generation: str, manifest: Manifest) -> None:
        """Point readers at ``generation`` with one metadata update, then delete older generations."""
        # check() renews the lease, so no other writer can take it over before it expires again.
        self._held_lease().check()
        pointer = self.client.get_or_create_collection(POINTER)
        previous = (pointer.metadata or {}).get("generation") or ""
        pointer.modify(metadata={"generation": generation, "previous": previous, "manifest": manifest.to_json()})
        self.remove_stale()

    def remove_stale(self) -> None:
        """Delete unfinished and replaced generations, keeping the previous one for open readers."""
        self._held_lease()
        pointer = self._pointer()
        keep = {pointer.get("generation"), pointer.get("previous")}
        for collection in self.client.list_collections():
            if collection.name.startswith(GENERATION_PREFIX) and collection.name not in keep:
                self.client.delete_collection(collection.name)
