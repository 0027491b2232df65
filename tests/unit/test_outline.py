"""Training outlines: exact timing, breaks, measurable objectives, active time and the public information."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from assistant.config import PROJECT_ROOT
from assistant.domain.outline import Block, Outline, OutlineRequest, build_outline
from assistant.domain.skills import Framework, load_framework
from assistant.domain.training import Module, load_modules
from assistant.domain.verbs import LEVEL_BLOOM, is_measurable

FRAMEWORK = load_framework(PROJECT_ROOT / "knowledge" / "frameworks")
MODULES = load_modules(PROJECT_ROOT / "knowledge" / "training" / "modules.yaml", FRAMEWORK.domain_ids)
LEVELS = ("beginner", "intermediate", "advanced")
FORMATS = ("on_site", "remote", "blended")


def outline(modules: tuple[Module, ...] = MODULES, framework: Framework = FRAMEWORK, **fields: object) -> Outline:
    return build_outline(OutlineRequest.model_validate({"topic": "prompting", **fields}), modules, framework)


def minutes(clock: str) -> int:
    hours, mins = clock.split(":")
    return int(hours) * 60 + int(mins)


def longest_stretches(result: Outline) -> dict[int, int]:
    """Per day, the longest run of minutes without a break or lunch."""
    longest: dict[int, int] = {}
    run, day = 0, 0
    for block in result.blocks:
        if block.day != day:
            run, day = 0, block.day
        run = 0 if block.kind in ("break", "lunch") else run + block.minutes
        longest[day] = max(longest.get(day, 0), run)
    return longest


def assert_sound(result: Outline, request: OutlineRequest) -> None:
    """The properties every outline must have, whatever was asked."""
    assert sum(b.minutes for b in result.blocks if b.kind != "lunch") == request.duration_minutes
    assert all(b.minutes > 0 and minutes(b.end) - minutes(b.start) == b.minutes for b in result.blocks)
    for number, longest in longest_stretches(result).items():
        remote_day = request.format == "remote" or (request.format == "blended" and number % 2 == 0)
        assert longest <= (90 if remote_day else 120), (number, longest)
    assert 3 <= len(result.objectives) <= 5
    assert all(is_measurable(o.text, request.lang) for o in result.objectives)
    assert {o.bloom for o in result.objectives} <= set(LEVEL_BLOOM[request.level])
    assert LEVEL_BLOOM[request.level][-1] in {o.bloom for o in result.objectives}  # the level's top step
    assert len({o.text for o in result.objectives}) == len(result.objectives)
    if request.workshop:
        assert result.active_share >= 0.5


@settings(max_examples=150, deadline=None)
@given(
    duration=st.integers(4, 84).map(lambda k: 15 * k),
    level=st.sampled_from(LEVELS),
    fmt=st.sampled_from(FORMATS),
    size=st.integers(1, 30),
    lang=st.sampled_from(("fr", "en")),
    workshop=st.booleans(),
    topic=st.sampled_from(("prompting", "RGPD et IA", "data quality", "gestion de la relation fournisseurs")),
)
def test_any_request_gives_a_sound_outline(
    duration: int, level: str, fmt: str, size: int, lang: str, workshop: bool, topic: str
) -> None:
    request = OutlineRequest.model_validate(
        {"topic": topic, "duration_minutes": duration, "level": level, "format": fmt, "group_size": size,
         "lang": lang, "workshop": workshop}
    )  # fmt: skip
    assert_sound(build_outline(request, MODULES, FRAMEWORK), request)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_quarter_hour_from_one_hour_to_three_days_is_sound(fmt: str) -> None:
    for duration in range(60, 1261, 15):
        for level in LEVELS:
            request = OutlineRequest.model_validate(
                {"topic": "IA générative", "duration_minutes": duration, "level": level, "format": fmt}
            )
            assert_sound(build_outline(request, MODULES, FRAMEWORK), request)


def test_a_full_day_runs_9_to_5_with_an_uncounted_lunch() -> None:
    result = outline(duration_minutes=420)
    lunch = [b for b in result.blocks if b.kind == "lunch"]
    assert [(b.start, b.end) for b in lunch] == [("12:30", "13:30")]
    assert result.blocks[0].start == "09:00" and result.blocks[-1].end == "17:00"
    assert result.total_minutes == 420
    assert sum(b.minutes for b in result.blocks) == 480  # the lunch hour shows on the agenda only


def test_two_days_each_start_at_nine_and_the_second_opens_with_a_recall() -> None:
    result = outline(duration_minutes=840, level="intermediate")
    firsts = [next(b for b in result.blocks if b.day == day) for day in (1, 2)]
    assert [b.start for b in firsts] == ["09:00", "09:00"]
    assert firsts[0].kind == firsts[1].kind == "evaluation"
    assert firsts[0].title != firsts[1].title  # positioning quiz, then a recall of day 1
    assert [b.end for b in result.blocks if b.kind == "lunch"] == ["13:30", "13:30"]
    last_two = [b.kind for b in result.blocks[-2:]]
    assert last_two == ["evaluation", "evaluation"]


def test_a_short_last_day_is_shared_with_the_day_before() -> None:
    result = outline(duration_minutes=450)  # 7 h 30: not 7 h + 30 min, but 3 h 45 twice
    per_day = {d: sum(b.minutes for b in result.blocks if b.day == d and b.kind != "lunch") for d in (1, 2)}
    assert per_day == {1: 225, 2: 225}


def test_ninety_minutes_is_one_sitting_without_break_or_lunch() -> None:
    result = outline(duration_minutes=90)
    assert (result.blocks[0].start, result.blocks[-1].end) == ("09:00", "10:30")
    assert not [b for b in result.blocks if b.kind in ("break", "lunch")]


def test_remote_sessions_break_more_often_than_on_site_ones() -> None:
    on_site = outline(duration_minutes=210, format="on_site")
    remote = outline(duration_minutes=210, format="remote")
    assert len([b for b in remote.blocks if b.kind == "break"]) > len([b for b in on_site.blocks if b.kind == "break"])
    assert max(longest_stretches(remote).values()) <= 90


def test_blended_courses_alternate_on_site_and_remote_days() -> None:
    result = outline(duration_minutes=1260, format="blended", level="advanced")
    assert "Jour 2 (à distance)" in result.days_note and "Jour 3 (en présentiel)" in result.days_note


def test_the_agenda_opens_with_a_diagnostic_and_ends_with_assessment_and_feedback() -> None:
    result = outline(duration_minutes=420)
    assert result.blocks[0].kind == "evaluation" and "positionnement" in result.blocks[0].title
    assert "Évaluation finale" in result.blocks[-2].title and "satisfaction" in result.blocks[-1].title


def test_objectives_come_from_the_modules_on_the_topic_at_the_requested_level() -> None:
    result = outline(duration_minutes=210, audience="sales_marketing")
    assert "prompting-fondamentaux" in result.modules
    assert all(o.source != "template" for o in result.objectives)


def test_an_unknown_topic_gets_measurable_template_objectives_naming_it() -> None:
    result = outline(topic="gestion des stocks de pièces détachées", duration_minutes=420, level="advanced")
    assert all("gestion des stocks de pièces détachées" in o.text for o in result.objectives)
    assert {o.bloom for o in result.objectives} == {"analyze", "evaluate", "create"}


def test_public_information_has_the_required_placeholders() -> None:
    result = outline(duration_minutes=180)
    assert "Référent handicap : [nom, e-mail]" in result.accessibility
    assert "Inscription jusqu'à 10 jours ouvrés avant la session" in result.lead_time
    assert "[" in result.price and "€ HT" in result.price and "[" in result.contact


def test_the_evaluation_plan_covers_kirkpatrick_one_to_three_with_a_follow_up_at_30_to_60_days() -> None:
    plan = outline(duration_minutes=420).evaluation
    assert [k.split(" —")[0] for k in plan.kirkpatrick] == ["Niveau 1", "Niveau 2", "Niveau 3"]
    assert "entre 30 et 60 jours" in plan.kirkpatrick[2]
    assert plan.diagnostic and plan.formative and plan.final and "Attestation" in plan.certificate


def test_a_plural_job_name_is_recognised_as_a_role() -> None:
    assert outline(duration_minutes=180, audience="comptables").audience == "Administration / finance"
    assert outline(duration_minutes=180, audience="les bénévoles").audience == "les bénévoles"


def test_constraints_change_the_materials() -> None:
    result = outline(duration_minutes=180, constraints=("pas d'ordinateur", "données confidentielles"))
    assert any("papier" in m for m in result.materials)
    assert not any("Un ordinateur par participant" in m for m in result.materials)
    assert any("fictives ou anonymisées" in m for m in result.materials)


def test_english_requests_get_english_wording() -> None:
    result = outline(duration_minutes=420, lang="en")
    assert result.title.startswith("Workshop") and "Disability contact: [name, e-mail]" in result.accessibility
    assert result.blocks[0].title == "Welcome, objectives and positioning quiz"


def test_a_lecture_course_has_less_practice_than_a_workshop() -> None:
    workshop = outline(duration_minutes=420)
    course = outline(duration_minutes=420, workshop=False)
    assert course.active_share < workshop.active_share
    assert course.title.startswith("Formation")


def test_the_outline_is_deterministic_and_serialisable() -> None:
    first, second = outline(duration_minutes=630), outline(duration_minutes=630)
    assert first.as_dict() == second.as_dict()
    data = json.loads(json.dumps(first.as_dict()))
    assert data["request"]["duration_minutes"] == 630 and isinstance(data["blocks"][0], dict)
    assert set(data["blocks"][0]) == set(Block.__dataclass_fields__)


@pytest.mark.parametrize(
    "fields", [{"duration_minutes": 45}, {"duration_minutes": 1275}, {"duration_minutes": 120, "group_size": 31}]
)
def test_requests_outside_the_supported_range_are_refused(fields: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        OutlineRequest.model_validate({"topic": "IA", **fields})
