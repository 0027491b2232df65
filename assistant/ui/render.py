"""Map streaming events to Chainlit messages, steps and side elements."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import chainlit as cl

from assistant.knowledge.citations import source_label
from assistant.knowledge.documents import Passage
from assistant.streaming import Done, Event, Failed, Sources, Token, ToolFinished, ToolStarted
from assistant.ui.sanitise import sanitise_markdown

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
TOOL_LABELS |= {
    "update_company_profile": {"fr": "Mise à jour du profil de l'entreprise", "en": "Updating the company profile"},
    "discover_use_cases": {"fr": "Priorisation des cas d'usage", "en": "Prioritising use cases"},
    "estimate_roi": {"fr": "Estimation du ROI", "en": "ROI estimate"},
    "ai_act_triage": {"fr": "Orientation AI Act", "en": "AI Act orientation"},
    "team_skills_map": {"fr": "Carte anonyme des compétences", "en": "Anonymous skills map"},
    "outline_atelier": {"fr": "Conception de l'atelier", "en": "Designing the workshop"},
    "check_programme": {"fr": "Vérification de la fiche programme", "en": "Checking the programme sheet"},
    "team_training_plan": {"fr": "Plan de formation de l'équipe", "en": "Team training plan"},
}
DISCOVERY_TOOLS = frozenset({"update_company_profile", "discover_use_cases"})


@dataclass(frozen=True)
class TurnOutcome:
    """What a rendered turn did: its answer, and whether the interview moved (to show its panel)."""

    answer: str
    tools: frozenset[str]
    artifacts: dict[str, Any]

    @property
    def interview_used(self) -> bool:
        """Whether the interview moved (its panel is shown again)."""
        return bool(self.tools & INTERVIEW_TOOLS)

    @property
    def discovery_used(self) -> bool:
        """Whether the company profile or portfolio was read or changed."""
        return bool(self.tools & DISCOVERY_TOOLS)


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
    if event.name != "search_knowledge" and isinstance(event.artifact, dict):
        error = artifact.get("error")
        return f"⚠ {error}" if error else "✓"
    return event.content[:500]


async def render_turn(events: AsyncIterator[Event], language: str) -> TurnOutcome:
    """Stream a turn into the chat; return its answer and whether the interview was used."""
    answer = cl.Message(content="")
    steps: dict[str, cl.Step] = {}
    final = ""
    used: set[str] = set()
    artifacts: dict[str, Any] = {}
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
            used.add(event.name)
            artifacts[event.name] = event.artifact
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
    answer.content = sanitise_markdown(final or answer.content)
    await answer.send()
    return TurnOutcome(final, frozenset(used), artifacts)
