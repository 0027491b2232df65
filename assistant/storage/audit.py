"""The audit log: append-only (the database refuses updates and deletes), with no personal content."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Engine, select, text
from sqlalchemy.orm import Session, sessionmaker

from assistant.storage.models import AuditEvent

ACTIONS = (
    "team_map_viewed",
    "data_exported",
    "data_erased",
    "user_added",
    "user_disabled",
    "password_reset",
    "knowledge_ingested",
    "retention_applied",
    "backup",
    "restore",
    "login_throttled",
)
_SQLITE_GUARDS = (
    "CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit_events "
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit_events "
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
)
_POSTGRES_GUARDS = (
    "CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger AS $$ BEGIN "
    "RAISE EXCEPTION 'the audit log is append-only'; END; $$ LANGUAGE plpgsql",
    "DROP TRIGGER IF EXISTS audit_append_only ON audit_events",
    "CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit_events "
    "FOR EACH ROW EXECUTE FUNCTION audit_append_only()",
)


def install_append_only_guards(bind: Engine | Connection) -> None:
    """Make the database itself refuse to change or delete audit rows."""
    if isinstance(bind, Engine):
        with bind.begin() as connection:
            install_append_only_guards(connection)
        return
    guards = _SQLITE_GUARDS if bind.dialect.name == "sqlite" else _POSTGRES_GUARDS
    for statement in guards:
        bind.execute(text(statement))


def pseudonym(person_key: str) -> str:
    """A stable reference to a person that reveals nothing about them (erasure leaves no key behind)."""
    return "p-" + hashlib.sha256(person_key.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Entry:
    """One audit line."""

    at: datetime
    organisation: str
    actor: str
    action: str
    target: str | None
    detail: str | None


class AuditLog:
    """Record and read audit events."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    def record(
        self, action: str, organisation: str, actor: str, target: str | None = None, detail: str | None = None
    ) -> None:
        """Append one event (committed at once)."""
        if action not in ACTIONS:
            raise ValueError(f"unknown audit action {action!r}")
        with self.sessions.begin() as session:
            session.add(AuditEvent(organisation=organisation, actor=actor, action=action, target=target, detail=detail))

    def entries(self, organisation: str | None = None) -> list[Entry]:
        """Events, oldest first (all organisations when none is given)."""
        with self.sessions() as session:
            query = select(AuditEvent).order_by(AuditEvent.id)
            if organisation is not None:
                query = query.where(AuditEvent.organisation == organisation)
            return [Entry(e.at, e.organisation, e.actor, e.action, e.target, e.detail) for e in session.scalars(query)]
