"""The ``search_knowledge`` tool over the hybrid retriever."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from langchain_core.messages import HumanMessage, ToolMessage
from langchain_core.tools import BaseTool, StructuredTool
from langgraph.prebuilt import InjectedState
from pydantic import BaseModel, Field

from assistant.knowledge.citations import format_passages
from assistant.knowledge.retrieval import HybridRetriever, SearchFilters

SEARCH_TOOL = "search_knowledge"
NO_RESULT = "NO_RELEVANT_PASSAGES"


class SearchInput(BaseModel):
    """Arguments of ``search_knowledge``."""

    query: str = Field(min_length=2, max_length=500, description="What to look for, in French or English")
    lang: Literal["fr", "en"] | None = Field(None, description="Only passages in this language")
    audience: Literal["manager", "employee", "trainer"] | None = Field(
        None, description="Only passages for this audience"
    )
    tags: list[str] = Field(default_factory=list, max_length=5, description="Only passages with all these tags")
    state: Annotated[dict[str, Any], InjectedState] = Field(default_factory=dict)


def passages_in_current_turn(messages: list[Any]) -> int:
    """Count passages already returned since the last user message, to continue numbering."""
    count = 0
    for message in reversed(messages):
        if isinstance(message, HumanMessage):
            break
        if isinstance(message, ToolMessage) and message.name == SEARCH_TOOL and isinstance(message.artifact, dict):
            count += len(message.artifact.get("passages", []))
    return count


def make_search_tool(retriever: HybridRetriever, k: int = 5, min_similarity: float = 0.845) -> BaseTool:
    """Build the tool; passages below ``min_similarity`` (dense cosine) count as not relevant."""

    def search_knowledge(
        query: str,
        lang: str | None = None,
        audience: str | None = None,
        tags: list[str] | None = None,
        state: dict[str, Any] | None = None,
    ) -> tuple[str, dict[str, Any]]:
        passages = retriever.search(query, k=k, filters=SearchFilters(lang, audience, tuple(tags or ())))
        best = max((p.similarity or 0.0 for p in passages), default=0.0)
        relevant = bool(passages) and best >= min_similarity
        first = passages_in_current_turn((state or {}).get("messages", [])) + 1
        artifact = {
            "query": query,
            "relevant": relevant,
            "first_number": first,
            "passages": [p.as_dict() for p in passages] if relevant else [],
        }
        if not relevant:
            return (
                f"{NO_RESULT}: the knowledge base has nothing relevant for {query!r}. "
                "Tell the user so; do not invent sources.",
                artifact,
            )
        return format_passages(passages, first_number=first), artifact

    return StructuredTool.from_function(
        func=search_knowledge,
        name=SEARCH_TOOL,
        description=(
            "Search the Cap IA knowledge base (AI adoption in PME, AI Act, GDPR, use cases, ROI, "
            "training design, Qualiopi). Returns numbered passages to cite as [n]."
        ),
        args_schema=SearchInput,
        response_format="content_and_artifact",
    )
