"""The interview service on real SQLite and PostgreSQL databases: the whole path, corrections, bad input, restarts."""

import pytest

from assistant.config import PROJECT_ROOT
from assistant.domain.skills import load_framework
from assistant.domain.training import load_modules
from assistant.services.interview import InterviewError, InterviewService
from assistant.storage.assessments import AssessmentStore, Owner
from assistant.storage.db import make_engine, make_sessions

FRAMEWORK = load_framework(PROJECT_ROOT / "knowledge" / "frameworks")
MODULES = load_modules(PROJECT_ROOT / "knowledge" / "training" / "modules.yaml")
ALICE = Owner("Acme", "alice")


def open_service(url):
    engine = make_engine(url)
    return InterviewService(FRAMEWORK, AssessmentStore(make_sessions(engine)), MODULES), engine


def first_option(question):
    return question.options[0].id if question.options else "Je ressaisis les bons de commande chaque lundi."


def finish(service, owner, pick=first_option, lang="fr"):
    state = service.state(owner, lang)
    asked = 0
    while state.stage == "question":
        state = service.answer(owner, state.question.item_id, pick(state.question), lang=lang)
        asked += 1
    return state, asked


def test_a_whole_interview_from_role_to_confirmed_results(db_url):
    service, _ = open_service(db_url)
    assert service.state(ALICE).stage == "not_started"
    state = service.start(ALICE, "hr")
    assert state.stage == "question" and state.question.answered == 0
    assert state.question.estimated_total <= 25
    state, asked = finish(service, ALICE)
    assert state.stage == "review" and asked <= 25
    assert {d.domain_id for d in state.results.domains} == set(FRAMEWORK.domain_ids)
    assert all(d.level <= 1 for d in state.results.domains)  # lowest anchors; a first option may be right
    assert state.results.path and state.results.path_hours > 0
    confirmed = service.confirm(ALICE)
    assert confirmed.stage == "confirmed" and confirmed.results.status == "confirmed"


def test_progress_counts_up_and_names_the_domain(db_url):
    service, _ = open_service(db_url)
    first = service.start(ALICE, "sales_marketing", "en").question
    second = service.answer(ALICE, first.item_id, first.options[2].id, lang="en").question
    assert (first.answered, second.answered) == (0, 1)
    assert first.domain_name == FRAMEWORK.domains[0].name("en") and first.domain_number == 1
    assert second.estimated_total >= 2 and second.domain_count == len(FRAMEWORK.domains)


def test_bad_input_is_refused_with_a_clear_message_and_changes_nothing(db_url):
    service, _ = open_service(db_url)
    with pytest.raises(InterviewError, match="rôle"):
        service.answer(ALICE, "ai_basics-self-1", "2")  # nothing started
    with pytest.raises(InterviewError, match="unknown role"):
        service.start(ALICE, "astronaut")
    question = service.start(ALICE, "hr").question
    with pytest.raises(InterviewError, match="not an option"):
        service.answer(ALICE, question.item_id, "7")
    with pytest.raises(InterviewError, match="unknown question"):
        service.answer(ALICE, "no-such-question", "1")
    later = next(i for i in FRAMEWORK.items if i.domain != question.domain_id and i.kind == "scenario")
    with pytest.raises(InterviewError, match="pas la question en cours"):
        service.answer(ALICE, later.id, later.options[0].id)
    assert service.state(ALICE).question.answered == 0


def test_a_double_submit_saves_once_and_an_earlier_answer_can_be_changed(db_url):
    service, _ = open_service(db_url)
    question = service.start(ALICE, "hr").question
    first = service.answer(ALICE, question.item_id, "3")
    again = service.answer(ALICE, question.item_id, "3")
    assert first.saved and not again.saved and again.question.answered == 1
    changed = service.answer(ALICE, question.item_id, "1")
    assert changed.saved and service.store.answers(ALICE, question.assessment_id)[question.item_id].value == "1"


def best(question):
    if question.kind == "self":
        return "4"
    if question.kind == "scenario":
        return next(o.id for o in FRAMEWORK.item_by_id[question.item_id].options if o.correct)
    return "Je ressaisis les bons de commande chaque lundi."


def test_a_correction_after_the_end_reopens_only_if_it_opens_new_questions(db_url):
    service, _ = open_service(db_url)
    service.start(ALICE, "hr")
    state, _ = finish(service, ALICE, best)
    assert state.stage == "review" and state.results.domains[0].level == 4
    answered = service.answered_questions(ALICE, "fr", FRAMEWORK.domain_ids[0])
    self_question = next(q for q in answered if q.kind == "self")
    check = next(q for q in answered if q.kind == "scenario")
    assert self_question.current_value == "4"
    # Changing the answer of a question keeps the same questions: still under review, level recomputed.
    state = service.answer(ALICE, self_question.item_id, "2")
    assert state.stage == "review" and state.results.domains[0].level == 4  # a level-4 check was right
    # Turning the level-4 check into a wrong answer opens an easier check: the interview goes on.
    wrong = next(o.id for o in FRAMEWORK.item_by_id[check.item_id].options if not o.correct)
    state = service.answer(ALICE, check.item_id, wrong)
    assert state.stage == "question" and state.question.domain_id == FRAMEWORK.domain_ids[0]
    state, _ = finish(service, ALICE, best)
    assert state.stage == "review"
    unasked = next(i for i in FRAMEWORK.items if i.id not in service.store.answers(ALICE, state.results.assessment_id))
    with pytest.raises(InterviewError, match="terminé"):
        service.answer(ALICE, unasked.id, unasked.options[0].id if unasked.options else "x")
    service.confirm(ALICE)
    with pytest.raises(InterviewError, match="confirmés"):
        service.answer(ALICE, self_question.item_id, "4")


def test_confirming_before_the_end_is_refused(db_url):
    service, _ = open_service(db_url)
    service.start(ALICE, "hr")
    with pytest.raises(InterviewError, match="Terminez"):
        service.confirm(ALICE)


def test_restart_mid_interview_loses_nothing(db_url):
    service, engine = open_service(db_url)
    state = service.start(ALICE, "operations")
    given = []
    for _ in range(6):
        given.append(state.question.item_id)
        state = service.answer(ALICE, state.question.item_id, first_option(state.question))
    engine.dispose()  # the server goes away
    service2, _ = open_service(db_url)
    resumed = service2.state(ALICE)
    assert resumed.stage == "question" and resumed.question.item_id == state.question.item_id
    assert list(service2.store.answers(ALICE, resumed.question.assessment_id)) == given
    assert service2.start(ALICE, "operations").question.item_id == state.question.item_id  # start resumes


def test_review_points_explain_the_scenarios_missed(db_url):
    service, _ = open_service(db_url)
    service.start(ALICE, "hr")

    def wrong(question):
        if question.kind == "scenario":
            item = FRAMEWORK.item_by_id[question.item_id]
            return next(o.id for o in item.options if not o.correct)
        return question.options[-1].id if question.options else "rien"

    state, _ = finish(service, ALICE, wrong)
    assert state.results.review_points
    assert all(len(p) > 20 for p in state.results.review_points)


def test_people_are_kept_apart(db_url):
    service, _ = open_service(db_url)
    bob = Owner("Acme", "bob")
    other_tenant = Owner("Globex", "alice")
    service.start(ALICE, "hr")
    assert service.state(bob).stage == "not_started"
    assert service.state(other_tenant).stage == "not_started"
