"""The AI use-case catalogue: vocabulary, use cases, cross-checked loading and pain matching."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from assistant.domain.catalogue import CatalogueError, Text, load_yaml

Function = Literal[
    "admin_finance", "sales_marketing", "customer_service", "hr", "production_quality", "logistics", "it", "management"
]
FUNCTIONS: tuple[Function, ...] = (
    "admin_finance", "sales_marketing", "customer_service", "hr", "production_quality", "logistics", "it", "management"
)  # fmt: skip
ID_PREFIXES: dict[str, tuple[str, ...]] = {
    "admin_finance": ("fin-",),
    "sales_marketing": ("sal-", "mkt-"),
    "customer_service": ("cs-",),
    "hr": ("hr-",),
    "production_quality": ("prod-",),
    "logistics": ("log-",),
    "it": ("it-",),
    "management": ("mgmt-",),
}
Level = Annotated[int, Field(ge=0, le=4)]
AiActCategory = Literal["prohibited", "high_risk", "transparency", "minimal"]
Effort = Literal["low", "medium", "high"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Share(_Strict):
    """A low/base/high fraction of the task time saved."""

    low: float = Field(ge=0, le=1)
    base: float = Field(ge=0, le=1)
    high: float = Field(ge=0, le=1)

    @model_validator(mode="after")
    def _ordered(self) -> Share:
        if not self.low <= self.base <= self.high:
            raise ValueError(f"needs low <= base <= high, got {self.low}, {self.base}, {self.high}")
        return self


class EuroRange(Share):
    """A low/base/high amount in euros excluding VAT."""

    low: float = Field(ge=0)
    base: float = Field(ge=0)
    high: float = Field(ge=0)


class SourceRef(_Strict):
    """A public study behind a figure."""

    title: str
    url: str


class Gain(_Strict):
    """What the case saves and how sure we are."""

    metric: Text
    time_saved_share: Share
    note: Text
    source: SourceRef | None = None


class DataPrerequisite(_Strict):
    """A data source the case needs, at a minimal maturity (0-4)."""

    source: str
    min_quality: Level
    text: Text


class Costs(_Strict):
    """Running and one-off costs of the case."""

    licence_eur_month: EuroRange
    setup_eur: EuroRange
    training_days: int = Field(ge=0)


class AiAct(_Strict):
    """The AI Act class of the case and why."""

    category: AiActCategory
    reason: Text


class Gdpr(_Strict):
    """Personal-data flags of the case."""

    personal_data: bool
    dpia_likely: bool
    note: Text


class UseCase(_Strict):
    """One AI use case of the catalogue (schema in knowledge/usecases/README.md)."""

    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)+$")
    function: Function
    sectors: list[str] = Field(min_length=1)
    title: Text
    description: Text
    pains: list[str] = Field(min_length=1)
    goals: list[str] = Field(min_length=1)
    gain: Gain
    effort: Effort
    time_to_value_weeks: int = Field(gt=0)
    data_prerequisites: list[DataPrerequisite]
    skill_prerequisites: dict[str, Level]
    tool_category: Text
    costs: Costs
    ai_act: AiAct
    gdpr: Gdpr
    kpis: list[Text] = Field(min_length=1)

    @model_validator(mode="after")
    def _id_and_sectors(self) -> UseCase:
        if not self.id.startswith(ID_PREFIXES[self.function]):
            raise ValueError(f"id {self.id!r} must start with {' or '.join(ID_PREFIXES[self.function])}")
        if "all" in self.sectors and len(self.sectors) > 1:
            raise ValueError("sectors: 'all' cannot be combined with other sectors")
        return self


class Term(_Strict):
    """A vocabulary entry."""

    id: str
    label: Text


class Keywords(_Strict):
    """Lower-case fragments that reveal a pain in free text."""

    fr: list[str] = Field(min_length=1)
    en: list[str] = Field(min_length=1)


class Pain(Term):
    """A pain point as a manager would put it."""

    keywords: Keywords


class Vocabulary(_Strict):
    """Ids shared by every use case: pains, data sources, sectors and goals."""

    pains: list[Pain] = Field(min_length=1)
    data_sources: list[Term] = Field(min_length=1)
    sectors: list[Term] = Field(min_length=1)
    goals: list[Term] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> Vocabulary:
        for name in ("pains", "data_sources", "sectors", "goals"):
            ids = [t.id for t in getattr(self, name)]
            if len(ids) != len(set(ids)):
                raise ValueError(f"{name}: duplicate ids {sorted({i for i in ids if ids.count(i) > 1})}")
        if "all" not in self.sector_ids:
            raise ValueError("sectors: the id 'all' is required")
        return self

    @property
    def pain_ids(self) -> tuple[str, ...]:
        """Pain ids in file order."""
        return tuple(p.id for p in self.pains)

    @property
    def source_ids(self) -> tuple[str, ...]:
        """Data-source ids in file order."""
        return tuple(s.id for s in self.data_sources)

    @property
    def sector_ids(self) -> tuple[str, ...]:
        """Sector ids in file order, ``all`` included."""
        return tuple(s.id for s in self.sectors)

    @property
    def goal_ids(self) -> tuple[str, ...]:
        """Goal ids in file order."""
        return tuple(g.id for g in self.goals)


class _UseCaseFile(_Strict):
    use_cases: list[UseCase] = Field(min_length=1)


@dataclass(frozen=True)
class Catalogue:
    """Use cases and their vocabulary, cross-checked on load."""

    use_cases: tuple[UseCase, ...]
    vocabulary: Vocabulary

    @cached_property
    def by_id(self) -> dict[str, UseCase]:
        """Use cases indexed by id."""
        return {u.id: u for u in self.use_cases}

    def get(self, use_case_id: str) -> UseCase:
        """The use case with that id, or a clear error."""
        try:
            return self.by_id[use_case_id]
        except KeyError:
            raise KeyError(f"unknown use case {use_case_id!r}") from None


def _unknown(path: Path, use_case: UseCase, field: str, values: Iterable[str], known: Sequence[str]) -> None:
    missing = sorted(set(values) - set(known))
    if missing:
        raise CatalogueError(f"{path}: {use_case.id}.{field}: unknown id(s) {missing}; valid ids: {', '.join(known)}")


def _check(path: Path, use_case: UseCase, vocabulary: Vocabulary, domain_ids: Sequence[str] | None) -> None:
    _unknown(path, use_case, "sectors", use_case.sectors, vocabulary.sector_ids)
    _unknown(path, use_case, "pains", use_case.pains, vocabulary.pain_ids)
    _unknown(path, use_case, "goals", use_case.goals, vocabulary.goal_ids)
    sources = [p.source for p in use_case.data_prerequisites]
    _unknown(path, use_case, "data_prerequisites.source", sources, vocabulary.source_ids)
    if domain_ids is not None:
        _unknown(path, use_case, "skill_prerequisites", use_case.skill_prerequisites, domain_ids)


def load_catalogue(directory: Path, domain_ids: Sequence[str] | None = None) -> Catalogue:
    """Load ``vocabulary.yaml`` and the eight function files; check ids and every reference."""
    vocabulary = load_yaml(directory / "vocabulary.yaml", Vocabulary)
    use_cases: list[UseCase] = []
    seen: dict[str, Path] = {}
    for function in FUNCTIONS:
        path = directory / f"{function}.yaml"
        for index, use_case in enumerate(load_yaml(path, _UseCaseFile).use_cases):
            if use_case.function != function:
                raise CatalogueError(f"{path}: use_cases.{index}.function: {use_case.function!r} in {function}.yaml")
            if use_case.id in seen:
                raise CatalogueError(
                    f"{path}: use_cases.{index}.id: {use_case.id!r} already used in {seen[use_case.id]}"
                )
            seen[use_case.id] = path
            _check(path, use_case, vocabulary, domain_ids)
            use_cases.append(use_case)
    return Catalogue(tuple(use_cases), vocabulary)


def fold(text: str) -> str:
    """Lower-case ``text``, drop accents and turn punctuation into single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.findall(r"[a-z0-9]+", plain))


def _pattern(keyword: str) -> re.Pattern[str]:
    # A trailing "s" is dropped and up to two letters allowed after the stem, so "relances" finds
    # "relance" and "panne" finds "pannes"; short acronyms ("cv", "dso") only take a plural "s".
    stem = fold(keyword)
    if len(stem) > 4 and stem.endswith("s"):
        stem = stem[:-1]
    suffix = "[a-z]{0,2}" if len(stem) > 3 else "s?"
    return re.compile(rf"(?<![a-z0-9]){re.escape(stem)}{suffix}(?![a-z0-9])")


def match_pains(vocabulary: Vocabulary, text: str) -> list[str]:
    """Pain ids whose keywords (French or English) appear in free ``text``, in vocabulary order."""
    folded = fold(text)
    return [
        pain.id
        for pain in vocabulary.pains
        if any(_pattern(k).search(folded) for k in [*pain.keywords.fr, *pain.keywords.en])
    ]
