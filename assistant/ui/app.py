"""Chainlit handlers: profiles, starters, chat turns. Rendering only; no business rules here."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

import chainlit as cl

from assistant.config import get_settings
from assistant.language import detect_language
from assistant.ui.profiles import PROFILE_SPECS, spec_for, ui_language

if TYPE_CHECKING:
    from assistant.runtime import Runtime

log = logging.getLogger(__name__)
_state: dict[str, Any] = {}

TOO_LONG = {
    "fr": (
        "Votre message est trop long ({n} caractères, maximum {max}). "
        "Raccourcissez-le ou découpez-le : rien n'a été perdu."
    ),
    "en": "Your message is too long ({n} characters, maximum {max}). Shorten it or split it: nothing was lost.",
}


async def _warm_up() -> None:
    """Import the agent stack and open the index and checkpointer (slow: done after the page is up)."""
    import aiosqlite
    from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver

    from assistant.runtime import build_runtime

    settings = get_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    connection = await aiosqlite.connect(str(settings.checkpoint_path))
    _state["connection"] = connection
    _state["checkpointer"] = AsyncSqliteSaver(connection)
    _state["runtime"] = await asyncio.to_thread(build_runtime, settings)
    _state["agents"] = {}
    log.info("Cap IA ready, model: %s", _state["runtime"].model_label)


@cl.on_app_startup
async def startup() -> None:
    """Serve the page at once and build the runtime in the background; messages wait for it."""
    _state["ready"] = asyncio.create_task(_warm_up())


@cl.on_app_shutdown
async def shutdown() -> None:
    """Close the checkpointer connection."""
    connection = _state.pop("connection", None)
    if connection is not None:
        await connection.close()


def _runtime() -> Runtime:
    runtime = _state.get("runtime")
    if runtime is None:
        raise RuntimeError("Cap IA is not started")
    return runtime  # type: ignore[no-any-return]


def _agent(profile: str) -> Any:
    agents: dict[str, Any] = _state["agents"]
    if profile not in agents:
        agents[profile] = _runtime().agent(profile, _state["checkpointer"])  # type: ignore[arg-type]
    return agents[profile]


def _language() -> str:
    return ui_language(getattr(cl.context.session, "language", None), get_settings().ui_language)


@cl.set_chat_profiles
async def chat_profiles(user: Any = None, language: str | None = None) -> list[cl.ChatProfile]:
    """The three personas, each with its starters, in the browser's language."""
    lang = ui_language(language, get_settings().ui_language)
    return [
        cl.ChatProfile(
            name=spec.name,
            display_name=spec.display[lang],
            markdown_description=spec.description[lang],
            default=index == 0,
            starters=[cl.Starter(label=label, message=message) for label, message in spec.starters[lang]],
        )
        for index, spec in enumerate(PROFILE_SPECS)
    ]


@cl.on_message
async def on_message(message: cl.Message) -> None:
    """Answer one user message with the agent of the chosen profile."""
    settings = get_settings()
    text = message.content or ""
    lang = detect_language(text, default=_language())  # type: ignore[arg-type]
    if len(text) > settings.max_message_chars:
        await cl.Message(content=TOO_LONG[lang].format(n=len(text), max=settings.max_message_chars)).send()
        return
    await _state["ready"]  # raises here if the start-up failed, with its reason in the log
    from assistant.streaming import stream_turn
    from assistant.ui.render import render_turn

    spec = spec_for(cl.user_session.get("chat_profile"))
    thread_id = f"{spec.profile}:{cl.context.session.thread_id}"
    await render_turn(stream_turn(_agent(spec.profile), text, thread_id, language=lang), lang)
