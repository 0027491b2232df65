"""A provider that fails or times out: the agent answers offline and says so; the circuit opens."""

import httpx
import openai
from langgraph.checkpoint.memory import InMemorySaver

from assistant.agent import build_agent
from assistant.offline import OfflineChatModel
from assistant.resilience import NOTICE, CircuitBreaker, OfflineFallbackMiddleware
from assistant.runtime import build_runtime
from assistant.storage.assessments import Owner
from assistant.streaming import Done, Failed, stream_turn
from assistant.tools.assessment import SessionContext
from tests.fakes import FailingChatModel

ALICE = Owner("Acme", "alice")


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_breaker_opens_after_repeated_failures_and_retries_later():
    clock = Clock()
    breaker = CircuitBreaker(failure_threshold=2, reset_after_s=30, clock=clock)
    breaker.record_failure()
    assert not breaker.open
    breaker.record_failure()
    assert breaker.open
    clock.now = 31
    assert not breaker.open  # half-open: one call may try the provider
    breaker.record_success()
    assert breaker.failures == 0


async def test_provider_down_means_offline_answers_with_a_notice(mini_index, embeddings, tmp_path):
    settings = mini_index.model_copy(update={"database_url": f"sqlite:///{tmp_path / 'db.sqlite'}"})
    request = httpx.Request("POST", "https://llm.example/v1/chat/completions")
    failing = FailingChatModel(error=openai.APITimeoutError(request=request))
    runtime = build_runtime(settings, model=failing, embeddings=embeddings)
    breaker = CircuitBreaker(failure_threshold=2, reset_after_s=60)
    middleware = OfflineFallbackMiddleware(OfflineChatModel(), breaker)
    agent = build_agent(
        failing, runtime.tools["employee"], "system", InMemorySaver(), fallback=middleware,
        context_schema=SessionContext,
    )  # fmt: skip
    context = SessionContext(ALICE, "fr")
    runtime.interview.start(ALICE, "hr")
    events = [e async for e in stream_turn(agent, "3", "t1", context=context)]
    done = next(e for e in events if isinstance(e, Done))
    assert not any(isinstance(e, Failed) for e in events)
    assert done.answer.startswith(NOTICE["fr"]) and "Réponse enregistrée" in done.answer
    assert runtime.interview.state(ALICE).question.answered == 1  # the interview went on
    assert breaker.open  # two failed calls in that turn: the provider is skipped for a while
    events = [e async for e in stream_turn(agent, "Quelles données ne faut-il pas coller dans un chatbot ?", "t1",
                                            context=context)]  # fmt: skip
    assert "[1]" in next(e for e in events if isinstance(e, Done)).answer
