"""Conversation history: kept per login, resumable, and nobody else can open, change or delete it."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta

import pytest
from chainlit.types import Feedback, Pagination, ThreadFilter
from chainlit.user import User
from sqlalchemy import select, text

from assistant.services.personal_data import PersonalData
from assistant.storage.assessments import AssessmentStore
from assistant.storage.chat_history import ChatHistoryStore
from assistant.storage.db import make_engine, make_sessions
from assistant.storage.models import ChatThread
from assistant.storage.owner import Owner
from assistant.storage.users import UserStore
from assistant.ui import history as history_module
from assistant.ui.history import HistoryDataLayer

PASSWORD = "correct horse battery"
THREAD = "4f1c6c1e-0000-4000-8000-00000000a11c"


@pytest.fixture
def setup(db_url: str, monkeypatch: pytest.MonkeyPatch):
    sessions = make_sessions(make_engine(db_url))
    users = UserStore(sessions)
    users.add("alice", "Acme", "employee", PASSWORD)
    users.add("bob", "Acme", "employee", PASSWORD)
    users.add("carla", "Other", "manager", PASSWORD)
    store = ChatHistoryStore(sessions)
    forgotten: list[str] = []

    async def forget(thread_id: str) -> None:
        forgotten.append(thread_id)

    layer = HistoryDataLayer(store, users.find, forget)
    acting: dict[str, str | None] = {"login": None}
    monkeypatch.setattr(history_module, "_session_user", lambda: acting["login"])
    return layer, store, sessions, acting, forgotten, users


def step(step_id: str, kind: str, output: str, at: str, thread: str = THREAD) -> dict:
    return {"id": step_id, "threadId": thread, "type": kind, "name": kind, "output": output, "createdAt": at}


async def alice_conversation(layer: HistoryDataLayer, acting: dict) -> None:
    acting["login"] = "alice"
    await layer.update_thread(THREAD, name="Par où commencer ?", user_id="alice", tags=["employee"])
    await layer.create_step(step("s1", "user_message", "Je veux faire mon auto-évaluation", "2026-11-24T09:00:00Z"))
    await layer.create_step(step("s2", "assistant_message", "Question 1 sur ~18", "2026-11-24T09:00:01Z"))
    await layer.update_thread(THREAD, metadata={"chat_profile": "Salarié", "lang": "fr"})


def fingerprint(sessions) -> str:
    """A hash of every history row, to show an attempt changed nothing."""
    with sessions() as session:
        rows = []
        for table in ("chat_threads", "chat_steps", "chat_feedbacks"):
            result = session.execute(text(f"SELECT * FROM {table} ORDER BY id"))
            rows.append([[str(value) for value in row] for row in result])
    return hashlib.sha256(json.dumps(rows).encode()).hexdigest()


async def test_a_conversation_is_kept_listed_and_reopened_by_its_owner(setup) -> None:
    layer, _, _, acting, _, _ = setup
    await alice_conversation(layer, acting)
    assert await layer.get_thread_author(THREAD) == "alice"
    thread = await layer.get_thread(THREAD)
    assert thread is not None and thread["name"] == "Par où commencer ?"
    assert [s["output"] for s in thread["steps"]] == ["Je veux faire mon auto-évaluation", "Question 1 sur ~18"]
    assert thread["metadata"] == {"chat_profile": "Salarié", "lang": "fr"}
    page = await layer.list_threads(Pagination(first=20), ThreadFilter(userId="alice"))
    assert [t["id"] for t in page.data] == [THREAD]
    found = await layer.list_threads(Pagination(first=20), ThreadFilter(userId="alice", search="AUTO-ÉVALUATION"))
    assert [t["id"] for t in found.data] == [THREAD]
    assert (await layer.list_threads(Pagination(first=20), ThreadFilter(userId="bob"))).data == []


async def test_another_user_can_neither_read_nor_change_nor_delete_it(setup) -> None:
    layer, store, sessions, acting, forgotten, _ = setup
    await alice_conversation(layer, acting)
    await layer.upsert_feedback(Feedback(forId="s2", value=1, id="f1"))
    before = fingerprint(sessions)

    acting["login"] = "bob"
    assert await layer.get_thread(THREAD) is None
    await layer.update_thread(THREAD, name="mine now", user_id="bob", metadata={"chat_profile": "x"})
    await layer.create_step(step("evil", "user_message", "injected", "2026-11-24T09:05:00Z"))
    await layer.update_step(step("s1", "user_message", "rewritten", "2026-11-24T09:00:00Z"))
    await layer.delete_step("s2")
    await layer.upsert_feedback(Feedback(forId="s2", value=0, id="f1"))
    assert await layer.delete_feedback("f1") is False
    await layer.delete_thread(THREAD)
    bob_page = await layer.list_threads(Pagination(first=20), ThreadFilter(userId="bob"))

    assert bob_page.data == [] and forgotten == []
    assert fingerprint(sessions) == before
    assert store.author(THREAD) == "alice"


async def test_deleting_a_conversation_removes_it_and_the_agent_memory(setup) -> None:
    layer, store, _, acting, forgotten, _ = setup
    await alice_conversation(layer, acting)
    await layer.upsert_feedback(Feedback(forId="s2", value=1))
    await layer.delete_thread(THREAD)
    assert store.thread(THREAD) is None and forgotten == [THREAD]


async def test_steps_of_an_anonymous_or_unknown_thread_are_not_kept(setup) -> None:
    layer, store, _, acting, _, _ = setup
    acting["login"] = None
    await layer.create_step(step("s1", "user_message", "hello", "2026-11-24T09:00:00Z", thread="nobody"))
    await layer.update_thread("nobody", name="anonymous")
    assert store.thread("nobody") is None


async def test_only_active_accounts_are_users_and_logging_in_creates_none(setup) -> None:
    layer, _, _, _, _, users = setup
    alice = await layer.get_user("alice")
    assert alice is not None and alice.metadata == {"role": "employee", "organisation": "Acme"}
    assert await layer.create_user(User(identifier="mallory")) is None
    users.set_disabled("alice")
    assert await layer.get_user("alice") is None


async def test_pages_follow_the_cursor(setup) -> None:
    layer, _, _, acting, _, _ = setup
    acting["login"] = "alice"
    ids = [f"thread-{n}" for n in range(5)]
    for thread_id in ids:
        await layer.update_thread(thread_id, name=thread_id, user_id="alice")
    first = await layer.list_threads(Pagination(first=2), ThreadFilter(userId="alice"))
    second = await layer.list_threads(
        Pagination(first=2, cursor=first.pageInfo.endCursor), ThreadFilter(userId="alice")
    )
    third = await layer.list_threads(
        Pagination(first=2, cursor=second.pageInfo.endCursor), ThreadFilter(userId="alice")
    )
    seen = [t["id"] for t in first.data + second.data + third.data]
    assert sorted(seen) == sorted(ids) and len(seen) == 5
    assert first.pageInfo.hasNextPage and not third.pageInfo.hasNextPage


async def test_export_and_erasure_cover_the_history(setup) -> None:
    layer, store, sessions, acting, _, _ = setup
    await alice_conversation(layer, acting)
    acting["login"] = "bob"
    await layer.update_thread("bob-thread", name="Bob", user_id="bob")
    await layer.create_step(step("b1", "user_message", "Bob's words", "2026-11-24T10:00:00Z", thread="bob-thread"))
    alice = Owner("Acme", "user:alice")
    data = PersonalData(AssessmentStore(sessions), None)
    exported = await data.export(alice)
    assert [m["text"] for m in exported["history"][0]["messages"]] == [
        "Je veux faire mon auto-évaluation",
        "Question 1 sur ~18",
    ]
    assert "Bob's words" not in json.dumps(exported, ensure_ascii=False)
    report = await data.erase(alice)
    assert report.database_rows >= 1
    assert store.thread(THREAD) is None
    with sessions() as session:
        assert session.scalar(select(ChatThread.id)) == "bob-thread"
        dump = json.dumps([[str(v) for v in row] for row in session.execute(text("SELECT * FROM chat_steps"))])
    assert "auto-évaluation" not in dump and "Bob's words" in dump


async def test_retention_removes_inactive_conversations_only(setup) -> None:
    layer, store, sessions, acting, _, _ = setup
    await alice_conversation(layer, acting)
    await layer.update_thread("recent", name="recent", user_id="alice")
    with sessions.begin() as session:
        old = session.get(ChatThread, THREAD)
        assert old is not None
        old.updated_at = datetime.now(UTC) - timedelta(days=400)
    removed = store.expire(datetime.now(UTC) - timedelta(days=365))
    assert removed == [THREAD]
    assert store.thread("recent") is not None and store.thread(THREAD) is None


async def test_a_conversation_begun_with_a_button_gets_a_readable_title(setup) -> None:
    layer, store, _, acting, _, _ = setup
    acting["login"] = "alice"
    await layer.update_thread("by-button", name="interview_answer", user_id="alice")
    record = store.thread("by-button")
    assert record is not None and record.name == "Auto-évaluation / Self-assessment"
