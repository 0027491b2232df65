"""Find (or create) the row of a person from who is acting."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.storage.models import Organisation, Person
from assistant.storage.owner import Owner


def person_row(session: Session, owner: Owner, create: bool) -> Person | None:
    """The person's row in their organisation; created with the organisation when ``create`` is set."""
    org_query = select(Organisation).where(Organisation.name == owner.organisation)
    org = session.scalar(org_query)
    if org is None:
        if not create:
            return None
        insert_if_absent(session, Organisation, name=owner.organisation)
        org = session.scalars(org_query).one()
    person_query = select(Person).where(Person.org_id == org.id, Person.key == owner.person_key)
    person = session.scalar(person_query)
    if person is None and create:
        insert_if_absent(session, Person, org_id=org.id, key=owner.person_key)
        person = session.scalars(person_query).one()
    return person


def insert_if_absent(session: Session, model: Any, **values: Any) -> None:
    """Insert a row unless one with the same unique key exists.

    Two requests often create the same row at the same moment (the first message and the history's first
    write, two model calls opening the day's token count); a plain insert would fail one of them, and
    savepoints are unreliable with Python's SQLite driver.
    """
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert  # type: ignore[assignment]
    session.execute(insert(model).values(**values).on_conflict_do_nothing())
