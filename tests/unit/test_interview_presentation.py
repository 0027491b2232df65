"""What the person reads: question text, progress, results table, radar chart."""

from assistant.config import PROJECT_ROOT
from assistant.domain.skills import load_framework
from assistant.domain.training import load_modules
from assistant.services.interview import InterviewService
from assistant.services.interview_text import DISCLOSURE, panel_markdown, progress_line, question_markdown
from assistant.storage.assessments import AssessmentStore, Owner
from assistant.storage.db import make_engine, make_sessions
from assistant.ui.charts import radar_figure, wrap_label

FRAMEWORK = load_framework(PROJECT_ROOT / "knowledge" / "frameworks")
MODULES = load_modules(PROJECT_ROOT / "knowledge" / "training" / "modules.yaml")
ME = Owner("Acme", "me")


def service(tmp_path):
    sessions = make_sessions(make_engine(f"sqlite:///{tmp_path / 'db.sqlite'}"))
    return InterviewService(FRAMEWORK, AssessmentStore(sessions), MODULES)


def test_disclosure_comes_first_and_says_who_sees_what(tmp_path):
    text = panel_markdown(service(tmp_path).state(ME), [("hr", "Ressources humaines")], "fr")
    assert text.startswith(DISCLOSURE["fr"]) and "Ressources humaines" in text
    for words in ("système d'IA", "au moins 5 personnes", "privés", "effacer"):
        assert words in DISCLOSURE["fr"]
    assert "at least 5 people" in DISCLOSURE["en"]


def test_question_shows_progress_numbered_options_and_how_to_answer(tmp_path):
    svc = service(tmp_path)
    question = svc.start(ME, "hr").question
    text = question_markdown(question, "fr")
    assert progress_line(question, "fr").startswith("Question 1 sur ~")
    assert "1. " in text and "5. " in text and "je ne sais pas" in text
    scenario = svc.answer(ME, question.item_id, "2").question
    assert "a) " in question_markdown(scenario, "en") and "Question 2 of ~" in question_markdown(scenario, "en")


def test_results_table_and_radar_show_level_target_and_confidence(tmp_path):
    svc = service(tmp_path)
    state = svc.start(ME, "it_developer", "en")
    while state.question is not None:
        state = svc.answer(ME, state.question.item_id, state.question.options[-1].id if state.question.options else "x")
    text = panel_markdown(state, [], "en")
    assert "| Domain | Level | Target | Confidence |" in text and "confirm" in text
    figure = radar_figure(state.results, "en")
    level, target = figure.data[1], figure.data[0]
    assert list(level.r[:-1]) == [d.level for d in state.results.domains]
    assert list(target.r[:-1]) == [d.target for d in state.results.domains]
    assert level.r[0] == level.r[-1]  # closed shape
    assert "Target" in target.name and len(level.customdata) == len(level.r)


def test_long_axis_labels_are_wrapped():
    assert (
        wrap_label("Utiliser l'IA générative et rédiger des prompts")
        == "Utiliser l'IA<br>générative et rédiger<br>des prompts"
    )
