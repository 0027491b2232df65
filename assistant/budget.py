"""A daily token budget per person: once it is spent, the offline model answers until the next UTC day.

Two middlewares share the work. ``TokenBudgetMiddleware`` sits before the provider fallback and
checks the person's usage before each model call: a spent budget never reaches the provider. Its
``meter`` sits after the fallback, where the model that really answers is known, and adds the tokens
of each provider call to the ledger; calls the offline model answers (over budget, or the provider
down) cost nothing. The person is taken from the run context the server built, never from model
output; a run without a person (the terminal chat) has no budget.

The check and the count are not one transaction: calls already under way when the budget runs out
still finish and are counted, so a person may go slightly over, never far over.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from langchain.agents.middleware import AgentMiddleware, ModelRequest, ModelResponse
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage

from assistant.agent import message_tokens
from assistant.offline import OfflineChatModel
from assistant.resilience import with_notice
from assistant.storage.owner import Owner
from assistant.storage.usage import UsageStore
from assistant.tools.assessment import SessionContext

NOTICE = {
    "fr": (
        "*Votre quota quotidien d'échanges avec le modèle est atteint ; l'assistant hors ligne prend le "
        "relais jusqu'à demain. Vos réponses restent enregistrées.*"
    ),
    "en": (
        "*Your daily quota of exchanges with the language model is used up; the offline assistant takes "
        "over until tomorrow. Your answers are still saved.*"
    ),
}


def _context(request: ModelRequest) -> SessionContext | None:
    context = getattr(request.runtime, "context", None)
    return context if isinstance(context, SessionContext) else None


def billed_owner(request: ModelRequest) -> Owner | None:
    """Whose budget a call uses: the session's person, unless the offline model answers (free)."""
    context = _context(request)
    if context is None or isinstance(request.model, OfflineChatModel):
        return None
    return context.owner


def tokens_used(request: ModelRequest, response: ModelResponse) -> int:
    """Tokens the provider reported for a call, or an estimate of what was sent and received.

    Some OpenAI-compatible servers report no usage (streaming without ``include_usage``): counting
    the messages with the same tokenizer as history trimming keeps the budget meaningful there.
    """
    answers = [m for m in response.result if isinstance(m, AIMessage)]
    reported = [m.usage_metadata for m in answers if m.usage_metadata]
    if answers and len(reported) == len(answers):
        return sum(usage["total_tokens"] for usage in reported)
    sent: list[BaseMessage] = [*([request.system_message] if request.system_message else []), *request.messages]
    return message_tokens(sent) + message_tokens(answers)


class TokenMeterMiddleware(AgentMiddleware):
    """Add the tokens of every call the provider answered to the person's count for today."""

    def __init__(self, usage: UsageStore) -> None:
        super().__init__()
        self.usage = usage

    def wrap_model_call(self, request: ModelRequest, handler: Callable[[ModelRequest], ModelResponse]) -> Any:
        """Call the model, then count its tokens (a failed call raises before anything is counted)."""
        response = handler(request)
        owner = billed_owner(request)
        if owner is not None:
            self.usage.add(owner, tokens_used(request, response))
        return response

    async def awrap_model_call(
        self, request: ModelRequest, handler: Callable[[ModelRequest], Awaitable[ModelResponse]]
    ) -> Any:
        """Async version of ``wrap_model_call``; the database write runs off the event loop."""
        response = await handler(request)
        owner = billed_owner(request)
        if owner is not None:
            await asyncio.to_thread(self.usage.add, owner, tokens_used(request, response))
        return response


class TokenBudgetMiddleware(AgentMiddleware):
    """Answer with the offline model, and say why, once the person has spent today's token budget.

    Place it before the provider fallback and its ``meter`` after it (``build_agent`` does both).
    """

    def __init__(
        self, usage_store: UsageStore, daily_budget: int, offline_model: BaseChatModel, language: str = "fr"
    ) -> None:
        super().__init__()
        if daily_budget < 1:
            raise ValueError("daily_budget must be at least 1 (no budget: do not add this middleware)")
        self.usage = usage_store
        self.daily_budget = daily_budget
        self.offline = offline_model
        self.language = "en" if language == "en" else "fr"
        self.meter = TokenMeterMiddleware(usage_store)

    def _notice(self, request: ModelRequest) -> str:
        context = _context(request)
        language = context.language if context is not None and context.language in NOTICE else self.language
        return NOTICE[language]

    def wrap_model_call(self, request: ModelRequest, handler: Callable[[ModelRequest], ModelResponse]) -> Any:
        """Call the model, or the offline model with a notice when the budget is spent."""
        owner = billed_owner(request)
        if owner is None or self.usage.used_today(owner) < self.daily_budget:
            return handler(request)
        return with_notice(handler(request.override(model=self.offline)), self._notice(request))

    async def awrap_model_call(
        self, request: ModelRequest, handler: Callable[[ModelRequest], Awaitable[ModelResponse]]
    ) -> Any:
        """Async version of ``wrap_model_call``; the database read runs off the event loop."""
        owner = billed_owner(request)
        if owner is None or await asyncio.to_thread(self.usage.used_today, owner) < self.daily_budget:
            return await handler(request)
        return with_notice(await handler(request.override(model=self.offline)), self._notice(request))
