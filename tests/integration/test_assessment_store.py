"""Assessment persistence on SQLite and PostgreSQL: idempotent answers, resume after restart, export, erase."""

import json
import threading

import pytest
from sqlalchemy import func, select

from assistant.config import PROJECT_ROOT
from assistant.domain.interview import Answer, next_item, validate_answer
from assistant.domain.scoring import score
from assistant.domain.skills import load_framework
from assistant.storage.assessments import AssessmentStateError, AssessmentStore, Owner
from assistant.storage.db import make_engine, make_sessions
from assistant.storage.models import AnswerRow, Assessment, Person

FRAMEWORK = load_framework(PROJECT_ROOT / "knowledge" / "frameworks")
ALICE = Owner("Acme", "alice")
BOB = Owner("Acme", "bob")


def open_store(url):
    engine = make_engine(url)
    return AssessmentStore(make_sessions(engine)), engine


def answer_next(store, owner, assessment_id, pick=lambda item: item.options[0].id if item.options else "texte"):
    answers = store.answers(owner, assessment_id)
    item = next_item(FRAMEWORK, answers)
    if item is None:
        return None
    store.record(owner, assessment_id, validate_answer(FRAMEWORK, item.id, pick(item)))
    return item


def test_answers_survive_a_restart_and_the_interview_resumes(db_url):
    store, engine = open_store(db_url)
    assessment = store.start_or_resume(ALICE, "hr")
    asked = [answer_next(store, ALICE, assessment).id for _ in range(5)]
    engine.dispose()  # the server process goes away
    store2, _ = open_store(db_url)
    assert store2.start_or_resume(ALICE, "hr") == assessment
    answers = store2.answers(ALICE, assessment)
    assert list(answers) == asked and [a.sequence for a in answers.values()] == [1, 2, 3, 4, 5]
    assert next_item(FRAMEWORK, answers).id not in asked


def test_double_submit_never_duplicates_and_a_change_updates(db_url):
    store, engine = open_store(db_url)
    assessment = store.start_or_resume(ALICE, "hr")
    answer = Answer("ai_basics-self-1", "2")
    assert store.record(ALICE, assessment, answer) is True
    assert store.record(ALICE, assessment, answer) is False
    assert store.record(ALICE, assessment, Answer("ai_basics-self-1", "3")) is True
    answers = store.answers(ALICE, assessment)
    assert answers["ai_basics-self-1"].value == "3" and answers["ai_basics-self-1"].sequence == 1
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(AnswerRow)) == 1


def test_concurrent_double_submit_keeps_one_row(db_url):
    store, engine = open_store(db_url)
    assessment = store.start_or_resume(ALICE, "hr")
    errors = []

    def submit():
        try:
            store.record(ALICE, assessment, Answer("ai_basics-self-1", "2"))
        except Exception as exc:  # pragma: no cover - the assertion below reports it
            errors.append(exc)

    threads = [threading.Thread(target=submit) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(AnswerRow)) == 1


def test_confirmed_results_refuse_late_answers(db_url):
    store, _ = open_store(db_url)
    assessment = store.start_or_resume(ALICE, "sales_marketing")
    count = 0
    while answer_next(store, ALICE, assessment) is not None:
        count += 1
    assert count <= 25
    answers = store.answers(ALICE, assessment)
    results = score(FRAMEWORK, store.role_of(ALICE, assessment), answers)
    store.complete(ALICE, assessment, results.levels())
    store.confirm(ALICE, assessment, results.levels())
    with pytest.raises(AssessmentStateError, match="confirmed"):
        store.record(ALICE, assessment, Answer("open-1", "encore"))
    assert store.answers(ALICE, assessment) == answers


def test_a_person_cannot_read_or_write_another_persons_assessment(db_url):
    store, _ = open_store(db_url)
    assessment = store.start_or_resume(ALICE, "hr")
    store.record(ALICE, assessment, Answer("ai_basics-self-1", "2"))
    with pytest.raises(AssessmentStateError):
        store.answers(BOB, assessment)
    store.start_or_resume(BOB, "hr")
    with pytest.raises(AssessmentStateError):
        store.record(BOB, assessment, Answer("ai_basics-self-1", "4"))
    assert store.answers(ALICE, assessment)["ai_basics-self-1"].value == "2"


def test_export_contains_everything_and_erase_leaves_nothing(db_url):
    store, engine = open_store(db_url)
    assessment = store.start_or_resume(ALICE, "hr")
    for _ in range(4):
        answer_next(store, ALICE, assessment)
    store.record(ALICE, assessment, Answer("open-1", "Je ressaisis les factures", evidence="mot à mot"))
    bob = store.start_or_resume(BOB, "hr")
    store.record(BOB, bob, Answer("ai_basics-self-1", "1"))
    exported = store.export(ALICE)
    json.dumps(exported)
    [entry] = exported["assessments"]
    assert len(entry["answers"]) == 5 and entry["role"] == "hr"
    assert {"question": "open-1", "value": "Je ressaisis les factures", "evidence": "mot à mot"}.items() <= entry[
        "answers"
    ][-1].items()
    assert store.erase(ALICE) == 5 + 1 + 1
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(AnswerRow)) == 1  # Bob's only
        assert connection.scalar(select(func.count()).select_from(Assessment)) == 1
        assert connection.scalar(select(func.count()).select_from(Person)) == 1
    assert store.export(ALICE) == {"person": "alice", "assessments": []}
    assert store.answers(BOB, bob)["ai_basics-self-1"].value == "1"


def test_only_the_latest_confirmed_results_of_an_organisation_are_listed(db_url):
    store, _ = open_store(db_url)
    for key, status in (("a", "confirm"), ("b", "complete"), ("c", "none")):
        owner = Owner("Acme", key)
        assessment = store.start_or_resume(owner, "hr")
        if status != "none":
            store.complete(owner, assessment, {"ai_basics": 1})
        if status == "confirm":
            store.confirm(owner, assessment, {"ai_basics": 2})
    newer = store.start_new(Owner("Acme", "a"), "sales_marketing")
    store.complete(Owner("Acme", "a"), newer, {"ai_basics": 3})
    store.confirm(Owner("Acme", "a"), newer, {"ai_basics": 3})
    other = store.start_or_resume(Owner("Globex", "z"), "hr")
    store.complete(Owner("Globex", "z"), other, {"ai_basics": 4})
    store.confirm(Owner("Globex", "z"), other, {"ai_basics": 4})
    assert store.confirmed_results("Acme") == [(None, "sales_marketing", {"ai_basics": 3})]
    assert store.confirmed_results("Nobody") == []
