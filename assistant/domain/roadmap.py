"""An 18-month roadmap from a portfolio: quick wins (0-3 months), projects (3-9), strategic (9-18).

Each recommended case gets a month of first gains = preparation + effort + time to value, where
preparation = data work (``MONTHS_PER_DATA_LEVEL`` per maturity level to climb on the furthest
source) + AI Act / GDPR groundwork (``OBLIGATION_MONTHS`` for a high-risk case or a likely DPIA)
+ one month of training when the team is below the case's skill prerequisites. Training comes
from the training catalogue via ``learning_path``, among modules meant for everyone or for the
role that carries the case's function (``FUNCTION_ROLES``); when team skills were not measured, the path
assumes beginners (level 0) and says so. Postponed cases are listed apart, not scheduled.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from assistant.domain.catalogue import Text
from assistant.domain.portfolio import Portfolio, PortfolioItem
from assistant.domain.training import Module, learning_path

Horizon = Literal["quick_wins", "projects", "strategic"]
HORIZON_MONTHS: dict[Horizon, tuple[int, int]] = {"quick_wins": (0, 3), "projects": (3, 9), "strategic": (9, 18)}
MONTHS_PER_DATA_LEVEL = 3.0  # practitioner estimate: one maturity level on one source takes about a quarter
OBLIGATION_MONTHS = 3.0  # oversight, logs, staff information, DPIA before a high-risk pilot
EFFORT_MONTHS = {"low": 0.0, "medium": 1.0, "high": 3.0}
TRAINING_MONTHS = 1.0
FUNCTION_ROLES = {  # the framework role that usually carries a case of each function
    "admin_finance": "admin_finance",
    "sales_marketing": "sales_marketing",
    "customer_service": "customer_service",
    "hr": "hr",
    "production_quality": "operations",
    "logistics": "operations",
    "it": "it_developer",
    "management": "management",
}
WEEKS_PER_MONTH = 52 / 12


@dataclass(frozen=True)
class DataWork:
    """Bring ``source`` from ``current`` (None: not declared) to maturity ``target``."""

    source: str
    current: int | None
    target: int

    @property
    def months(self) -> float:
        """Estimated duration of the work."""
        return MONTHS_PER_DATA_LEVEL * (self.target - (self.current or 0))


@dataclass(frozen=True)
class TrainingStep:
    """A training module and the skill levels it closes (from, to) per domain."""

    module_id: str
    title: Text
    hours: float
    price_eur_per_person: float
    closes: dict[str, tuple[int, int]]


@dataclass(frozen=True)
class RoadmapItem:
    """One scheduled use case and what must happen before it."""

    use_case_id: str
    title: Text
    rank: int
    horizon: Horizon
    start_month: float
    first_gains_month: float
    data_work: tuple[DataWork, ...]
    training: tuple[TrainingStep, ...]
    unreachable_skills: dict[str, int]
    skills_measured: bool
    obligations_first: bool


@dataclass(frozen=True)
class Roadmap:
    """Scheduled cases by horizon, postponed ones, and the consolidated data and training work."""

    horizons: dict[Horizon, tuple[RoadmapItem, ...]]
    postponed: tuple[str, ...]
    data_work: tuple[DataWork, ...]
    training: tuple[TrainingStep, ...]


def _training(
    modules: Sequence[Module], needs: Mapping[str, int], readiness: Mapping[str, float] | None, role: str
) -> tuple[tuple[TrainingStep, ...], dict[str, int]]:
    # A mean of 1.6 has not reached level 2: levels are floored before the gap is computed.
    levels = {d: math.floor(readiness.get(d, 0.0)) if readiness else 0 for d in needs}
    targets = {d: lv for d, lv in needs.items() if levels[d] < lv}
    suited = [m for m in modules if "all" in m.audience or role in m.audience]
    path = learning_path(suited, levels, targets, role)
    steps = tuple(
        TrainingStep(s.module.id, s.module.title, s.module.duration_hours, s.module.price_eur_per_person, s.domains)
        for s in path.steps
    )
    return steps, dict(path.unreachable)


def _horizon(month: float) -> Horizon:
    if month <= HORIZON_MONTHS["quick_wins"][1]:
        return "quick_wins"
    return "projects" if month <= HORIZON_MONTHS["projects"][1] else "strategic"


def plan_item(item: PortfolioItem, modules: Sequence[Module], readiness: Mapping[str, float] | None) -> RoadmapItem:
    """Schedule one portfolio item with its data and training prerequisites."""
    use_case = item.scored.use_case
    work = tuple(DataWork(g.source, g.current, g.required) for g in item.scored.data_gaps)
    role = FUNCTION_ROLES[use_case.function]
    training, unreachable = _training(modules, use_case.skill_prerequisites, readiness, role)
    obligations = use_case.ai_act.category == "high_risk" or use_case.gdpr.dpia_likely
    start = (
        max((w.months for w in work), default=0.0)
        + (OBLIGATION_MONTHS if obligations else 0.0)
        + (TRAINING_MONTHS if training and readiness is not None else 0.0)
    )
    gains = start + EFFORT_MONTHS[use_case.effort] + use_case.time_to_value_weeks / WEEKS_PER_MONTH
    return RoadmapItem(
        use_case.id, use_case.title, item.rank, _horizon(gains), round(start, 1), round(gains, 1),
        work, training, unreachable, readiness is not None, obligations,
    )  # fmt: skip


def build_roadmap(portfolio: Portfolio, modules: Sequence[Module]) -> Roadmap:
    """Schedule every recommended case of ``portfolio`` except the postponed ones."""
    readiness = portfolio.inputs.readiness
    horizons: dict[Horizon, list[RoadmapItem]] = {h: [] for h in HORIZON_MONTHS}
    postponed: list[str] = []
    targets: dict[str, DataWork] = {}
    training: dict[str, TrainingStep] = {}
    for item in portfolio.items:
        if item.scored.quadrant == "postpone":
            postponed.append(item.scored.use_case.id)
            continue
        planned = plan_item(item, modules, readiness)
        horizons[planned.horizon].append(planned)
        for work in planned.data_work:
            if work.source not in targets or targets[work.source].target < work.target:
                targets[work.source] = work
        for step in planned.training:
            training.setdefault(step.module_id, step)
    return Roadmap(
        {h: tuple(items) for h, items in horizons.items()},
        tuple(postponed),
        tuple(sorted(targets.values(), key=lambda w: (-w.months, w.source))),
        tuple(training.values()),
    )
