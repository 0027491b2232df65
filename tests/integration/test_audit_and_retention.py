"""The audit log is append-only and holds no content; admins answer data-subject requests; retention runs."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError
from typer.testing import CliRunner

from assistant.cli import app
from assistant.config import load_settings
from assistant.runtime import build_services
from assistant.storage.assessments import Owner
from tests.conftest import MINI_KB

EVIDENCE = "Je ressaisis les bons de livraison Dupont"


@pytest.fixture
def services(tmp_path, monkeypatch):
    monkeypatch.setenv("CAP_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CAP_KNOWLEDGE_DIR", str(MINI_KB))
    return build_services(load_settings())


def finish(services, owner, role="hr"):
    interview = services.interview
    state = interview.start(owner, role)
    while state.question is not None:
        value = state.question.options[0].id if state.question.options else EVIDENCE
        state = interview.answer(owner, state.question.item_id, value, evidence=EVIDENCE)
    interview.confirm(owner)


def test_team_views_are_audited_and_the_log_cannot_be_changed(services):
    for n in range(5):
        finish(services, Owner("Acme", f"user:p{n}"))
    assert services.discovery.view_team("Acme", "user:boss") is not None
    (entry,) = services.audit.entries("Acme")
    assert (entry.action, entry.actor) == ("team_map_viewed", "user:boss")
    engine = services.audit.sessions.kw["bind"]
    for statement in ("UPDATE audit_events SET actor = 'x'", "DELETE FROM audit_events"):
        with pytest.raises(DatabaseError, match="append-only"), engine.begin() as connection:
            connection.execute(text(statement))
    assert len(services.audit.entries()) == 1


def test_admin_export_and_erase_by_login_are_audited_without_content(services, tmp_path):
    runner = CliRunner()
    finish(services, Owner("default", "user:alice"))
    exported = runner.invoke(app, ["export", "alice"])
    assert exported.exit_code == 0, exported.output
    assert EVIDENCE in exported.output and json.loads(exported.output)["assessments"][0]["status"] == "confirmed"
    erased = runner.invoke(app, ["erase", "alice", "--yes"])
    assert erased.exit_code == 0 and "Erased" in erased.output
    assert json.loads(runner.invoke(app, ["export", "alice"]).output)["assessments"] == []
    log = runner.invoke(app, ["audit"]).output
    assert "data_exported" in log and "data_erased" in log
    assert "alice" not in log and EVIDENCE not in log  # pseudonymous target, counts only
    assert runner.invoke(app, ["export"]).exit_code == 2  # nobody named


def test_retention_removes_what_is_older_than_the_limit(services, monkeypatch):
    store = services.interview.store
    finish(services, Owner("Acme", "user:old"))
    finish(services, Owner("Acme", "user:new"))
    store.remember_thread(Owner("Acme", "user:old"), "employee:old-thread", "employee")
    engine = store.sessions.kw["bind"]
    long_ago = (datetime.now(UTC) - timedelta(days=800)).isoformat()
    with engine.begin() as connection:
        statement = text("UPDATE assessments SET completed_at = :t, started_at = :t WHERE id = 1")
        connection.execute(statement, {"t": long_ago})
        connection.execute(text("UPDATE conversations SET started_at = :t"), {"t": long_ago})
    result = CliRunner().invoke(app, ["retention"])
    assert result.exit_code == 0 and "1 conversation(s) and 1 assessment(s)" in result.output
    assert services.interview.state(Owner("Acme", "user:old")).stage == "not_started"
    assert services.interview.state(Owner("Acme", "user:new")).stage == "confirmed"
