"""Check the files a trainer uploads: programme sheets, read only in the Trainer profile."""

from __future__ import annotations

import asyncio
from typing import Any

import chainlit as cl

from assistant.ui import app_state
from assistant.ui.profiles import spec_for
from assistant.ui.texts import t


async def check_uploads(uploads: list[Any], lang: str) -> None:
    """Check uploaded programme sheets (Formateur profile only); a broken file gets a clear message."""
    from pathlib import Path

    from assistant.offline_training import check_summary
    from assistant.services.training import TrainingError

    if spec_for(cl.user_session.get("chat_profile")).profile != "trainer":
        await cl.Message(content=t("upload_elsewhere", lang)).send()
        return
    await app_state.ready()
    for element in uploads:
        try:
            check = await asyncio.to_thread(app_state.runtime().training.check_file, Path(element.path), lang)
        except TrainingError as exc:
            await cl.Message(content=t("unreadable", lang).format(name=element.name, reason=exc)).send()
            continue
        await cl.Message(content=f"**{element.name}**\n\n{check_summary(check.as_dict(), lang)}").send()
