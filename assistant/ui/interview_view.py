"""Render the interview in Chainlit: role picker, question with answer buttons, results with chart and files."""

from __future__ import annotations

from datetime import date
from typing import Any

import chainlit as cl

from assistant.exports.assessment_report import build_assessment_report
from assistant.exports.render import report_filename, to_docx, to_markdown, to_pdf
from assistant.services.interview import InterviewService, InterviewState, QuestionView
from assistant.services.interview_text import CHOOSE_ROLE, DISCLOSURE, question_markdown, results_markdown
from assistant.storage.assessments import Owner
from assistant.ui.charts import radar_figure

ANSWER, ROLE, CONFIRM, CORRECT, CORRECT_DOMAIN, RESTART, EXPORT, ERASE = (
    "interview_answer",
    "interview_role",
    "interview_confirm",
    "interview_correct",
    "interview_correct_domain",
    "interview_restart",
    "my_data_export",
    "my_data_erase",
)
WORDS = {
    "dont_know": {"fr": "Je ne sais pas", "en": "I don't know"},
    "skip": {"fr": "Passer", "en": "Skip"},
    "confirm": {"fr": "Je confirme ce bilan", "en": "I confirm these results"},
    "correct": {"fr": "Corriger une réponse", "en": "Correct an answer"},
    "restart": {"fr": "Recommencer une évaluation", "en": "Start a new assessment"},
    "export": {"fr": "Exporter mes données", "en": "Export my data"},
    "erase": {"fr": "Effacer mes données", "en": "Erase my data"},
    "your_answer": {"fr": "Votre réponse", "en": "Your answer"},
    "which_domain": {"fr": "Quel domaine voulez-vous revoir ?", "en": "Which domain do you want to review?"},
    "radar": {"fr": "Vos niveaux", "en": "Your levels"},
}
PANELS_KEY = "interview_panels"


def _w(key: str, lang: str) -> str:
    return WORDS[key]["en" if lang == "en" else "fr"]


def _remember(message: cl.Message, actions: list[cl.Action]) -> None:
    """Keep a panel's buttons so a click can remove them all (and mark the answer given)."""
    panels: dict[str, tuple[str, list[cl.Action]]] = cl.user_session.get(PANELS_KEY) or {}
    panels[message.id] = (message.content, actions)
    cl.user_session.set(PANELS_KEY, panels)


async def retire_panel(message_id: str | None, note: str | None = None) -> None:
    """Remove the buttons of a panel once used, appending what was chosen."""
    panels: dict[str, tuple[str, list[cl.Action]]] = cl.user_session.get(PANELS_KEY) or {}
    content, actions = panels.pop(message_id or "", ("", []))
    for action in actions:
        await action.remove()
    if note and content and message_id:
        await cl.Message(id=message_id, content=f"{content}\n\n**→ {note}**").update()


def question_actions(question: QuestionView, lang: str) -> list[cl.Action]:
    """One button per option, then "I don't know" and "skip"."""
    base = {"item": question.item_id, "assessment": question.assessment_id}
    actions = [
        cl.Action(name=ANSWER, payload={**base, "value": o.id, "label": o.label}, label=o.label, tooltip=o.text[:300])
        for o in question.options
    ]
    extra = ["skip"] if question.kind == "open" else ["dont_know", "skip"]
    actions += [
        cl.Action(name=ANSWER, payload={**base, "value": v, "label": _w(v, lang)}, label=_w(v, lang)) for v in extra
    ]
    return actions


async def send_message(content: str, actions: list[cl.Action], elements: list[Any] | None = None) -> cl.Message:
    """Send a panel and remember its buttons."""
    message = cl.Message(content=content, actions=actions, elements=elements or [])
    await message.send()
    _remember(message, actions)
    return message


def report_files(service: InterviewService, owner: Owner, lang: str) -> list[cl.File]:
    """The personal report as PDF, DOCX and Markdown downloads."""
    scored = service.scored(owner)
    if scored is None:
        return []
    results, path = scored
    report = build_assessment_report(service.framework, results, path, lang, date.today())
    stem = "bilan-competences-ia" if lang != "en" else "ai-skills-report"
    return [
        cl.File(name=report_filename(stem, "pdf"), content=to_pdf(report), mime="application/pdf", display="inline"),
        cl.File(
            name=report_filename(stem, "docx"),
            content=to_docx(report),
            mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            display="inline",
        ),
        cl.File(
            name=report_filename(stem, "md"),
            content=to_markdown(report).encode(),
            mime="text/markdown",
            display="inline",
        ),
    ]


async def send_panel(state: InterviewState, service: InterviewService, owner: Owner, lang: str) -> cl.Message:
    """Show what the interview needs now."""
    if state.stage == "not_started":
        roles = [cl.Action(name=ROLE, payload={"role": role_id}, label=name) for role_id, name in service.roles(lang)]
        return await send_message(f"{DISCLOSURE[_key(lang)]}\n\n**{CHOOSE_ROLE[_key(lang)]}**", roles)
    if state.question is not None:
        return await send_message(question_markdown(state.question, lang), question_actions(state.question, lang))
    assert state.results is not None
    actions = [cl.Action(name=RESTART, payload={}, label=_w("restart", lang))]
    if state.stage == "review":
        actions = [
            cl.Action(name=CONFIRM, payload={}, label=_w("confirm", lang)),
            cl.Action(name=CORRECT, payload={}, label=_w("correct", lang)),
            *actions,
        ]
    chart = cl.Plotly(name=_w("radar", lang), figure=radar_figure(state.results, lang), display="inline", size="large")
    files = report_files(service, owner, lang)
    return await send_message(results_markdown(state.results, lang), actions, [chart, *files])


async def send_domain_picker(service: InterviewService, owner: Owner, lang: str) -> None:
    """Let the person pick which domain's answers to review."""
    answered = {q.domain_id: q.domain_name for q in service.answered_questions(owner, lang)}
    actions = [cl.Action(name=CORRECT_DOMAIN, payload={"domain": d}, label=name) for d, name in answered.items()]
    await send_message(_w("which_domain", lang), actions)


async def send_answered(service: InterviewService, owner: Owner, domain_id: str, lang: str) -> None:
    """Show the answered questions of one domain, current answer ticked, with buttons to change it."""
    for question in service.answered_questions(owner, lang, domain_id):
        await send_message(question_markdown(question, lang, with_progress=False), question_actions(question, lang))


def my_data_actions(lang: str) -> list[cl.Action]:
    """The two self-service data buttons."""
    return [
        cl.Action(name=EXPORT, payload={}, label=_w("export", lang), icon="download"),
        cl.Action(name=ERASE, payload={}, label=_w("erase", lang), icon="trash-2"),
    ]


def _key(lang: str) -> str:
    return "en" if lang == "en" else "fr"


async def retire_all_panels() -> None:
    """Remove every interview button still on screen (the conversation moved on)."""
    panels: dict[str, tuple[str, list[cl.Action]]] = cl.user_session.get(PANELS_KEY) or {}
    for _content, actions in panels.values():
        for action in actions:
            await action.remove()
    cl.user_session.set(PANELS_KEY, {})
