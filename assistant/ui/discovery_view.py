"""Render the manager discovery in Chainlit: guided questions, then matrix, table, roadmap, team map, dossier."""

from __future__ import annotations

from datetime import date
from typing import Any

import chainlit as cl

from assistant.domain.profile_parsing import FIELD_PROMPTS
from assistant.exports.dossier import build_dossier
from assistant.exports.render import report_filename, to_docx, to_markdown, to_pdf
from assistant.services.discovery import OPTIONAL, DiscoveryService, DiscoveryState
from assistant.services.discovery_text import portfolio_table, roadmap_markdown, what_if_lines
from assistant.ui.charts import heatmap_figure, matrix_figure
from assistant.ui.interview_view import send_message

SET, ADD, NEXT, FINISH, RESTART, TEAM, COST = (
    "discovery_set",
    "discovery_add",
    "discovery_next",
    "discovery_finish",
    "discovery_restart",
    "discovery_team",
    "discovery_cost",
)
WORDS = {
    "next": {"fr": "Continuer", "en": "Continue"},
    "skip": {"fr": "Passer (valeur par défaut)", "en": "Skip (default value)"},
    "finish": {"fr": "Voir les résultats maintenant", "en": "Show the results now"},
    "restart": {"fr": "Redécrire l'entreprise", "en": "Describe the company again"},
    "team": {"fr": "Compétences de l'équipe", "en": "Team skills"},
    "cost": {"fr": "Changer le coût horaire", "en": "Change the hourly cost"},
    "chosen": {"fr": "Déjà retenu", "en": "Already chosen"},
    "source": {
        "fr": "Où en sont vos données « {label} » ? (0 : inexistantes … 4 : prêtes pour l'IA)",
        "en": "How mature is your '{label}' data? (0: none … 4: AI-ready)",
    },
    "matrix": {"fr": "Matrice valeur × faisabilité", "en": "Value × feasibility matrix"},
    "heatmap": {"fr": "Compétences de l'équipe (anonyme)", "en": "Team skills (anonymous)"},
    "no_team": {
        "fr": "Aucune carte d'équipe pour l'instant : il faut au moins 5 auto-évaluations confirmées.",
        "en": "No team map yet: at least 5 confirmed self-assessments are needed.",
    },
}


def _w(key: str, lang: str) -> str:
    return WORDS[key]["en" if lang == "en" else "fr"]


async def send_step(state: DiscoveryState, service: DiscoveryService, lang: str) -> cl.Message:
    """Ask the next profile question with its buttons."""
    step = state.step
    key = "en" if lang == "en" else "fr"
    prompt = FIELD_PROMPTS[step.field](key) if step.field in FIELD_PROMPTS else step.field
    if step.subject:
        prompt = _w("source", lang).format(label=service.source_label(step.subject, lang))
    if step.chosen:
        prompt += f"\n\n_{_w('chosen', lang)} : {', '.join(_label(step.field, c, service, lang) for c in step.chosen)}_"
    action = ADD if step.kind == "multi" else SET
    actions = [
        cl.Action(name=action, payload={"field": step.field, "value": value, "subject": step.subject}, label=label)
        for value, label in step.choices
    ]
    if step.chosen:
        actions.append(cl.Action(name=NEXT, payload={"field": step.field}, label=_w("next", lang)))
    elif step.field in OPTIONAL:
        actions.append(cl.Action(name=NEXT, payload={"field": step.field}, label=_w("skip", lang)))
    if step.can_finish:
        actions.append(cl.Action(name=FINISH, payload={}, label=_w("finish", lang)))
    return await send_message(prompt, actions)


def _label(field: str, value: str, service: DiscoveryService, lang: str) -> str:
    key = "en" if lang == "en" else "fr"
    vocabulary = service.catalogue.vocabulary
    terms = vocabulary.pains if field == "pains" else vocabulary.goals if field == "goals" else []
    return next((t.label(key) for t in terms if t.id == value), value)


def dossier_files(
    data: dict[str, Any], service: DiscoveryService, organisation: str, lang: str, actor: str
) -> list[cl.File]:
    """The manager dossier as DOCX, PDF and Markdown downloads (it holds the team map: audited)."""
    team = service.view_team(organisation, actor)
    names = {d.id: d.name("en" if lang == "en" else "fr") for d in service.framework.domains}
    report = build_dossier(
        data,
        lang,
        date.today(),
        team.as_dict() if team else None,
        names,
        vocabulary=service.catalogue.vocabulary,
    )
    stem = "dossier-ia" if lang != "en" else "ai-dossier"
    return [
        cl.File(
            name=report_filename(stem, "docx"),
            content=to_docx(report),
            mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            display="inline",
        ),
        cl.File(name=report_filename(stem, "pdf"), content=to_pdf(report), mime="application/pdf", display="inline"),
        cl.File(
            name=report_filename(stem, "md"),
            content=to_markdown(report).encode(),
            mime="text/markdown",
            display="inline",
        ),
    ]


async def send_results(
    state: DiscoveryState, service: DiscoveryService, organisation: str, lang: str, actor: str
) -> None:
    """The matrix, the ranked table, the what-ifs, the roadmap and the dossier downloads."""
    assert state.result is not None
    data = state.result.as_dict()
    matrix = cl.Plotly(name=_w("matrix", lang), figure=matrix_figure(data, lang), display="inline", size="large")
    body = "\n\n".join(
        [portfolio_table(data, lang), what_if_lines(data, lang), state.readiness_note or "", f"_{data['disclaimer']}_"]
    )
    actions = [
        cl.Action(name=TEAM, payload={}, label=_w("team", lang)),
        cl.Action(name=COST, payload={}, label=_w("cost", lang)),
        cl.Action(name=RESTART, payload={}, label=_w("restart", lang)),
    ]
    await send_message(body, actions, [matrix, *dossier_files(data, service, organisation, lang, actor)])
    await cl.Message(content=roadmap_markdown(data, lang)).send()


async def send_panel(
    state: DiscoveryState, service: DiscoveryService, organisation: str, lang: str, actor: str
) -> None:
    """Whatever the discovery needs now: the next question, or the results."""
    if state.result is None:
        await send_step(state, service, lang)
    else:
        await send_results(state, service, organisation, lang, actor)


async def send_team(service: DiscoveryService, organisation: str, lang: str, actor: str) -> None:
    """The anonymous team heatmap (or why there is none); the view is audited."""
    tmap = service.view_team(organisation, actor)
    if tmap is None:
        await cl.Message(content=_w("no_team", lang)).send()
        return
    names = {d.id: d.name("en" if lang == "en" else "fr") for d in service.framework.domains}
    figure = heatmap_figure(tmap.as_dict(), names, lang)
    chart = cl.Plotly(name=_w("heatmap", lang), figure=figure, display="inline", size="large")
    await cl.Message(content=f"**{_w('heatmap', lang)}**", elements=[chart]).send()


def cost_prompt(lang: str) -> str:
    """The question asked when the manager wants another hourly cost."""
    return FIELD_PROMPTS["loaded_hourly_cost_eur"]("en" if lang == "en" else "fr")


def cost_choices(lang: str) -> list[cl.Action]:
    """Buttons to change the loaded hourly cost assumption."""
    return [
        cl.Action(name=SET, payload={"field": "loaded_hourly_cost_eur", "value": v}, label=f"{v} €")
        for v in ("35", "45", "55", "70", "90")
    ]


def value_for(field: str, value: Any, subject: str | None) -> dict[str, Any]:
    """The profile change a button stands for."""
    if field == "data_sources" and subject:
        return {"data_sources": {subject: int(value)}}
    if field in ("pains", "goals", "functions"):
        return {field: [value]}
    if field in ("headcount",):
        return {field: int(value)}
    if field == "loaded_hourly_cost_eur":
        return {field: float(value)}
    return {field: value}
