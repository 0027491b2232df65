"""Portfolio scoring: adviser expectations on the example profiles, explanations, what-ifs and properties."""

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.config import PROJECT_ROOT
from assistant.domain.company import CompanyProfile, ProfileError, load_profile, profile_from_dict
from assistant.domain.portfolio import build_portfolio, score_use_case
from assistant.domain.usecases import FUNCTIONS, Catalogue, UseCase, load_catalogue
from assistant.domain.whatif import Changes, rerank, what_would_change

PROFILES = Path(__file__).parents[1] / "data" / "profiles"
EXPECTATIONS: dict[str, dict[str, list[str]]] = yaml.safe_load((PROFILES / "expectations.yaml").read_text("utf-8"))
CATALOGUE = load_catalogue(PROJECT_ROOT / "knowledge" / "usecases")
VOCABULARY = CATALOGUE.vocabulary
RANKABLE = [u for u in CATALOGUE.use_cases if u.ai_act.category != "prohibited"]
WITH_DATA = [u for u in RANKABLE if u.data_prerequisites]
DOMAINS = sorted({d for u in CATALOGUE.use_cases for d in u.skill_prerequisites})
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return CATALOGUE


@pytest.fixture(scope="module")
def profiles() -> dict[str, CompanyProfile]:
    return {name: load_profile(PROFILES / f"{name}.yaml") for name in EXPECTATIONS}


@pytest.mark.parametrize("name", sorted(EXPECTATIONS))
def test_example_profiles_meet_the_adviser_expectations(name: str, profiles: dict[str, CompanyProfile]):
    expected = EXPECTATIONS[name]
    portfolio = build_portfolio(CATALOGUE, profiles[name], top_n=100)
    top5 = [item.scored.use_case.id for item in portfolio.items[:5]]
    assert set(expected["top5"]) <= set(top5), (name, top5)
    by_id = {item.scored.use_case.id: item for item in portfolio.items}
    for use_case_id in expected["not_quick_wins"]:
        assert by_id[use_case_id].scored.quadrant != "quick_win", (name, use_case_id)
    for use_case_id in expected["high_risk"]:
        item = by_id[use_case_id]
        assert item.triage.category == "high_risk" and item.scored.quadrant != "quick_win"
        assert any("26 § 2" in o for o in item.triage.obligations)  # human oversight travels with the case
    assert [t.use_case_id for t in portfolio.do_not_do] == ["hr-emotion-recognition-webcam"]


def test_scores_are_the_sum_of_their_explained_factors(profiles: dict[str, CompanyProfile]):
    for scored in build_portfolio(CATALOGUE, profiles["metal_workshop"]).ranked:
        value = sum(f.points for f in scored.value_factors)
        feasibility = sum(f.points for f in scored.feasibility_factors)
        assert scored.value == pytest.approx(min(max(value, 0), 100), abs=0.06)
        assert scored.feasibility == pytest.approx(min(max(feasibility, 0), 100), abs=0.06)
        assert all(f.explanation.fr and f.explanation.en for f in (*scored.value_factors, *scored.feasibility_factors))


def test_unmeasured_skills_are_neutral_and_said_so(profiles: dict[str, CompanyProfile]):
    use_case = CATALOGUE.get("sal-quote-drafting")
    unknown = score_use_case(use_case, profiles["metal_workshop"])
    assert ("skills", "Team skills not measured (neutral)") in {(a.name, a.value) for a in unknown.assumptions}
    weak = score_use_case(use_case, profiles["metal_workshop"], dict.fromkeys(DOMAINS, 0.0))
    strong = score_use_case(use_case, profiles["metal_workshop"], dict.fromkeys(DOMAINS, 4.0))
    assert weak.feasibility < unknown.feasibility < strong.feasibility
    assert weak.skill_gaps["automation_tech"] == (0.0, 2) and strong.skill_gaps == {}


def test_only_the_company_sector_and_functions_are_considered(profiles: dict[str, CompanyProfile]):
    profile = profiles["care_home"]
    portfolio = build_portfolio(CATALOGUE, profile, top_n=100)
    for scored in portfolio.ranked:
        assert scored.use_case.sectors == ["all"] or "health_social" in scored.use_case.sectors
        assert scored.use_case.function in profile.functions
    assert "prod-site-reports" not in {s.use_case.id for s in portfolio.ranked}  # construction only


def test_what_would_change_names_a_change_that_really_swaps_the_neighbours(profiles: dict[str, CompanyProfile]):
    portfolio = build_portfolio(CATALOGUE, profiles["metal_workshop"])
    insights = what_would_change(portfolio)
    assert len(insights) == 3 and insights == what_would_change(portfolio)
    found = [w for w in insights if w.change is not None]
    assert found
    for insight in found:
        assert insight.change is not None
        order = [s.use_case.id for s in rerank(portfolio.inputs, insight.change).ranked]
        assert order.index(insight.lower_id) < order.index(insight.upper_id), insight.text.en
        assert "passerait devant" in insight.text.fr and "would overtake" in insight.text.en


def test_rerank_applies_the_manager_changes(profiles: dict[str, CompanyProfile]):
    portfolio = build_portfolio(CATALOGUE, profiles["metal_workshop"])
    quotes = next(s for s in portfolio.ranked if s.use_case.id == "sal-quote-drafting")
    dearer = rerank(portfolio.inputs, Changes(hourly_cost_eur=90))
    assert next(s for s in dearer.ranked if s.use_case.id == "sal-quote-drafting").roi.annual_gain_eur.base == (
        pytest.approx(quotes.roi.annual_gain_eur.base * 2)
    )
    prudent = rerank(portfolio.inputs, Changes(scenario="low"))
    assert next(s for s in prudent.ranked if s.use_case.id == "sal-quote-drafting").value < quotes.value
    ready = rerank(portfolio.inputs, Changes(data_maturity={"machine_data": 3}))
    maintenance = next(s for s in ready.ranked if s.use_case.id == "prod-predictive-maintenance")
    assert not maintenance.data_project_first
    more = rerank(portfolio.inputs, Changes(task_hours={"Chiffrage des devis": 30}))
    assert next(s for s in more.ranked if s.use_case.id == "sal-quote-drafting").value >= quotes.value
    with pytest.raises(ValueError, match="unknown task"):
        rerank(portfolio.inputs, Changes(task_hours={"Danse": 3}))
    with pytest.raises(ProfileError, match="negative"):
        rerank(portfolio.inputs, Changes(task_hours={"Chiffrage des devis": -2}))


# --- properties -------------------------------------------------------------------------------------------------

_task = st.tuples(
    st.floats(0, 40, allow_nan=False),
    st.integers(1, 6),
    st.none() | st.sampled_from(VOCABULARY.pain_ids),
    st.none() | st.sampled_from(FUNCTIONS),
)


@st.composite
def company(draw: st.DrawFn) -> CompanyProfile:
    tasks = draw(st.lists(_task, max_size=5))
    data: dict[str, Any] = {
        "sector": draw(st.sampled_from([s for s in VOCABULARY.sector_ids if s != "all"])),
        "headcount": draw(st.integers(1, 300)),
        "functions": draw(st.lists(st.sampled_from(FUNCTIONS), min_size=1, unique=True)),
        "data_sources": draw(st.dictionaries(st.sampled_from(VOCABULARY.source_ids), st.integers(0, 4))),
        "pains": draw(st.lists(st.sampled_from(VOCABULARY.pain_ids), max_size=6, unique=True)),
        "tasks": [
            {"name": f"t{i}", "hours_per_week": h, "people": n, "pain": p, "function": f}
            for i, (h, n, p, f) in enumerate(tasks)
        ],
        "goals": draw(st.lists(st.sampled_from(["growth", "international", "cost", "quality"]), unique=True)),
        "budget_band": draw(st.none() | st.sampled_from(["under_5k", "5k_20k", "20k_50k", "over_50k"])),
        "risk_appetite": draw(st.sampled_from(["low", "medium", "high"])),
        "loaded_hourly_cost_eur": draw(st.floats(15, 150)),
    }
    return profile_from_dict(data, VOCABULARY)


readiness = st.none() | st.fixed_dictionaries({d: st.floats(0, 4) for d in DOMAINS})


@FAST
@given(company(), st.sampled_from(RANKABLE), st.integers(0, 9), st.floats(0, 30), readiness)
def test_more_hours_saved_never_lower_value(
    profile: CompanyProfile, use_case: UseCase, index: int, extra: float, levels: dict[str, float] | None
):
    before = score_use_case(use_case, profile, levels)
    if profile.tasks:
        tasks = [t.model_dump() for t in profile.tasks]
        task = tasks[index % len(tasks)]
        task["hours_per_week"] = min(task["hours_per_week"] + extra, 70)
        after = score_use_case(use_case, profile.updated(tasks=tasks), levels)
        assert after.value >= before.value
    base = score_use_case(use_case, profile, levels, hours_per_week=index)
    assert score_use_case(use_case, profile, levels, hours_per_week=index + extra).value >= base.value


@FAST
@given(company(), st.sampled_from(WITH_DATA), st.integers(0, 5), st.booleans(), readiness)
def test_a_case_missing_its_data_is_never_a_quick_win(
    profile: CompanyProfile, use_case: UseCase, pick: int, absent: bool, levels: dict[str, float] | None
):
    need = use_case.data_prerequisites[pick % len(use_case.data_prerequisites)]
    if not absent and need.min_quality < 2:
        absent = True
    sources = {p.source: 4 for p in use_case.data_prerequisites}
    if absent:
        del sources[need.source]
    else:
        sources[need.source] = need.min_quality - 2
    # Everything else as favourable as it gets: all its pains and goals, a big matching task, a large budget.
    best = profile_from_dict(
        {
            **profile.model_dump(exclude_unset=True),
            "data_sources": sources,
            "pains": use_case.pains,
            "goals": use_case.goals,
            "budget_band": "over_50k",
            "tasks": [{"name": "big", "hours_per_week": 40, "people": 3, "pain": use_case.pains[0]}],
        },
        VOCABULARY,
    )
    scored = score_use_case(use_case, best, levels)
    assert scored.data_project_first and scored.quadrant != "quick_win"


@FAST
@given(company(), readiness)
def test_prohibited_cases_are_never_ranked(profile: CompanyProfile, levels: dict[str, float] | None):
    portfolio = build_portfolio(CATALOGUE, profile, levels, top_n=100)
    assert all(s.use_case.ai_act.category != "prohibited" for s in portfolio.ranked)
    assert all(i.triage.category != "prohibited" for i in portfolio.items)
    assert all(t.excluded for t in portfolio.do_not_do)
    ranked = [s.sort_key() for s in portfolio.ranked]
    assert ranked == sorted(ranked)
