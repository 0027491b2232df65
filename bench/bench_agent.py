"""Agent overhead per turn with an instant fake model, and prompt tokens per turn vs a naive baseline."""

from __future__ import annotations

import asyncio
import itertools
import time
from typing import Any

from common import QUESTIONS, shared_index, summary
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from langgraph.checkpoint.memory import InMemorySaver
from pydantic import PrivateAttr

from assistant.agent import message_tokens, system_prompt_for
from assistant.knowledge.citations import format_passages
from assistant.models import build_embeddings
from assistant.runtime import build_runtime
from assistant.streaming import stream_turn

_ids = itertools.count()


class InstantModel(BaseChatModel):
    """Calls search_knowledge once, then answers; records time spent inside and tokens sent."""

    _seconds: float = PrivateAttr(default=0.0)
    _tokens: list[int] = PrivateAttr(default_factory=list)

    @property
    def _llm_type(self) -> str:
        return "instant"

    def bind_tools(self, tools: Any, **kwargs: Any) -> InstantModel:  # type: ignore[override]
        return self

    def _generate(
        self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None, **kw: Any
    ) -> ChatResult:
        started = time.perf_counter()
        self._tokens.append(message_tokens(messages))
        if messages[-1].type == "human":
            message = AIMessage(
                "",
                tool_calls=[
                    {"name": "search_knowledge", "args": {"query": str(messages[-1].content)}, "id": f"c{next(_ids)}"}
                ],
            )
        else:
            message = AIMessage("Réponse courte fondée sur les passages [1][2].")
        self._seconds += time.perf_counter() - started
        return ChatResult(generations=[ChatGeneration(message=message)])


async def run() -> None:
    settings = shared_index()
    embeddings = build_embeddings(settings)
    model = InstantModel()
    runtime = build_runtime(settings, model=model, embeddings=embeddings)
    agent = runtime.agent("manager", InMemorySaver())
    # The tool's own time (retrieval) is measured apart so the graph overhead stands alone.
    retrieval = []
    for question in QUESTIONS:
        started = time.perf_counter()
        runtime.retriever.search(question, k=settings.retrieval_k)
        retrieval.append((time.perf_counter() - started) * 1000)
    async for _ in stream_turn(agent, "warm-up", "warm"):
        pass
    overhead, totals = [], []
    for round_ in range(3):
        for question in QUESTIONS:
            model._seconds = 0.0
            started = time.perf_counter()
            async for _ in stream_turn(agent, question, f"t{round_}"):
                pass
            total = (time.perf_counter() - started) * 1000
            totals.append(total)
            overhead.append(total - model._seconds * 1000)
    retrieval_median = sorted(retrieval)[len(retrieval) // 2]
    print(f"turn time outside the model (graph + tool + streaming): {summary(overhead)}")
    print(f"  of which retrieval (hybrid search, query embedding included): median {retrieval_median:.1f} ms")
    graph_only = sorted(overhead)[len(overhead) // 2] - retrieval_median
    print(f"  graph + streaming overhead alone: ~{graph_only:.1f} ms per turn")

    # Prompt tokens: what the agent sends per turn vs stuffing the top 8 chunks with the full history.
    model._tokens.clear()
    conversation = "tokens"
    for question in QUESTIONS:
        async for _ in stream_turn(agent, question, conversation):
            pass
    ours = model._tokens[1::2]  # the call that writes the answer (after the search) is the largest
    system = system_prompt_for("manager", settings.prompts_dir, "fr")
    history: list[BaseMessage] = []
    naive = []
    for question in QUESTIONS:
        top8 = runtime.retriever.search(question, k=8)
        stuffed = HumanMessage(f"Contexte :\n{format_passages(top8)}\n\nQuestion : {question}")
        naive.append(message_tokens([SystemMessage(system), *history, stuffed]))
        history += [stuffed, AIMessage("Réponse courte fondée sur les passages [1][2].")]
    mean_ours = sum(ours) / len(ours)
    mean_naive = sum(naive) / len(naive)
    print(
        f"prompt tokens per turn over a {len(QUESTIONS)}-turn conversation: Cap IA mean {mean_ours:.0f} "
        f"(max {max(ours)}), naive top-8 stuffing with full history mean {mean_naive:.0f} (max {max(naive)}); "
        f"ratio {mean_ours / mean_naive:.2f}"
    )


if __name__ == "__main__":
    asyncio.run(run())
