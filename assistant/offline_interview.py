"""How the offline model drives the self-assessment interview with the same tools an LLM uses.

The plan for one user turn: ask ``interview_status`` where things stand, then either record the
message as an answer (the tool parses "3", "b", "plutôt oui", "je ne sais pas"), start the
interview for a role the person named, confirm the results, or hand over to the knowledge search
when the message is a question. Replies stay short: the screen shows the question, its buttons
and the results under the reply.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from typing import Any

from langchain_core.messages import AIMessage, BaseMessage, ToolMessage

STATUS, START, RECORD, RESULTS, CONFIRM = (
    "interview_status",
    "start_interview",
    "record_answer",
    "my_results",
    "confirm_results",
)
INTERVIEW_TOOLS = {STATUS, START, RECORD, RESULTS, CONFIRM}
SEARCH = "search_knowledge"

_START = re.compile(
    r"\b(auto[- ]?[ée]valuation|[ée]valu\w*|bilan|entretien|questionnaire|commencer|d[ée]marrer|reprendre|"
    r"continuer|recommencer|self[- ]?assessment|assess\w*|start|resume|continue|interview)\b",
    re.IGNORECASE,
)
_CONFIRM = re.compile(
    r"^\s*(je confirme|confirmer|confirm[eé]?|je valide|valider|c'est bon|i confirm|confirm|looks good)\b",
    re.IGNORECASE,
)
_RESULTS = re.compile(r"\b(r[ée]sultats?|mon niveau|mon bilan|results?|my level|my report)\b", re.IGNORECASE)

REPLIES = {
    "disclosure": {
        "fr": "Commençons votre auto-évaluation. Lisez d'abord ces quelques lignes, puis choisissez votre rôle.",
        "en": "Let's start your self-assessment. Please read these few lines first, then choose your role.",
    },
    "started": {"fr": "C'est parti ! Première question :", "en": "Here we go! First question:"},
    "resume": {"fr": "Reprenons où vous en étiez :", "en": "Let's pick up where you left off:"},
    "saved": {"fr": "Réponse enregistrée.", "en": "Answer saved."},
    "unchanged": {"fr": "Cette réponse était déjà enregistrée.", "en": "That answer was already saved."},
    "review": {
        "fr": "C'est terminé, merci ! Voici votre bilan : relisez-le, puis confirmez-le ou corrigez une réponse.",
        "en": "All done, thank you! Here is your summary: review it, then confirm it or correct an answer.",
    },
    "confirmed": {
        "fr": "Merci, vos résultats sont confirmés. Ils restent privés ; seules des moyennes anonymes d'au moins "
        "5 personnes en sont tirées.",
        "en": "Thank you, your results are confirmed. They stay private; only anonymous averages of at least "
        "5 people are drawn from them.",
    },
    "results": {"fr": "Voici vos résultats.", "en": "Here are your results."},
    "paused": {
        "fr": "_Votre auto-évaluation est en pause : répondez à la question en cours quand vous voulez._",
        "en": "_Your self-assessment is paused: answer the current question whenever you like._",
    },
}


def _call(name: str, args: dict[str, Any]) -> AIMessage:
    return AIMessage(content="", tool_calls=[{"name": name, "args": args, "id": f"call_{uuid.uuid4().hex[:12]}"}])


def _say(key: str, lang: str, extra: str = "") -> AIMessage:
    text = REPLIES[key]["en" if lang == "en" else "fr"]
    return AIMessage(content=f"{extra}\n\n{text}".strip() if extra else text)


_CODE_LIKE = re.compile(r"[;=<>{}$`|\\]|--|\b(?:select|drop|insert|delete|script)\b", re.IGNORECASE)


def looks_like_answer(text: str) -> bool:
    """Short plain words ("3", "la b", "plutôt oui"), not a long request or anything code-like."""
    return len(text.split()) <= 12 and not _CODE_LIKE.search(text)


def is_question(text: str) -> bool:
    """A knowledge question rather than an answer: ends with "?" and has more than four words."""
    return text.rstrip().endswith("?") and len(text.split()) > 4


def plan_interview_turn(text: str, after: Sequence[BaseMessage], tool_names: set[str], lang: str) -> AIMessage | None:
    """The next step of an interview turn, or None to let the knowledge search answer."""
    if STATUS not in tool_names:
        return None
    results = [m for m in after if isinstance(m, ToolMessage)]
    if not results:
        if is_question(text):
            return None
        return _call(CONFIRM, {}) if _CONFIRM.match(text) else _call(STATUS, {})
    last = results[-1]
    if last.name not in INTERVIEW_TOOLS:
        return None
    artifact: dict[str, Any] = last.artifact if isinstance(last.artifact, dict) else {}
    stage = artifact.get("stage")
    error = artifact.get("error")
    if last.name == STATUS:
        if stage == "not_started":
            if _START.search(text) or SEARCH not in tool_names:
                return _say("disclosure", lang)
            return _call(START, {"role": text[:200]})
        if stage == "question":
            if _START.search(text) and len(text.split()) > 1:
                return _say("resume", lang)
            if artifact["question"].get("kind") != "open" and not looks_like_answer(text):
                return None  # a request of another kind: the knowledge search answers, the question waits
            return _call(RECORD, {"question_id": artifact["question"]["item_id"], "user_words": text})
        if _RESULTS.search(text) or _START.search(text) or SEARCH not in tool_names:
            return _say("results", lang)
        return None
    if error:
        code = artifact.get("error_code")
        if code == "unknown_role" and SEARCH in tool_names and len(text.split()) > 3:
            return _call(SEARCH, {"query": text[:500]})
        if code == "unparsed" and SEARCH in tool_names and len(text.split()) > 4:
            return _call(SEARCH, {"query": text[:500]})
        return AIMessage(content=str(error))
    if last.name == START:
        return _say("started", lang)
    if last.name == CONFIRM:
        return _say("confirmed", lang)
    if last.name == RESULTS:
        return _say("results", lang)
    if stage in ("review", "confirmed"):
        return _say("review", lang)
    return _say("saved" if artifact.get("saved") else "unchanged", lang)


def interview_paused(after: Sequence[BaseMessage]) -> bool:
    """Whether this turn found an interview waiting for an answer (to remind the person after a search)."""
    for message in after:
        if isinstance(message, ToolMessage) and message.name in INTERVIEW_TOOLS:
            artifact = message.artifact if isinstance(message.artifact, dict) else {}
            if artifact.get("stage") == "question":
                return True
    return False


def pause_note(lang: str) -> str:
    """The reminder appended to a knowledge answer given in the middle of an interview."""
    return REPLIES["paused"]["en" if lang == "en" else "fr"]
