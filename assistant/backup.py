"""Back up and restore what Cap IA keeps: the database, the conversation checkpoints and the knowledge index."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import os
import shutil
import sqlite3
import tarfile
import tempfile
import time
import uuid
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import ExitStack, closing, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from datetime import time as clock_time
from decimal import Decimal
from importlib import metadata
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Connection, Engine, MetaData, Table, func, make_url, select, text
from sqlalchemy import types as sqltypes
from sqlalchemy.exc import DBAPIError
from sqlalchemy.schema import CreateIndex, CreateTable

from assistant.config import Settings
from assistant.knowledge.store import MANIFEST_FILE, IndexDirectory, Manifest
from assistant.storage.db import make_engine, make_sessions

FORMAT, FORMAT_VERSION, MANIFEST = "cap-ia-backup", 1, "manifest.json"
CHECKPOINTS = "checkpoints/conversations.sqlite"
# Tables that record a schema's version (Alembic's, LangGraph's), not data: they never make a database
# "non-empty", and where the target's own migrations already filled them, the target's rows stand.
SCHEMA_TABLES = frozenset({"alembic_version", "checkpoint_migrations"})
INGEST_NOTE = "the knowledge index is derived data: rebuild it with `cap-ia ingest`"
_BATCH = 500


class BackupError(RuntimeError):
    """A backup or restore that cannot be done; the message says why and what to do."""


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


def _encode(value: Any) -> Any:
    """A JSON value that the column's type decodes back to ``value`` (datetimes as UTC ISO text)."""
    if isinstance(value, datetime):
        return (value.astimezone(UTC) if value.tzinfo else value).isoformat()
    if isinstance(value, date | clock_time):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if value is None or isinstance(value, str | int | float | dict | list):
        return value
    raise BackupError(f"cannot store a database value of type {type(value).__name__}")


def _row_digest(row: Mapping[Any, Any], columns: Sequence[str]) -> bytes:
    """SHA-256 of one row; datetimes as naive UTC, as SQLite gives them back naive and PostgreSQL aware."""
    canonical = {}
    for name in columns:
        value = row[name]
        if isinstance(value, datetime) and value.tzinfo:
            value = value.astimezone(UTC).replace(tzinfo=None)
        canonical[name] = _encode(value)
    line = json.dumps(canonical, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(line.encode()).digest()


def scan_table(
    connection: Connection, table: Table, columns: Sequence[str], out: IO[str] | None = None
) -> tuple[int, str]:
    """Count and hash a table's rows (in any order, so every database agrees), writing them as JSON lines to ``out``."""
    digests = []
    query = select(*(table.c[name] for name in columns)).order_by(*table.primary_key.columns)
    for row in connection.execute(query.execution_options(yield_per=1000)).mappings():
        if out is not None:
            out.write(json.dumps({name: _encode(row[name]) for name in columns}, ensure_ascii=False) + "\n")
        digests.append(_row_digest(row, columns))
    return len(digests), hashlib.sha256(b"".join(sorted(digests))).hexdigest()


def reflect(connection: Connection) -> list[Table]:
    """Every table of the database (the app's and any other), parents before children."""
    tables = MetaData()
    tables.reflect(connection)
    return list(tables.sorted_tables)


@contextmanager
def _transaction(engine: Engine, write: bool) -> Iterator[Connection]:
    """One real transaction: a consistent snapshot to read, or all-or-nothing writes (DDL included)."""
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            # pysqlite sends no BEGIN before reads or DDL: without this each statement would stand alone.
            connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")
        elif engine.dialect.name == "postgresql" and not write:
            connection.execution_options(isolation_level="REPEATABLE READ")
        try:
            yield connection
        except BaseException:
            connection.rollback()
            raise
        if write:
            connection.commit()
        else:
            connection.rollback()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


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


def _versions() -> dict[str, str]:
    found = {}
    for key, package in (("app_version", "cap-ia"), ("chromadb_version", "chromadb")):
        try:
            found[key] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[key] = "unknown"
    return found


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
            tables = _dump_database(engine, staging / "db")
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
            **_versions(),
            "database": {"dialect": engine.dialect.name, "tables": tables},
            "checkpoints": None if threads is None else {"file": CHECKPOINTS, "threads": threads},
            "index": index,
            "notes": notes,
            "files": {
                path.relative_to(staging).as_posix(): _sha256(path)
                for path in sorted(staging.rglob("*"))
                if path.is_file()
            },
        }
        (staging / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        _write_archive(staging, archive)
    return BackupReport(
        archive,
        {t["name"]: t["rows"] for t in tables},
        threads,
        index["generation"] if index else None,
        archive.stat().st_size,
        time.perf_counter() - started,
        notes,
    )


def _dump_database(engine: Engine, folder: Path) -> list[dict[str, Any]]:
    """Write every table as JSON lines from one snapshot, parents first; describe each for the manifest."""
    tables = []
    with _transaction(engine, write=False) as connection:
        for table in reflect(connection):
            if not _safe_table_name(table.name):
                raise BackupError(f"table name {table.name!r} cannot be a file name in the archive")
            columns = [column.name for column in table.columns]
            with (folder / f"{table.name}.jsonl").open("w", encoding="utf-8") as out:
                rows, digest = scan_table(connection, table, columns, out)
            ddl = _ddl(connection, table)
            tables.append({"name": table.name, "columns": columns, "rows": rows, "sha256": digest, "ddl": ddl})
    return tables


def _safe_table_name(name: str) -> bool:
    """A table name that is also a plain file name (it names the table's file in the archive)."""
    return bool(name) and "/" not in name and "\\" not in name and not name.startswith(".")


def _ddl(connection: Connection, table: Table) -> list[str]:
    """Statements recreating a table and its indexes on the same kind of database."""
    if connection.dialect.name == "sqlite":  # the original text: reflection drops the ON DELETE clauses
        query = "SELECT sql FROM sqlite_master WHERE tbl_name = :name AND sql IS NOT NULL ORDER BY type != 'table'"
        return list(connection.scalars(text(query), {"name": table.name}))
    dialect = connection.dialect
    return [str(CreateTable(table).compile(dialect=dialect))] + [
        str(CreateIndex(index).compile(dialect=dialect)) for index in table.indexes
    ]


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


def _write_archive(staging: Path, archive: Path) -> None:
    """Pack ``staging`` (manifest first) under a temporary name, then rename it: no half archive is ever seen."""
    archive.parent.mkdir(parents=True, exist_ok=True)
    partial = archive.with_name(f".{archive.name}.{os.getpid()}.partial")
    try:
        with partial.open("wb") as raw:
            with tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as tar:
                tar.add(staging / MANIFEST, arcname=MANIFEST)
                for path in sorted(staging.rglob("*")):
                    if path.name != MANIFEST or path.parent != staging:
                        tar.add(path, arcname=path.relative_to(staging).as_posix(), recursive=False)
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(partial, archive)
    except OSError as exc:
        raise BackupError(f"cannot write {archive}: {exc}") from None
    finally:
        partial.unlink(missing_ok=True)


def _unpack(archive: Path, staging: Path) -> dict[str, Any]:
    """Check the whole archive and extract it; refuse anything missing, truncated, altered or of another format."""
    if not archive.is_file():
        raise BackupError(f"no backup archive at {archive}")
    unreadable = f"{archive} is not a readable Cap IA backup (truncated or corrupt)"
    try:
        with gzip.open(archive) as stream:  # reading to the end checks the length and CRC of the whole archive
            while stream.read(1 << 20):
                pass
        with tarfile.open(archive, "r:gz") as tar:
            first = tar.next()
            handle = tar.extractfile(first) if first is not None and first.name == MANIFEST else None
            if handle is None:
                raise BackupError(f"{archive} is not a Cap IA backup: it does not start with {MANIFEST}")
            manifest = json.loads(handle.read())
            if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
                raise BackupError(f"{archive} is not a Cap IA backup (no {FORMAT!r} manifest)")
            if manifest.get("format_version") != FORMAT_VERSION:
                raise BackupError(
                    f"{archive} has backup format version {manifest.get('format_version')!r}; this version of "
                    f"Cap IA reads version {FORMAT_VERSION} only: restore it with the release that wrote it"
                )
            files: dict[str, str] = manifest["files"]
            tables = [table["name"] for table in manifest["database"]["tables"]]
            if not all(_safe_table_name(name) for name in tables):
                raise BackupError(f"{archive}: a table name in the manifest is not a plain name; refusing it")
            needed = [f"db/{name}.jsonl" for name in tables] + [CHECKPOINTS] * bool(manifest["checkpoints"])
            needed += [f"index/{MANIFEST_FILE}"] * bool(manifest["index"])
            for member in tar:
                if member.name == MANIFEST or member.isdir():
                    continue
                if member.name not in files or not member.isfile():
                    raise BackupError(f"{archive}: unexpected entry {member.name!r}; refusing to restore it")
                tar.extract(member, staging, filter="data")
    except (tarfile.TarError, EOFError, zlib.error, OSError, ValueError, KeyError, TypeError) as exc:
        raise BackupError(f"{unreadable}: {exc}") from None
    for name in [*files, *needed]:
        if not (staging / name).is_file() or _sha256(staging / name) != files.get(name):
            raise BackupError(f"{unreadable}: {name} is missing or altered")
    return manifest


def restore_backup(settings: Settings, archive: Path, force: bool = False) -> RestoreReport:
    """Restore an archive into the settings' database, checkpoint file and index; refuse without changing anything."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="cap-ia-restore-") as folder:
        staging = Path(folder)
        manifest = _unpack(archive, staging)
        notes = [f"backup of {manifest.get('created_at')} made by Cap IA {manifest.get('app_version')}"]
        index = manifest.get("index")
        if index and settings.chroma_url:
            notes.append(
                f"index not restored (this instance uses the Chroma server {settings.chroma_url}); {INGEST_NOTE}"
            )
            index = None
        elif index and not _same_minor(manifest.get("chromadb_version"), _versions()["chromadb_version"]):
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
                    with _transaction(engine, write=True) as connection:
                        present = _check_target(connection, manifest["database"], force)
                        if index:  # held until the index is published; a running ingest refuses the restore here
                            held.enter_context(directory.writer_lock())
                        _load(connection, staging, manifest["database"]["tables"], present, force, notes)
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


def _check_target(connection: Connection, database: dict[str, Any], force: bool) -> dict[str, Table]:
    """Make sure every archived column has a place and, unless forced, that the database holds no data."""
    dumped: list[dict[str, Any]] = database["tables"]
    present = _create_missing(connection, dumped, database["dialect"])
    unknown = [f"{e['name']}.{c}" for e in dumped for c in e["columns"] if c not in present[e["name"]].c]
    if unknown:
        raise BackupError(
            f"this database has no column {', '.join(unknown)}: the backup comes from another version; "
            "restore it with the release that wrote it (nothing was changed)"
        )
    data = [table for table in present.values() if table.name not in SCHEMA_TABLES]
    busy = {table.name: rows for table in data if (rows := _count(connection, table))}
    if busy and not force:
        held = ", ".join(f"{name} ({rows} rows)" for name, rows in busy.items())
        raise BackupError(
            f"the target database already holds data: {held}; restore into an empty database, "
            "or pass --force to replace its content (nothing was changed)"
        )
    return present


def _load(
    connection: Connection,
    staging: Path,
    dumped: list[dict[str, Any]],
    present: dict[str, Table],
    force: bool,
    notes: list[str],
) -> None:
    """Replace the data with the archive's and check it against the archive's hashes before commit."""
    if force:
        data = [table for table in present.values() if table.name not in SCHEMA_TABLES]
        with _guards_lifted(connection, data):
            for table in reversed(data):
                connection.execute(table.delete())
    kept = {e["name"] for e in dumped if e["name"] in SCHEMA_TABLES and _count(connection, present[e["name"]])}
    wanted = {entry["name"]: entry for entry in dumped if entry["name"] not in kept}
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("PRAGMA defer_foreign_keys = ON")  # checked at commit: any row order works
    loaded = [table for table in present.values() if table.name in wanted]  # the target's parents-first order
    for table in loaded:
        _insert(connection, table, staging / "db" / f"{table.name}.jsonl", wanted[table.name]["columns"])
    _reset_sequences(connection, loaded)
    wrong = []
    for entry in dumped:
        rows, digest = scan_table(connection, present[entry["name"]], entry["columns"])
        if (rows, digest) == (entry["rows"], entry["sha256"]):
            continue
        if entry["name"] in kept:
            notes.append(f"{entry['name']} differs: the backup was made at another schema version")
        else:
            wrong.append(f"{entry['name']} ({rows} rows, {entry['rows']} in the backup)")
    if wrong:
        raise BackupError(f"restored data differ from the backup in {', '.join(wrong)}; nothing was changed")


def _count(connection: Connection, table: Table) -> int:
    return int(connection.scalar(select(func.count()).select_from(table)) or 0)


def _create_missing(connection: Connection, dumped: list[dict[str, Any]], dialect: str) -> dict[str, Table]:
    """Reflect the target, first creating the tables only the backup has (e.g. LangGraph's) on a like database."""
    present = {table.name: table for table in reflect(connection)}
    missing = [entry for entry in dumped if entry["name"] not in present]
    if missing and dialect != connection.dialect.name:
        raise BackupError(
            f"this database has no table {', '.join(e['name'] for e in missing)} and the backup comes from "
            f"{dialect}: create them first, or restore into {dialect} (nothing was changed)"
        )
    for entry in missing:
        for statement in entry["ddl"]:
            connection.exec_driver_sql(statement)
    return {table.name: table for table in reflect(connection)} if missing else present


def _decoder(column: sqltypes.TypeEngine[Any]) -> Callable[[Any], Any]:
    """Turn an archived JSON value back into what the target column stores."""
    if isinstance(column, sqltypes.DateTime):
        aware = bool(column.timezone)

        def moment(value: str) -> datetime:
            parsed = datetime.fromisoformat(value)
            if aware:
                return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)  # the app stores UTC
            return parsed.astimezone(UTC).replace(tzinfo=None) if parsed.tzinfo else parsed

        return moment
    if isinstance(column, sqltypes.Date):
        return date.fromisoformat
    if isinstance(column, sqltypes.Time):
        return clock_time.fromisoformat
    if isinstance(column, sqltypes.LargeBinary | sqltypes.BINARY | sqltypes.VARBINARY):
        return base64.b64decode
    if isinstance(column, sqltypes.Numeric) and not isinstance(column, sqltypes.Float) and column.asdecimal:
        return Decimal
    return lambda value: value


def _insert(connection: Connection, table: Table, path: Path, columns: Sequence[str]) -> None:
    for column in table.columns:
        if isinstance(column.type, sqltypes.JSON):
            # A None read from a JSON column goes back as SQL NULL, not as the JSON text 'null'.
            column.type = type(column.type)(none_as_null=True)
    decoders = {name: _decoder(table.c[name].type) for name in columns}
    batch: list[dict[str, Any]] = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            batch.append({name: None if record[name] is None else decoders[name](record[name]) for name in columns})
            if len(batch) == _BATCH:
                connection.execute(table.insert(), batch)
                batch = []
    if batch:
        connection.execute(table.insert(), batch)


@contextmanager
def _guards_lifted(connection: Connection, tables: Sequence[Table]) -> Iterator[None]:
    """Lift the triggers (the audit log's append-only guard among them) for the wipe only.

    Both databases run this DDL inside the restore's transaction, so a failure brings the triggers back.
    """
    names = [table.name for table in tables]
    if connection.dialect.name == "sqlite":
        triggers = connection.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")).all()
        for name, _ in triggers:
            connection.exec_driver_sql(f'DROP TRIGGER "{name}"')
        yield
        for _, sql in triggers:
            connection.exec_driver_sql(sql)
    elif connection.dialect.name == "postgresql":
        quote = connection.dialect.identifier_preparer.quote
        found = connection.execute(
            text(
                "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE NOT t.tgisinternal AND t.tgenabled <> 'D' AND pg_table_is_visible(c.oid) "
                "AND c.relname = ANY(:names)"
            ),
            {"names": names},
        ).all()
        for table, trigger in found:
            connection.exec_driver_sql(f"ALTER TABLE {quote(table)} DISABLE TRIGGER {quote(trigger)}")
        yield
        for table, trigger in found:
            connection.exec_driver_sql(f"ALTER TABLE {quote(table)} ENABLE TRIGGER {quote(trigger)}")
    else:
        yield


def _reset_sequences(connection: Connection, tables: Sequence[Table]) -> None:
    """On PostgreSQL, move each id sequence past the restored ids so new rows do not collide."""
    if connection.dialect.name != "postgresql":
        return
    preparer = connection.dialect.identifier_preparer
    for table in tables:
        for column in table.primary_key.columns:
            if not isinstance(column.type, sqltypes.Integer):
                continue
            sequence = connection.scalar(
                text("SELECT pg_get_serial_sequence(:table, :column)"),
                {"table": preparer.format_table(table), "column": column.name},
            )
            if sequence:
                name = preparer.quote(column.name)
                connection.execute(
                    text(
                        f"SELECT setval(CAST(:sequence AS regclass), COALESCE(MAX({name}), 1), "
                        f"MAX({name}) IS NOT NULL) FROM {preparer.format_table(table)}"
                    ),
                    {"sequence": sequence},
                )


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
