"""The training-module catalogue and personal learning paths built from skill gaps."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from assistant.domain.catalogue import CatalogueError, Text, load_yaml

Bloom = Literal["remember", "understand", "apply", "analyze", "evaluate", "create"]


class Objective(Text):
    """A learning objective starting with a measurable verb."""

    bloom: Bloom


class Activity(Text):
    """A timed activity of a module."""

    kind: Literal["presentation", "demo", "practice", "case_study", "discussion", "quiz", "project"]
    minutes: int = Field(gt=0)


class Module(BaseModel):
    """A training module and the levels it takes participants to."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    title: Text
    summary: Text
    level: Literal["beginner", "intermediate", "advanced"]
    duration_hours: float = Field(gt=0, le=35)
    domains: dict[str, int]
    entry_levels: dict[str, int]
    prerequisites: list[str] = Field(default_factory=list)
    audience: list[str]
    objectives: list[Objective] = Field(min_length=1)
    formats: list[Literal["on_site", "remote", "blended"]]
    activities: list[Activity]
    evaluation: Text
    materials: list[Text]
    price_eur_per_person: float = Field(ge=0)

    @model_validator(mode="after")
    def _levels_rise(self) -> Module:
        if set(self.entry_levels) != set(self.domains):
            raise ValueError("entry_levels and domains must name the same domains")
        if any(self.entry_levels[d] >= self.domains[d] for d in self.domains):
            raise ValueError("a module must raise every domain it names")
        return self


class _Modules(BaseModel):
    model_config = ConfigDict(extra="forbid")
    modules: list[Module]


def load_modules(path: Path, domain_ids: Sequence[str] | None = None) -> tuple[Module, ...]:
    """Load the catalogue; check ids, prerequisites and (optionally) domain references."""
    modules = tuple(load_yaml(path, _Modules).modules)
    ids = {m.id for m in modules}
    if len(ids) != len(modules):
        raise CatalogueError(f"{path}: duplicate module ids")
    for module in modules:
        missing = set(module.prerequisites) - ids
        if missing:
            raise CatalogueError(f"{path}: {module.id} has unknown prerequisites {sorted(missing)}")
        if domain_ids is not None and not set(module.domains) <= set(domain_ids):
            raise CatalogueError(
                f"{path}: {module.id} names unknown domains {sorted(set(module.domains) - set(domain_ids))}"
            )
    return modules


@dataclass(frozen=True)
class PathStep:
    """One module of a learning path and the gaps it closes."""

    module: Module
    domains: dict[str, tuple[int, int]]


@dataclass(frozen=True)
class LearningPath:
    """Modules in a feasible order, with totals."""

    steps: tuple[PathStep, ...]
    unreachable: dict[str, int]

    @property
    def hours(self) -> float:
        """Total training hours."""
        return sum(s.module.duration_hours for s in self.steps)

    @property
    def cost_eur(self) -> float:
        """Total indicative price per person."""
        return sum(s.module.price_eur_per_person for s in self.steps)


def _suits(module: Module, role_id: str | None) -> bool:
    return role_id is None or "all" in module.audience or role_id in module.audience


def learning_path(
    modules: Sequence[Module], levels: Mapping[str, int], targets: Mapping[str, int], role_id: str | None = None
) -> LearningPath:
    """Pick modules that climb each domain from its level to its target, cheapest climb first.

    At each step the module that closes the most remaining levels per hour is chosen among those
    whose entry levels are met; role-specific modules win ties. Order follows prerequisites.
    """
    current = dict(levels)
    chosen: list[PathStep] = []
    used: set[str] = set()

    def remaining() -> dict[str, int]:
        return {d: t - current.get(d, 0) for d, t in targets.items() if current.get(d, 0) < t}

    while remaining():
        gaps = remaining()
        best: tuple[float, int, str] | None = None
        pick: Module | None = None
        for module in modules:
            if module.id in used or not all(current.get(d, 0) >= lv for d, lv in module.entry_levels.items()):
                continue
            gain = sum(min(module.domains[d], targets[d]) - current.get(d, 0) for d in module.domains if d in gaps)
            if gain <= 0:
                continue
            key = (
                gain / module.duration_hours,
                1 if _suits(module, role_id) and "all" not in module.audience else 0,
                module.id,
            )
            if best is None or key[:2] > best[:2] or (key[:2] == best[:2] and key[2] < best[2]):
                best, pick = key, module
        if pick is None:
            break
        used.add(pick.id)
        closes = {
            d: (current.get(d, 0), min(pick.domains[d], targets[d]))
            for d in pick.domains
            if d in gaps and min(pick.domains[d], targets[d]) > current.get(d, 0)
        }
        for domain, (_, reached) in closes.items():
            current[domain] = max(current.get(domain, 0), reached)
        chosen.append(PathStep(pick, closes))
    return LearningPath(tuple(_order(chosen)), remaining())


def _order(steps: list[PathStep]) -> list[PathStep]:
    """Keep the climbing order but put any chosen prerequisite before the module needing it."""
    ordered: list[PathStep] = []
    placed: set[str] = set()
    by_id = {s.module.id: s for s in steps}

    def place(step: PathStep) -> None:
        if step.module.id in placed:
            return
        placed.add(step.module.id)
        for prerequisite in step.module.prerequisites:
            if prerequisite in by_id:
                place(by_id[prerequisite])
        ordered.append(step)

    for step in steps:
        place(step)
    return ordered
