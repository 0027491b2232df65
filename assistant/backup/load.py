"""Put archived tables back into a database, in the restore's transaction, and check them against the archive.

The target is checked first (every column has a place; no data unless forced), tables only the backup
has are created, a forced restore wipes the data with the triggers (the audit log's append-only guard
among them) lifted, rows are inserted, PostgreSQL's sequences moved past them, and every table hashed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table, func, select, text
from sqlalchemy import types as sqltypes

from assistant.backup.errors import BackupError
from assistant.backup.rows import decoder, scan_table
from assistant.backup.tables import reflect

# Tables that record a schema's version (Alembic's, LangGraph's), not data: they never make a database
# "non-empty", and where the target's own migrations already filled them, the target's rows stand.
SCHEMA_TABLES = frozenset({"alembic_version", "checkpoint_migrations"})
_BATCH = 500


def check_target(connection: Connection, database: dict[str, Any], force: bool) -> dict[str, Table]:
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


def load_tables(
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


def _insert(connection: Connection, table: Table, path: Path, columns: Sequence[str]) -> None:
    for column in table.columns:
        if isinstance(column.type, sqltypes.JSON):
            # A None read from a JSON column goes back as SQL NULL, not as the JSON text 'null'.
            column.type = type(column.type)(none_as_null=True)
    decoders = {name: decoder(table.c[name].type) for name in columns}
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
