"""Roadmap horizons with their data and training prerequisites, and the whole discovery as JSON."""

import json
from pathlib import Path

import pytest

from assistant.config import PROJECT_ROOT
from assistant.domain.company import CompanyProfile, load_profile, profile_from_dict
from assistant.domain.discovery import discover, missing_information
from assistant.domain.portfolio import build_portfolio
from assistant.domain.roadmap import FUNCTION_ROLES, HORIZON_MONTHS, build_roadmap
from assistant.domain.skills import load_framework
from assistant.domain.training import Module, load_modules
from assistant.domain.usecases import Catalogue, load_catalogue

PROFILES = Path(__file__).parents[1] / "data" / "profiles"
READINESS = {
    "ai_basics": 1.5,
    "genai_prompting": 1.2,
    "data_literacy": 1.8,
    "critical_evaluation": 1.4,
    "ethics_law_security": 1.0,
    "process_improvement": 2.1,
    "automation_tech": 0.8,
    "adoption_leadership": 1.0,
}


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    domains = load_framework(PROJECT_ROOT / "knowledge" / "frameworks").domain_ids
    return load_catalogue(PROJECT_ROOT / "knowledge" / "usecases", domains)


@pytest.fixture(scope="module")
def modules() -> tuple[Module, ...]:
    return load_modules(PROJECT_ROOT / "knowledge" / "training" / "modules.yaml")


@pytest.fixture(scope="module")
def workshop() -> CompanyProfile:
    return load_profile(PROFILES / "metal_workshop.yaml")


def test_items_land_in_the_horizon_their_first_gains_fall_in(catalogue, modules, workshop):
    roadmap = build_roadmap(build_portfolio(catalogue, workshop, READINESS), modules)
    assert roadmap.horizons["quick_wins"] and roadmap.horizons["projects"]
    for horizon, items in roadmap.horizons.items():
        low, high = HORIZON_MONTHS[horizon]
        for item in items:
            assert item.first_gains_month <= high or horizon == "strategic"
            assert item.first_gains_month > low or horizon == "quick_wins"
            assert item.start_month <= item.first_gains_month
        assert [i.rank for i in items] == sorted(i.rank for i in items)


def test_data_work_says_which_source_to_bring_to_which_level(catalogue, modules, workshop):
    roadmap = build_roadmap(build_portfolio(catalogue, workshop, READINESS), modules)
    quotes = next(i for h in roadmap.horizons.values() for i in h if i.use_case_id == "sal-quote-drafting")
    assert [(w.source, w.current, w.target) for w in quotes.data_work] == [("erp", 2, 3)]
    assert quotes.horizon == "projects" and quotes.start_month >= 3
    consolidated = {w.source: w.target for w in roadmap.data_work}
    assert consolidated["erp"] == 3


def test_training_closes_the_skill_gaps_with_modules_meant_for_the_role(catalogue, modules, workshop):
    roadmap = build_roadmap(build_portfolio(catalogue, workshop, READINESS), modules)
    by_id = {m.id: m for m in modules}
    for items in roadmap.horizons.values():
        for item in items:
            needs = catalogue.get(item.use_case_id).skill_prerequisites
            reached = {d: int(READINESS[d]) for d in needs}
            role = FUNCTION_ROLES[catalogue.get(item.use_case_id).function]
            for step in item.training:
                assert {"all", role} & set(by_id[step.module_id].audience), (item.use_case_id, step.module_id)
                for domain, (_, to) in step.closes.items():
                    reached[domain] = max(reached[domain], to)
            for domain, level in needs.items():
                assert reached[domain] >= level or domain in item.unreachable_skills, (item.use_case_id, domain)
            assert item.skills_measured


def test_high_risk_and_postponed_cases(catalogue, modules):
    care = load_profile(PROFILES / "care_home.yaml")
    portfolio = build_portfolio(catalogue, care, top_n=20)
    roadmap = build_roadmap(portfolio, modules)
    scheduled = {i.use_case_id: i for items in roadmap.horizons.values() for i in items}
    shifts = scheduled["hr-shift-planning"]
    assert shifts.obligations_first and shifts.start_month >= 3 and shifts.horizon != "quick_wins"
    postponed = {i.scored.use_case.id for i in portfolio.items if i.scored.quadrant == "postpone"}
    assert set(roadmap.postponed) == postponed and not postponed & set(scheduled)
    assert not any(i.skills_measured for i in scheduled.values())  # no readiness given: assumed beginners


def test_discovery_is_json_ready_in_the_conversation_language(catalogue, modules, workshop):
    result = discover(workshop, catalogue, modules, READINESS, lang="en")
    data = json.loads(json.dumps(result.as_dict()))
    first = data["portfolio"][0]
    assert first["rank"] == 1 and first["title"] and first["roi"]["annual_gain_eur"]["text"]["base"].startswith("€")
    assert first["triage"]["disclaimer"].startswith("First orientation")
    assert set(data["roadmap"]["horizons"]) == {"quick_wins", "projects", "strategic"}
    assert data["do_not_do"][0]["use_case"] == "hr-emotion-recognition-webcam"
    assert data["what_if"] and data["missing_information"] == ["loaded_hourly_cost_eur"]
    french = discover(workshop, catalogue, modules).as_dict()
    assert french["portfolio"][0]["roi"]["annual_gain_eur"]["text"]["base"].endswith("\u00a0€")


def test_missing_information_asks_two_most_useful_fields_first():
    assert missing_information({}) == ["sector", "headcount"]
    assert missing_information({"sector": "retail", "pains": []}) == ["headcount", "pains"]
    blank = profile_from_dict({"sector": "retail", "headcount": 8})
    assert missing_information(blank) == ["pains", "tasks"]
    known = blank.updated(pains=["stock_issues"], tasks=[{"name": "Réassort", "hours_per_week": 5}])
    assert missing_information(known) == ["data_sources", "goals"]
    done = known.updated(
        data_sources={"inventory": 2},
        goals=["cost"],
        budget_band="<5k",
        loaded_hourly_cost_eur=40,
        functions=["logistics"],
        risk_appetite="low",
        current_tools=["caisse"],
    )
    assert missing_information(done) == []
