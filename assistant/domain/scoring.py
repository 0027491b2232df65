"""Deterministic scoring of an interview: level per domain, how it was obtained, gaps against the role.

Rule for a domain, with D the declared level (lowest self-description), H the highest difficulty
answered right (0 if none) and W the lowest difficulty answered wrong (5 if none):

    level = max(H, min(D, W - 1))        or H when nothing was declared

"I don't know" and skip give no evidence. A right answer instead of a wrong one, or a higher
self-description, can therefore never lower a level.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from assistant.domain.interview import Answer, declared_level, scenario_results
from assistant.domain.skills import MAX_LEVEL, Framework

Basis = Literal["self_and_scenarios", "self_declared", "scenarios_only", "none"]
STRENGTH_LEVEL = 3
CHAMPION_LEADERSHIP = 3
CHAMPION_MEAN = 2.5
CHAMPION_ETHICS = 2


@dataclass(frozen=True)
class DomainScore:
    """The result for one domain."""

    domain_id: str
    level: int
    declared: int | None
    basis: Basis
    adjustment: int
    target: int
    right: int
    wrong: int

    @property
    def gap(self) -> int:
        """How many levels below the role target (0 when at or above)."""
        return max(self.target - self.level, 0)


@dataclass(frozen=True)
class Results:
    """The whole picture for one person and role."""

    role_id: str
    domains: tuple[DomainScore, ...]

    @property
    def mean_level(self) -> float:
        """Average level over the domains."""
        return sum(d.level for d in self.domains) / len(self.domains)

    @property
    def gaps(self) -> list[DomainScore]:
        """Domains below target, largest gap first."""
        return sorted((d for d in self.domains if d.gap > 0), key=lambda d: (-d.gap, d.domain_id))

    @property
    def strengths(self) -> list[DomainScore]:
        """Domains at level 3+ or above the role target, highest first."""
        return sorted(
            (d for d in self.domains if d.level >= STRENGTH_LEVEL or d.level > d.target),
            key=lambda d: (-d.level, d.domain_id),
        )

    @property
    def could_be_champion(self) -> bool:
        """Whether the person could act as the team's AI champion (référent IA)."""
        by_id = {d.domain_id: d.level for d in self.domains}
        return (
            by_id.get("adoption_leadership", 0) >= CHAMPION_LEADERSHIP
            and by_id.get("ethics_law_security", 0) >= CHAMPION_ETHICS
            and self.mean_level >= CHAMPION_MEAN
        )

    def levels(self) -> dict[str, int]:
        """Level per domain id."""
        return {d.domain_id: d.level for d in self.domains}


def score_domain(framework: Framework, domain_id: str, answers: Mapping[str, Answer], target: int) -> DomainScore:
    """Apply the documented rule to one domain."""
    declared = declared_level(framework, domain_id, answers)
    results = scenario_results(framework, domain_id, answers)
    right = [item.difficulty or 1 for item, outcome in results if outcome is True]
    wrong = [item.difficulty or 1 for item, outcome in results if outcome is False]
    highest_right = max(right, default=0)
    lowest_wrong = min(wrong, default=MAX_LEVEL + 1)
    if declared is None:
        level = highest_right
        basis: Basis = "scenarios_only" if right or wrong else "none"
    else:
        level = max(highest_right, min(declared, lowest_wrong - 1))
        basis = "self_and_scenarios" if right or wrong else "self_declared"
    adjustment = 0 if declared is None else level - declared
    return DomainScore(domain_id, level, declared, basis, adjustment, target, len(right), len(wrong))


def score(framework: Framework, role_id: str, answers: Mapping[str, Answer]) -> Results:
    """Score every domain against the targets of ``role_id``."""
    role = framework.role(role_id)
    return Results(
        role_id=role.id,
        domains=tuple(score_domain(framework, d, answers, role.targets[d]) for d in framework.domain_ids),
    )
