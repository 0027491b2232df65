"""Alembic migrations: from an empty database, from the previous schema with data, and back again."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.exc import DBAPIError

from assistant.storage.db import make_engine, make_sessions
from assistant.storage.migrate import current_revision, downgrade, head_revision, upgrade
from assistant.storage.models import Base
from assistant.storage.users import UserStore, hash_password

NOW = datetime(2026, 10, 1, 9, 30, tzinfo=UTC)


def schema_differences(url: str) -> list[object]:
    engine = create_engine(url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))


def seed_first_release(url: str) -> None:
    """Rows as the first release wrote them (its tables, its column names)."""
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO organisations (id, name, created_at) VALUES (1, 'Acme', :t)"), {"t": NOW})
        connection.execute(
            text("INSERT INTO people (id, org_id, key, created_at) VALUES (1, 1, 'user:alice', :t)"), {"t": NOW}
        )
        connection.execute(
            text(
                "INSERT INTO assessments (id, org_id, person_id, role_id, language, status, started_at) "
                "VALUES (1, 1, 1, 'assistant_admin', 'fr', 'in_progress', :t)"
            ),
            {"t": NOW},
        )
        for sequence, item in enumerate(("data_q1", "data_q2", "tools_q1"), start=1):
            connection.execute(
                text(
                    "INSERT INTO answers (assessment_id, item_id, value, sequence, answered_at, updated_at) "
                    "VALUES (1, :item, '3', :seq, :t, :t)"
                ),
                {"item": item, "seq": sequence, "t": NOW},
            )
        connection.execute(
            text(
                "INSERT INTO users (org_id, login, role, password_hash, disabled, failed_logins, created_at) "
                "VALUES (1, 'alice', 'employee', :h, false, 0, :t)"
            ),
            {"h": hash_password("correct horse battery staple"), "t": NOW},
        )
        connection.execute(
            text(
                "INSERT INTO audit_events (at, organisation, actor, action, target) "
                "VALUES (:t, 'Acme', 'cli', 'user_added', 'alice')"
            ),
            {"t": NOW},
        )
    engine.dispose()


def test_an_empty_database_is_migrated_to_exactly_the_models(db_url: str) -> None:
    engine = make_engine(db_url)
    make_sessions(engine)
    assert current_revision(engine) == head_revision()
    assert schema_differences(db_url) == []
    make_sessions(engine)  # a second start changes nothing
    assert current_revision(engine) == head_revision()


def test_the_previous_schema_with_its_data_is_upgraded_without_losing_anything(db_url: str) -> None:
    engine = make_engine(db_url)
    upgrade(engine, "0001")
    seed_first_release(db_url)
    make_sessions(engine)
    assert current_revision(engine) == head_revision()
    assert schema_differences(db_url) == []
    with engine.connect() as connection:
        answers = connection.execute(text("SELECT item_id, value FROM answers ORDER BY sequence")).all()
        assert [tuple(row) for row in answers] == [("data_q1", "3"), ("data_q2", "3"), ("tools_q1", "3")]
        assert connection.execute(text("SELECT count(*) FROM audit_events")).scalar() == 1
    # The login moved to the accounts table and still works with its password.
    users = UserStore(make_sessions(engine))
    account = users.authenticate("alice", "correct horse battery staple")
    assert account is not None and account.organisation == "Acme" and account.role == "employee"
    # The audit log is still append-only after the upgrade.
    with pytest.raises(DBAPIError), engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_events"))


def test_a_database_of_the_first_release_without_alembic_is_adopted(db_url: str) -> None:
    engine = make_engine(db_url)
    upgrade(engine, "0001")
    seed_first_release(db_url)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE alembic_version"))
    assert current_revision(engine) is None
    make_sessions(engine)
    assert current_revision(engine) == head_revision()
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM answers")).scalar() == 3
        assert connection.execute(text("SELECT login FROM accounts")).scalar() == "alice"


def test_downgrade_then_upgrade_round_trips(db_url: str) -> None:
    engine = make_engine(db_url)
    upgrade(engine, "0001")
    seed_first_release(db_url)
    upgrade(engine)
    downgrade(engine, "0001")
    tables = set(inspect(engine).get_table_names())
    assert "users" in tables and "accounts" not in tables and "chat_threads" not in tables
    upgrade(engine)
    assert schema_differences(db_url) == []
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM accounts")).scalar() == 1


def test_two_workers_starting_together_migrate_once(db_url: str) -> None:
    errors: list[BaseException] = []

    def start() -> None:
        try:
            make_sessions(make_engine(db_url))
        except BaseException as exc:
            errors.append(exc)

    workers = [threading.Thread(target=start) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    assert current_revision(make_engine(db_url)) == head_revision()
