from langchain_core.messages import AIMessage, HumanMessage, ToolMessage

from assistant.knowledge.documents import Passage
from assistant.offline import NOTICE, OfflineChatModel, compose_answer


def model() -> OfflineChatModel:
    return OfflineChatModel().bind_tools(
        [{"type": "function", "function": {"name": "search_knowledge", "parameters": {}}}]
    )  # type: ignore[return-value]


def tool_result(passages: list[Passage], first: int = 1) -> ToolMessage:
    return ToolMessage(
        content="...",
        name="search_knowledge",
        tool_call_id="c1",
        artifact={"passages": [p.as_dict() for p in passages], "first_number": first, "relevant": bool(passages)},
    )


P = Passage(
    "c",
    "guidance/fr/a.md",
    "AI Act",
    "Interdictions",
    "La notation sociale est interdite depuis 2025. Les outils de tri de CV sont à haut risque.",
    "fr",
    0.9,
)


def test_question_becomes_a_search_call():
    out = model().invoke([HumanMessage("Qu'interdit l'AI Act ?")])
    assert out.tool_calls[0]["name"] == "search_knowledge"
    assert out.tool_calls[0]["args"]["query"] == "Qu'interdit l'AI Act ?"


def test_answer_cites_passages_and_announces_offline_mode_once():
    first = model().invoke([HumanMessage("Qu'interdit l'AI Act ?"), AIMessage(""), tool_result([P])])
    assert str(first.content).startswith(NOTICE["fr"]) and "[1]" in str(first.content)
    later = model().invoke(
        [
            HumanMessage("Bonjour"),
            AIMessage("Salut"),
            HumanMessage("Qu'interdit l'AI Act ?"),
            AIMessage(""),
            tool_result([P]),
        ]
    )
    assert NOTICE["fr"] not in str(later.content) and "notation sociale" in str(later.content)


def test_english_question_gets_english_framing():
    out = model().invoke([HumanMessage("What does the AI Act ban?"), AIMessage(""), tool_result([])])
    assert out.content.startswith(NOTICE["en"]) and "found nothing relevant" in str(out.content)


def test_greeting_gets_help_without_tool_call():
    out = model().invoke([HumanMessage("Bonjour")])
    assert not out.tool_calls and "Cap IA" in str(out.content)


def test_compose_answer_uses_numbers_from_the_artifact():
    text = compose_answer("notation sociale", [(4, P)], "fr")
    assert "[4]" in text and "[1]" not in text


def test_streaming_yields_the_same_text():
    messages = [HumanMessage("Qu'interdit l'AI Act ?"), AIMessage(""), tool_result([P])]
    streamed = "".join(str(chunk.content) for chunk in model().stream(messages))
    assert streamed == model().invoke(messages).content
