"""Export and erasure cover answers, results and conversations, and touch nobody else."""

import json
import logging

from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver

from assistant.logging_setup import configure_logging
from assistant.offline import OfflineChatModel
from assistant.runtime import build_runtime
from assistant.services.personal_data import PersonalData
from assistant.storage.assessments import Owner
from assistant.streaming import stream_turn
from assistant.tools.assessment import SessionContext

ALICE = Owner("Acme", "alice")
BOB = Owner("Acme", "bob")
EVIDENCE = "Je ressaisis les bons de livraison de Dupont SARL chaque lundi"


async def talk(runtime, agent, owner, thread, texts):
    runtime.interview.store.remember_thread(owner, thread, "employee")
    for text in texts:
        async for _ in stream_turn(agent, text, thread, context=SessionContext(owner, "fr")):
            pass


async def test_export_has_everything_and_erase_leaves_nothing(mini_index, embeddings, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    configure_logging(logging.DEBUG)  # the app's own setup, at its most verbose
    settings = mini_index.model_copy(update={"database_url": f"sqlite:///{tmp_path / 'db.sqlite'}"})
    runtime = build_runtime(settings, model=OfflineChatModel(), embeddings=embeddings)
    service = runtime.interview
    async with AsyncSqliteSaver.from_conn_string(str(tmp_path / "conv.sqlite")) as saver:
        agent = runtime.agent("employee", saver)
        await talk(runtime, agent, ALICE, "employee:a1", ["Je veux faire mon auto-évaluation", "RH", "2", "b"])
        await talk(runtime, agent, ALICE, "employee:a1", [f"{EVIDENCE}, comment gagner du temps ?"])
        await talk(runtime, agent, BOB, "employee:b1", ["Je veux faire mon auto-évaluation", "commercial", "3"])
        state = service.state(ALICE)
        while state.stage == "question":
            value = state.question.options[0].id if state.question.options else EVIDENCE
            state = service.answer(ALICE, state.question.item_id, value, evidence=EVIDENCE)
        data = PersonalData(service.store, saver)

        exported = await data.export(ALICE)
        text = json.dumps(exported, ensure_ascii=False)
        assert exported["assessments"][0]["status"] == "completed" and exported["assessments"][0]["levels"]
        assert len(exported["assessments"][0]["answers"]) == len(
            service.store.answers(ALICE, state.results.assessment_id)
        )
        assert EVIDENCE in text
        conversation = exported["conversations"][0]
        assert conversation["thread"] == "employee:a1"
        assert [m["content"] for m in conversation["messages"] if m["role"] == "human"][:2] == [
            "Je veux faire mon auto-évaluation",
            "RH",
        ]
        assert "commercial" not in [m["content"] for m in conversation["messages"]]  # nothing of Bob's

        report = await data.erase(ALICE)
        assert report.conversations == 1 and report.database_rows >= 15
        assert (await data.export(ALICE))["assessments"] == []
        assert await saver.aget_tuple({"configurable": {"thread_id": "employee:a1"}}) is None
        assert service.state(ALICE).stage == "not_started"
        # Bob keeps everything.
        assert await saver.aget_tuple({"configurable": {"thread_id": "employee:b1"}}) is not None
        assert service.state(BOB).question.answered == 1

    # The database file no longer holds Alice's words; logs never held them.
    service.store.sessions.kw["bind"].dispose()
    raw = (tmp_path / "db.sqlite").read_bytes()
    assert EVIDENCE.encode() not in raw
    logging.getLogger("assistant.probe").debug("probe")
    assert "probe" in caplog.text  # capture was on at DEBUG
    assert "Dupont" not in caplog.text and "bons de livraison" not in caplog.text


async def test_nothing_personal_goes_into_the_knowledge_index(mini_index, embeddings, tmp_path):
    settings = mini_index.model_copy(update={"database_url": f"sqlite:///{tmp_path / 'db.sqlite'}"})
    runtime = build_runtime(settings, model=OfflineChatModel(), embeddings=embeddings)
    service = runtime.interview
    service.start(ALICE, "hr")
    question = service.state(ALICE).question
    service.answer(ALICE, question.item_id, question.options[1].id, evidence=EVIDENCE)
    collection = runtime.retriever.store._collection  # the real Chroma collection
    documents = collection.get(include=["documents", "metadatas"])
    assert not any(EVIDENCE in d for d in documents["documents"])
    assert not any("alice" in json.dumps(m) for m in documents["metadatas"])
