"""What-if analysis: change one assumption and re-rank, or find the change that would swap two cases."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace

from assistant.domain.catalogue import Text
from assistant.domain.portfolio import (
    Portfolio,
    PortfolioInputs,
    Scenario,
    Scored,
    bilingual,
    french_number,
    rank,
    score_use_case,
)


@dataclass(frozen=True)
class Changes:
    """Assumptions a manager may change before re-ranking (task hours are per person, by task name)."""

    hourly_cost_eur: float | None = None
    task_hours: Mapping[str, float] = field(default_factory=dict)
    data_maturity: Mapping[str, int] = field(default_factory=dict)
    readiness: Mapping[str, float] = field(default_factory=dict)
    scenario: Scenario | None = None


def apply_changes(inputs: PortfolioInputs, changes: Changes) -> PortfolioInputs:
    """``inputs`` with ``changes`` applied to the profile (validated again) and the readiness."""
    updates: dict[str, object] = {}
    if changes.hourly_cost_eur is not None:
        updates["loaded_hourly_cost_eur"] = changes.hourly_cost_eur
    if changes.data_maturity:
        updates["data_sources"] = dict(changes.data_maturity)
    if changes.task_hours:
        names = [t.name for t in inputs.profile.tasks]
        unknown = sorted(set(changes.task_hours) - set(names))
        if unknown:
            raise ValueError(f"tâche inconnue / unknown task {unknown}; tâches / tasks: {', '.join(names)}")
        updates["tasks"] = [
            {**t.model_dump(exclude_unset=True), "hours_per_week": changes.task_hours.get(t.name, t.hours_per_week)}
            for t in inputs.profile.tasks
        ]
    readiness = inputs.readiness
    if changes.readiness:
        readiness = {**(readiness or {}), **changes.readiness}
    profile = inputs.profile.updated(**updates) if updates else inputs.profile
    return replace(inputs, profile=profile, readiness=readiness, scenario=changes.scenario or inputs.scenario)


def rerank(inputs: PortfolioInputs, changes: Changes) -> Portfolio:
    """The portfolio again after the manager changed some assumptions."""
    return rank(apply_changes(inputs, changes))


@dataclass(frozen=True)
class WhatIf:
    """The single assumption change that would let ``lower_id`` overtake ``upper_id`` (None if none found)."""

    upper_id: str
    lower_id: str
    change: Changes | None
    text: Text


def _candidates(inputs: PortfolioInputs, lower: Scored) -> Iterator[tuple[Changes, Text]]:
    """Single changes to try, most actionable first: data, skills, task hours, time saved, hourly cost."""
    for gap in lower.data_gaps:
        now = "?" if gap.current is None else gap.current
        yield (
            Changes(data_maturity={gap.source: gap.required}),
            bilingual(
                f"Si la maturité des données {gap.source} passait de {now} à {gap.required}",
                f"If {gap.source} data maturity rose from {now} to {gap.required}",
            ),
        )
    if inputs.readiness is not None:
        for domain, (level, needed) in lower.skill_gaps.items():
            yield (
                Changes(readiness={domain: float(needed)}),
                bilingual(
                    f"Si l'équipe passait de {french_number(level, '.1f')} à {needed} en {domain}",
                    f"If the team rose from {level:.1f} to {needed} in {domain}",
                ),
            )
    tasks = [t for t in inputs.profile.tasks if t.name in lower.roi.match.tasks]
    for factor in (1.5, 2.0) if tasks else ():
        hours = {t.name: min(t.hours_per_week * factor, 70.0) for t in tasks}
        names = ", ".join(hours)
        yield (
            Changes(task_hours=hours),
            bilingual(
                f"Si « {names} » prenait {french_number(factor)} fois plus de temps",
                f"If '{names}' took {factor:g} times longer",
            ),
        )
    if inputs.scenario != "high":
        yield Changes(scenario="high"), bilingual("Avec les gains de temps hauts", "With the high time-saved estimates")
    cost = inputs.profile.loaded_hourly_cost_eur
    for new in (round(cost * 1.5), round(cost * 0.67)):
        yield (
            Changes(hourly_cost_eur=new),
            bilingual(
                f"Avec un coût horaire chargé de {new} € au lieu de {french_number(cost)} €",
                f"With a loaded hourly cost of €{new} instead of €{cost:g}",
            ),
        )


def what_would_change(portfolio: Portfolio, pairs: int = 3) -> list[WhatIf]:
    """For the top ``pairs`` neighbours, the first single change (in ``_candidates`` order) that swaps them."""
    inputs, found = portfolio.inputs, []
    for upper, lower in zip(portfolio.ranked[:pairs], portfolio.ranked[1 : pairs + 1], strict=False):
        a, b = upper.use_case, lower.use_case
        result = WhatIf(
            a.id,
            b.id,
            None,
            bilingual(
                f"Aucun changement simple ne fait passer « {b.title.fr} » devant « {a.title.fr} » : ordre robuste.",
                f"No single change puts '{b.title.en}' ahead of '{a.title.en}': the order is robust.",
            ),
        )
        for changes, condition in _candidates(inputs, lower):
            changed = apply_changes(inputs, changes)
            new_a = score_use_case(a, changed.profile, changed.readiness, scenario=changed.scenario)
            new_b = score_use_case(b, changed.profile, changed.readiness, scenario=changed.scenario)
            if new_b.sort_key() < new_a.sort_key():
                text = bilingual(
                    f"{condition.fr}, « {b.title.fr} » passerait devant « {a.title.fr} ».",
                    f"{condition.en}, '{b.title.en}' would overtake '{a.title.en}'.",
                )
                result = WhatIf(a.id, b.id, changes, text)
                break
        found.append(result)
    return found
