"""The real agent graph with a scripted model and with the offline model."""

import sqlite3

import pytest
from langchain_core.messages import HumanMessage, ToolMessage
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.checkpoint.sqlite import SqliteSaver
from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver

from assistant.agent import build_agent
from assistant.offline import NOTICE, OfflineChatModel
from assistant.runtime import build_runtime
from assistant.streaming import Done, Failed, Sources, Token, ToolFinished, ToolStarted, stream_turn
from tests.fakes import FailingChatModel, ScriptedChatModel, reply, tool_call


async def collect(agent, text, thread="t1", language="fr"):
    return [event async for event in stream_turn(agent, text, thread, language=language)]


@pytest.fixture
def runtime_with(mini_index, embeddings):
    def make(model):
        return build_runtime(mini_index, model=model, embeddings=embeddings)

    return make


async def test_scripted_model_searches_then_answers_with_citations(runtime_with):
    model = ScriptedChatModel(
        script=[
            tool_call("search_knowledge", query="pratiques interdites"),
            reply("La notation sociale est interdite [1]."),
        ]
    )
    agent = runtime_with(model).agent("manager")
    events = await collect(agent, "Qu'est-ce qui est interdit ?")
    kinds = [type(e) for e in events]
    assert kinds.index(ToolStarted) < kinds.index(ToolFinished) < kinds.index(Sources) < kinds.index(Done)
    finished = next(e for e in events if isinstance(e, ToolFinished))
    assert finished.artifact["relevant"] and finished.content.startswith("[1] « AI Act")
    sources = next(e for e in events if isinstance(e, Sources))
    assert [n for n, _ in sources.passages] == [1]
    assert "".join(e.text for e in events if isinstance(e, Token)).strip() == "La notation sociale est interdite [1]."
    model.assert_consumed()
    # The model saw the persona prompt and the passages as a tool result.
    last_call = model.calls[-1]
    assert any(isinstance(m, ToolMessage) and "notation sociale" in str(m.content) for m in last_call)


async def test_second_search_in_a_turn_continues_numbering(runtime_with):
    model = ScriptedChatModel(
        script=[
            tool_call("search_knowledge", query="pratiques interdites"),
            tool_call("search_knowledge", query="prompt structure"),
            reply("Voir [1] et [6]."),
        ]
    )
    agent = runtime_with(model).agent("employee")
    events = await collect(agent, "Deux questions")
    artifacts = [e.artifact for e in events if isinstance(e, ToolFinished)]
    assert artifacts[0]["first_number"] == 1
    assert artifacts[1]["first_number"] == 1 + len(artifacts[0]["passages"])


async def test_offline_model_through_the_real_graph(runtime_with):
    agent = runtime_with(OfflineChatModel()).agent("employee", InMemorySaver())
    first = await collect(agent, "Que faut-il éviter de coller dans un chatbot public ?", thread="o1")
    done = next(e for e in first if isinstance(e, Done))
    assert done.answer.startswith(NOTICE["fr"]) and "[1]" in done.answer
    assert any(p.doc_id == "guidance/fr/prompting.md" for _, p in done.passages)
    second = await collect(agent, "Et quelles pratiques sont interdites ?", thread="o1")
    answer = next(e for e in second if isinstance(e, Done)).answer
    assert NOTICE["fr"] not in answer and "notation sociale" in answer


async def test_off_topic_question_says_nothing_was_found(runtime_with):
    agent = runtime_with(OfflineChatModel()).agent("manager")
    events = await collect(agent, "Quelle est la recette de la tarte tatin aux pommes caramélisées ?", thread="o2")
    finished = next(e for e in events if isinstance(e, ToolFinished))
    assert not finished.artifact["relevant"]
    answer = next(e for e in events if isinstance(e, Done)).answer
    assert "rien trouvé" in answer and "[1]" not in answer


async def test_provider_failure_is_reported_and_the_message_kept(runtime_with, tmp_path):
    agent_rt = runtime_with(FailingChatModel(error=TimeoutError("slow")))
    async with AsyncSqliteSaver.from_conn_string(str(tmp_path / "c.sqlite")) as saver:
        agent = agent_rt.agent("manager", saver)
        events = await collect(agent, "Par où commencer ?", thread="f1")
        assert isinstance(events[-1], Failed) and "conservé" in events[-1].message
        state = await agent.aget_state({"configurable": {"thread_id": "f1"}})
        assert [m.content for m in state.values["messages"] if isinstance(m, HumanMessage)] == ["Par où commencer ?"]


async def test_conversation_survives_a_restart(runtime_with, tmp_path):
    path = str(tmp_path / "conv.sqlite")
    async with AsyncSqliteSaver.from_conn_string(path) as saver:
        agent = runtime_with(OfflineChatModel()).agent("trainer", saver)
        await collect(agent, "Que demande l'indicateur 1 de Qualiopi ?", thread="r1")
    # A new process: new connection, new graph, same thread id.
    connection = sqlite3.connect(path, check_same_thread=False)
    agent2 = runtime_with(OfflineChatModel()).agent("trainer", SqliteSaver(connection))
    state = agent2.get_state({"configurable": {"thread_id": "r1"}})
    texts = [str(m.content) for m in state.values["messages"]]
    connection.close()
    assert texts[0] == "Que demande l'indicateur 1 de Qualiopi ?" and "[1]" in texts[-1]


def test_history_is_trimmed_to_the_token_budget(runtime_with):
    model = ScriptedChatModel(script=[reply("ok")] * 6)
    rt = runtime_with(model)
    agent = build_agent(model, rt.tools["manager"], "system", checkpointer=InMemorySaver(), history_token_budget=500)
    config = {"configurable": {"thread_id": "long"}}
    for i in range(6):
        agent.invoke({"messages": [HumanMessage(f"message {i} " + "mot " * 150)]}, config)
    sent = model.calls[-1]
    assert sent[0].type == "system" and sent[1].type == "human" and "message 5" in str(sent[-1].content)
    assert len(sent) < 11  # earlier turns were dropped from the request
    assert len(agent.get_state(config).values["messages"]) == 12  # but kept in the checkpoint
