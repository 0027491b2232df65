"""Back up and restore what Cap IA keeps: the database, the conversation checkpoints and the knowledge index."""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
import time
from contextlib import ExitStack, closing
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import make_url
from sqlalchemy.exc import DBAPIError

from assistant.backup.archive import (
    CHECKPOINTS,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    file_sha256,
    unpack,
    versions,
    write_archive,
)
from assistant.backup.errors import BackupError
from assistant.backup.load import check_target, load_tables
from assistant.backup.tables import dump_database, transaction
from assistant.config import Settings
from assistant.knowledge.store import MANIFEST_FILE, IndexDirectory, Manifest
from assistant.storage.db import make_engine, make_sessions

INGEST_NOTE = "the knowledge index is derived data: rebuild it with `cap-ia ingest`"


@dataclass(frozen=True)
class BackupReport:
    """What an archive holds."""

    archive: Path
    tables: dict[str, int]
    threads: int | None
    index: str | None
    size: int
    seconds: float
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class RestoreReport:
    """What a restore put back."""

    tables: dict[str, int]
    threads: int | None
    index: str | None
    seconds: float
    notes: list[str] = field(default_factory=list)


def create_backup(settings: Settings, archive: Path) -> BackupReport:
    """Write database, checkpoints and published index to one ``.tar.gz``, which appears only when complete."""
    started = time.perf_counter()
    url = make_url(settings.sqlalchemy_url)
    if url.get_backend_name() == "sqlite" and url.database and not Path(url.database).exists():
        raise BackupError(f"no database at {url.database}: nothing to back up (check CAP_DATA_DIR, CAP_DATABASE_URL)")
    with tempfile.TemporaryDirectory(prefix="cap-ia-backup-") as folder:
        staging = Path(folder)
        (staging / "db").mkdir()
        engine = make_engine(settings.sqlalchemy_url)
        try:
            tables = dump_database(engine, staging / "db")
        finally:
            engine.dispose()
        threads = None
        if settings.checkpoint_path.exists():
            (staging / CHECKPOINTS).parent.mkdir()
            _sqlite_copy(str(settings.checkpoint_path), staging / CHECKPOINTS)
            threads = _sqlite_threads(staging / CHECKPOINTS)
        notes: list[str] = []
        index = _copy_index(settings, staging / "index", notes)
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": datetime.now(UTC).isoformat(),
            **versions(),
            "database": {"dialect": engine.dialect.name, "tables": tables},
            "checkpoints": None if threads is None else {"file": CHECKPOINTS, "threads": threads},
            "index": index,
            "notes": notes,
            "files": {
                path.relative_to(staging).as_posix(): file_sha256(path)
                for path in sorted(staging.rglob("*"))
                if path.is_file()
            },
        }
        (staging / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        write_archive(staging, archive)
    return BackupReport(
        archive,
        {t["name"]: t["rows"] for t in tables},
        threads,
        index["generation"] if index else None,
        archive.stat().st_size,
        time.perf_counter() - started,
        notes,
    )


def _copy_index(settings: Settings, target: Path, notes: list[str]) -> dict[str, Any] | None:
    """Copy the published index generation, holding the writer lock so no ingest changes it meanwhile."""
    if settings.chroma_url:
        notes.append(f"index not included (it lives on the Chroma server {settings.chroma_url}); {INGEST_NOTE}")
        return None
    directory = IndexDirectory(settings.index_dir)
    if directory.current_generation() is None:
        notes.append(f"no knowledge index was published yet; {INGEST_NOTE}")
        return None
    with directory.writer_lock():
        generation = directory.current_generation()
        assert generation is not None  # only an ingest publishes, and it needs the lock we hold
        shutil.copytree(generation, target)
    chunks = Manifest.from_json((target / MANIFEST_FILE).read_text(encoding="utf-8")).chunk_count()
    return {"generation": generation.name, "chunks": chunks}


def _sqlite_copy(source: str, target: Path) -> None:
    """Copy a SQLite database with the online backup API: consistent even while the app writes to it."""
    with closing(sqlite3.connect(source)) as origin, closing(sqlite3.connect(target)) as copy:
        origin.backup(copy)


def _sqlite_threads(path: Path) -> int:
    """Conversations in a LangGraph checkpoint file (0 when it holds none)."""
    if not path.exists():
        return 0
    with closing(sqlite3.connect(path)) as db:
        if not db.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='checkpoints'").fetchone():
            return 0
        return int(db.execute("SELECT COUNT(DISTINCT thread_id) FROM checkpoints").fetchone()[0])


def restore_backup(settings: Settings, archive: Path, force: bool = False) -> RestoreReport:
    """Restore an archive into the settings' database, checkpoint file and index; refuse without changing anything."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="cap-ia-restore-") as folder:
        staging = Path(folder)
        manifest = unpack(archive, staging)
        notes = [f"backup of {manifest.get('created_at')} made by Cap IA {manifest.get('app_version')}"]
        index = manifest.get("index")
        if index and settings.chroma_url:
            notes.append(
                f"index not restored (this instance uses the Chroma server {settings.chroma_url}); {INGEST_NOTE}"
            )
            index = None
        elif index and not _same_minor(manifest.get("chromadb_version"), versions()["chromadb_version"]):
            notes.append(f"index not restored (made with chromadb {manifest.get('chromadb_version')}); {INGEST_NOTE}")
            index = None
        elif not index:
            notes.append(f"the archive holds no knowledge index; {INGEST_NOTE}")
        if not force and _sqlite_threads(settings.checkpoint_path):
            raise BackupError(
                f"{settings.checkpoint_path} already holds conversations; restore into an empty data folder, "
                "or pass --force to replace them (nothing was changed)"
            )
        engine = make_engine(settings.sqlalchemy_url)
        directory = IndexDirectory(settings.index_dir)
        checkpoints = manifest.get("checkpoints")
        try:
            make_sessions(engine)  # the schema of this version (migrations included)
            with ExitStack() as held:
                try:
                    with transaction(engine, write=True) as connection:
                        present = check_target(connection, manifest["database"], force)
                        if index:  # held until the index is published; a running ingest refuses the restore here
                            held.enter_context(directory.writer_lock())
                        load_tables(connection, staging, manifest["database"]["tables"], present, force, notes)
                except DBAPIError as exc:
                    raise BackupError(
                        f"the backup does not fit this database ({exc.orig}); nothing was changed"
                    ) from None
                try:
                    settings.checkpoint_path.parent.mkdir(parents=True, exist_ok=True)
                    if checkpoints or settings.checkpoint_path.exists():  # an archive without any empties the file
                        source = str(staging / CHECKPOINTS) if checkpoints else ":memory:"
                        _sqlite_copy(source, settings.checkpoint_path)
                    generation = _publish_index(directory, staging / "index") if index else None
                except (OSError, sqlite3.Error) as exc:
                    raise BackupError(
                        f"the database was restored, but not the conversations or the index ({exc}): "
                        "stop Cap IA and restore again with --force"
                    ) from None
        finally:
            engine.dispose()
    tables = {entry["name"]: entry["rows"] for entry in manifest["database"]["tables"]}
    threads = checkpoints["threads"] if checkpoints else None
    return RestoreReport(tables, threads, generation, time.perf_counter() - started, notes)


def _same_minor(made: object, installed: str) -> bool:
    return str(made).split(".")[:2] == installed.split(".")[:2]


def _publish_index(directory: IndexDirectory, staged: Path) -> str:
    """Copy the archived index into a new generation and publish it; readers of the old one carry on."""
    generation = directory.new_generation(copy_current=False)
    shutil.copytree(
        staged,
        generation,
        dirs_exist_ok=True,
        ignore=lambda folder, _: [MANIFEST_FILE] if Path(folder) == staged else [],
    )
    directory.publish(generation, Manifest.from_json((staged / MANIFEST_FILE).read_text(encoding="utf-8")))
    return generation.name
