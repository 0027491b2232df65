"""The built-in offline chat model: routes intents to the same tools an LLM would call.

It needs no network and no weights. It reads the user's last message, calls
``search_knowledge`` for questions, then writes an extractive answer from the returned
passages with ``[n]`` citations. It says clearly that it is the offline mode.
"""

from __future__ import annotations

import math
import re
import uuid
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel, LangSmithParams, LanguageModelInput
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage, HumanMessage, ToolMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from langchain_core.runnables import Runnable
from langchain_core.tools import BaseTool
from langchain_core.utils.function_calling import convert_to_openai_tool

from assistant.knowledge.documents import Passage
from assistant.knowledge.lexical import tokenize
from assistant.language import Lang, detect_language, fold, message_language
from assistant.offline_discovery import plan_discovery_turn
from assistant.offline_interview import interview_paused, pause_note, plan_interview_turn
from assistant.offline_training import plan_training_turn

SEARCH_TOOL = "search_knowledge"

NOTICE = {
    "fr": (
        "*Mode hors ligne : je réponds avec des extraits de la base de connaissances, sans modèle de "
        "langage. Pour des réponses rédigées, connectez un LLM (`OPENAI_API_KEY` ou `CAP_LLM_BASE_URL`, "
        "voir le README).*"
    ),
    "en": (
        "*Offline mode: I answer with excerpts from the knowledge base, without a language model. "
        "For written answers, connect an LLM (`OPENAI_API_KEY` or `CAP_LLM_BASE_URL`, see the README).*"
    ),
}
HELP = {
    "fr": (
        "Je suis Cap IA, un assistant pour adopter l'IA en PME. Posez-moi une question, par exemple : "
        "« Quelles pratiques l'AI Act interdit-il ? », « Comment estimer le ROI d'un cas d'usage ? » ou "
        "« Que doit contenir une fiche programme Qualiopi ? ». Dans le profil Collaborateur, dites "
        "« Je veux faire mon auto-évaluation » pour situer vos compétences en IA."
    ),
    "en": (
        "I am Cap IA, an assistant for AI adoption in SMEs. Ask me a question, for example: "
        '"Which practices does the AI Act prohibit?", "How do I estimate the ROI of a use case?" or '
        '"What must a French training programme sheet contain?". In the Employee profile, say '
        '"I want to do my self-assessment" to place your AI skills.'
    ),
}
NOTHING_FOUND = {
    "fr": (
        "Je n'ai rien trouvé de pertinent dans la base de connaissances pour cette question, et en mode "
        "hors ligne je ne réponds pas sans source. Essayez de reformuler, ou posez une question sur "
        "l'adoption de l'IA, l'AI Act, le RGPD, les cas d'usage, le ROI ou la formation."
    ),
    "en": (
        "I found nothing relevant in the knowledge base for this question, and in offline mode I do not "
        "answer without a source. Try rephrasing, or ask about AI adoption, the AI Act, GDPR, use cases, "
        "ROI or training."
    ),
}
INTRO = {"fr": "Voici ce que dit la base de connaissances :", "en": "Here is what the knowledge base says:"}
SOURCES = {"fr": "Sources", "en": "Sources"}

_GREETING = re.compile(r"^\s*(bonjour|bonsoir|salut|hello|hi|hey|coucou)\b[\s!.,]*$", re.IGNORECASE)
_HELP = re.compile(
    r"^\s*(aide|help|\?|que sais-tu faire|que peux-tu faire|what can you do)\s*[?!.]*\s*$", re.IGNORECASE
)
_THANKS = re.compile(r"^\s*(merci|thanks|thank you)\b.*$", re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-Ý«\"(])")


def _last_turn(messages: Sequence[BaseMessage]) -> tuple[HumanMessage | None, list[BaseMessage], bool]:
    """Return the last user message, what followed it, and whether an earlier answer exists."""
    for index in range(len(messages) - 1, -1, -1):
        if isinstance(messages[index], HumanMessage):
            earlier = any(isinstance(m, AIMessage) and m.content for m in messages[:index])
            return messages[index], list(messages[index + 1 :]), earlier  # type: ignore[return-value]
    return None, [], False


def _text_of(message: BaseMessage) -> str:
    content = message.content
    if isinstance(content, str):
        return content
    return " ".join(part.get("text", "") if isinstance(part, dict) else str(part) for part in content)


def _numbered_passages(after: Sequence[BaseMessage]) -> list[tuple[int, Passage]]:
    numbered: list[tuple[int, Passage]] = []
    for message in after:
        if isinstance(message, ToolMessage) and message.name == SEARCH_TOOL and isinstance(message.artifact, dict):
            first = int(message.artifact.get("first_number", 1))
            for offset, data in enumerate(message.artifact.get("passages", [])):
                numbered.append((first + offset, Passage.from_dict(data)))
    return numbered


def _clean(sentence: str) -> str:
    sentence = re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+", "", sentence.strip())
    sentence = re.sub(r"[*_`]{1,3}", "", sentence)
    return " ".join(sentence.split())


def _sentences(passage: Passage) -> list[str]:
    """Split a passage into sentences, rejoining hard-wrapped lines; tables and headings are skipped."""
    blocks: list[list[str]] = [[]]
    for line in passage.text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith(("|", "#")) or re.match(r"^(?:[-*+]|\d+[.)])\s+", stripped):
            blocks.append([])
        if stripped and not stripped.startswith(("|", "#")):
            blocks[-1].append(stripped)
    out: list[str] = []
    for block in blocks:
        if block:
            out.extend(_clean(s) for s in _SENTENCE.split(" ".join(block)))
    # Questions and lead-ins ending with a colon say nothing on their own.
    return [s for s in out if 25 <= len(s) <= 450 and not s.endswith(("?", ":"))]


def compose_answer(question: str, numbered: Sequence[tuple[int, Passage]], lang: Lang, max_points: int = 5) -> str:
    """Write an extractive answer: the sentences that best match the question, each cited."""
    query_terms = set(tokenize(question))
    candidates: list[tuple[float, int, int, str]] = []
    for rank, (number, passage) in enumerate(numbered[:4]):
        for position, sentence in enumerate(_sentences(passage)):
            terms = set(tokenize(sentence))
            overlap = len(query_terms & terms)
            # Earlier passages and a section's opening sentences carry the answer more often.
            score = overlap / math.sqrt(len(terms) + 1) + 0.35 / (1 + rank) + 0.15 / (1 + position)
            candidates.append((score, number, position, sentence))
    chosen: list[tuple[int, int, str]] = []
    seen: set[str] = set()
    for _score, number, position, sentence in sorted(candidates, key=lambda c: -c[0]):
        key = fold(sentence)[:80]
        if key in seen:
            continue
        seen.add(key)
        chosen.append((number, position, sentence))
        if len(chosen) >= max_points:
            break
    chosen.sort(key=lambda c: (c[0], c[1]))
    lines = [INTRO[lang], ""] + [f"- {sentence} [{number}]" for number, _pos, sentence in chosen]
    cited = sorted({number for number, _pos, _s in chosen})
    labels = {number: passage for number, passage in numbered}
    lines += ["", f"**{SOURCES[lang]}** :" if lang == "fr" else f"**{SOURCES[lang]}:**"]
    for number in cited:
        passage = labels[number]
        section = f" — {passage.heading}" if passage.heading else ""
        lines.append(f"[{number}] {passage.title}{section}")
    return "\n".join(lines)


class OfflineChatModel(BaseChatModel):
    """Deterministic chat model that drives the agent's tools without any LLM."""

    model_name: str = "cap-ia-offline"
    default_language: str = "fr"
    temperature: float = 0.0
    max_tokens: int | None = None
    stop: list[str] | None = None

    @property
    def _llm_type(self) -> str:
        return "cap-ia-offline"

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {"model_name": self.model_name}

    def _get_ls_params(self, stop: list[str] | None = None, **kwargs: Any) -> LangSmithParams:
        return LangSmithParams(
            ls_provider="cap-ia",
            ls_model_name=kwargs.get("model", self.model_name),
            ls_model_type="chat",
            ls_temperature=self.temperature,
            ls_max_tokens=self.max_tokens,
            ls_stop=stop or self.stop,
        )

    def bind_tools(
        self,
        tools: Sequence[dict[str, Any] | type | Callable[..., Any] | BaseTool],
        *,
        tool_choice: str | None = None,
        **kwargs: Any,
    ) -> Runnable[LanguageModelInput, AIMessage]:
        """Bind tool schemas like a provider model; the model decides itself when to call them."""
        formatted = [convert_to_openai_tool(t) for t in tools]
        return self.bind(tools=formatted, **({"tool_choice": tool_choice} if tool_choice else {}), **kwargs)

    def _respond(self, messages: list[BaseMessage], tools: Sequence[dict[str, Any]] | None = None) -> AIMessage:
        human, after, answered_before = _last_turn(messages)
        if human is None:
            lang: Lang = "fr" if self.default_language == "fr" else "en"
            return AIMessage(content=HELP[lang])
        text = _text_of(human).strip()
        default: Lang = "fr" if self.default_language == "fr" else "en"
        earlier = [_text_of(m) for m in messages if isinstance(m, HumanMessage) and m is not human][-3:]
        lang = message_language(text, detect_language(" ".join(earlier), default=default) if earlier else default)
        notice = "" if answered_before else NOTICE[lang] + "\n\n"
        tool_results = [m for m in after if isinstance(m, ToolMessage)]
        if not tool_results:
            if not text or _GREETING.match(text) or _HELP.match(text):
                return AIMessage(content=notice + HELP[lang])
            if _THANKS.match(text):
                return AIMessage(content="Avec plaisir !" if lang == "fr" else "You're welcome!")
        names = {t.get("function", {}).get("name") for t in tools or []}
        history = messages[: next(i for i, m in enumerate(messages) if m is human)]
        step = (
            plan_interview_turn(text, after, names, lang)
            or plan_discovery_turn(text, after, names, lang)
            or plan_training_turn(text, history, after, names, lang)
        )
        if step is not None:
            return step if step.tool_calls else AIMessage(content=notice + str(step.content))
        if SEARCH_TOOL in names and not any(m.name == SEARCH_TOOL for m in tool_results):
            call = {"name": SEARCH_TOOL, "args": {"query": text[:500]}, "id": f"call_{uuid.uuid4().hex[:12]}"}
            return AIMessage(content="", tool_calls=[call])
        numbered = _numbered_passages(after)
        reminder = "\n\n" + pause_note(lang) if interview_paused(after) else ""
        if not numbered:
            return AIMessage(content=notice + NOTHING_FOUND[lang] + reminder)
        return AIMessage(content=notice + compose_answer(text, numbered, lang) + reminder)

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        message = self._respond(messages, kwargs.get("tools"))
        return ChatResult(generations=[ChatGeneration(message=message)])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        message = self._respond(messages, kwargs.get("tools"))
        if message.tool_calls:
            chunk = AIMessageChunk(
                content="",
                tool_call_chunks=[
                    {"name": c["name"], "args": _json(c["args"]), "id": c["id"], "index": i, "type": "tool_call_chunk"}
                    for i, c in enumerate(message.tool_calls)
                ],
            )
            yield ChatGenerationChunk(message=chunk)
            return
        for piece in re.findall(r"\S+\s*|\s+", str(message.content)):
            generation = ChatGenerationChunk(message=AIMessageChunk(content=piece))
            if run_manager:
                run_manager.on_llm_new_token(piece, chunk=generation)
            yield generation


def _json(args: dict[str, Any]) -> str:
    import json

    return json.dumps(args, ensure_ascii=False)
