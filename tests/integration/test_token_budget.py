"""The daily token budget on a real SQLite ledger, through the real agent graph."""

import threading
from datetime import UTC, datetime, timedelta

import httpx
import openai
import pytest
from langchain_core.messages import AIMessage, AIMessageChunk
from langchain_core.outputs import ChatGenerationChunk
from langchain_core.tools import tool
from langgraph.checkpoint.memory import InMemorySaver
from sqlalchemy import func, select

from assistant.agent import build_agent
from assistant.budget import NOTICE, TokenBudgetMiddleware
from assistant.offline import OfflineChatModel
from assistant.resilience import NOTICE as PROVIDER_DOWN
from assistant.resilience import CircuitBreaker, OfflineFallbackMiddleware
from assistant.runtime import build_runtime
from assistant.services.personal_data import PersonalData
from assistant.storage.assessments import AssessmentStore, Owner
from assistant.storage.db import make_engine, make_sessions
from assistant.storage.models import TokenUsage
from assistant.storage.usage import UsageStore
from assistant.streaming import Done, stream_turn
from assistant.tools.assessment import SessionContext
from tests.fakes import FailingChatModel, ScriptedChatModel, tool_call

ALICE = Owner("Acme", "alice")
BOB = Owner("Acme", "bob")
BUDGET = 1000
CONFIG = {"configurable": {"thread_id": "t1"}}


class Clock:
    """A settable UTC clock."""

    def __init__(self) -> None:
        self.now = datetime(2025, 3, 14, 23, 50, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


class StreamingUsageModel(ScriptedChatModel):
    """A scripted model that, like OpenAI with ``include_usage``, reports usage when streaming too."""

    def _stream(self, messages, stop=None, run_manager=None, **kwargs):
        step = self._next(messages)
        yield ChatGenerationChunk(
            message=AIMessageChunk(content=step.content, tool_calls=step.tool_calls, usage_metadata=step.usage_metadata)
        )


def costing(message: AIMessage, total: int) -> AIMessage:
    """A scripted step whose provider reports ``total`` tokens."""
    message.usage_metadata = {"input_tokens": total - 5, "output_tokens": 5, "total_tokens": total}
    return message


def answer(text: str, total: int) -> AIMessage:
    return costing(AIMessage(content=text), total)


@tool
def lookup(topic: str) -> str:
    """Look a topic up."""
    return f"notes about {topic}"


@pytest.fixture
def sessions(db_url):
    return make_sessions(make_engine(db_url))


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def usage(sessions, clock):
    return UsageStore(sessions, clock=clock)


def agent_for(model, usage, fallback=None):
    budget = TokenBudgetMiddleware(usage, BUDGET, OfflineChatModel(), "fr")
    return build_agent(
        model, [lookup], "system", InMemorySaver(), context_schema=SessionContext, fallback=fallback, budget=budget
    )


async def turn(agent, text, owner=ALICE, thread="t1", lang="fr"):
    events = [e async for e in stream_turn(agent, text, thread, language=lang, context=SessionContext(owner, lang))]
    return next(e for e in events if isinstance(e, Done)).answer


async def test_the_ledger_counts_exactly_what_the_provider_reports(usage):
    model = StreamingUsageModel(
        script=[
            costing(tool_call("lookup", topic="rgpd"), 120),
            answer("Voici.", 80),  # sync call
            answer("Encore.", 33),  # async call
            costing(tool_call("lookup", topic="roi"), 7),
            answer("Fini.", 11),  # streamed calls
        ]
    )
    agent = agent_for(model, usage)
    agent.invoke({"messages": [("user", "Parle-moi du RGPD")]}, CONFIG, context=SessionContext(ALICE, "fr"))
    assert usage.used_today(ALICE) == 200
    await agent.ainvoke({"messages": [("user", "et ensuite ?")]}, CONFIG, context=SessionContext(ALICE, "fr"))
    assert usage.used_today(ALICE) == 233
    assert await turn(agent, "et le ROI ?") == "Fini."
    assert usage.used_today(ALICE) == 251
    model.assert_consumed()
    assert usage.used_today(BOB) == 0


async def test_over_budget_the_offline_model_answers_and_the_provider_is_not_called(usage):
    provider = StreamingUsageModel(script=[answer("réponse du fournisseur", 10)])
    usage.add(ALICE, BUDGET)
    agent = agent_for(provider, usage, OfflineFallbackMiddleware(OfflineChatModel(), CircuitBreaker()))

    french = await turn(agent, "Bonjour")
    english = await turn(agent, "Hello", thread="t2", lang="en")

    assert provider.calls == []
    assert french.startswith(NOTICE["fr"] + "\n\n") and "Cap IA" in french
    assert english.startswith(NOTICE["en"] + "\n\n")
    assert NOTICE["fr"].startswith("*Votre quota quotidien d'échanges avec le modèle est atteint ;")
    assert PROVIDER_DOWN["fr"] not in french  # the provider is not down: the person's quota is spent
    assert usage.used_today(ALICE) == BUDGET  # offline answers cost nothing


async def test_the_next_day_the_provider_answers_again(usage, clock):
    provider = StreamingUsageModel(script=[answer("demain, le fournisseur", 40)])
    usage.add(ALICE, BUDGET + 500)
    agent = agent_for(provider, usage)
    assert (await turn(agent, "Bonjour")).startswith(NOTICE["fr"])

    clock.now += timedelta(minutes=15)  # 00:05 UTC: a new day
    assert await turn(agent, "Bonjour") == "demain, le fournisseur"
    assert len(provider.calls) == 1
    assert usage.used_today(ALICE) == 40
    assert [row["tokens"] for row in usage.export(ALICE)] == [BUDGET + 500, 40]


async def test_two_people_have_their_own_budget(usage):
    provider = StreamingUsageModel(script=[answer("pour Bob", 25)])
    usage.add(ALICE, BUDGET)
    usage.add(BOB, BUDGET - 1)
    agent = agent_for(provider, usage)

    assert (await turn(agent, "Bonjour", ALICE, "alice")).startswith(NOTICE["fr"])
    result = agent.invoke({"messages": [("user", "Bonjour")]}, CONFIG, context=SessionContext(ALICE, "fr"))
    assert result["messages"][-1].content.startswith(NOTICE["fr"])  # the synchronous path checks too
    assert await turn(agent, "Bonjour", BOB, "bob") == "pour Bob"
    assert usage.used_today(BOB) == BUDGET + 24 and usage.used_today(ALICE) == BUDGET
    provider.assert_consumed()


async def test_without_a_known_person_no_budget_applies(usage):
    provider = StreamingUsageModel(script=[answer("terminal", 5000)])
    agent = agent_for(provider, usage)
    assert await turn(agent, "Bonjour", owner=None) == "terminal"
    assert usage.export(ALICE) == []


async def test_answers_of_the_fallback_when_the_provider_fails_cost_nothing(usage):
    request = httpx.Request("POST", "https://llm.example/v1/chat/completions")
    failing = FailingChatModel(error=openai.APITimeoutError(request=request))
    agent = agent_for(failing, usage, OfflineFallbackMiddleware(OfflineChatModel(), CircuitBreaker()))
    assert (await turn(agent, "Bonjour")).startswith(PROVIDER_DOWN["fr"])
    assert usage.used_today(ALICE) == 0


async def test_the_interview_goes_on_where_it_was_when_the_budget_is_hit(mini_index, embeddings, tmp_path):
    settings = mini_index.model_copy(
        update={
            "database_url": f"sqlite:///{tmp_path / 'db.sqlite'}",
            "llm_provider": "openai_compatible",
            "llm_base_url": "http://llm.example/v1",
            "daily_token_budget": BUDGET,
        }
    )
    probe = build_runtime(settings, model=OfflineChatModel(), embeddings=embeddings)
    first = probe.interview.start(ALICE, "hr").question
    provider = StreamingUsageModel(
        script=[costing(tool_call("record_answer", question_id=first.item_id, option_id="2"), 300), answer("Noté.", 50)]
    )
    runtime = build_runtime(settings, model=provider, embeddings=embeddings)
    assert runtime.usage is not None
    agent = runtime.agent("employee", InMemorySaver())

    assert await turn(agent, "la 2") == "Noté."
    assert runtime.usage.used_today(ALICE) == 350
    second = runtime.interview.state(ALICE).question
    assert second.answered == 1 and second.item_id != first.item_id
    runtime.usage.add(ALICE, BUDGET)  # spent in another tab meanwhile

    reply = await turn(agent, "3")
    assert reply.startswith(NOTICE["fr"]) and "Réponse enregistrée" in reply
    provider.assert_consumed()  # no call reached the provider after the budget was spent
    info = runtime.interview.store.latest(ALICE)
    saved = runtime.interview.store.answers(ALICE, info.id)
    assert set(saved) == {first.item_id, second.item_id} and saved[first.item_id].value == "2"
    assert runtime.interview.state(ALICE).question.answered == 2
    assert runtime.usage.used_today(ALICE) == 350 + BUDGET


def test_the_runtime_sets_no_budget_offline_or_when_it_is_zero(mini_index, embeddings, tmp_path):
    base = {"database_url": f"sqlite:///{tmp_path / 'db.sqlite'}"}
    remote = {**base, "llm_provider": "openai_compatible", "llm_base_url": "http://llm.example/v1"}
    provider = ScriptedChatModel()

    def budget(**update):
        return build_runtime(mini_index.model_copy(update=update), model=provider, embeddings=embeddings).budget()

    assert budget(**base) is None
    assert budget(**remote, daily_token_budget=0) is None
    assert budget(**remote).daily_budget == 200_000


def test_two_processes_adding_at_once_lose_nothing(tmp_path, clock):
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    stores = [UsageStore(make_sessions(make_engine(url)), clock=clock) for _ in range(2)]  # one engine each
    start = threading.Barrier(2)
    errors = []

    def spend(store, amounts):
        start.wait()
        try:
            for amount in amounts:
                store.add(ALICE, amount)
        except Exception as exc:  # reported below
            errors.append(exc)

    first, second = list(range(1, 101)), list(range(1000, 1100))
    threads = [threading.Thread(target=spend, args=args) for args in zip(stores, (first, second), strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert stores[0].used_today(ALICE) == sum(first) + sum(second)
    with stores[0].sessions() as session:
        assert session.scalar(select(func.count()).select_from(TokenUsage)) == 1


async def test_usage_is_exported_and_erased_with_the_person(sessions, usage):
    usage.add(ALICE, 42)
    usage.add(BOB, 7)
    store = AssessmentStore(sessions)

    exported = await PersonalData(store, None).export(ALICE)
    assert exported["token_usage"] == [{"day": "2025-03-14", "tokens": 42}]

    store.erase(ALICE)
    assert usage.export(ALICE) == [] and usage.used_today(ALICE) == 0
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(TokenUsage)) == 1  # Bob's row stays
    assert usage.used_today(BOB) == 7


def test_retention_drops_old_daily_counts_only(usage, clock):
    usage.add(ALICE, 300)
    clock.now += timedelta(days=40)
    usage.add(ALICE, 200)
    assert usage.expire(clock.now.date() - timedelta(days=31)) == 1
    assert [row["tokens"] for row in usage.export(ALICE)] == [200]
