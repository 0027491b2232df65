"""Alembic environment: migrations run on the connection handed over by assistant.storage.migrate."""

from __future__ import annotations

from alembic import context

from assistant.storage.models import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, compare_type=True)
with context.begin_transaction():
    context.run_migrations()
