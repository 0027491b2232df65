"""The agent's conversation memory: a SQLite file beside the database, or the PostgreSQL database itself."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from langgraph.checkpoint.base import BaseCheckpointSaver
from sqlalchemy import make_url

from assistant.config import Settings


def uses_postgres(settings: Settings) -> bool:
    """True when the application database is PostgreSQL."""
    return make_url(settings.sqlalchemy_url).get_backend_name() == "postgresql"


def libpq_url(sqlalchemy_url: str) -> str:
    """The libpq form of a SQLAlchemy PostgreSQL URL (``postgresql+psycopg://`` → ``postgresql://``)."""
    return make_url(sqlalchemy_url).set(drivername="postgresql").render_as_string(hide_password=False)


@asynccontextmanager
async def open_checkpointer(settings: Settings, pool_size: int = 10) -> AsyncIterator[BaseCheckpointSaver[Any]]:
    """Open the checkpointer that matches the database; several workers share it when it is PostgreSQL."""
    if uses_postgres(settings):
        from langgraph.checkpoint.postgres.aio import AsyncPostgresSaver
        from psycopg.rows import dict_row
        from psycopg_pool import AsyncConnectionPool

        pool: AsyncConnectionPool[Any] = AsyncConnectionPool(
            libpq_url(settings.sqlalchemy_url),
            min_size=1,
            max_size=pool_size,
            kwargs={"autocommit": True, "prepare_threshold": 0, "row_factory": dict_row},
            open=False,
        )
        await pool.open()
        try:
            postgres_saver = AsyncPostgresSaver(pool)  # type: ignore[arg-type]
            await postgres_saver.setup()
            yield postgres_saver
        finally:
            await pool.close()
        return
    from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver

    settings.checkpoint_path.parent.mkdir(parents=True, exist_ok=True)
    async with AsyncSqliteSaver.from_conn_string(str(settings.checkpoint_path)) as sqlite_saver:
        await sqlite_saver.setup()
        yield sqlite_saver
