"""Scripted chat model for tests: plays a fixed list of steps and checks they were all used."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import ConfigDict, Field, PrivateAttr

_ids = itertools.count(1)


def tool_call(name: str, **args: Any) -> AIMessage:
    """A scripted step asking for one tool."""
    return AIMessage(content="", tool_calls=[{"name": name, "args": args, "id": f"call_{next(_ids)}"}])


def reply(text: str) -> AIMessage:
    """A scripted step answering in text."""
    return AIMessage(content=text)


class ScriptedChatModel(BaseChatModel):
    """Returns the scripted messages in order; records what it was sent."""

    script: list[AIMessage] = Field(default_factory=list)
    _calls: list[list[BaseMessage]] = PrivateAttr(default_factory=list)
    _position: int = PrivateAttr(default=0)

    @property
    def _llm_type(self) -> str:
        return "scripted"

    @property
    def calls(self) -> list[list[BaseMessage]]:
        """Messages received by each call."""
        return self._calls

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> ScriptedChatModel:  # type: ignore[override]
        """Tools are ignored: the script decides."""
        return self

    def _next(self, messages: list[BaseMessage]) -> AIMessage:
        self._calls.append(list(messages))
        if self._position >= len(self.script):
            raise AssertionError(f"script exhausted after {len(self.script)} steps")
        # A copy per call: the graph assigns ids to messages in place, and a reused object
        # would replace the earlier message instead of adding a new one.
        step = self.script[self._position].model_copy(deep=True, update={"id": None})
        self._position += 1
        return step

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        return ChatResult(generations=[ChatGeneration(message=self._next(messages))])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        step = self._next(messages)
        if step.tool_calls:
            yield ChatGenerationChunk(message=AIMessageChunk(content="", tool_calls=step.tool_calls))
            return
        for word in str(step.content).split(" "):
            yield ChatGenerationChunk(message=AIMessageChunk(content=word + " "))

    def assert_consumed(self) -> None:
        """Fail if scripted steps were left unused."""
        assert self._position == len(self.script), f"{len(self.script) - self._position} scripted steps unused"


class FailingChatModel(BaseChatModel):
    """Raises the given exception on every call (a provider that is down or times out)."""

    error: Exception

    model_config = ConfigDict(arbitrary_types_allowed=True)

    @property
    def _llm_type(self) -> str:
        return "failing"

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> FailingChatModel:  # type: ignore[override]
        return self

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        raise self.error
