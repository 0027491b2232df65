"""Build the LangChain agent graph for a persona; pure, every collaborator is a parameter."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any, cast

from langchain.agents import create_agent
from langchain.agents.middleware import AgentMiddleware, ModelCallLimitMiddleware, ModelRequest, ModelResponse
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AnyMessage, BaseMessage, ToolMessage, trim_messages
from langchain_core.tools import BaseTool
from langgraph.types import Checkpointer

from assistant.personas import PROFILES, Profile
from assistant.prompts import load_prompt
from assistant.tokens import count_tokens

if TYPE_CHECKING:  # the budget module counts tokens with ``message_tokens`` from here
    from assistant.budget import TokenBudgetMiddleware

__all__ = [
    "PROFILES",
    "HistoryTrimMiddleware",
    "Profile",
    "build_agent",
    "compact_earlier_tool_results",
    "message_tokens",
    "system_prompt_for",
]
MAX_MODEL_CALLS_PER_TURN = 6


def message_tokens(messages: Sequence[BaseMessage]) -> int:
    """Count the tokens of messages as sent (content plus tool-call arguments)."""
    total = 0
    for message in messages:
        total += 4 + count_tokens(str(message.content))
        for call in getattr(message, "tool_calls", None) or []:
            total += count_tokens(str(call.get("args", "")))
    return total


EARLIER_RESULT_CHARS = 160


def compact_earlier_tool_results(messages: Sequence[AnyMessage]) -> list[AnyMessage]:
    """Shorten tool results of earlier turns: the model answered from them already.

    Interview states and passages of past turns are stale (the current state is fetched again),
    so only their first line is kept; the current turn's results stay whole.
    """
    last_human = max((i for i, m in enumerate(messages) if m.type == "human"), default=-1)
    compacted: list[AnyMessage] = []
    for index, message in enumerate(messages):
        content = message.content
        stale = index < last_human and isinstance(message, ToolMessage)
        if stale and isinstance(content, str) and len(content) > EARLIER_RESULT_CHARS:
            first = content.splitlines()[0][:EARLIER_RESULT_CHARS]
            message = message.model_copy(update={"content": f"{first} [… earlier result shortened]"})
        compacted.append(message)
    return compacted


class HistoryTrimMiddleware(AgentMiddleware):
    """Send the model only the most recent history that fits a token budget.

    The checkpoint keeps the full conversation; only the request is trimmed (earlier tool
    results shortened first), always starting on a user message so tool calls and their
    results stay paired.
    """

    def __init__(self, max_tokens: int) -> None:
        super().__init__()
        self.max_tokens = max_tokens

    def _trim(self, request: ModelRequest) -> ModelRequest:
        trimmed = trim_messages(
            compact_earlier_tool_results(request.messages),
            max_tokens=self.max_tokens,
            token_counter=message_tokens,
            strategy="last",
            start_on="human",
            allow_partial=False,
        )
        if not trimmed:  # the current turn alone is over budget: keep it whole
            return request
        return request.override(messages=cast(list[AnyMessage], trimmed))

    def wrap_model_call(self, request: ModelRequest, handler: Callable[[ModelRequest], ModelResponse]) -> ModelResponse:
        """Trim, then call the model."""
        return handler(self._trim(request))

    async def awrap_model_call(
        self, request: ModelRequest, handler: Callable[[ModelRequest], Awaitable[ModelResponse]]
    ) -> ModelResponse:
        """Trim, then call the model (async)."""
        return await handler(self._trim(request))


def system_prompt_for(profile: Profile, prompts_dir: Any, language: str) -> str:
    """Render the persona prompt with the shared rules."""
    shared = load_prompt(prompts_dir, "shared_rules").render(language=language)
    return load_prompt(prompts_dir, profile).render(shared_rules=shared)


def build_agent(
    model: BaseChatModel,
    tools: Sequence[BaseTool],
    system_prompt: str,
    checkpointer: Checkpointer | None = None,
    history_token_budget: int = 3000,
    context_schema: type[Any] | None = None,
    fallback: AgentMiddleware | None = None,
    budget: TokenBudgetMiddleware | None = None,
) -> Any:
    """Compile the agent graph: model + tools + history trimming + a per-turn call limit."""
    return create_agent(
        model,
        tools=list(tools),
        system_prompt=system_prompt,
        checkpointer=checkpointer,
        context_schema=context_schema,
        middleware=[
            HistoryTrimMiddleware(history_token_budget),
            # A spent budget is checked before the fallback so it never reaches the provider; the meter
            # sits after the fallback, where it sees which model really answered.
            *([budget] if budget is not None else []),
            *([fallback] if fallback is not None else []),
            *([budget.meter] if budget is not None else []),
            cast(AgentMiddleware, ModelCallLimitMiddleware(run_limit=MAX_MODEL_CALLS_PER_TURN, exit_behavior="end")),
        ],
    )
