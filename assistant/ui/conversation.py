"""Answer what the handlers ask about the current conversation: its language, its owner, its interview."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import chainlit as cl

from assistant.config import get_settings
from assistant.ui import app_state
from assistant.ui import interview_view as view
from assistant.ui.access import organisation_of
from assistant.ui.identity import owner_for
from assistant.ui.profiles import ui_language

if TYPE_CHECKING:
    from assistant.services.interview import InterviewService, InterviewState
    from assistant.storage.assessments import Owner


def language() -> str:
    """Return the conversation's language: the last message's, else the browser's."""
    chosen = cl.user_session.get("lang")
    return (
        str(chosen)
        if chosen
        else ui_language(getattr(cl.context.session, "language", None), get_settings().ui_language)
    )


def owner() -> Owner:
    """Return the person in this session (login, else browser cookie); never anything the model wrote."""
    session = cl.context.session
    user = cl.user_session.get("user")
    environ = getattr(session, "environ", None) or {}
    return owner_for(
        organisation_of(user, get_settings().organisation),
        getattr(user, "identifier", None),
        environ.get("HTTP_COOKIE"),
        session.id,
    )


async def account_disabled() -> bool:
    """Return True when the logged-in account was disabled or deleted since its session began.

    A session token stays valid until it expires, so each conversation and message checks the account again.
    """
    user = cl.user_session.get("user")
    if get_settings().auth == "none" or user is None:
        return False
    account = await asyncio.to_thread(app_state.user_store().find, str(getattr(user, "identifier", "")))
    return account is None or bool(account.disabled)


async def interview() -> InterviewService:
    """Return the interview service once the runtime is ready."""
    await app_state.ready()
    return app_state.runtime().interview


async def show_interview(state: InterviewState, lang: str) -> None:
    """Send the interview panel for ``state``."""
    await view.send_panel(state, await interview(), owner(), lang)
