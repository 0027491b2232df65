"""Handle the employee interview's buttons: role, answers, confirmation, corrections, restart."""

from __future__ import annotations

import asyncio

import chainlit as cl

from assistant.ui import interview_view as view
from assistant.ui.conversation import interview, language, owner, show_interview
from assistant.ui.texts import t


@cl.action_callback(view.ANSWER)
async def on_answer(action: cl.Action) -> None:
    """Save the answer of a button, then show what comes next (works without any LLM)."""
    from assistant.services.interview import InterviewError

    lang, person, service = language(), owner(), await interview()
    await view.retire_panel(action.forId, action.payload.get("label"))
    try:
        state = await asyncio.to_thread(
            service.answer, person, str(action.payload.get("item")), str(action.payload.get("value")), None, lang
        )
    except InterviewError as exc:
        await cl.Message(content=str(exc)).send()
        await show_interview(await asyncio.to_thread(service.state, person, lang), lang)
        return
    if state.saved:
        await show_interview(state, lang)


@cl.action_callback(view.ROLE)
async def on_role(action: cl.Action) -> None:
    """Start the interview for the chosen role."""
    lang, person, service = language(), owner(), await interview()
    await view.retire_panel(action.forId, action.label)
    state = await asyncio.to_thread(service.start, person, str(action.payload.get("role")), lang)
    await show_interview(state, lang)


@cl.action_callback(view.CONFIRM)
async def on_confirm(action: cl.Action) -> None:
    """Confirm the reviewed results."""
    from assistant.services.interview import InterviewError

    lang, person, service = language(), owner(), await interview()
    await view.retire_panel(action.forId, action.label)
    try:
        state = await asyncio.to_thread(service.confirm, person, lang)
    except InterviewError as exc:
        await cl.Message(content=str(exc)).send()
        return
    await cl.Message(content=t("confirmed", lang)).send()
    await show_interview(state, lang)


@cl.action_callback(view.CORRECT)
async def on_correct(action: cl.Action) -> None:
    """Pick a domain whose answers to review."""
    await view.send_domain_picker(await interview(), owner(), language())


@cl.action_callback(view.CORRECT_DOMAIN)
async def on_correct_domain(action: cl.Action) -> None:
    """Show a domain's answers with buttons to change them."""
    await view.retire_panel(action.forId, action.label)
    await view.send_answered(await interview(), owner(), str(action.payload.get("domain")), language())


@cl.action_callback(view.RESTART)
async def on_restart(action: cl.Action) -> None:
    """Start a new assessment for the same role."""
    lang, person, service = language(), owner(), await interview()
    await view.retire_panel(action.forId, action.label)
    latest = await asyncio.to_thread(service.store.latest, person)
    role = latest.role_id if latest else service.framework.roles[0].id
    await show_interview(await asyncio.to_thread(service.start, person, role, lang, True), lang)
