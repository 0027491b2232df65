"""The manager discovery through the real agent graph: a scripted LLM and the offline model."""

import pytest
from langgraph.checkpoint.memory import InMemorySaver

from assistant.offline import OfflineChatModel
from assistant.runtime import build_runtime
from assistant.storage.assessments import Owner
from assistant.streaming import Done, ToolFinished, stream_turn
from assistant.tools.assessment import SessionContext
from tests.fakes import ScriptedChatModel, reply, tool_call

BOSS = Owner("Acme", "boss")


@pytest.fixture
def runtime_with(mini_index, embeddings, tmp_path):
    settings = mini_index.model_copy(update={"database_url": f"sqlite:///{tmp_path / 'db.sqlite'}"})

    def make(model):
        return build_runtime(settings, model=model, embeddings=embeddings)

    return make


async def turn(agent, text, owner=BOSS, lang="fr"):
    events = [e async for e in stream_turn(agent, text, "m1", language=lang, context=SessionContext(owner, lang))]
    done = next(e for e in events if isinstance(e, Done))
    return done.answer, [e for e in events if isinstance(e, ToolFinished)]


async def test_discovery_through_a_scripted_llm(runtime_with):
    task = {"name": "Chiffrage des devis", "hours_per_week": 8, "people": 3, "pain": "slow_quotes"}
    model = ScriptedChatModel(
        script=[
            tool_call("discover_use_cases"),
            reply("Dans quel secteur êtes-vous, et combien de salariés ?"),
            tool_call("update_company_profile", sector="industry", headcount=45),
            reply("Quels sont vos irritants ?"),
            tool_call("update_company_profile", pains=["slow_quotes", "quality_defects"], tasks=[task],
                      skip_field="pains"),
            reply("Merci."),
            tool_call("update_company_profile", skip_field="tasks", data_sources={"erp": 2, "documents": 2}),
            tool_call("discover_use_cases"),
            reply("Voici vos priorités."),
            tool_call("update_company_profile", tasks=[{**task, "hours_per_week": -2}]),
            reply("Un nombre d'heures ne peut pas être négatif."),
        ]
    )  # fmt: skip
    runtime = runtime_with(model)
    agent = runtime.agent("manager", InMemorySaver())
    _, tools = await turn(agent, "Par où commencer avec l'IA ?")
    assert tools[0].content.startswith("PROFILE_INCOMPLETE") and "sector" in tools[0].content
    await turn(agent, "Industrie, 45 salariés")
    await turn(agent, "Nos devis prennent trop de temps : 8 h par semaine pour 3 personnes")
    _, tools = await turn(agent, "Notre ERP est correct, nos documents aussi")
    final = tools[-1]
    assert runtime.discovery.draft("Acme")["data_sources"] == {"erp": 2, "documents": 2}
    for field_name in ("data_sources", "goals", "budget_band", "loaded_hourly_cost_eur"):
        runtime.discovery.skip("Acme", field_name)
    state = runtime.discovery.state("Acme")
    assert state.result is not None
    assert any(i["id"] == "sal-quote-drafting" for i in state.result.as_dict()["portfolio"][:5])
    assert final.name == "discover_use_cases"
    _, tools = await turn(agent, "En fait c'est -2 heures")
    assert tools[0].content.startswith("NOT_SAVED") and "négatif" in tools[0].content
    assert runtime.discovery.draft("Acme")["tasks"][0]["hours_per_week"] == 8
    model.assert_consumed()


async def test_discovery_with_the_offline_model_and_typed_answers(runtime_with):
    runtime = runtime_with(OfflineChatModel())
    agent = runtime.agent("manager", InMemorySaver())
    answer, tools = await turn(agent, "Par où commencer avec l'IA dans une PME ?")
    assert tools[0].name == "discover_use_cases" and "décrivez votre entreprise" in answer
    answer, tools = await turn(agent, "industrie")
    assert [t.name for t in tools] == ["discover_use_cases", "update_company_profile"] and "noté" in answer
    answer, _ = await turn(agent, "environ 45 salariés")
    assert runtime.discovery.draft("Acme")["headcount"] == 45
    answer, _ = await turn(agent, "nos devis sont trop longs et on ressaisit tout")
    assert "slow_quotes" in runtime.discovery.draft("Acme")["pains"]
    runtime.discovery.skip("Acme", "pains")
    answer, _ = await turn(agent, "Chiffrage des devis, 8 h par semaine, 3 personnes")
    assert runtime.discovery.draft("Acme")["tasks"][0]["people"] == 3
    answer, _ = await turn(agent, "-5")
    for field_name in ("tasks", "data_sources", "goals", "budget_band", "loaded_hourly_cost_eur"):
        runtime.discovery.skip("Acme", field_name)
    answer, tools = await turn(agent, "Quelles sont nos priorités ?")
    assert "Voici vos priorités" in answer and "1. **" in answer and "pas un avis juridique" in answer


async def test_team_map_is_anonymous_and_needs_five_people(runtime_with):
    runtime = runtime_with(OfflineChatModel())
    agent = runtime.agent("manager", InMemorySaver())
    answer, tools = await turn(agent, "Quelles sont les compétences de l'équipe ?")
    assert tools[0].name == "team_skills_map" and "Personne" in answer
    store = runtime.interview.store
    levels = dict.fromkeys(runtime.interview.framework.domain_ids, 2)
    for n in range(6):
        owner = Owner("Acme", f"p{n}")
        assessment = store.start_or_resume(owner, "hr" if n < 5 else "it_developer")
        store.complete(owner, assessment, levels)
        store.confirm(owner, assessment, levels)
    answer, tools = await turn(agent, "Montre la carte de l'équipe")
    rows = tools[0].artifact["map"]["rows"]
    assert "p0" not in str(tools[0].artifact) and "boss" not in str(tools[0].artifact)
    hidden = [r for r in rows if r["suppressed"]]
    assert hidden and all(not isinstance(c, dict) for r in hidden for c in r["cells"].values())
