"""Hold the app's process-wide state: the database, the agent runtime built in the background, its start and stop."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

import chainlit as cl

from assistant.config import get_settings
from assistant.ui.profiles import PROFILE_SPECS

if TYPE_CHECKING:
    from assistant.runtime import Runtime
    from assistant.ui.history import HistoryDataLayer

log = logging.getLogger(__name__)
# Filled by the start-up task: "ready" (the task itself), "resources", "checkpointer", "runtime", "agents".
_state: dict[str, Any] = {}
# Opened on first use: login and history need the database long before the runtime is ready.
_database: dict[str, Any] = {}


def sessions() -> Any:
    """Return the database session factory, opened once (login and history need only the database)."""
    if "sessions" not in _database:
        from assistant.storage.db import make_engine, make_sessions

        _database["sessions"] = make_sessions(make_engine(get_settings().sqlalchemy_url))
    return _database["sessions"]


def user_store() -> Any:
    """Return the user store."""
    if "users" not in _database:
        from assistant.storage.users import UserStore

        _database["users"] = UserStore(sessions())
    return _database["users"]


def history_layer() -> HistoryDataLayer:
    """Return conversation history in the application database, checked against the session's login."""
    from assistant.storage.chat_history import ChatHistoryStore
    from assistant.ui.history import HistoryDataLayer

    return HistoryDataLayer(ChatHistoryStore(sessions()), user_store().find, forget_thread)


async def forget_thread(thread_id: str) -> None:
    """Delete the agent's memory of a conversation the user deleted from the history."""
    await ready()
    for profile in PROFILE_SPECS:
        await _state["checkpointer"].adelete_thread(f"{profile.profile}:{thread_id}")


async def _warm_up() -> None:
    """Import the agent stack and open the index and checkpointer (slow: done after the page is up)."""
    from contextlib import AsyncExitStack

    from assistant.logging_setup import configure_logging
    from assistant.runtime import build_runtime
    from assistant.storage.checkpoints import open_checkpointer

    configure_logging()
    settings = get_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    resources = AsyncExitStack()
    _state["resources"] = resources
    _state["checkpointer"] = await resources.enter_async_context(open_checkpointer(settings))
    # Opening the database migrates it: done off the event loop, like the rest of the build.
    _state["runtime"] = await asyncio.to_thread(lambda: build_runtime(settings, sessions=sessions()))
    _state["agents"] = {}
    log.info("Cap IA ready, model: %s", _state["runtime"].model_label)


@cl.on_app_startup
async def startup() -> None:
    """Serve the page at once and build the runtime in the background; messages wait for it."""
    _state["ready"] = asyncio.create_task(_warm_up())


@cl.on_app_shutdown
async def shutdown() -> None:
    """Close the checkpointer."""
    resources = _state.pop("resources", None)
    if resources is not None:
        await resources.aclose()


async def ready() -> None:
    """Wait for the background start-up; raise here if it failed (its reason is in the log)."""
    await _state["ready"]


def runtime() -> Runtime:
    """Return the agent runtime; fail if the start-up has not finished."""
    built = _state.get("runtime")
    if built is None:
        raise RuntimeError("Cap IA is not started")
    return built  # type: ignore[no-any-return]


def checkpointer() -> Any:
    """Return the agents' conversation memory, or None before the start-up opened it."""
    return _state.get("checkpointer")


def agent(profile: str) -> Any:
    """Return the agent of a profile, built once on first use."""
    agents: dict[str, Any] = _state["agents"]
    if profile not in agents:
        agents[profile] = runtime().agent(profile, _state["checkpointer"])  # type: ignore[arg-type]
    return agents[profile]
