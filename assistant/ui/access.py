"""Who may use which profile: roles decide, and the server enforces it on every message."""

from __future__ import annotations

from typing import Any

from assistant.personas import Profile

PROFILES_BY_ROLE: dict[str, tuple[Profile, ...]] = {
    "employee": ("employee",),
    "manager": ("manager", "employee"),
    "trainer": ("trainer", "employee"),
    "admin": ("employee", "manager", "trainer"),
}
ALL_PROFILES: tuple[Profile, ...] = ("employee", "manager", "trainer")


def allowed_profiles(user: Any) -> tuple[Profile, ...]:
    """Profiles open to a logged-in user (all of them when nobody logs in)."""
    if user is None:
        return ALL_PROFILES
    role = (getattr(user, "metadata", None) or {}).get("role")
    return PROFILES_BY_ROLE.get(str(role), ())


def organisation_of(user: Any, default: str) -> str:
    """The user's organisation (tenant); the instance default when nobody logs in."""
    metadata = getattr(user, "metadata", None) or {}
    return str(metadata.get("organisation") or default)
