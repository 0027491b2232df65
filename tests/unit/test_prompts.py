import pytest

from assistant.agent import PROFILES, system_prompt_for
from assistant.config import PROJECT_ROOT
from assistant.prompts import PromptError, load_prompt

PROMPTS = PROJECT_ROOT / "prompts"


@pytest.mark.parametrize("profile", PROFILES)
def test_every_persona_prompt_renders_with_the_shared_rules(profile):
    text = system_prompt_for(profile, PROMPTS, "fr")
    assert "search_knowledge" in text and "$" not in text


def test_missing_variable_raises():
    with pytest.raises(PromptError, match="missing"):
        load_prompt(PROMPTS, "shared_rules").render()


def test_undeclared_variable_in_file_is_rejected(tmp_path):
    (tmp_path / "p.md").write_text("---\nname: p\ndescription: d\nvariables: []\n---\nHello $who\n")
    with pytest.raises(PromptError, match="variables used"):
        load_prompt(tmp_path, "p")


def test_name_must_match_file(tmp_path):
    (tmp_path / "p.md").write_text("---\nname: q\ndescription: d\n---\nHello\n")
    with pytest.raises(PromptError, match="differs"):
        load_prompt(tmp_path, "p")
