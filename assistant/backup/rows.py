"""Carry rows through the archive: values as JSON, decoders per column type, order-free table hashes.

SQLite and PostgreSQL give the same rows back in different types (naive or aware datetimes), so the
hash of a table is computed on a canonical form and in any row order: a restore is checked against
the archive by the same ``scan_table`` that wrote it.
"""

from __future__ import annotations

import base64
import hashlib
import json
import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime
from datetime import time as clock_time
from decimal import Decimal
from typing import IO, Any

from sqlalchemy import Connection, Table, select
from sqlalchemy import types as sqltypes

from assistant.backup.errors import BackupError


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


def decoder(column: sqltypes.TypeEngine[Any]) -> Callable[[Any], Any]:
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
