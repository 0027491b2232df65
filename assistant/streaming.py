"""Turn an agent run into UI-agnostic events (tokens, tool steps, sources, errors)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from langchain_core.messages import AIMessage, AIMessageChunk, HumanMessage, ToolMessage

from assistant.agent import MAX_MODEL_CALLS_PER_TURN
from assistant.knowledge.citations import cited_numbers
from assistant.knowledge.documents import Passage

log = logging.getLogger(__name__)
# Each model round costs four graph steps (before, model, after, tools): leave room for the per-turn call
# limit to end the turn cleanly before the graph's own recursion guard trips.
RECURSION_LIMIT = 4 * MAX_MODEL_CALLS_PER_TURN + 2
LIMIT_REACHED = {
    "fr": "J'ai atteint la limite d'étapes pour cette demande sans trouver de réponse. Reformulez-la plus simplement.",
    "en": "I reached the step limit for this request without an answer. Please rephrase it more simply.",
}


@dataclass
class Token:
    """A piece of the answer text."""

    text: str


@dataclass
class ToolStarted:
    """The model asked for a tool."""

    call_id: str
    name: str
    args: dict[str, Any]


@dataclass
class ToolFinished:
    """A tool returned."""

    call_id: str
    name: str
    content: str
    artifact: Any


@dataclass
class Sources:
    """Passages cited by the final answer, with their numbers."""

    passages: list[tuple[int, Passage]]


@dataclass
class Failed:
    """The turn could not complete; ``message`` is safe to show."""

    message: str


@dataclass
class Done:
    """The turn ended; ``answer`` is the full final text."""

    answer: str
    passages: list[tuple[int, Passage]] = field(default_factory=list)


Event = Token | ToolStarted | ToolFinished | Sources | Failed | Done

FAILURE = {
    "fr": "Le modèle de langage n'a pas répondu ({reason}). Votre message est conservé : réessayez dans un instant.",
    "en": "The language model did not answer ({reason}). Your message is kept: try again in a moment.",
}


def _passages_from(message: ToolMessage) -> list[tuple[int, Passage]]:
    artifact = message.artifact
    if not isinstance(artifact, dict) or "passages" not in artifact:
        return []
    first = int(artifact.get("first_number", 1))
    return [(first + i, Passage.from_dict(p)) for i, p in enumerate(artifact["passages"])]


async def stream_turn(
    agent: Any, text: str, thread_id: str, language: str = "fr", context: Any | None = None
) -> AsyncIterator[Event]:
    """Run one user turn and yield events as they happen."""
    config = {"configurable": {"thread_id": thread_id}, "recursion_limit": RECURSION_LIMIT}
    answer_parts: list[str] = []
    passages: list[tuple[int, Passage]] = []
    final_text = ""
    kwargs: dict[str, Any] = {"config": config, "stream_mode": ["messages", "updates"]}
    if context is not None:
        kwargs["context"] = context
    try:
        async for mode, payload in agent.astream({"messages": [HumanMessage(text)]}, **kwargs):
            if mode == "messages":
                chunk, meta = payload
                if isinstance(chunk, AIMessageChunk) and meta.get("langgraph_node") == "model":
                    piece = chunk.text if isinstance(chunk.text, str) else chunk.text()
                    if piece:
                        answer_parts.append(piece)
                        yield Token(piece)
                continue
            for update in (payload or {}).values():
                for message in (update or {}).get("messages", []) if isinstance(update, dict) else []:
                    if isinstance(message, AIMessage):
                        for call in message.tool_calls:
                            answer_parts.clear()
                            yield ToolStarted(call["id"] or "", call["name"], call["args"])
                        if not message.tool_calls and message.content:
                            final_text = message.text if isinstance(message.text, str) else message.text()
                    elif isinstance(message, ToolMessage):
                        passages.extend(_passages_from(message))
                        yield ToolFinished(
                            message.tool_call_id, message.name or "", str(message.content), message.artifact
                        )
    except Exception as exc:  # provider errors vary by SDK; the user gets a clear message either way
        log.warning("agent turn failed: %s", type(exc).__name__)
        reason = "délai dépassé" if "Timeout" in type(exc).__name__ and language == "fr" else type(exc).__name__
        yield Failed(FAILURE.get(language, FAILURE["en"]).format(reason=reason))
        return
    answer = final_text or "".join(answer_parts)
    if answer.startswith("Model call limits exceeded"):
        answer = LIMIT_REACHED.get(language, LIMIT_REACHED["en"])
    used = set(cited_numbers(answer))
    cited = [(n, p) for n, p in passages if n in used]
    if cited:
        yield Sources(cited)
    yield Done(answer=answer, passages=cited)
