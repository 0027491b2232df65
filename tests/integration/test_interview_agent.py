"""The self-assessment through the real agent graph: a scripted LLM and the offline model."""

import pytest
from langgraph.checkpoint.memory import InMemorySaver

from assistant.domain.interview import Answer, next_item, validate_answer
from assistant.offline import OfflineChatModel
from assistant.runtime import build_runtime
from assistant.storage.assessments import Owner
from assistant.streaming import Done, ToolFinished, stream_turn
from assistant.tools.assessment import NO_IDENTITY, SessionContext
from tests.fakes import ScriptedChatModel, reply, tool_call

ALICE = Owner("Acme", "alice")


@pytest.fixture
def runtime_with(mini_index, embeddings, tmp_path):
    settings = mini_index.model_copy(update={"database_url": f"sqlite:///{tmp_path / 'db.sqlite'}"})

    def make(model):
        return build_runtime(settings, model=model, embeddings=embeddings)

    return make


async def turn(agent, text, owner=ALICE, thread="t1", lang="fr"):
    events = [e async for e in stream_turn(agent, text, thread, language=lang, context=SessionContext(owner, lang))]
    done = next(e for e in events if isinstance(e, Done))
    return done.answer, [e for e in events if isinstance(e, ToolFinished)]


def planned_path(framework, pick):
    """The questions the engine will ask for a given way of answering, and the answers."""
    answers, path = {}, []
    while (item := next_item(framework, answers)) is not None:
        value = pick(item)
        answers[item.id] = Answer(item.id, validate_answer(framework, item.id, value).value, sequence=len(answers))
        path.append((item, value))
    return path


def honest_pick(item):
    if item.kind == "self":
        return "2"
    if item.kind == "scenario":
        return next(o.id for o in item.options if o.correct)
    return "Je saisis les factures fournisseurs à la main, environ 4 heures par semaine."


async def test_a_full_interview_through_a_scripted_llm(runtime_with):
    probe = runtime_with(OfflineChatModel())
    path = planned_path(probe.interview.framework, honest_pick)
    assert len(path) <= 25
    script = [tool_call("interview_status"), reply("Voici comment cela fonctionne. Quel est votre rôle ?")]
    script += [tool_call("start_interview", role="hr"), reply("Merci ! Première question.")]
    for item, value in path:
        args = {"question_id": item.id, "user_words": f"réponse libre pour {item.id}"}
        if item.kind != "open":
            args["option_id"] = value
        script += [tool_call("record_answer", **args), reply("Noté.")]
    script += [tool_call("confirm_results"), reply("Vos résultats sont confirmés.")]
    model = ScriptedChatModel(script=script)
    runtime = runtime_with(model)
    agent = runtime.agent("employee", InMemorySaver())

    _, tools = await turn(agent, "Je veux faire mon auto-évaluation")
    assert tools[0].artifact["stage"] == "not_started" and "système d'IA" in tools[0].content
    _, tools = await turn(agent, "Je travaille aux RH")
    assert tools[0].artifact["stage"] == "question"
    for _item in path:
        _, tools = await turn(agent, "ma réponse")
        assert tools[0].content.startswith("SAVED"), tools[0].content[:200]
    assert tools[0].artifact["stage"] == "review" and "RESULTS_TO_REVIEW" in tools[0].content
    _, tools = await turn(agent, "Oui, je confirme")
    assert tools[0].artifact["stage"] == "confirmed"
    model.assert_consumed()

    info = runtime.interview.store.latest(ALICE)
    saved = runtime.interview.store.answers(ALICE, info.id)
    assert info.status == "confirmed" and len(saved) == len(path)
    assert all(a.evidence == f"réponse libre pour {a.item_id}" for a in saved.values())  # words kept as evidence
    assert set(info.levels.values()) <= {2, 3, 4}


async def test_the_model_cannot_choose_whose_answers_it_records(runtime_with):
    probe = runtime_with(OfflineChatModel())
    probe.interview.start(ALICE, "hr")
    first = probe.interview.state(ALICE).question
    model = ScriptedChatModel(
        script=[
            tool_call("record_answer", question_id=first.item_id, option_id="1", person_key="bob", organisation="X"),
            reply("ok"),
        ]
    )
    runtime = runtime_with(model)
    await turn(runtime.agent("employee"), "la 2")
    assert runtime.interview.state(ALICE).question.answered == 1
    assert runtime.interview.state(Owner("X", "bob")).stage == "not_started"


async def test_without_a_known_person_nothing_is_stored(runtime_with):
    model = ScriptedChatModel(script=[tool_call("start_interview", role="hr"), reply("ok")])
    runtime = runtime_with(model)
    events = [e async for e in stream_turn(runtime.agent("employee"), "go", "t1", context=SessionContext(None))]
    finished = next(e for e in events if isinstance(e, ToolFinished))
    assert finished.content == NO_IDENTITY


async def test_a_wrong_value_from_the_model_is_refused_and_the_model_is_told(runtime_with):
    probe = runtime_with(OfflineChatModel())
    question = probe.interview.start(ALICE, "hr").question
    model = ScriptedChatModel(
        script=[tool_call("record_answer", question_id=question.item_id, option_id="9"), reply("Pardon.")]
    )
    runtime = runtime_with(model)
    _, tools = await turn(runtime.agent("employee"), "9")
    assert tools[0].content.startswith("NOT_RECORDED") and "CURRENT_QUESTION" in tools[0].content
    assert runtime.interview.state(ALICE).question.answered == 0


OFFLINE_REPLIES = {"self": ["3", "la 2", "plutôt oui", "je ne sais pas", "5"], "scenario": ["b", "passer", "a)"]}


async def test_a_full_interview_with_the_offline_model(runtime_with):
    runtime = runtime_with(OfflineChatModel())
    agent = runtime.agent("employee", InMemorySaver())
    answer, tools = await turn(agent, "Je veux faire mon auto-évaluation")
    assert tools[-1].artifact["stage"] == "not_started" and "choisissez votre rôle" in answer
    answer, tools = await turn(agent, "comptable")
    assert tools[-1].artifact["stage"] == "question" and "Première question" in answer
    turns = 0
    while (state := runtime.interview.state(ALICE)).stage == "question":
        choices = OFFLINE_REPLIES.get(state.question.kind, ["Je relance les impayés chaque semaine, 3 h environ."])
        answer, tools = await turn(agent, choices[turns % len(choices)])
        assert tools[-1].name == "record_answer" and ("Réponse enregistrée" in answer or "terminé" in answer)
        turns += 1
        assert turns <= 25
    assert state.stage == "review" and "bilan" in answer
    info = runtime.interview.store.latest(ALICE)
    saved = runtime.interview.store.answers(ALICE, info.id)
    assert {a.value for a in saved.values()} >= {"dont_know", "skip"}
    answer, tools = await turn(agent, "je confirme")
    assert tools[-1].name == "confirm_results" and "confirmés" in answer
    assert runtime.interview.store.latest(ALICE).status == "confirmed"


async def test_offline_unclear_answers_are_explained_and_questions_still_answered(runtime_with):
    runtime = runtime_with(OfflineChatModel())
    runtime.interview.start(ALICE, "hr")
    agent = runtime.agent("employee", InMemorySaver())
    answer, _ = await turn(agent, "7")
    assert "pas reconnu" in answer and "1 à 5" in answer
    answer, tools = await turn(agent, "Quelles données ne faut-il pas coller dans un chatbot public ?")
    assert [t.name for t in tools] == ["search_knowledge"] and "[1]" in answer
    answer, tools = await turn(agent, "Et pour les données des clients, que faire")
    assert [t.name for t in tools] == ["interview_status", "record_answer", "search_knowledge"]
    assert "en pause" in answer
    assert runtime.interview.state(ALICE).question.answered == 0
    answer, _ = await turn(agent, "reprendre mon évaluation")
    assert "Reprenons" in answer


async def test_offline_interview_in_english(runtime_with):
    runtime = runtime_with(OfflineChatModel(default_language="en"))
    agent = runtime.agent("employee", InMemorySaver())
    answer, _ = await turn(agent, "I want to take my self-assessment", lang="en")
    assert "choose your role" in answer
    answer, _ = await turn(agent, "Sales", lang="en")
    assert "First question" in answer
    answer, _ = await turn(agent, "I don't know", lang="en")
    assert "Answer saved" in answer


async def test_a_failing_llm_loses_no_answer_and_buttons_still_work(runtime_with):
    from tests.fakes import FailingChatModel

    runtime = runtime_with(FailingChatModel(error=TimeoutError("provider timed out")))
    first = runtime.interview.start(ALICE, "hr").question
    runtime.interview.answer(ALICE, first.item_id, "2")
    events = [
        e async for e in stream_turn(runtime.agent("employee"), "la 3", "t1", context=SessionContext(ALICE, "fr"))
    ]
    assert any(type(e).__name__ == "Failed" for e in events)
    state = runtime.interview.state(ALICE)
    assert state.question.answered == 1  # the saved answer is still there
    after = runtime.interview.answer(ALICE, state.question.item_id, state.question.options[0].id)  # a button click
    assert after.saved and after.question.answered == 2
