"""Chainlit handlers: profiles, starters, chat turns. Rendering only; no business rules here."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

import chainlit as cl

from assistant.config import get_settings
from assistant.language import message_language
from assistant.ui import discovery_view as dview
from assistant.ui import interview_view as view
from assistant.ui import training_view as tview
from assistant.ui.access import allowed_profiles, organisation_of
from assistant.ui.identity import VisitorCookieMiddleware, owner_for
from assistant.ui.login_throttle import LoginThrottleMiddleware
from assistant.ui.profiles import PROFILE_SPECS, spec_for, ui_language
from assistant.ui.security_headers import SecurityHeadersMiddleware

if TYPE_CHECKING:
    from assistant.runtime import Runtime
    from assistant.services.interview import InterviewService, InterviewState
    from assistant.storage.assessments import Owner

log = logging.getLogger(__name__)
_state: dict[str, Any] = {}
MY_DATA = {"fr": "Mes données", "en": "My data"}
COMMANDS = {
    "fr": [{"id": MY_DATA["fr"], "description": "Exporter ou effacer mes données", "icon": "database", "button": True}],
    "en": [{"id": MY_DATA["en"], "description": "Export or erase my data", "icon": "database", "button": True}],
}
TEXTS = {
    "resume": {"fr": "Bon retour ! Votre auto-évaluation vous attend :", "en": "Welcome back! Your self-assessment:"},
    "forbidden": {
        "fr": "Ce profil n'est pas ouvert à votre rôle. Choisissez un autre profil.",
        "en": "This profile is not open to your role. Choose another profile.",
    },
    "upload_elsewhere": {
        "fr": "Les fichiers ne sont lus que dans le profil Formateur, pour vérifier une fiche programme. "
        "Rien n'a été enregistré.",
        "en": "Files are only read in the Trainer profile, to check a programme sheet. Nothing was stored.",
    },
    "unreadable": {
        "fr": "Je n'ai pas pu lire « {name} » : {reason}. Envoyez un DOCX, un PDF ou un fichier Markdown.",
        "en": "I could not read '{name}': {reason}. Send a DOCX, PDF or Markdown file.",
    },
    "resume_discovery": {
        "fr": "Bon retour ! Reprenons la description de votre entreprise :",
        "en": "Welcome back! Let's continue describing your company:",
    },
    "my_data": {
        "fr": "**Mes données** : vos réponses, résultats et conversations vous appartiennent. Vous pouvez les "
        "exporter (JSON) ou les effacer définitivement.",
        "en": "**My data**: your answers, results and conversations are yours. You can export them (JSON) "
        "or erase them for good.",
    },
    "erase_confirm": {
        "fr": "Effacer **définitivement** vos réponses, résultats et conversations ? Cette action est irréversible.",
        "en": "Erase your answers, results and conversations **for good**? This cannot be undone.",
    },
    "erase_yes": {"fr": "Oui, tout effacer", "en": "Yes, erase everything"},
    "erase_no": {"fr": "Annuler", "en": "Cancel"},
    "erased": {
        "fr": "C'est fait : {rows} enregistrements et {threads} conversation(s) effacés. Rien de vous n'est conservé.",
        "en": "Done: {rows} records and {threads} conversation(s) erased. Nothing of yours is kept.",
    },
    "kept": {"fr": "Rien n'a été effacé.", "en": "Nothing was erased."},
    "exported": {"fr": "Voici toutes vos données :", "en": "Here is all your data:"},
    "confirmed": {"fr": "Merci, vos résultats sont confirmés.", "en": "Thank you, your results are confirmed."},
}

# Chainlit serves this FastAPI app; the middleware must be added before the server starts.
from chainlit.server import app as _server_app  # noqa: E402

_server_app.add_middleware(VisitorCookieMiddleware)


def _private_files_directory() -> None:
    """Give this process its own folder for session files.

    Chainlit keeps them in one folder under the app root and deletes that whole folder when a server stops,
    which breaks any other server (a second worker, a test server) started from the same directory.
    """
    import os

    import chainlit.config as chainlit_config
    import chainlit.server as chainlit_server

    folder = get_settings().data_dir / "session-files" / str(os.getpid())
    folder.mkdir(parents=True, exist_ok=True)
    chainlit_config.FILES_DIRECTORY = folder
    chainlit_server.FILES_DIRECTORY = folder  # type: ignore[attr-defined]


_private_files_directory()
_database: dict[str, Any] = {}


def _sessions() -> Any:
    """The database session factory, opened once (login and history need only the database)."""
    if "sessions" not in _database:
        from assistant.storage.db import make_engine, make_sessions

        _database["sessions"] = make_sessions(make_engine(get_settings().sqlalchemy_url))
    return _database["sessions"]


def _user_store() -> Any:
    """The user store."""
    if "users" not in _database:
        from assistant.storage.users import UserStore

        _database["users"] = UserStore(_sessions())
    return _database["users"]


def _history() -> Any:
    """Conversation history in the application database, checked against the session's login."""
    from assistant.storage.chat_history import ChatHistoryStore
    from assistant.ui.history import HistoryDataLayer

    return HistoryDataLayer(ChatHistoryStore(_sessions()), _user_store().find, _forget_thread)


async def _forget_thread(thread_id: str) -> None:
    """Delete the agent's memory of a conversation the user deleted from the history."""
    await _state["ready"]
    for profile in PROFILE_SPECS:
        await _state["checkpointer"].adelete_thread(f"{profile.profile}:{thread_id}")


def _chainlit_user(account: Any) -> cl.User:
    return cl.User(identifier=account.login, metadata={"role": account.role, "organisation": account.organisation})


async def _password_login(username: str, password: str) -> cl.User | None:
    """Check a login against the user table (scrypt; locked after repeated failures)."""
    if len(username) > 200 or len(password) > 1000:
        return None
    account = await asyncio.to_thread(_user_store().authenticate, username, password)
    return _chainlit_user(account) if account is not None else None


async def _header_login(headers: Any) -> cl.User | None:
    """Trust the login set by the company's authenticating proxy, if that user exists and is active."""
    login = headers.get(get_settings().auth_header)
    if not login:
        return None
    account = await asyncio.to_thread(_user_store().find, login)
    return _chainlit_user(account) if account is not None and not account.disabled else None


# Registering a callback turns Chainlit's login on, so only the configured mode is registered; history needs a login.
if get_settings().auth == "password":
    cl.password_auth_callback(_password_login)
elif get_settings().auth == "header":
    cl.header_auth_callback(_header_login)
if get_settings().auth != "none":
    cl.data_layer(_history)


def _audit_throttled_login(address: str) -> None:
    """Record that an address was made to wait (pseudonymised: an address is personal data)."""
    from assistant.storage.audit import AuditLog, pseudonym

    AuditLog(_sessions()).record("login_throttled", get_settings().organisation, "anonymous", pseudonym(address))


def _add_login_throttle() -> None:
    from chainlit.config import config as chainlit_config

    settings = get_settings()
    _server_app.add_middleware(
        LoginThrottleMiddleware,
        max_failures=settings.login_max_failures,
        window_s=settings.login_window_s,
        on_throttle=_audit_throttled_login,
        root_path=chainlit_config.run.root_path or "",
    )


# Added last, the security headers wrap everything, the throttle's 429 answers included.
_add_login_throttle()
_server_app.add_middleware(SecurityHeadersMiddleware)

TOO_LONG = {
    "fr": (
        "Votre message est trop long ({n} caractères, maximum {max}). "
        "Raccourcissez-le ou découpez-le : rien n'a été perdu."
    ),
    "en": "Your message is too long ({n} characters, maximum {max}). Shorten it or split it: nothing was lost.",
}


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
    _state["runtime"] = await asyncio.to_thread(build_runtime, settings)
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
    """The conversation's language: the last message's, else the browser's."""
    chosen = cl.user_session.get("lang")
    return (
        str(chosen)
        if chosen
        else ui_language(getattr(cl.context.session, "language", None), get_settings().ui_language)
    )


def _t(key: str, lang: str) -> str:
    return TEXTS[key]["en" if lang == "en" else "fr"]


def _owner() -> Owner:
    """The person in this session (login, else browser cookie); never anything the model wrote."""
    session = cl.context.session
    user = cl.user_session.get("user")
    environ = getattr(session, "environ", None) or {}
    return owner_for(
        organisation_of(user, get_settings().organisation),
        getattr(user, "identifier", None),
        environ.get("HTTP_COOKIE"),
        session.id,
    )


async def _interview() -> InterviewService:
    await _state["ready"]
    return _runtime().interview


async def _show(state: InterviewState, lang: str) -> None:
    await view.send_panel(state, await _interview(), _owner(), lang)


@cl.on_chat_start
async def on_chat_start() -> None:
    """Offer the data commands; an employee with an interview under way finds it where they left it."""
    lang = _language()
    await cl.context.emitter.set_commands(COMMANDS["en" if lang == "en" else "fr"])  # type: ignore[arg-type]
    profile = spec_for(cl.user_session.get("chat_profile")).profile
    if profile == "manager":
        await _state["ready"]
        discovery = _runtime().discovery
        organisation = _owner().organisation
        draft_state = await asyncio.to_thread(discovery.state, organisation, lang)
        if draft_state.draft and draft_state.result is None:
            await cl.Message(content=_t("resume_discovery", lang)).send()
            await dview.send_panel(draft_state, discovery, organisation, lang, _owner().person_key)
        return
    if profile != "employee":
        return
    service = await _interview()
    state = await asyncio.to_thread(service.state, _owner(), lang)
    if state.stage in ("question", "review"):
        await cl.Message(content=_t("resume", lang)).send()
        await _show(state, lang)


@cl.on_chat_resume
async def on_chat_resume(thread: Any) -> None:
    """Reopen a past conversation (Chainlit checked it is the user's): the agent remembers it, panels come back."""
    cl.user_session.set("thread_remembered", True)
    await on_chat_start()


@cl.set_chat_profiles
async def chat_profiles(user: Any = None, language: str | None = None) -> list[cl.ChatProfile]:
    """The three personas, each with its starters, in the browser's language."""
    lang = ui_language(language, get_settings().ui_language)
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
    lang = message_language(text, _language())  # type: ignore[arg-type]
    cl.user_session.set("lang", lang)
    if message.command in MY_DATA.values():
        await view.send_message(_t("my_data", _language()), view.my_data_actions(_language()))
        return
    uploads = [e for e in message.elements or [] if getattr(e, "path", None)]
    if uploads:
        await _check_uploads(uploads, lang)
        if not text.strip():
            return
    if len(text) > settings.max_message_chars:
        await cl.Message(content=TOO_LONG[lang].format(n=len(text), max=settings.max_message_chars)).send()
        return
    await _state["ready"]  # raises here if the start-up failed, with its reason in the log
    from assistant.streaming import stream_turn
    from assistant.tools.assessment import SessionContext
    from assistant.ui.render import render_turn

    spec = spec_for(cl.user_session.get("chat_profile"))
    if spec.profile not in allowed_profiles(cl.user_session.get("user")):
        await cl.Message(content=_t("forbidden", lang)).send()
        return
    thread_id = f"{spec.profile}:{cl.context.session.thread_id}"
    owner = _owner()
    service = _runtime().interview
    if not cl.user_session.get("thread_remembered"):
        await asyncio.to_thread(service.store.remember_thread, owner, thread_id, spec.profile)
        cl.user_session.set("thread_remembered", True)
    context = SessionContext(owner, lang)
    outcome = await render_turn(
        stream_turn(_agent(spec.profile), text, thread_id, language=lang, context=context), lang
    )
    if outcome.interview_used:
        await view.retire_all_panels()
        await _show(await asyncio.to_thread(service.state, owner, lang), lang)
    elif outcome.discovery_used:
        await view.retire_all_panels()
        await _show_discovery(lang)
    elif "team_skills_map" in outcome.tools:
        await dview.send_team(_runtime().discovery, owner.organisation, lang, owner.person_key)
    if isinstance(outcome.artifacts.get("outline_atelier"), dict):
        await tview.send_outline(outcome.artifacts["outline_atelier"], _runtime().training)


async def _check_uploads(uploads: list[Any], lang: str) -> None:
    """Check uploaded programme sheets (Formateur profile only); a broken file gets a clear message."""
    from pathlib import Path

    from assistant.offline_training import check_summary
    from assistant.services.training import TrainingError

    if spec_for(cl.user_session.get("chat_profile")).profile != "trainer":
        await cl.Message(content=_t("upload_elsewhere", lang)).send()
        return
    await _state["ready"]
    for element in uploads:
        try:
            check = await asyncio.to_thread(_runtime().training.check_file, Path(element.path), lang)
        except TrainingError as exc:
            await cl.Message(content=_t("unreadable", lang).format(name=element.name, reason=exc)).send()
            continue
        await cl.Message(content=f"**{element.name}**\n\n{check_summary(check.as_dict(), lang)}").send()


async def _show_discovery(lang: str) -> None:
    discovery = _runtime().discovery
    organisation = _owner().organisation
    state = await asyncio.to_thread(discovery.state, organisation, lang)
    await dview.send_panel(state, discovery, organisation, lang, _owner().person_key)


async def _discovery_change(action: cl.Action, change: Any) -> None:
    """Apply one change to the company profile from a button, then show what comes next."""
    from assistant.services.discovery import DiscoveryError

    await _state["ready"]
    lang, organisation, discovery = _language(), _owner().organisation, _runtime().discovery
    await view.retire_panel(action.forId, action.label)
    try:
        await asyncio.to_thread(change, discovery, organisation, lang)
    except DiscoveryError as exc:
        await cl.Message(content=str(exc)).send()
    await _show_discovery(lang)


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
    await view.send_message(dview.cost_prompt(_language()), dview.cost_choices(_language()))


@cl.action_callback(dview.TEAM)
async def on_discovery_team(action: cl.Action) -> None:
    """Show the anonymous team map."""
    await _state["ready"]
    await dview.send_team(_runtime().discovery, _owner().organisation, _language(), _owner().person_key)


@cl.action_callback(view.ANSWER)
async def on_answer(action: cl.Action) -> None:
    """Save the answer of a button, then show what comes next (works without any LLM)."""
    from assistant.services.interview import InterviewError

    lang, owner, service = _language(), _owner(), await _interview()
    await view.retire_panel(action.forId, action.payload.get("label"))
    try:
        state = await asyncio.to_thread(
            service.answer, owner, str(action.payload.get("item")), str(action.payload.get("value")), None, lang
        )
    except InterviewError as exc:
        await cl.Message(content=str(exc)).send()
        await _show(await asyncio.to_thread(service.state, owner, lang), lang)
        return
    if state.saved:
        await _show(state, lang)


@cl.action_callback(view.ROLE)
async def on_role(action: cl.Action) -> None:
    """Start the interview for the chosen role."""
    lang, owner, service = _language(), _owner(), await _interview()
    await view.retire_panel(action.forId, action.label)
    state = await asyncio.to_thread(service.start, owner, str(action.payload.get("role")), lang)
    await _show(state, lang)


@cl.action_callback(view.CONFIRM)
async def on_confirm(action: cl.Action) -> None:
    """Confirm the reviewed results."""
    from assistant.services.interview import InterviewError

    lang, owner, service = _language(), _owner(), await _interview()
    await view.retire_panel(action.forId, action.label)
    try:
        state = await asyncio.to_thread(service.confirm, owner, lang)
    except InterviewError as exc:
        await cl.Message(content=str(exc)).send()
        return
    await cl.Message(content=_t("confirmed", lang)).send()
    await _show(state, lang)


@cl.action_callback(view.CORRECT)
async def on_correct(action: cl.Action) -> None:
    """Pick a domain whose answers to review."""
    await view.send_domain_picker(await _interview(), _owner(), _language())


@cl.action_callback(view.CORRECT_DOMAIN)
async def on_correct_domain(action: cl.Action) -> None:
    """Show a domain's answers with buttons to change them."""
    await view.retire_panel(action.forId, action.label)
    await view.send_answered(await _interview(), _owner(), str(action.payload.get("domain")), _language())


@cl.action_callback(view.RESTART)
async def on_restart(action: cl.Action) -> None:
    """Start a new assessment for the same role."""
    lang, owner, service = _language(), _owner(), await _interview()
    await view.retire_panel(action.forId, action.label)
    latest = await asyncio.to_thread(service.store.latest, owner)
    role = latest.role_id if latest else service.framework.roles[0].id
    await _show(await asyncio.to_thread(service.start, owner, role, lang, True), lang)


@cl.action_callback(view.EXPORT)
async def on_export(action: cl.Action) -> None:
    """Send every stored piece of the person's data as a JSON file."""
    import json

    from assistant.services.personal_data import PersonalData

    lang, service = _language(), await _interview()
    data = await PersonalData(service.store, _state.get("checkpointer"), _runtime().audit).export(_owner())
    content = json.dumps(data, ensure_ascii=False, indent=2, default=str).encode()
    name = "mes-donnees-cap-ia.json" if lang != "en" else "my-cap-ia-data.json"
    file = cl.File(name=name, content=content, mime="application/json", display="inline")
    await cl.Message(content=_t("exported", lang), elements=[file]).send()


@cl.action_callback(view.ERASE)
async def on_erase(action: cl.Action) -> None:
    """Erase everything about the person, after an explicit confirmation."""
    from assistant.services.personal_data import PersonalData

    lang, service = _language(), await _interview()
    answer = await cl.AskActionMessage(
        content=_t("erase_confirm", lang),
        actions=[
            cl.Action(name="erase_yes", payload={"erase": True}, label=_t("erase_yes", lang)),
            cl.Action(name="erase_no", payload={"erase": False}, label=_t("erase_no", lang)),
        ],
        timeout=300,
    ).send()
    if not answer or not answer.get("payload", {}).get("erase"):
        await cl.Message(content=_t("kept", lang)).send()
        return
    await view.retire_all_panels()
    report = await PersonalData(service.store, _state.get("checkpointer"), _runtime().audit).erase(_owner())
    cl.user_session.set("thread_remembered", False)
    await cl.Message(content=_t("erased", lang).format(rows=report.database_rows, threads=report.conversations)).send()
