"""Handle "My data": offer the choice, export everything stored about the person, erase it on confirmation."""

from __future__ import annotations

import chainlit as cl

from assistant.ui import app_state
from assistant.ui import interview_view as view
from assistant.ui.conversation import interview, language, owner
from assistant.ui.texts import t


async def offer_my_data() -> None:
    """Explain what is stored and offer the export and erase buttons."""
    await view.send_message(t("my_data", language()), view.my_data_actions(language()))


@cl.action_callback(view.EXPORT)
async def on_export(action: cl.Action) -> None:
    """Send every stored piece of the person's data as a JSON file."""
    import json

    from assistant.services.personal_data import PersonalData

    lang, service = language(), await interview()
    data = await PersonalData(service.store, app_state.checkpointer(), app_state.runtime().audit).export(owner())
    content = json.dumps(data, ensure_ascii=False, indent=2, default=str).encode()
    name = "mes-donnees-cap-ia.json" if lang != "en" else "my-cap-ia-data.json"
    file = cl.File(name=name, content=content, mime="application/json", display="inline")
    await cl.Message(content=t("exported", lang), elements=[file]).send()


@cl.action_callback(view.ERASE)
async def on_erase(action: cl.Action) -> None:
    """Erase everything about the person, after an explicit confirmation."""
    from assistant.services.personal_data import PersonalData

    lang, service = language(), await interview()
    answer = await cl.AskActionMessage(
        content=t("erase_confirm", lang),
        actions=[
            cl.Action(name="erase_yes", payload={"erase": True}, label=t("erase_yes", lang)),
            cl.Action(name="erase_no", payload={"erase": False}, label=t("erase_no", lang)),
        ],
        timeout=300,
    ).send()
    if not answer or not answer.get("payload", {}).get("erase"):
        await cl.Message(content=t("kept", lang)).send()
        return
    await view.retire_all_panels()
    report = await PersonalData(service.store, app_state.checkpointer(), app_state.runtime().audit).erase(owner())
    cl.user_session.set("thread_remembered", False)
    await cl.Message(content=t("erased", lang).format(rows=report.database_rows, threads=report.conversations)).send()
