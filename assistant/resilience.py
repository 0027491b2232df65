"""Keep answering when the LLM provider fails: a circuit breaker and a switch to the offline model.

The provider client already retries transient errors a bounded number of times (honouring
``Retry-After``) within ``CAP_LLM_TIMEOUT_S``. When a call still fails, this middleware answers that
call with the built-in offline model and says so; after ``failure_threshold`` failures in a row the
circuit opens and calls go straight to the offline model for ``reset_after_s`` seconds, so people are
not kept waiting on a provider that is down. Interview answers never depend on the LLM: buttons and
the offline parser keep saving them.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from langchain.agents.middleware import AgentMiddleware, ModelRequest, ModelResponse
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage
from langgraph.errors import GraphBubbleUp

log = logging.getLogger(__name__)
NOTICE = {
    "fr": "*Le modèle de langage ne répond pas ; je passe en mode hors ligne pour l'instant.*",
    "en": "*The language model is not answering; I have switched to offline mode for now.*",
}


@dataclass
class CircuitBreaker:
    """Open after ``failure_threshold`` consecutive failures; let one call try again after ``reset_after_s``."""

    failure_threshold: int = 3
    reset_after_s: float = 60.0
    clock: Callable[[], float] = time.monotonic
    failures: int = 0
    opened_at: float | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def open(self) -> bool:
        """True while calls should skip the provider."""
        with self._lock:
            if self.opened_at is None:
                return False
            if self.clock() - self.opened_at >= self.reset_after_s:
                self.opened_at = None  # half-open: the next call tries the provider again
                return False
            return True

    def record_success(self) -> None:
        """A call worked: close the circuit."""
        with self._lock:
            self.failures, self.opened_at = 0, None

    def record_failure(self) -> None:
        """A call failed: open the circuit after too many in a row."""
        with self._lock:
            self.failures += 1
            if self.failures >= self.failure_threshold:
                self.opened_at = self.clock()


def with_notice(response: Any, notice: str) -> Any:
    """Prefix the offline answer (not a tool call) with ``notice``, saying why the provider was not used."""
    messages = getattr(response, "result", None)
    if isinstance(response, AIMessage):
        messages = [response]
    for message in messages or []:
        text = message.content if isinstance(message, AIMessage) and not message.tool_calls else None
        if isinstance(text, str) and not text.startswith(notice):
            message.content = f"{notice}\n\n{text}"
    return response


class OfflineFallbackMiddleware(AgentMiddleware):
    """Answer with the offline model when the provider fails or the circuit is open."""

    def __init__(self, offline: BaseChatModel, breaker: CircuitBreaker, language: str = "fr") -> None:
        super().__init__()
        self.offline = offline
        self.breaker = breaker
        self.language = "en" if language == "en" else "fr"

    def _provider_failed(self, exc: Exception) -> None:
        log.warning("LLM call failed (%s); answering offline", type(exc).__name__)
        self.breaker.record_failure()

    def _offline_request(self, request: ModelRequest) -> ModelRequest:
        return request.override(model=self.offline)

    def wrap_model_call(self, request: ModelRequest, handler: Callable[[ModelRequest], ModelResponse]) -> Any:
        """Call the provider unless the circuit is open; fall back to the offline model on failure."""
        if not self.breaker.open:
            try:
                response = handler(request)
            except GraphBubbleUp:
                raise
            except Exception as exc:  # SDKs raise many types (timeouts, 5xx, connection): all mean "down"
                self._provider_failed(exc)
            else:
                self.breaker.record_success()
                return response
        return with_notice(handler(self._offline_request(request)), NOTICE[self.language])

    async def awrap_model_call(
        self, request: ModelRequest, handler: Callable[[ModelRequest], Awaitable[ModelResponse]]
    ) -> Any:
        """Async version of ``wrap_model_call``."""
        if not self.breaker.open:
            try:
                response = await handler(request)
            except GraphBubbleUp:
                raise
            except Exception as exc:  # SDKs raise many types (timeouts, 5xx, connection): all mean "down"
                self._provider_failed(exc)
            else:
                self.breaker.record_success()
                return response
        return with_notice(await handler(self._offline_request(request)), NOTICE[self.language])
