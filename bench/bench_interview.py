"""Interview engine time per answer (SQLite included) and prompt tokens per interview turn with an LLM."""

from __future__ import annotations

import asyncio
import itertools
import json
import random
import tempfile
import time
from pathlib import Path
from typing import Any

from common import shared_index, summary
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.utils.function_calling import convert_to_openai_tool
from langgraph.checkpoint.memory import InMemorySaver
from pydantic import PrivateAttr

from assistant.agent import message_tokens, system_prompt_for
from assistant.domain.interview import next_item, validate_answer
from assistant.domain.scoring import score
from assistant.models import build_embeddings
from assistant.runtime import build_interview, build_runtime
from assistant.services.interview import InterviewService, QuestionView
from assistant.storage.assessments import Owner
from assistant.streaming import stream_turn
from assistant.tokens import count_tokens
from assistant.tools.assessment import SessionContext

_ids = itertools.count()


def pick(question: QuestionView, rng: random.Random) -> str:
    """A plausible answer: any option, sometimes "I don't know"."""
    if not question.options:
        return "Je ressaisis les commandes dans l'ERP, environ 4 heures par semaine."
    if rng.random() < 0.1:
        return "dont_know"
    return rng.choice(question.options).id


def engine_only(service: InterviewService, runs: int = 200) -> list[float]:
    """Time next_item + validation + scoring without the database."""
    framework, rng, samples = service.framework, random.Random(1), []
    for _ in range(runs):
        answers: dict[str, Any] = {}
        while (item := next_item(framework, answers)) is not None:
            started = time.perf_counter()
            value = rng.choice(item.options).id if item.options else "texte libre"
            answers[item.id] = validate_answer(framework, item.id, value)
            next_item(framework, answers)
            score(framework, "hr", answers)
            samples.append((time.perf_counter() - started) * 1000)
    return samples


def with_database(service: InterviewService, people: int = 20) -> tuple[list[float], list[int]]:
    """Time ``InterviewService.answer`` (validate, commit, next question or results) on SQLite."""
    rng, samples, lengths = random.Random(2), [], []
    for n in range(people):
        owner = Owner("bench", f"person-{n}")
        state = service.start(owner, rng.choice([r.id for r in service.framework.roles]))
        count = 0
        while state.question is not None:
            started = time.perf_counter()
            state = service.answer(owner, state.question.item_id, pick(state.question, rng))
            samples.append((time.perf_counter() - started) * 1000)
            count += 1
        lengths.append(count)
    return samples, lengths


class InterviewingModel(BaseChatModel):
    """Plays an LLM that records each answer, then acknowledges; counts the tokens it is sent."""

    service: Any
    owner: Any
    tool_tokens: int = 0
    _tokens: list[int] = PrivateAttr(default_factory=list)

    @property
    def _llm_type(self) -> str:
        return "interviewing"

    def bind_tools(self, tools: Any, **kwargs: Any) -> InterviewingModel:  # type: ignore[override]
        self.tool_tokens = sum(count_tokens(json.dumps(convert_to_openai_tool(t))) for t in tools)
        return self

    def _generate(
        self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None, **kw: Any
    ) -> ChatResult:
        self._tokens.append(message_tokens(messages) + self.tool_tokens)
        if messages[-1].type == "human":
            question = self.service.state(self.owner).question
            args = {"question_id": question.item_id, "user_words": str(messages[-1].content)}
            if question.options:
                args["option_id"] = question.options[1].id
            call = {"name": "record_answer", "args": args, "id": f"c{next(_ids)}"}
            message = AIMessage("", tool_calls=[call])
        else:
            message = AIMessage("C'est noté, merci ! Voici la question suivante, prenez votre temps.")
        return ChatResult(generations=[ChatGeneration(message=message)])


async def prompt_tokens(settings: Any) -> tuple[list[int], int]:
    """Tokens sent per model call over a whole interview driven by an LLM."""
    owner = Owner("bench", "llm-person")
    runtime = build_runtime(settings, model=None, embeddings=build_embeddings(settings))
    model = InterviewingModel(service=runtime.interview, owner=owner)
    runtime.model = model
    runtime.interview.start(owner, "sales_marketing")
    agent = runtime.agent("employee", InMemorySaver())
    turns = 0
    while runtime.interview.state(owner).stage == "question":
        async for _ in stream_turn(agent, "Je dirais plutôt la deuxième réponse", "llm", context=SessionContext(owner)):
            pass
        turns += 1
    system = system_prompt_for("employee", settings.prompts_dir, settings.ui_language)
    print(f"  of which system prompt {count_tokens(system)} tokens, tool schemas {model.tool_tokens} tokens")
    return model._tokens, turns


def main() -> None:
    root = Path(tempfile.mkdtemp(prefix="cap-bench-interview-"))
    settings = shared_index().model_copy(update={"database_url": f"sqlite:///{root / 'bench.sqlite'}"})
    service = build_interview(settings)
    print("Engine only (next question + validation + scoring):", summary(engine_only(service)))
    samples, lengths = with_database(service)
    print("Per answer with SQLite commit and next question:", summary(samples))
    print(f"Questions per interview: min {min(lengths)}, max {max(lengths)}, mean {sum(lengths) / len(lengths):.1f}")
    tokens, turns = asyncio.run(prompt_tokens(settings))
    per_turn = sum(tokens) / turns
    print(
        f"Prompt tokens with an LLM over {turns} interview turns ({len(tokens)} model calls): "
        f"{sum(tokens) / len(tokens):.0f} per call, {per_turn:.0f} per turn (2 calls: record, then reply), "
        f"max per call {max(tokens)}"
    )


if __name__ == "__main__":
    main()
