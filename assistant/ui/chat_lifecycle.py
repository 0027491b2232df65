"""Handle a conversation's life: the personas offered, its start or resumption, and each user message."""

from __future__ import annotations

import asyncio
from typing import Any

import chainlit as cl

from assistant.config import get_settings
from assistant.language import message_language
from assistant.ui import app_state
from assistant.ui import discovery_view as dview
from assistant.ui import interview_view as view
from assistant.ui import training_view as tview
from assistant.ui.access import allowed_profiles
from assistant.ui.conversation import account_disabled, interview, language, owner, show_interview
from assistant.ui.discovery_actions import show_discovery
from assistant.ui.my_data_actions import offer_my_data
from assistant.ui.profiles import PROFILE_SPECS, spec_for, ui_language
from assistant.ui.texts import COMMANDS, MY_DATA, TOO_LONG, t
from assistant.ui.trainer_uploads import check_uploads


@cl.on_chat_start
async def on_chat_start() -> None:
    """Offer the data commands; an employee with an interview under way finds it where they left it."""
    lang = language()
    if await account_disabled():
        await cl.Message(content=t("disabled", lang)).send()
        return
    await cl.context.emitter.set_commands(COMMANDS["en" if lang == "en" else "fr"])  # type: ignore[arg-type]
    profile = spec_for(cl.user_session.get("chat_profile")).profile
    if profile == "manager":
        await app_state.ready()
        discovery = app_state.runtime().discovery
        organisation = owner().organisation
        draft_state = await asyncio.to_thread(discovery.state, organisation, lang)
        if draft_state.draft and draft_state.result is None:
            await cl.Message(content=t("resume_discovery", lang)).send()
            await dview.send_panel(draft_state, discovery, organisation, lang, owner().person_key)
        return
    if profile != "employee":
        return
    service = await interview()
    state = await asyncio.to_thread(service.state, owner(), lang)
    if state.stage in ("question", "review"):
        await cl.Message(content=t("resume", lang)).send()
        await show_interview(state, lang)


@cl.on_chat_resume
async def on_chat_resume(thread: Any) -> None:
    """Reopen a past conversation (Chainlit checked it is the user's): the agent remembers it, panels come back."""
    cl.user_session.set("thread_remembered", True)
    await on_chat_start()


@cl.set_chat_profiles
async def chat_profiles(user: Any = None, browser_language: str | None = None) -> list[cl.ChatProfile]:
    """The three personas, each with its starters, in the browser's language."""
    lang = ui_language(browser_language, get_settings().ui_language)
    allowed = allowed_profiles(user)
    specs = [spec for spec in PROFILE_SPECS if spec.profile in allowed]
    return [
        cl.ChatProfile(
            name=spec.name,
            display_name=spec.display[lang],
            markdown_description=spec.description[lang],
            default=index == 0,
            starters=[cl.Starter(label=label, message=message) for label, message in spec.starters[lang]],
        )
        for index, spec in enumerate(specs)
    ]


@cl.on_message
async def on_message(message: cl.Message) -> None:
    """Answer one user message with the agent of the chosen profile."""
    settings = get_settings()
    text = message.content or ""
    lang = message_language(text, language())  # type: ignore[arg-type]
    cl.user_session.set("lang", lang)
    if await account_disabled():
        await cl.Message(content=t("disabled", lang)).send()
        return
    if message.command in MY_DATA.values():
        await offer_my_data()
        return
    uploads = [e for e in message.elements or [] if getattr(e, "path", None)]
    if uploads:
        await check_uploads(uploads, lang)
        if not text.strip():
            return
    if len(text) > settings.max_message_chars:
        await cl.Message(content=TOO_LONG[lang].format(n=len(text), max=settings.max_message_chars)).send()
        return
    await app_state.ready()  # raises here if the start-up failed, with its reason in the log
    from assistant.streaming import stream_turn
    from assistant.tools.assessment import SessionContext
    from assistant.ui.render import render_turn

    spec = spec_for(cl.user_session.get("chat_profile"))
    if spec.profile not in allowed_profiles(cl.user_session.get("user")):
        await cl.Message(content=t("forbidden", lang)).send()
        return
    thread_id = f"{spec.profile}:{cl.context.session.thread_id}"
    person = owner()
    service = app_state.runtime().interview
    if not cl.user_session.get("thread_remembered"):
        await asyncio.to_thread(service.store.remember_thread, person, thread_id, spec.profile)
        cl.user_session.set("thread_remembered", True)
    context = SessionContext(person, lang)
    outcome = await render_turn(
        stream_turn(app_state.agent(spec.profile), text, thread_id, language=lang, context=context), lang
    )
    if outcome.interview_used:
        await view.retire_all_panels()
        await show_interview(await asyncio.to_thread(service.state, person, lang), lang)
    elif outcome.discovery_used:
        await view.retire_all_panels()
        await show_discovery(lang)
    elif "team_skills_map" in outcome.tools:
        await dview.send_team(app_state.runtime().discovery, person.organisation, lang, person.person_key)
    if isinstance(outcome.artifacts.get("outline_atelier"), dict):
        await tview.send_outline(outcome.artifacts["outline_atelier"], app_state.runtime().training)
