"""Users who log in: scrypt password hashes, roles, disabling, and throttling of failed logins."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from assistant.storage.models import Organisation, User

Role = Literal["employee", "manager", "trainer", "admin"]
ROLES: tuple[Role, ...] = ("employee", "manager", "trainer", "admin")
# scrypt parameters: ~16 MB and ~50 ms per check on this class of machine (OWASP's minimum is N=2^17 with r=8).
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
MIN_PASSWORD_CHARS = 12
MAX_FAILED_LOGINS = 5
LOCK_MINUTES = 15


class UserError(ValueError):
    """A user operation that cannot be done; the message is safe to show to an administrator."""


@dataclass(frozen=True)
class Account:
    """A user as the rest of the app sees it: no hash."""

    login: str
    organisation: str
    role: Role
    disabled: bool


def hash_password(password: str) -> str:
    """A salted scrypt hash in a self-describing string."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    encode = base64.b64encode
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${encode(salt).decode()}${encode(digest).decode()}"


def verify_password(password: str, stored: str) -> bool:
    """Compare in constant time; an unknown format never matches."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(
            password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p), dklen=len(expected)
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def check_password_strength(password: str) -> None:
    """Refuse short passwords with a clear reason."""
    if len(password) < MIN_PASSWORD_CHARS:
        raise UserError(f"password too short: at least {MIN_PASSWORD_CHARS} characters")


# A real hash of a random password, checked when the login is unknown so timing does not reveal which logins exist.
_DUMMY_HASH = hash_password(secrets.token_urlsafe(16))


class UserStore:
    """Create, list, disable and authenticate users."""

    def __init__(self, sessions: sessionmaker[Session], clock: type[datetime] = datetime) -> None:
        self.sessions = sessions
        self.clock = clock

    def _now(self) -> datetime:
        return self.clock.now(UTC)

    def add(self, login: str, organisation: str, role: str, password: str) -> Account:
        """Create a user; the login must be new and the role known."""
        if role not in ROLES:
            raise UserError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
        check_password_strength(password)
        login = login.strip().lower()
        if not login:
            raise UserError("empty login")
        try:
            with self.sessions.begin() as session:
                org = session.scalar(select(Organisation).where(Organisation.name == organisation))
                if org is None:
                    org = Organisation(name=organisation)
                    session.add(org)
                    session.flush()
                session.add(User(org_id=org.id, login=login, role=role, password_hash=hash_password(password)))
        except IntegrityError:
            raise UserError(f"login {login!r} already exists") from None
        return Account(login, organisation, role, False)  # type: ignore[arg-type]

    def list(self) -> list[Account]:
        """Every user, by organisation then login."""
        with self.sessions() as session:
            rows = session.execute(
                select(User, Organisation.name).join(Organisation).order_by(Organisation.name, User.login)
            ).all()
            return [Account(u.login, org, u.role, u.disabled) for u, org in rows]  # type: ignore[arg-type]

    def find(self, login: str) -> Account | None:
        """One user by login, without any password check (for a trusted proxy header)."""
        with self.sessions() as session:
            row = session.execute(
                select(User, Organisation.name).join(Organisation).where(User.login == login.strip().lower())
            ).first()
            if row is None:
                return None
            user, organisation = row
            return Account(user.login, organisation, user.role, user.disabled)  # type: ignore[arg-type]

    def set_disabled(self, login: str, disabled: bool = True) -> None:
        """Disable (or re-enable) a user; a disabled user cannot log in."""
        with self.sessions.begin() as session:
            user = self._user(session, login)
            user.disabled = disabled

    def reset_password(self, login: str, password: str) -> None:
        """Set a new password and lift any lock."""
        check_password_strength(password)
        with self.sessions.begin() as session:
            user = self._user(session, login)
            user.password_hash, user.failed_logins, user.locked_until = hash_password(password), 0, None

    def authenticate(self, login: str, password: str) -> Account | None:
        """The account if the password is right and the user active and not locked; count failures."""
        login = login.strip().lower()
        with self.sessions.begin() as session:
            row = session.execute(select(User, Organisation.name).join(Organisation).where(User.login == login)).first()
            if row is None:
                verify_password(password, _DUMMY_HASH)
                return None
            user, organisation = row
            locked = user.locked_until is not None and _aware(user.locked_until) > self._now()
            if user.disabled or locked:
                verify_password(password, _DUMMY_HASH)
                return None
            if not verify_password(password, user.password_hash):
                user.failed_logins += 1
                if user.failed_logins >= MAX_FAILED_LOGINS:
                    user.locked_until, user.failed_logins = self._now() + timedelta(minutes=LOCK_MINUTES), 0
                return None
            user.failed_logins, user.locked_until = 0, None
            return Account(user.login, organisation, user.role, user.disabled)  # type: ignore[arg-type]

    def _user(self, session: Session, login: str) -> User:
        user = session.scalar(select(User).where(User.login == login.strip().lower()))
        if user is None:
            raise UserError(f"no user {login!r}")
        return user


def _aware(moment: datetime) -> datetime:
    """SQLite returns naive datetimes; they were stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
