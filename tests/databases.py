"""Databases for tests: a SQLite file always, a fresh PostgreSQL database when CAP_TEST_POSTGRES_URL is set."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text

# Read at import: the autouse fixture removes CAP_* variables from each test's environment.
POSTGRES_ADMIN_URL = os.environ.get("CAP_TEST_POSTGRES_URL")
POSTGRES_REQUIRED = os.environ.get("CAP_REQUIRE_POSTGRES") == "1"
BACKENDS = ("sqlite", "postgresql")


@contextmanager
def postgres_database() -> Iterator[str]:
    """Create an empty PostgreSQL database, yield its URL, drop it afterwards."""
    if not POSTGRES_ADMIN_URL:
        if POSTGRES_REQUIRED:
            pytest.fail("CAP_REQUIRE_POSTGRES=1 but CAP_TEST_POSTGRES_URL is not set: PostgreSQL did not start")
        pytest.skip("PostgreSQL tests need CAP_TEST_POSTGRES_URL (scripts/test-postgres.sh sets it)")
    name = f"cap_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def database_url(backend: str, folder: Path) -> Iterator[str]:
    """An empty database of ``backend`` ("sqlite" or "postgresql")."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'cap_ia.sqlite'}"
        return
    with postgres_database() as url:
        yield url
