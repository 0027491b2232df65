"""Conversation history (the chat sidebar): threads owned by one person, their steps and feedback."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from assistant.storage.models import ChatFeedback, ChatStep, ChatThread, Organisation, Person, now
from assistant.storage.owner import Owner
from assistant.storage.people import insert_if_absent, person_row

StepOutcome = Literal["saved", "refused", "no_thread"]
# Keys of a step that are not worth keeping: feedback lives in its own table.
_TRANSIENT_STEP_KEYS = ("feedback",)


class ThreadAccessError(PermissionError):
    """Somebody tried to read or change a conversation that is not theirs."""


@dataclass
class ThreadRecord:
    """A conversation with its steps, as stored."""

    id: str
    user_identifier: str
    name: str | None
    tags: list[str] | None
    metadata: dict[str, Any]
    created_at: datetime
    updated_at: datetime
    steps: list[dict[str, Any]] = field(default_factory=list)


class ChatHistoryStore:
    """Threads, steps and feedback in the application database; every write checks the thread's owner."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    def author(self, thread_id: str) -> str | None:
        """The login that owns the thread, if it exists."""
        with self.sessions() as session:
            return session.scalar(select(ChatThread.user_identifier).where(ChatThread.id == thread_id))

    def save_thread(
        self,
        thread_id: str,
        user_identifier: str,
        owner: Owner,
        name: str | None = None,
        metadata: dict[str, Any] | None = None,
        tags: list[str] | None = None,
    ) -> None:
        """Create the thread for ``user_identifier`` or update it; someone else's thread is refused."""
        with self.sessions.begin() as session:
            thread = session.get(ChatThread, thread_id)
            if thread is None:
                person = person_row(session, owner, create=True)
                assert person is not None
                insert_if_absent(
                    session,
                    ChatThread,
                    id=thread_id,
                    org_id=person.org_id,
                    person_id=person.id,
                    user_identifier=user_identifier,
                    data={},
                )
                thread = session.get(ChatThread, thread_id)
                assert thread is not None
            if thread.user_identifier != user_identifier:
                raise ThreadAccessError(f"thread {thread_id} belongs to someone else")
            if name is not None:
                thread.name = name[:300]
            if tags is not None:
                thread.tags = list(tags)
            if metadata:
                merged = {**(thread.data or {}), **metadata}
                thread.data = {key: value for key, value in merged.items() if value is not None}
            thread.updated_at = now()

    def save_step(self, step: dict[str, Any], user_identifier: str | None) -> StepOutcome:
        """Insert or update a step of an existing thread of ``user_identifier``.

        Return "saved", "refused" (someone else's thread, or a step id of another thread) or "no_thread".
        """
        thread_id = str(step.get("threadId") or "")
        data = {key: value for key, value in step.items() if key not in _TRANSIENT_STEP_KEYS}
        with self.sessions.begin() as session:
            thread = session.get(ChatThread, thread_id)
            if thread is None:
                return "no_thread"
            if user_identifier is not None and thread.user_identifier != user_identifier:
                return "refused"
            row = session.get(ChatStep, str(step["id"]))
            if row is not None and row.thread_id != thread_id:
                return "refused"
            if row is None:
                row = ChatStep(id=str(step["id"]), thread_id=thread_id, data=data)
                session.add(row)
            else:
                row.data = {**row.data, **data}
            row.created_at = str(data.get("createdAt") or row.created_at or "") or None
            row.output = str(row.data.get("output") or "")
            thread.updated_at = now()
            return "saved"

    def delete_step(self, step_id: str, user_identifier: str | None) -> bool:
        """Delete a step of a thread of ``user_identifier`` with its feedback."""
        with self.sessions.begin() as session:
            row = session.get(ChatStep, step_id)
            if row is None or not self._may_change(session, row.thread_id, user_identifier):
                return False
            session.execute(delete(ChatFeedback).where(ChatFeedback.step_id == step_id))
            session.delete(row)
            return True

    def save_feedback(
        self, feedback_id: str, step_id: str, value: int, comment: str | None, user_identifier: str | None
    ) -> bool:
        """Record a rating of one of ``user_identifier``'s steps."""
        with self.sessions.begin() as session:
            step = session.get(ChatStep, step_id)
            if step is None or not self._may_change(session, step.thread_id, user_identifier):
                return False
            row = session.get(ChatFeedback, feedback_id)
            if row is None:
                session.add(
                    ChatFeedback(
                        id=feedback_id, thread_id=step.thread_id, step_id=step_id, value=value, comment=comment
                    )
                )
            elif row.thread_id == step.thread_id:
                row.value, row.comment = value, comment
            else:
                return False
            return True

    def delete_feedback(self, feedback_id: str, user_identifier: str | None) -> bool:
        """Delete a rating of ``user_identifier``."""
        with self.sessions.begin() as session:
            row = session.get(ChatFeedback, feedback_id)
            if row is None or not self._may_change(session, row.thread_id, user_identifier):
                return False
            session.delete(row)
            return True

    def thread(self, thread_id: str) -> ThreadRecord | None:
        """The thread with its steps (with their feedback) in order."""
        with self.sessions() as session:
            row = session.get(ChatThread, thread_id)
            return self._record(session, row) if row is not None else None

    def threads_of(self, user_identifier: str, search: str | None = None, limit: int = 1000) -> list[ThreadRecord]:
        """The user's threads, most recently active first; ``search`` filters on message text."""
        with self.sessions() as session:
            query = select(ChatThread).where(ChatThread.user_identifier == user_identifier)
            if search:
                matching = select(ChatStep.thread_id).where(func.lower(ChatStep.output).contains(search.lower()))
                query = query.where(ChatThread.id.in_(matching))
            rows = session.scalars(query.order_by(ChatThread.updated_at.desc(), ChatThread.id).limit(limit))
            return [self._record(session, row, with_steps=False) for row in rows]

    def delete_thread(self, thread_id: str, user_identifier: str | None) -> bool:
        """Delete a thread of ``user_identifier`` with its steps and feedback (one transaction)."""
        with self.sessions.begin() as session:
            row = session.get(ChatThread, thread_id)
            if row is None:
                return False
            if user_identifier is not None and row.user_identifier != user_identifier:
                raise ThreadAccessError(f"thread {thread_id} belongs to someone else")
            self._delete(session, [thread_id])
            return True

    def export(self, owner: Owner) -> list[dict[str, Any]]:
        """Every thread of the person with its messages, for a data export."""
        with self.sessions() as session:
            person = person_row(session, owner, create=False)
            if person is None:
                return []
            rows = session.scalars(select(ChatThread).where(ChatThread.person_id == person.id))
            return [self._export(self._record(session, row)) for row in rows]

    def erase(self, owner: Owner) -> int:
        """Delete every thread of the person; return how many."""
        with self.sessions.begin() as session:
            person = person_row(session, owner, create=False)
            if person is None:
                return 0
            ids = list(session.scalars(select(ChatThread.id).where(ChatThread.person_id == person.id)))
            self._delete(session, ids)
            return len(ids)

    def expire(self, before: datetime) -> list[str]:
        """Delete threads with no activity since ``before``; return their ids."""
        with self.sessions.begin() as session:
            ids = list(session.scalars(select(ChatThread.id).where(ChatThread.updated_at < before)))
            self._delete(session, ids)
            return ids

    def organisation_of(self, thread_id: str) -> str | None:
        """The organisation a thread belongs to."""
        with self.sessions() as session:
            return session.scalar(
                select(Organisation.name)
                .join(Person, Person.org_id == Organisation.id)
                .join(ChatThread, ChatThread.person_id == Person.id)
                .where(ChatThread.id == thread_id)
            )

    @staticmethod
    def _may_change(session: Session, thread_id: str, user_identifier: str | None) -> bool:
        """True when the thread is ``user_identifier``'s (None: the caller already checked, as Chainlit's routes do)."""
        if user_identifier is None:
            return True
        owner = session.scalar(select(ChatThread.user_identifier).where(ChatThread.id == thread_id))
        return owner == user_identifier

    @staticmethod
    def _delete(session: Session, thread_ids: list[str]) -> None:
        # Explicit deletes rather than ON DELETE CASCADE alone: SQLite enforces it only with foreign keys on.
        if not thread_ids:
            return
        session.execute(delete(ChatFeedback).where(ChatFeedback.thread_id.in_(thread_ids)))
        session.execute(delete(ChatStep).where(ChatStep.thread_id.in_(thread_ids)))
        session.execute(delete(ChatThread).where(ChatThread.id.in_(thread_ids)))

    @staticmethod
    def _record(session: Session, row: ChatThread, with_steps: bool = True) -> ThreadRecord:
        record = ThreadRecord(
            id=row.id,
            user_identifier=row.user_identifier,
            name=row.name,
            tags=row.tags,
            metadata=dict(row.data or {}),
            created_at=row.created_at,
            updated_at=row.updated_at,
        )
        if with_steps:
            feedback = {
                f.step_id: {"id": f.id, "forId": f.step_id, "value": f.value, "comment": f.comment}
                for f in session.scalars(select(ChatFeedback).where(ChatFeedback.thread_id == row.id))
            }
            steps = session.scalars(
                select(ChatStep).where(ChatStep.thread_id == row.id).order_by(ChatStep.created_at, ChatStep.id)
            )
            record.steps = [
                {**step.data, **({"feedback": feedback[step.id]} if step.id in feedback else {})} for step in steps
            ]
        return record

    @staticmethod
    def _export(record: ThreadRecord) -> dict[str, Any]:
        return {
            "id": record.id,
            "name": record.name,
            "created_at": record.created_at.isoformat(),
            "messages": [
                {"type": step.get("type"), "at": step.get("createdAt"), "text": step.get("output")}
                for step in record.steps
                if step.get("type") in ("user_message", "assistant_message")
            ],
        }
