"""Handle the manager's company-discovery buttons: answers, skips, finish, restart, hourly cost, team map."""

from __future__ import annotations

import asyncio
from typing import Any

import chainlit as cl

from assistant.ui import app_state
from assistant.ui import discovery_view as dview
from assistant.ui import interview_view as view
from assistant.ui.conversation import language, owner


async def show_discovery(lang: str) -> None:
    """Send the company-profile panel at its current step."""
    discovery = app_state.runtime().discovery
    organisation = owner().organisation
    state = await asyncio.to_thread(discovery.state, organisation, lang)
    await dview.send_panel(state, discovery, organisation, lang, owner().person_key)


async def _discovery_change(action: cl.Action, change: Any) -> None:
    """Apply one change to the company profile from a button, then show what comes next."""
    from assistant.services.discovery import DiscoveryError

    await app_state.ready()
    lang, organisation, discovery = language(), owner().organisation, app_state.runtime().discovery
    await view.retire_panel(action.forId, action.label)
    try:
        await asyncio.to_thread(change, discovery, organisation, lang)
    except DiscoveryError as exc:
        await cl.Message(content=str(exc)).send()
    await show_discovery(lang)


@cl.action_callback(dview.SET)
@cl.action_callback(dview.ADD)
async def on_discovery_value(action: cl.Action) -> None:
    """A profile value chosen with a button."""
    payload = action.payload
    changes = dview.value_for(str(payload.get("field")), payload.get("value"), payload.get("subject"))
    await _discovery_change(action, lambda service, org, lang: service.update(org, changes, lang))


@cl.action_callback(dview.NEXT)
async def on_discovery_next(action: cl.Action) -> None:
    """Move on from a multi-answer or optional question."""
    field_name = str(action.payload.get("field"))
    await _discovery_change(action, lambda service, org, lang: service.skip(org, field_name, lang))


@cl.action_callback(dview.FINISH)
async def on_discovery_finish(action: cl.Action) -> None:
    """Skip the remaining optional questions and show the results."""
    from assistant.services.discovery import OPTIONAL, STEPS

    def finish(service: Any, org: str, lang: str) -> None:
        for field_name in STEPS:
            if field_name in OPTIONAL or (service.draft(org).get(field_name) and field_name in ("pains", "tasks")):
                service.skip(org, field_name, lang)

    await _discovery_change(action, finish)


@cl.action_callback(dview.RESTART)
async def on_discovery_restart(action: cl.Action) -> None:
    """Forget the draft and describe the company again."""
    await _discovery_change(action, lambda service, org, lang: service.restart(org))


@cl.action_callback(dview.COST)
async def on_discovery_cost(action: cl.Action) -> None:
    """Offer other hourly costs; the ranking is recomputed with the chosen one."""
    await view.send_message(dview.cost_prompt(language()), dview.cost_choices(language()))


@cl.action_callback(dview.TEAM)
async def on_discovery_team(action: cl.Action) -> None:
    """Show the anonymous team map."""
    await app_state.ready()
    await dview.send_team(app_state.runtime().discovery, owner().organisation, language(), owner().person_key)
