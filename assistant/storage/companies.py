"""Company profiles of the manager discovery, one per organisation (no personal data)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from assistant.storage.models import CompanyProfileRow, Organisation, now


class CompanyStore:
    """Load and save the (possibly partial) profile of an organisation as plain data."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    def _org_id(self, session: Session, organisation: str) -> int:
        org = session.scalar(select(Organisation).where(Organisation.name == organisation))
        if org is None:
            org = Organisation(name=organisation)
            session.add(org)
            session.flush()
        return org.id

    def load(self, organisation: str) -> dict[str, Any]:
        """The saved profile data, or an empty dict."""
        with self.sessions() as session:
            row = session.scalar(
                select(CompanyProfileRow)
                .join(Organisation, Organisation.id == CompanyProfileRow.org_id)
                .where(Organisation.name == organisation)
            )
            return dict(row.data) if row is not None else {}

    def save(self, organisation: str, data: dict[str, Any]) -> None:
        """Replace the saved profile data (in one transaction)."""
        for _attempt in range(2):
            try:
                with self.sessions.begin() as session:
                    org_id = self._org_id(session, organisation)
                    row = session.scalar(select(CompanyProfileRow).where(CompanyProfileRow.org_id == org_id))
                    if row is None:
                        session.add(CompanyProfileRow(org_id=org_id, data=data))
                    else:
                        row.data, row.updated_at = data, now()
                    return
            except IntegrityError:
                continue  # created concurrently: retry as an update

    def clear(self, organisation: str) -> None:
        """Forget the profile (start the discovery again)."""
        with self.sessions.begin() as session:
            org_id = self._org_id(session, organisation)
            row = session.scalar(select(CompanyProfileRow).where(CompanyProfileRow.org_id == org_id))
            if row is not None:
                session.delete(row)
