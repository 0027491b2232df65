"""Assessment persistence: every answer is committed before anything else happens."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from assistant.domain.interview import Answer
from assistant.storage.models import AnswerRow, Assessment, Conversation, Organisation, Person, now
from assistant.storage.owner import Owner
from assistant.storage.people import person_row

__all__ = ["AssessmentInfo", "AssessmentStateError", "AssessmentStore", "Owner"]


class AssessmentStateError(ValueError):
    """The operation does not fit the assessment's state (e.g. answering after completion)."""


@dataclass(frozen=True)
class AssessmentInfo:
    """The state of one assessment, without its answers."""

    id: int
    role_id: str
    language: str
    status: str
    levels: dict[str, int] | None


class AssessmentStore:
    """Create, resume and update assessments; export and erase a person's data."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    def _person(self, session: Session, owner: Owner, create: bool) -> Person | None:
        return person_row(session, owner, create)

    def start_or_resume(self, owner: Owner, role_id: str, language: str = "fr") -> int:
        """Return the open assessment of this person, or start one for ``role_id``."""
        with self.sessions.begin() as session:
            person = self._person(session, owner, create=True)
            assert person is not None
            current = session.scalar(
                select(Assessment)
                .where(Assessment.person_id == person.id, Assessment.status == "in_progress")
                .order_by(Assessment.id.desc())
            )
            if current is not None:
                return current.id
            assessment = Assessment(org_id=person.org_id, person_id=person.id, role_id=role_id, language=language)
            session.add(assessment)
            session.flush()
            return assessment.id

    def latest(self, owner: Owner) -> AssessmentInfo | None:
        """The person's most recent assessment, whatever its status."""
        with self.sessions() as session:
            person = self._person(session, owner, create=False)
            if person is None:
                return None
            row = session.scalar(
                select(Assessment).where(Assessment.person_id == person.id).order_by(Assessment.id.desc())
            )
            if row is None:
                return None
            return AssessmentInfo(row.id, row.role_id, row.language, row.status, row.levels)

    def start_new(self, owner: Owner, role_id: str, language: str = "fr") -> int:
        """Start a fresh assessment (an unfinished one is kept but no longer current)."""
        with self.sessions.begin() as session:
            person = self._person(session, owner, create=True)
            assert person is not None
            for open_one in session.scalars(
                select(Assessment).where(Assessment.person_id == person.id, Assessment.status == "in_progress")
            ):
                open_one.status = "abandoned"
            assessment = Assessment(org_id=person.org_id, person_id=person.id, role_id=role_id, language=language)
            session.add(assessment)
            session.flush()
            return assessment.id

    def _owned(self, session: Session, owner: Owner, assessment_id: int) -> Assessment:
        person = self._person(session, owner, create=False)
        assessment = session.get(Assessment, assessment_id)
        if person is None or assessment is None or assessment.person_id != person.id:
            raise AssessmentStateError("no such assessment for this person")
        return assessment

    def answers(self, owner: Owner, assessment_id: int) -> dict[str, Answer]:
        """The answers recorded so far, keyed by question id."""
        with self.sessions() as session:
            assessment = self._owned(session, owner, assessment_id)
            return {
                row.item_id: Answer(row.item_id, row.value, row.evidence, row.sequence) for row in assessment.answers
            }

    def role_of(self, owner: Owner, assessment_id: int) -> str:
        """The role the assessment is measured against."""
        with self.sessions() as session:
            return self._owned(session, owner, assessment_id).role_id

    def record(self, owner: Owner, assessment_id: int, answer: Answer) -> bool:
        """Save an answer in its own transaction; return False if it was already saved as is.

        Saving the same answer twice (a double click, a retry) changes nothing; a different
        value for an answered question updates it and keeps its place in the sequence.
        """
        for _attempt in range(2):
            try:
                with self.sessions.begin() as session:
                    assessment = self._owned(session, owner, assessment_id)
                    if assessment.status not in ("in_progress", "completed"):
                        raise AssessmentStateError(
                            "these results are confirmed and can no longer change; start a new assessment"
                        )
                    row = session.scalar(
                        select(AnswerRow).where(
                            AnswerRow.assessment_id == assessment_id, AnswerRow.item_id == answer.item_id
                        )
                    )
                    if row is not None:
                        if (row.value, row.evidence) == (answer.value, answer.evidence):
                            return False
                        row.value, row.evidence, row.updated_at = answer.value, answer.evidence, now()
                        return True
                    sequence = session.scalar(
                        select(func.coalesce(func.max(AnswerRow.sequence), 0)).where(
                            AnswerRow.assessment_id == assessment_id
                        )
                    )
                    session.add(
                        AnswerRow(
                            assessment_id=assessment_id,
                            item_id=answer.item_id,
                            value=answer.value,
                            evidence=answer.evidence,
                            sequence=(sequence or 0) + 1,
                        )
                    )
                    return True
            except IntegrityError:
                # A concurrent submit of the same question won the insert: retry as an update.
                continue
        return False

    def complete(self, owner: Owner, assessment_id: int, levels: dict[str, int]) -> None:
        """Mark the interview finished with its computed levels (not yet confirmed)."""
        with self.sessions.begin() as session:
            assessment = self._owned(session, owner, assessment_id)
            if assessment.status == "confirmed":
                raise AssessmentStateError("these results are already confirmed")
            assessment.status, assessment.levels, assessment.completed_at = "completed", levels, now()

    def reopen(self, owner: Owner, assessment_id: int) -> None:
        """Put a completed interview back in progress (a correction opened new questions)."""
        with self.sessions.begin() as session:
            assessment = self._owned(session, owner, assessment_id)
            if assessment.status == "confirmed":
                raise AssessmentStateError("these results are already confirmed")
            assessment.status, assessment.levels, assessment.completed_at = "in_progress", None, None

    def remember_thread(self, owner: Owner, thread_id: str, profile: str) -> None:
        """Link a chat thread to the person (once), so it is exported and erased with their data."""
        try:
            with self.sessions.begin() as session:
                person = self._person(session, owner, create=True)
                assert person is not None
                if session.scalar(select(Conversation.id).where(Conversation.thread_id == thread_id)) is None:
                    session.add(
                        Conversation(org_id=person.org_id, person_id=person.id, thread_id=thread_id, profile=profile)
                    )
        except IntegrityError:
            pass  # the same thread registered concurrently: already linked

    def threads_of(self, owner: Owner) -> list[str]:
        """The chat threads of the person, oldest first."""
        with self.sessions() as session:
            person = self._person(session, owner, create=False)
            if person is None:
                return []
            return list(
                session.scalars(
                    select(Conversation.thread_id).where(Conversation.person_id == person.id).order_by(Conversation.id)
                )
            )

    def confirm(self, owner: Owner, assessment_id: int, levels: dict[str, int]) -> None:
        """Record the levels the person confirmed; only confirmed results count in team views."""
        with self.sessions.begin() as session:
            assessment = self._owned(session, owner, assessment_id)
            if assessment.status == "in_progress":
                raise AssessmentStateError("finish the interview before confirming it")
            assessment.status, assessment.levels, assessment.confirmed_at = "confirmed", levels, now()

    def export(self, owner: Owner) -> dict[str, Any]:
        """Everything stored about this person, as plain JSON-ready data."""
        with self.sessions() as session:
            person = self._person(session, owner, create=False)
            if person is None:
                return {"person": owner.person_key, "assessments": []}
            rows = session.scalars(select(Assessment).where(Assessment.person_id == person.id)).all()
            return {
                "person": owner.person_key,
                "organisation": owner.organisation,
                "team": person.team,
                "conversations": [
                    {"thread": c.thread_id, "profile": c.profile, "started_at": c.started_at.isoformat()}
                    for c in session.scalars(select(Conversation).where(Conversation.person_id == person.id))
                ],
                "assessments": [
                    {
                        "id": a.id,
                        "role": a.role_id,
                        "language": a.language,
                        "status": a.status,
                        "started_at": a.started_at.isoformat(),
                        "completed_at": a.completed_at.isoformat() if a.completed_at else None,
                        "confirmed_at": a.confirmed_at.isoformat() if a.confirmed_at else None,
                        "levels": a.levels,
                        "answers": [
                            {
                                "question": r.item_id,
                                "value": r.value,
                                "evidence": r.evidence,
                                "at": r.answered_at.isoformat(),
                            }
                            for r in a.answers
                        ],
                    }
                    for a in rows
                ],
            }

    def confirmed_results(self, organisation: str) -> list[tuple[str | None, str, dict[str, int]]]:
        """(team, role, levels) of each person's latest confirmed assessment in an organisation.

        No person identifier leaves this method: callers only aggregate.
        """
        with self.sessions() as session:
            org = session.scalar(select(Organisation).where(Organisation.name == organisation))
            if org is None:
                return []
            rows = session.execute(
                select(Assessment, Person.team)
                .join(Person, Person.id == Assessment.person_id)
                .where(Assessment.org_id == org.id, Assessment.status == "confirmed")
                .order_by(Assessment.person_id, Assessment.confirmed_at.desc())
            ).all()
            latest: dict[int, tuple[str | None, str, dict[str, int]]] = {}
            for assessment, team in rows:
                latest.setdefault(assessment.person_id, (team, assessment.role_id, dict(assessment.levels or {})))
            return list(latest.values())

    def expire(self, conversations_before: datetime, assessments_before: datetime) -> tuple[list[str], int]:
        """Delete conversation links and assessments older than the cut-offs; return the thread ids removed
        (their checkpoints must be deleted too) and the number of assessments removed."""
        with self.sessions.begin() as session:
            threads = list(
                session.scalars(select(Conversation.thread_id).where(Conversation.started_at < conversations_before))
            )
            session.execute(delete(Conversation).where(Conversation.started_at < conversations_before))
            old = list(
                session.scalars(
                    select(Assessment.id).where(
                        func.coalesce(Assessment.completed_at, Assessment.started_at) < assessments_before
                    )
                )
            )
            session.execute(delete(AnswerRow).where(AnswerRow.assessment_id.in_(old)))
            session.execute(delete(Assessment).where(Assessment.id.in_(old)))
            return threads, len(old)

    def erase(self, owner: Owner) -> int:
        """Delete the person and all their assessments and answers; return rows removed."""
        with self.sessions.begin() as session:
            person = self._person(session, owner, create=False)
            if person is None:
                return 0
            ids = list(session.scalars(select(Assessment.id).where(Assessment.person_id == person.id)))
            answers = session.scalar(select(func.count()).where(AnswerRow.assessment_id.in_(ids))) or 0
            session.execute(delete(AnswerRow).where(AnswerRow.assessment_id.in_(ids)))
            session.execute(delete(Assessment).where(Assessment.person_id == person.id))
            threads = session.scalar(select(func.count()).where(Conversation.person_id == person.id)) or 0
            session.execute(delete(Conversation).where(Conversation.person_id == person.id))
            session.delete(person)
            return answers + len(ids) + threads + 1
