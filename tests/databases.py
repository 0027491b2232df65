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
def temporary_postgres_database(admin_url: str, prefix: str = "cap_test") -> Iterator[str]:
    """Create an empty PostgreSQL database on the server of ``admin_url``, yield its URL, drop it afterwards."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def postgres_database() -> Iterator[str]:
    """An empty PostgreSQL database for one test (skipped, or failed in CI, when no server is configured)."""
    if not POSTGRES_ADMIN_URL:
        if POSTGRES_REQUIRED:
            pytest.fail("CAP_REQUIRE_POSTGRES=1 but CAP_TEST_POSTGRES_URL is not set: PostgreSQL did not start")
        pytest.skip("PostgreSQL tests need CAP_TEST_POSTGRES_URL (scripts/test-postgres.sh sets it)")
    with temporary_postgres_database(POSTGRES_ADMIN_URL) as url:
        yield url


@contextmanager
def database_url(backend: str, folder: Path) -> Iterator[str]:
    """An empty database of ``backend`` ("sqlite" or "postgresql")."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'cap_ia.sqlite'}"
        return
    with postgres_database() as url:
        yield url
