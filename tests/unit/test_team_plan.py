"""Team training plans from anonymous team means: gaps closed, prerequisite order, costs, funding hint."""

from __future__ import annotations

import json
from typing import Any

import pytest

from assistant.config import PROJECT_ROOT
from assistant.domain.skills import load_framework
from assistant.domain.team import MIN_GROUP_SIZE
from assistant.domain.team_plan import TeamPlan, funding_hint, team_plan
from assistant.domain.training import load_modules

FRAMEWORK = load_framework(PROJECT_ROOT / "knowledge" / "frameworks")
MODULES = load_modules(PROJECT_ROOT / "knowledge" / "training" / "modules.yaml", FRAMEWORK.domain_ids)
BY_ID = {m.id: m for m in MODULES}


def plan_for(role_id: str, mean: float = 1.4, size: int = 8, **kwargs: Any) -> TeamPlan:
    means = dict.fromkeys(FRAMEWORK.domain_ids, mean)
    return team_plan(means, FRAMEWORK.role(role_id).targets, size, MODULES, role_id=role_id, **kwargs)


@pytest.mark.parametrize("role_id", [r.id for r in FRAMEWORK.roles])
def test_the_plan_lifts_every_domain_to_the_role_target(role_id: str) -> None:
    plan = plan_for(role_id)
    targets = FRAMEWORK.role(role_id).targets
    reached = {d: 1 for d in FRAMEWORK.domain_ids}  # 1.4 rounds down to 1
    for step in plan.steps:
        for domain, (start, end) in step.domains.items():
            assert start == reached[domain]  # each step starts where the team stands
            reached[domain] = end
    assert not plan.unreachable
    assert all(reached[d] >= t for d, t in targets.items())


@pytest.mark.parametrize("role_id", [r.id for r in FRAMEWORK.roles])
def test_chosen_prerequisites_come_first(role_id: str) -> None:
    order = [s.module_id for s in plan_for(role_id, mean=0.0).steps]
    for position, module_id in enumerate(order):
        for prerequisite in BY_ID[module_id].prerequisites:
            if prerequisite in order:
                assert order.index(prerequisite) < position


def test_totals_and_group_cost() -> None:
    plan = plan_for("sales_marketing", size=12)
    assert plan.total_hours == sum(BY_ID[s.module_id].duration_hours for s in plan.steps)
    assert plan.cost_per_person == sum(BY_ID[s.module_id].price_eur_per_person for s in plan.steps)
    assert plan.cost_group == plan.cost_per_person * 12 > 0


def test_means_are_rounded_down_so_the_plan_serves_those_below() -> None:
    targets = {d: 0 for d in FRAMEWORK.domain_ids} | {"genai_prompting": 2}
    means = dict.fromkeys(FRAMEWORK.domain_ids, 0.0) | {"genai_prompting": 1.99}
    plan = team_plan(means, targets, 6, MODULES)
    assert [s.domains for s in plan.steps] == [{"genai_prompting": (1, 2)}]
    assert plan.gaps == {"genai_prompting": (1.99, 2)}
    means["genai_prompting"] = 2.0
    assert team_plan(means, targets, 6, MODULES).steps == ()


def test_a_team_at_target_needs_nothing_and_costs_nothing() -> None:
    plan = plan_for("customer_service", mean=4.0)
    assert plan.steps == () and plan.total_hours == 0 and plan.cost_group == 0 and plan.gaps == {}


def test_a_plan_is_never_made_for_fewer_than_five_people() -> None:
    with pytest.raises(ValueError, match="at least 5"):
        plan_for("hr", size=MIN_GROUP_SIZE - 1)


def test_the_format_filter_keeps_only_modules_offered_that_way() -> None:
    plan = plan_for("it_developer", fmt="remote")
    assert plan.steps and all("remote" in BY_ID[s.module_id].formats for s in plan.steps)
    assert "automatisations-ia-production" not in [s.module_id for s in plan.steps]  # on site or blended only


@pytest.mark.parametrize(
    ("headcount", "hint"), [(None, "opco"), (12, "opco_under_50"), (49, "opco_under_50"), (50, "company_plan_50_plus")]
)
def test_the_funding_hint_depends_on_company_size(headcount: int | None, hint: str) -> None:
    assert funding_hint(headcount) == hint
    assert plan_for("hr", company_headcount=headcount).funding_hint == hint


def test_the_plan_serialises_with_its_totals() -> None:
    data = json.loads(json.dumps(plan_for("hr", lang="en").as_dict()))
    assert {"steps", "total_hours", "cost_per_person", "cost_group", "funding_hint"} <= set(data)
    assert data["steps"][0]["title"] == BY_ID[data["steps"][0]["module_id"]].title.en
