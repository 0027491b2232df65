"""The trainer flows through the real agent graph: a scripted LLM and the offline model."""

import pytest
from langgraph.checkpoint.memory import InMemorySaver

from assistant.config import PROJECT_ROOT
from assistant.offline import OfflineChatModel
from assistant.runtime import build_runtime
from assistant.storage.assessments import Owner
from assistant.streaming import Done, ToolFinished, stream_turn
from assistant.tools.assessment import SessionContext
from tests.fakes import ScriptedChatModel, reply, tool_call

TRAINER = Owner("Acme", "trainer")
SHEETS = PROJECT_ROOT / "tests" / "data" / "programmes"


@pytest.fixture
def runtime_with(mini_index, embeddings, tmp_path):
    settings = mini_index.model_copy(update={"database_url": f"sqlite:///{tmp_path / 'db.sqlite'}"})

    def make(model):
        return build_runtime(settings, model=model, embeddings=embeddings)

    return make


async def turn(agent, text, lang="fr"):
    events = [e async for e in stream_turn(agent, text, "f1", language=lang, context=SessionContext(TRAINER, lang))]
    done = next(e for e in events if isinstance(e, Done))
    return done.answer, [e for e in events if isinstance(e, ToolFinished)]


async def test_outline_through_a_scripted_llm_keeps_the_domain_durations(runtime_with):
    model = ScriptedChatModel(
        script=[
            tool_call("outline_atelier", request_text="atelier prompting marketing", duration_minutes=180,
                      level="beginner"),
            reply("Voici l'atelier."),
        ]
    )  # fmt: skip
    agent = runtime_with(model).agent("trainer", InMemorySaver())
    _, tools = await turn(agent, "Prépare un atelier prompting pour le marketing")
    outline = tools[0].artifact["outline"]
    assert sum(b["minutes"] for b in outline["blocks"] if b["kind"] != "lunch") == 180
    assert "OUTLINE" in tools[0].content and "keep every duration" in tools[0].content


async def test_offline_trainer_asks_for_the_missing_length_then_outlines(runtime_with):
    agent = runtime_with(OfflineChatModel()).agent("trainer", InMemorySaver())
    answer, tools = await turn(agent, "Prépare un atelier sur le prompting pour l'équipe marketing, niveau débutant")
    assert tools[0].name == "outline_atelier" and "la durée" in answer
    answer, tools = await turn(agent, "une demi-journée")
    outline = tools[0].artifact["outline"]
    assert outline is not None and "déroulé minuté" in answer
    assert sum(b["minutes"] for b in outline["blocks"] if b["kind"] != "lunch") == 210
    assert outline["request"]["level"] == "beginner"


async def test_offline_trainer_checks_a_pasted_sheet(runtime_with):
    agent = runtime_with(OfflineChatModel()).agent("trainer", InMemorySaver())
    sheet = (SHEETS / "complete_fr.md").read_text(encoding="utf-8")
    broken = "\n".join(line for line in sheet.splitlines() if "arif" not in line and "€" not in line)
    answer, tools = await turn(
        agent, "Peux-tu vérifier ma fiche programme ?\n\n" + broken.replace("- Rédiger", "- Comprendre", 1)
    )
    assert tools[0].name == "check_programme"
    assert "Tarifs" in answer or "Prices" in answer
    assert "Comprendre" in answer


async def test_offline_trainer_english_request(runtime_with):
    agent = runtime_with(OfflineChatModel(default_language="en")).agent("trainer", InMemorySaver())
    answer, tools = await turn(agent, "Design a one-day workshop on AI for HR managers, intermediate, 12 people", "en")
    outline = tools[0].artifact["outline"]
    assert outline and outline["request"]["group_size"] == 12 and "timed agenda" in answer
