"""How the offline model runs the manager's discovery with the same tools an LLM uses.

One turn: read where the discovery stands (``discover_use_cases``), then save the typed answer
to the question being asked (the tool parses "45 salariés", "Saisie des factures, 6 h, 2
personnes"...), or summarise the portfolio, or hand over to the knowledge search for a question.
The screen shows the guided buttons, the matrix, the table and the roadmap under the reply.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from typing import Any

from langchain_core.messages import AIMessage, BaseMessage, ToolMessage

from assistant.offline_interview import is_question

DISCOVER, UPDATE, TEAM = "discover_use_cases", "update_company_profile", "team_skills_map"
DISCOVERY_TOOLS = {DISCOVER, UPDATE, TEAM}
SEARCH = "search_knowledge"

_DISCOVERY = re.compile(
    r"\b(par o[uù] commencer|o[uù] commencer|cas d'usage|diagnostic|portefeuille|prioris\w*|priorit[ée]s?|"
    r"feuille de route|d[ée]marrer avec l'ia|where (?:should we |to )?start|use cases?|portfolio|roadmap|"
    r"prioriti[sz]\w*)\b",
    re.IGNORECASE,
)
_TEAM = re.compile(r"\b(mon équipe|notre équipe|l'équipe|compétences de l'équipe|team skills|my team|our team)\b", re.I)
_QUADRANTS = {
    "fr": {
        "quick_win": "gain rapide",
        "strategic_bet": "pari stratégique",
        "complement": "complément",
        "postpone": "à reporter",
    },
    "en": {
        "quick_win": "quick win",
        "strategic_bet": "strategic bet",
        "complement": "complement",
        "postpone": "postpone",
    },
}
REPLIES = {
    "collect": {
        "fr": "Pour vous proposer des cas d'usage adaptés, décrivez votre entreprise en quelques étapes "
        "(2 à 3 minutes) : répondez avec les boutons ou en quelques mots.",
        "en": "To suggest use cases that fit, describe your company in a few steps (2 to 3 minutes): "
        "answer with the buttons or in a few words.",
    },
    "saved": {"fr": "C'est noté.", "en": "Noted."},
    "ready": {"fr": "Voici vos priorités :", "en": "Here are your priorities:"},
    "details": {
        "fr": "La matrice valeur × faisabilité, le tableau détaillé (ROI bas / médian / haut, AI Act) et la feuille "
        "de route sont ci-dessous ; le dossier complet se télécharge en DOCX, PDF ou Markdown.",
        "en": "The value × feasibility matrix, the detailed table (low / base / high ROI, AI Act) and the roadmap "
        "are below; the full dossier downloads as DOCX, PDF or Markdown.",
    },
    "team": {
        "fr": "Voici la carte anonyme des compétences de l'équipe (groupes d'au moins 5 personnes, résultats "
        "confirmés uniquement).",
        "en": "Here is the anonymous team skills map (groups of at least 5 people, confirmed results only).",
    },
    "no_team": {
        "fr": "Personne n'a encore confirmé d'auto-évaluation : la carte de l'équipe apparaîtra quand au moins "
        "5 personnes l'auront fait.",
        "en": "Nobody has confirmed a self-assessment yet: the team map will appear once at least 5 people have.",
    },
}


def _call(name: str, args: dict[str, Any]) -> AIMessage:
    return AIMessage(content="", tool_calls=[{"name": name, "args": args, "id": f"call_{uuid.uuid4().hex[:12]}"}])


def _key(lang: str) -> str:
    return "en" if lang == "en" else "fr"


def portfolio_summary(discovery: dict[str, Any], lang: str, top: int = 3) -> str:
    """The first priorities in a few lines (the tables carry the details)."""
    key = _key(lang)
    lines = [REPLIES["ready"][key], ""]
    for item in discovery["portfolio"][:top]:
        roi = item["roi"]
        net, payback = roi["net_yearly_eur"]["text"]["base"], roi["payback_months"]["base"]["text"]
        quadrant = _QUADRANTS[key].get(item["quadrant"], item["quadrant"])
        money = (
            f"gain net ≈ {net} par an, retour en {payback}"
            if key == "fr"
            else f"net gain ≈ {net} a year, payback {payback}"
        )
        lines.append(f"{item['rank']}. **{item['title']}** — {quadrant}, {money}")
    lines += ["", REPLIES["details"][key], "", f"_{discovery['disclaimer']}_"]
    return "\n".join(lines)


def plan_discovery_turn(text: str, after: Sequence[BaseMessage], tool_names: set[str], lang: str) -> AIMessage | None:
    """The next step of a manager turn, or None to let the knowledge search answer."""
    if DISCOVER not in tool_names:
        return None
    key = _key(lang)
    results = [m for m in after if isinstance(m, ToolMessage)]
    if not results:
        if _TEAM.search(text) and TEAM in tool_names:
            return _call(TEAM, {})
        if _DISCOVERY.search(text) or not is_question(text):
            return _call(DISCOVER, {})
        return None
    last = results[-1]
    if last.name not in DISCOVERY_TOOLS:
        return None
    artifact: dict[str, Any] = last.artifact if isinstance(last.artifact, dict) else {}
    if artifact.get("error"):
        return AIMessage(content=str(artifact["error"]))
    if last.name == TEAM:
        return AIMessage(content=REPLIES["team" if artifact.get("map") else "no_team"][key])
    ready = bool(artifact.get("ready"))
    if last.name == DISCOVER:
        if _DISCOVERY.search(text):
            return AIMessage(
                content=portfolio_summary(artifact["discovery"], lang) if ready else REPLIES["collect"][key]
            )
        if not ready:
            return _call(UPDATE, {"user_words": text[:2000]})
        return None
    if ready:
        return AIMessage(content=REPLIES["saved"][key] + "\n\n" + portfolio_summary(artifact["discovery"], lang))
    return AIMessage(content=REPLIES["saved"][key])
