"""A company described by its manager: sector, size, tasks, data maturity, pains, goals and budget.

Valid sector, pain and data-source ids come from the use-case vocabulary, passed as validation
context (``profile_from_dict(data, vocabulary)``) or, by default, read once from the shipped
``knowledge/usecases/vocabulary.yaml``. Error messages are bilingual (French / English) because
they go back to the manager.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, ValidationInfo, field_validator

from assistant.config import PROJECT_ROOT
from assistant.domain.catalogue import load_yaml
from assistant.domain.usecases import FUNCTIONS, Vocabulary

Goal = Literal["growth", "international", "cost", "quality"]
BudgetBand = Literal["under_5k", "5k_20k", "20k_50k", "over_50k"]
RiskAppetite = Literal["low", "medium", "high"]
BUDGET_ALIASES = {"<5k": "under_5k", "5-20k": "5k_20k", "20-50k": "20k_50k", ">50k": "over_50k"}
BUDGET_CEILING_EUR: dict[str, float | None] = {"under_5k": 5000, "5k_20k": 20000, "20k_50k": 50000, "over_50k": None}
DEFAULT_HOURLY_COST_EUR = 45.0  # loaded cost of an hour of a French PME employee (salary + charges), an assumption
DEFAULT_WEEKS_PER_YEAR = 45  # 52 weeks minus holidays, bank holidays and absences


class ProfileError(ValueError):
    """A profile file or dict is invalid; the message names the field in French and English."""


@lru_cache(maxsize=1)
def default_vocabulary() -> Vocabulary:
    """The shipped use-case vocabulary, read on first use."""
    return load_yaml(PROJECT_ROOT / "knowledge" / "usecases" / "vocabulary.yaml", Vocabulary)


def _vocabulary_of(info: ValidationInfo) -> Vocabulary:
    context = info.context or {}
    vocabulary = context.get("vocabulary")
    return vocabulary if isinstance(vocabulary, Vocabulary) else default_vocabulary()


def _check_id(value: str, valid: tuple[str, ...], fr: str, en: str) -> str:
    if value not in valid:
        raise ValueError(f"{fr} inconnu « {value} » / unknown {en} {value!r}; choisissez parmi / choose one of: "
                         f"{', '.join(valid)}")  # fmt: skip
    return value


def _check_function(value: str | None) -> str | None:
    return None if value is None else _check_id(value, FUNCTIONS, "fonction", "function")


class Task(BaseModel):
    """A recurring task: how long it takes each week, for how many people, and which pain it is."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str = Field(min_length=1, max_length=200)
    hours_per_week: float = Field(description="Hours per week per person doing the task")
    people: int = 1
    pain: str | None = None
    function: str | None = None

    @field_validator("hours_per_week")
    @classmethod
    def _hours(cls, value: float) -> float:
        if value < 0:
            raise ValueError(f"un nombre d'heures ne peut pas être négatif / hours cannot be negative (got {value})")
        if value > 70:
            raise ValueError(f"plus de 70 h par semaine et par personne / over 70 h per week per person (got {value})")
        return value

    @field_validator("people")
    @classmethod
    def _people(cls, value: int) -> int:
        if not 1 <= value <= 5000:
            raise ValueError(f"il faut au moins une personne / at least one person is needed (got {value})")
        return value

    @field_validator("pain")
    @classmethod
    def _pain(cls, value: str | None, info: ValidationInfo) -> str | None:
        return None if value is None else _check_id(value, _vocabulary_of(info).pain_ids, "irritant", "pain")

    @field_validator("function")
    @classmethod
    def _function(cls, value: str | None) -> str | None:
        return _check_function(value)

    @property
    def total_hours(self) -> float:
        """Hours per week summed over everyone doing the task."""
        return self.hours_per_week * self.people


class CompanyProfile(BaseModel):
    """What a manager tells about the company; unset fields are what discovery should ask next."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str | None = Field(None, max_length=200)
    sector: str
    headcount: int
    functions: list[str] = Field(default_factory=lambda: [str(f) for f in FUNCTIONS])
    current_tools: list[str] = Field(default_factory=list)
    data_sources: dict[str, int] = Field(default_factory=dict, description="source id -> maturity 0-4")
    pains: list[str] = Field(default_factory=list)
    tasks: list[Task] = Field(default_factory=list)
    goals: list[Goal] = Field(default_factory=list, description="ranked, most important first")
    budget_band: BudgetBand | None = Field(None, description="yearly AI budget in euros excl. VAT")
    risk_appetite: RiskAppetite = "medium"
    loaded_hourly_cost_eur: float = Field(DEFAULT_HOURLY_COST_EUR, gt=0, le=500)
    weeks_per_year: int = Field(DEFAULT_WEEKS_PER_YEAR, ge=1, le=52)
    _vocabulary: Vocabulary | None = PrivateAttr(None)

    @field_validator("sector")
    @classmethod
    def _sector(cls, value: str, info: ValidationInfo) -> str:
        sectors = tuple(s for s in _vocabulary_of(info).sector_ids if s != "all")
        return _check_id(value, sectors, "secteur", "sector")

    @field_validator("headcount")
    @classmethod
    def _headcount(cls, value: int) -> int:
        if not 1 <= value <= 5000:
            raise ValueError(f"l'effectif doit être entre 1 et 5000 / headcount must be 1 to 5000 (got {value})")
        return value

    @field_validator("functions")
    @classmethod
    def _functions(cls, value: list[str]) -> list[str]:
        for function in value:
            _check_function(function)
        return list(dict.fromkeys(value))

    @field_validator("data_sources")
    @classmethod
    def _sources(cls, value: dict[str, int], info: ValidationInfo) -> dict[str, int]:
        for source, maturity in value.items():
            _check_id(source, _vocabulary_of(info).source_ids, "source de données", "data source")
            if not 0 <= maturity <= 4:
                raise ValueError(
                    f"maturité de {source} entre 0 et 4 / {source} maturity must be 0 to 4 (got {maturity})"
                )
        return value

    @field_validator("pains")
    @classmethod
    def _pains(cls, value: list[str], info: ValidationInfo) -> list[str]:
        for pain in value:
            _check_id(pain, _vocabulary_of(info).pain_ids, "irritant", "pain")
        return list(dict.fromkeys(value))

    @field_validator("tasks")
    @classmethod
    def _tasks(cls, value: list[Task]) -> list[Task]:
        names = [t.name for t in value]
        if len(names) != len(set(names)):
            raise ValueError("deux tâches portent le même nom / two tasks have the same name")
        return value

    @field_validator("goals")
    @classmethod
    def _goals(cls, value: list[str]) -> list[str]:
        return list(dict.fromkeys(value))

    @field_validator("budget_band", mode="before")
    @classmethod
    def _budget(cls, value: Any) -> Any:
        return BUDGET_ALIASES.get(value, value) if isinstance(value, str) else value

    @property
    def cited_pains(self) -> set[str]:
        """Pains named directly or through a task."""
        return set(self.pains) | {t.pain for t in self.tasks if t.pain}

    def updated(self, **changes: Any) -> CompanyProfile:
        """A validated copy with ``changes``; ``data_sources`` is merged source by source, other fields replaced."""
        data = self.model_dump(exclude_unset=True)
        if "data_sources" in changes:
            changes = {**changes, "data_sources": {**self.data_sources, **changes["data_sources"]}}
        return profile_from_dict({**data, **changes}, self._vocabulary)


def _describe(exc: ValidationError) -> str:
    problems = []
    for error in exc.errors()[:5]:
        where = ".".join(map(str, error["loc"])) or "profile"
        message = error["msg"].removeprefix("Value error, ")
        if error["type"] == "extra_forbidden":
            message = "champ inconnu / unknown field"
        elif error["type"] == "missing":
            message = "champ obligatoire / required field"
        problems.append(f"{where}: {message}")
    return "; ".join(problems)


def profile_from_dict(
    data: Mapping[str, Any], vocabulary: Vocabulary | None = None, origin: str = "profile"
) -> CompanyProfile:
    """Validate ``data`` into a profile, raising ``ProfileError`` naming ``origin`` and the field."""
    if not isinstance(data, Mapping):
        raise ProfileError(f"{origin}: un dictionnaire est attendu / a mapping is expected")
    try:
        profile = CompanyProfile.model_validate(dict(data), context={"vocabulary": vocabulary})
    except ValidationError as exc:
        raise ProfileError(f"{origin}: {_describe(exc)}") from None
    profile._vocabulary = vocabulary
    return profile


def load_profile(path: Path, vocabulary: Vocabulary | None = None) -> CompanyProfile:
    """Read a profile from a ``.yaml``/``.yml`` or ``.json`` file."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ProfileError(f"{path}: fichier introuvable / file not found") from None
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise ProfileError(f"{path}: fichier illisible / cannot parse ({exc})") from None
    return profile_from_dict(data, vocabulary, origin=str(path))
