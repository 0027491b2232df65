"""Map streaming events to Chainlit messages, steps and side elements."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import chainlit as cl

from assistant.knowledge.citations import source_label
from assistant.knowledge.documents import Passage
from assistant.streaming import Done, Event, Failed, Sources, Token, ToolFinished, ToolStarted

EXCERPT_CHARS = 900
TOOL_LABELS = {
    "search_knowledge": {"fr": "Recherche dans la base de connaissances", "en": "Knowledge base search"},
    "interview_status": {"fr": "Où en est l'auto-évaluation", "en": "Self-assessment status"},
    "start_interview": {"fr": "Début de l'auto-évaluation", "en": "Self-assessment start"},
    "record_answer": {"fr": "Enregistrement de la réponse", "en": "Saving the answer"},
    "my_results": {"fr": "Calcul des résultats", "en": "Computing the results"},
    "confirm_results": {"fr": "Confirmation des résultats", "en": "Confirming the results"},
}
INTERVIEW_TOOLS = frozenset(TOOL_LABELS) - {"search_knowledge"}


@dataclass(frozen=True)
class TurnOutcome:
    """What a rendered turn did: its answer, and whether the interview moved (to show its panel)."""

    answer: str
    interview_used: bool


def source_elements(passages: list[tuple[int, Passage]]) -> list[cl.Text]:
    """One side element per cited passage, named like its citation so the answer links to it."""
    elements = []
    for number, passage in passages:
        excerpt = passage.text if len(passage.text) <= EXCERPT_CHARS else passage.text[:EXCERPT_CHARS] + "…"
        content = f"**{source_label(passage)}**\n\n{excerpt}\n\n*{passage.doc_id}*"
        elements.append(cl.Text(name=f"[{number}]", content=content, display="side"))
    return elements


def _tool_summary(event: ToolFinished, language: str) -> str:
    artifact = event.artifact if isinstance(event.artifact, dict) else {}
    passages = artifact.get("passages", [])
    if event.name == "search_knowledge":
        if not passages:
            return "Aucun passage pertinent." if language == "fr" else "No relevant passage."
        titles = sorted({p["title"] for p in passages})
        head = f"{len(passages)} passages"
        return head + " :\n" + "\n".join(f"- {t}" for t in titles)
    if event.name in INTERVIEW_TOOLS:
        error = artifact.get("error")
        return f"⚠ {error}" if error else "✓"
    return event.content[:500]


async def render_turn(events: AsyncIterator[Event], language: str) -> TurnOutcome:
    """Stream a turn into the chat; return its answer and whether the interview was used."""
    answer = cl.Message(content="")
    steps: dict[str, cl.Step] = {}
    final = ""
    interview_used = False
    async for event in events:
        if isinstance(event, Token):
            await answer.stream_token(event.text)
        elif isinstance(event, ToolStarted):
            label = TOOL_LABELS.get(event.name, {}).get(language, event.name)
            step = cl.Step(name=label, type="tool")
            step.input = event.args
            await step.send()
            steps[event.call_id] = step
        elif isinstance(event, ToolFinished):
            interview_used = interview_used or event.name in INTERVIEW_TOOLS
            if event.call_id in steps:
                step = steps.pop(event.call_id)
                step.output = _tool_summary(event, language)
                await step.update()
        elif isinstance(event, Sources):
            answer.elements = source_elements(event.passages)  # type: ignore[assignment]
        elif isinstance(event, Failed):
            answer.content = event.message
        elif isinstance(event, Done):
            final = event.answer
    if final and answer.content != final:
        answer.content = final
    await answer.send()
    return TurnOutcome(final, interview_used)
