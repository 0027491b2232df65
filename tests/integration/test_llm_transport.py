"""The real OpenAI-compatible client over a scripted HTTP transport: timeouts, retries, Retry-After, provider down."""

from __future__ import annotations

import json
import time
from collections.abc import Callable

import httpx
import openai
import pytest
from langgraph.checkpoint.memory import InMemorySaver

from assistant.agent import build_agent
from assistant.config import load_settings
from assistant.models import build_chat_model
from assistant.offline import OfflineChatModel
from assistant.resilience import NOTICE, CircuitBreaker, OfflineFallbackMiddleware
from assistant.runtime import build_runtime
from assistant.storage.assessments import Owner
from assistant.streaming import Done, stream_turn
from assistant.tools.assessment import SessionContext

ALICE = Owner("Acme", "alice")
COMPLETION = {
    "id": "chatcmpl-1",
    "object": "chat.completion",
    "created": 0,
    "model": "m",
    "choices": [{"index": 0, "message": {"role": "assistant", "content": "Bonjour"}, "finish_reason": "stop"}],
    "usage": {"prompt_tokens": 5, "completion_tokens": 2, "total_tokens": 7},
}


class ScriptedServer:
    """Answers requests from a list of (status, headers) or exceptions; records what it received."""

    def __init__(self, script: list[tuple[int, dict[str, str]] | Exception]) -> None:
        self.script = script
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        step = self.script[min(len(self.requests), len(self.script)) - 1]
        if isinstance(step, Exception):
            raise step
        status, headers = step
        body = COMPLETION if status == 200 else {"error": {"message": "scripted", "type": "x", "code": str(status)}}
        return httpx.Response(status, headers=headers, content=json.dumps(body).encode())


def model_for(server: Callable[[httpx.Request], httpx.Response], retries: int = 2, timeout: float = 12.0):
    settings = load_settings(
        llm_provider="openai_compatible",
        llm_base_url="http://llm.invalid/v1",
        llm_max_retries=retries,
        llm_timeout_s=timeout,
    )
    transport = httpx.MockTransport(server)
    return build_chat_model(
        settings,
        http_client=httpx.Client(transport=transport),
        http_async_client=httpx.AsyncClient(transport=transport),
    )


def test_a_rate_limit_is_retried_after_the_time_the_server_asks():
    server = ScriptedServer([(429, {"retry-after": "1"}), (200, {})])
    started = time.monotonic()
    answer = model_for(server).invoke("Bonjour")
    assert answer.content == "Bonjour" and len(server.requests) == 2
    assert time.monotonic() - started >= 0.9  # waited as Retry-After said


def test_server_errors_are_retried_a_bounded_number_of_times():
    server = ScriptedServer([(500, {})])
    with pytest.raises(openai.InternalServerError):
        model_for(server, retries=2).invoke("Bonjour")
    assert len(server.requests) == 3  # the call and two retries


@pytest.mark.parametrize("status", [400, 401, 403, 404, 422])
def test_client_errors_are_not_retried(status):
    server = ScriptedServer([(status, {})])
    with pytest.raises(openai.APIStatusError):
        model_for(server).invoke("Bonjour")
    assert len(server.requests) == 1


def test_a_request_that_hangs_times_out_and_is_retried_then_given_up():
    server = ScriptedServer([httpx.ReadTimeout("scripted hang")])
    with pytest.raises(openai.APITimeoutError):
        model_for(server, retries=1, timeout=12.0).invoke("Bonjour")
    assert len(server.requests) == 2
    assert server.requests[0].extensions["timeout"]["read"] == 12.0  # the configured timeout reaches the client


async def test_provider_down_the_interview_goes_on_offline_and_nothing_is_lost(mini_index, embeddings, tmp_path):
    server = ScriptedServer([(503, {})])
    provider = model_for(server, retries=0)
    settings = mini_index.model_copy(update={"database_url": f"sqlite:///{tmp_path / 'db.sqlite'}"})
    runtime = build_runtime(settings, model=provider, embeddings=embeddings)
    middleware = OfflineFallbackMiddleware(OfflineChatModel(), CircuitBreaker(failure_threshold=2, reset_after_s=60))
    agent = build_agent(
        provider, runtime.tools["employee"], "system", InMemorySaver(), fallback=middleware,
        context_schema=SessionContext,
    )  # fmt: skip
    runtime.interview.start(ALICE, "hr")
    before = runtime.interview.state(ALICE).question
    events = [e async for e in stream_turn(agent, "3", "t1", context=SessionContext(ALICE, "fr"))]
    done = next(e for e in events if isinstance(e, Done))
    assert done.answer.startswith(NOTICE["fr"])  # the person is told
    after = runtime.interview.state(ALICE).question
    assert after.answered == before.answered + 1  # the answer was saved by the offline model's tool call
    assert server.requests  # the provider was really tried
