"""A team training plan from anonymous team gaps: modules in prerequisite order, hours, costs, funding hint.

The input is the team's mean level per domain, already aggregated over at least ``MIN_GROUP_SIZE``
people (see ``assistant.domain.team``), never one person's levels. Means are rounded down so the
plan also serves the members below the mean. The funding hint is an id whose wording lives in the
knowledge base (knowledge/guidance/fr/aides-financement-pme.md), not here.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any, Final, Literal

from assistant.domain.team import MIN_GROUP_SIZE
from assistant.domain.training import Module, learning_path

FundingHint = Literal["opco", "opco_under_50", "company_plan_50_plus"]
# Mutualised OPCO funds for the skills-development plan are kept for companies under 50 staff
# (ministère du Travail); larger ones fund their plan themselves unless a branch agreement helps.
SMALL_COMPANY: Final = 50


@dataclass(frozen=True)
class PlanStep:
    """One module of the plan and the team levels it moves, per domain (from, to)."""

    module_id: str
    title: str
    level: str
    hours: float
    price_eur_per_person: float
    domains: dict[str, tuple[int, int]]


@dataclass(frozen=True)
class TeamPlan:
    """Modules in order with totals; ``unreachable`` lists gaps the catalogue cannot close."""

    steps: tuple[PlanStep, ...]
    group_size: int
    gaps: dict[str, tuple[float, int]]
    unreachable: dict[str, int]
    funding_hint: FundingHint

    @property
    def total_hours(self) -> float:
        """Training hours per person."""
        return sum(s.hours for s in self.steps)

    @property
    def cost_per_person(self) -> float:
        """Indicative inter-company price per person, excluding VAT."""
        return sum(s.price_eur_per_person for s in self.steps)

    @property
    def cost_group(self) -> float:
        """Per-person price times group size (an in-company quote per group is often lower)."""
        return self.cost_per_person * self.group_size

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready view with the totals."""
        return {
            **asdict(self),
            "total_hours": self.total_hours,
            "cost_per_person": self.cost_per_person,
            "cost_group": self.cost_group,
        }


def team_plan(
    means: Mapping[str, float],
    targets: Mapping[str, int],
    group_size: int,
    modules: Sequence[Module],
    *,
    role_id: str | None = None,
    fmt: str | None = None,
    company_headcount: int | None = None,
    lang: str = "fr",
) -> TeamPlan:
    """Plan the modules that lift the team from its mean levels to the role targets.

    ``group_size`` is the number of people behind the means (at least ``MIN_GROUP_SIZE``, so the
    plan never describes one person); ``fmt`` keeps only modules offered in that format.
    """
    if group_size < MIN_GROUP_SIZE:
        raise ValueError(f"a team plan needs at least {MIN_GROUP_SIZE} people behind the means (got {group_size})")
    levels = {domain: math.floor(round(mean, 6)) for domain, mean in means.items()}
    offered = [m for m in modules if fmt is None or fmt in m.formats]
    path = learning_path(offered, levels, targets, role_id)
    steps = tuple(
        PlanStep(
            s.module.id, s.module.title(lang), s.module.level, s.module.duration_hours, s.module.price_eur_per_person,
            dict(s.domains),
        )
        for s in path.steps
    )  # fmt: skip
    gaps = {d: (round(means.get(d, 0.0), 2), t) for d, t in targets.items() if levels.get(d, 0) < t}
    return TeamPlan(steps, group_size, gaps, dict(path.unreachable), funding_hint(company_headcount))


def funding_hint(company_headcount: int | None) -> FundingHint:
    """Which funding note applies: OPCO mutualised funds under 50 staff, the company's own plan above."""
    if company_headcount is None:
        return "opco"
    return "opco_under_50" if company_headcount < SMALL_COMPANY else "company_plan_50_plus"
