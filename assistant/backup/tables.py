"""Read a database's tables: reflect them, open one real transaction, dump them with their DDL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, MetaData, Table, text
from sqlalchemy.schema import CreateIndex, CreateTable

from assistant.backup.archive import safe_table_name
from assistant.backup.errors import BackupError
from assistant.backup.rows import scan_table


def reflect(connection: Connection) -> list[Table]:
    """Every table of the database (the app's and any other), parents before children."""
    tables = MetaData()
    tables.reflect(connection)
    return list(tables.sorted_tables)


@contextmanager
def transaction(engine: Engine, write: bool) -> Iterator[Connection]:
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


def dump_database(engine: Engine, folder: Path) -> list[dict[str, Any]]:
    """Write every table as JSON lines from one snapshot, parents first; describe each for the manifest."""
    tables = []
    with transaction(engine, write=False) as connection:
        for table in reflect(connection):
            if not safe_table_name(table.name):
                raise BackupError(f"table name {table.name!r} cannot be a file name in the archive")
            columns = [column.name for column in table.columns]
            with (folder / f"{table.name}.jsonl").open("w", encoding="utf-8") as out:
                rows, digest = scan_table(connection, table, columns, out)
            ddl = _ddl(connection, table)
            tables.append({"name": table.name, "columns": columns, "rows": rows, "sha256": digest, "ddl": ddl})
    return tables


def _ddl(connection: Connection, table: Table) -> list[str]:
    """Statements recreating a table and its indexes on the same kind of database."""
    if connection.dialect.name == "sqlite":  # the original text: reflection drops the ON DELETE clauses
        query = "SELECT sql FROM sqlite_master WHERE tbl_name = :name AND sql IS NOT NULL ORDER BY type != 'table'"
        return list(connection.scalars(text(query), {"name": table.name}))
    dialect = connection.dialect
    return [str(CreateTable(table).compile(dialect=dialect))] + [
        str(CreateIndex(index).compile(dialect=dialect)) for index in table.indexes
    ]
