"""The three personas of Cap IA (kept apart from the agent so the UI can import them cheaply)."""

from typing import Literal

Profile = Literal["employee", "manager", "trainer"]
PROFILES: tuple[Profile, ...] = ("employee", "manager", "trainer")
