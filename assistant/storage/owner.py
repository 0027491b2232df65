"""Who is acting, as the server knows it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Owner:
    """Who is acting: always taken from the authenticated session, never from model output."""

    organisation: str
    person_key: str
