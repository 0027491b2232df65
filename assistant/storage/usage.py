"""The daily ledger of LLM tokens per person: read today's total, add a call's tokens atomically."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, sessionmaker

from assistant.storage.models import TokenUsage, now
from assistant.storage.owner import Owner
from assistant.storage.people import insert_if_absent, person_row


class UsageStore:
    """Count the tokens each person used per UTC day; rows go when the person is erased (FK cascade)."""

    def __init__(self, sessions: sessionmaker[Session], clock: Callable[[], datetime] = now) -> None:
        self.sessions = sessions
        self.clock = clock

    def today(self) -> date:
        """The current UTC day, from the injected clock."""
        return self.clock().astimezone(UTC).date()

    def used_today(self, owner: Owner) -> int:
        """Tokens the person used today (0 when unknown)."""
        with self.sessions() as session:
            person = person_row(session, owner, create=False)
            if person is None:
                return 0
            tokens = session.scalar(
                select(TokenUsage.tokens).where(TokenUsage.person_id == person.id, TokenUsage.day == self.today())
            )
            return tokens or 0

    def add(self, owner: Owner, tokens: int) -> int:
        """Add ``tokens`` to the person's count for today; return the new total.

        The increment is done by the database (``tokens = tokens + n``) on a row inserted first if absent, so
        concurrent calls from threads or processes never lose one.
        """
        if tokens < 0:
            raise ValueError("tokens must be >= 0")
        day = self.today()
        with self.sessions.begin() as session:
            person = person_row(session, owner, create=True)
            assert person is not None
            insert_if_absent(session, TokenUsage, org_id=person.org_id, person_id=person.id, day=day, tokens=0)
            mine = (TokenUsage.person_id == person.id, TokenUsage.day == day)
            session.execute(
                update(TokenUsage)
                .where(*mine)
                .values(tokens=TokenUsage.tokens + tokens)
                .execution_options(synchronize_session=False)
            )
            return int(session.scalars(select(TokenUsage.tokens).where(*mine)).one())

    def export(self, owner: Owner) -> list[dict[str, Any]]:
        """The person's daily counts, oldest first, as JSON-ready data."""
        with self.sessions() as session:
            person = person_row(session, owner, create=False)
            if person is None:
                return []
            rows = session.scalars(select(TokenUsage).where(TokenUsage.person_id == person.id).order_by(TokenUsage.day))
            return [{"day": row.day.isoformat(), "tokens": row.tokens} for row in rows]

    def expire(self, before: date) -> int:
        """Delete the counts of days before ``before``; return how many rows went."""
        with self.sessions.begin() as session:
            result = session.execute(delete(TokenUsage).where(TokenUsage.day < before))
            return int(result.rowcount or 0)  # type: ignore[attr-defined]
