"""How the offline model serves trainers with the same tools an LLM uses.

A workshop request goes to ``outline_atelier`` (the tool parses "3h", "une demi-journée", the topic,
audience and level); if the topic or length is missing the model asks for it, and the next message
is read together with the request it completes. A pasted sheet goes to ``check_programme``, a team
plan request to ``team_training_plan``; any other question goes to the knowledge search.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from typing import Any

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage

OUTLINE, CHECK, PLAN = "outline_atelier", "check_programme", "team_training_plan"
TRAINING_TOOLS = {OUTLINE, CHECK, PLAN}
ASK_MARK = "\u2063"  # invisible separator marking "I asked for missing details" in the reply

_OUTLINE = re.compile(
    r"\b(atelier|formation|workshop|training|session|s[ée]minaire|module|webinaire|webinar|cours|course|"
    r"programme de \d|pr[ée]pare|con[çc]ois|design|build)\b",
    re.IGNORECASE,
)
_CHECK = re.compile(r"\b(v[ée]rifi\w*|contr[ôo]le\w*|check\w*|audit\w*)\b.{0,40}\b(fiche|programme|sheet)", re.I | re.S)
_PLAN = re.compile(r"\b(plan de formation|besoins de formation|team (?:training )?plan|training needs)\b", re.I)
REPLIES = {
    "ask": {
        "fr": "Pour préparer l'atelier, précisez {missing} (par exemple « 3h sur le prompting, niveau débutant »).",
        "en": "To prepare the workshop, please give {missing} (for example '3 hours on prompting, beginners').",
    },
    "outline": {
        "fr": "Voici une proposition d'atelier : le déroulé minuté est ci-dessous et la fiche programme se "
        "télécharge en DOCX, PDF ou Markdown. Complétez les champs entre crochets (tarif, contacts) avant diffusion.",
        "en": "Here is a workshop proposal: the timed agenda is below and the programme sheet downloads as DOCX, "
        "PDF or Markdown. Fill in the fields in square brackets (price, contacts) before publishing.",
    },
    "complete": {
        "fr": "Fiche complète : tous les éléments obligatoires sont présents et les objectifs sont mesurables.",
        "en": "Complete sheet: every required element is there and the objectives are measurable.",
    },
    "incomplete": {"fr": "Points à corriger dans la fiche :", "en": "Points to fix in the sheet:"},
    "no_team": {
        "fr": "Pas encore de plan d'équipe : il faut au moins 5 auto-évaluations confirmées pour un même rôle.",
        "en": "No team plan yet: at least 5 confirmed self-assessments for the same role are needed.",
    },
    "plans": {
        "fr": "Plan de formation par rôle (groupes anonymes) :",
        "en": "Training plan by role (anonymous groups):",
    },
}


def _call(name: str, args: dict[str, Any]) -> AIMessage:
    return AIMessage(content="", tool_calls=[{"name": name, "args": args, "id": f"call_{uuid.uuid4().hex[:12]}"}])


def _key(lang: str) -> str:
    return "en" if lang == "en" else "fr"


def _pending_request(history: Sequence[BaseMessage]) -> str | None:
    """The earlier request this message completes, if the last reply asked for missing details."""
    for index in range(len(history) - 1, -1, -1):
        message = history[index]
        if isinstance(message, AIMessage) and not message.tool_calls:
            if ASK_MARK not in str(message.content):
                return None
            earlier = [m for m in history[:index] if isinstance(m, HumanMessage)]
            return str(earlier[-1].content) if earlier else None
    return None


def check_summary(artifact: dict[str, Any], lang: str) -> str:
    """The findings of a sheet check, one line each."""
    key = _key(lang)
    findings = artifact.get("findings") or []
    vague = artifact.get("vague_objectives") or []
    if not findings and not vague:
        return REPLIES["complete"][key]
    lines = [REPLIES["incomplete"][key]]
    lines += [f"- **{f['label']}** — {f['message']} _({f['source']})_" for f in findings]
    word = "objectif peu mesurable" if key == "fr" else "vague objective"
    lines += [f"- {word} : « {v['text']} »" if key == "fr" else f"- {word}: '{v['text']}'" for v in vague]
    return "\n".join(lines)


def plan_training_turn(
    text: str, history: Sequence[BaseMessage], after: Sequence[BaseMessage], tool_names: set[str], lang: str
) -> AIMessage | None:
    """The next step of a trainer turn, or None to let the knowledge search answer."""
    if OUTLINE not in tool_names:
        return None
    key = _key(lang)
    results = [m for m in after if isinstance(m, ToolMessage)]
    if not results:
        if _CHECK.search(text) and len(text) > 200:
            return _call(CHECK, {"sheet_text": text})
        if _PLAN.search(text):
            return _call(PLAN, {})
        pending = _pending_request(history)
        if pending is not None:
            return _call(OUTLINE, {"request_text": f"{pending} {text}"[:2000]})
        if _OUTLINE.search(text) and not text.rstrip().endswith("?"):
            return _call(OUTLINE, {"request_text": text[:2000]})
        return None
    last = results[-1]
    if last.name not in TRAINING_TOOLS:
        return None
    artifact: dict[str, Any] = last.artifact if isinstance(last.artifact, dict) else {}
    if artifact.get("error"):
        return AIMessage(content=str(artifact["error"]))
    if last.name == OUTLINE:
        if artifact.get("outline") is None:
            missing = ", ".join(_missing_words(artifact, key))
            return AIMessage(content=REPLIES["ask"][key].format(missing=missing) + ASK_MARK)
        return AIMessage(content=REPLIES["outline"][key])
    if last.name == CHECK:
        return AIMessage(content=check_summary(artifact, lang))
    plans = artifact.get("plans") or []
    if not plans:
        return AIMessage(content=REPLIES["no_team"][key])
    lines = [REPLIES["plans"][key]]
    lines += [f"- {p['role']} : {p.get('total_hours', '?')} h" for p in plans]
    return AIMessage(content="\n".join(lines))


def _missing_words(artifact: dict[str, Any], key: str) -> list[str]:
    words = {
        "topic": {"fr": "le thème", "en": "the topic"},
        "duration": {"fr": "la durée (de 1 h à 3 jours)", "en": "the length (1 hour to 3 days)"},
        "group_size": {"fr": "la taille du groupe (1 à 30)", "en": "the group size (1 to 30)"},
    }
    names = [*artifact.get("missing", []), *artifact.get("invalid", [])]
    return [words.get(n, {}).get(key, n) for n in names]
