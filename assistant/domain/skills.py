"""The employee AI-skills framework: levels, domains, role targets and the question bank."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from assistant.domain.catalogue import CatalogueError, Text, load_yaml

MAX_LEVEL = 4
Kind = Literal["self", "scenario", "open"]


class Level(BaseModel):
    """One step of the 0-4 proficiency scale."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    level: int = Field(ge=0, le=MAX_LEVEL)
    label: Text
    summary: Text


class Mappings(BaseModel):
    """How a domain relates to public frameworks (cited, not copied)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    ai_act_art4: Text
    digcomp: list[str]
    unesco: list[str]


class SourceLink(BaseModel):
    """A cited public source."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    title: str
    url: str


class Domain(BaseModel):
    """A competency domain with one behavioural descriptor per level."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    name: Text
    description: Text
    descriptors: list[Text] = Field(min_length=MAX_LEVEL + 1, max_length=MAX_LEVEL + 1)
    mappings: Mappings
    sources: list[SourceLink] = Field(min_length=1)


class Role(BaseModel):
    """A PME job role and the level it needs in each domain."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    name: Text
    description: Text
    targets: dict[str, int]
    rationale: Text
    aliases: list[str] = Field(default_factory=list)


class Option(BaseModel):
    """An answer option: a behavioural anchor (self items) or a choice (scenarios)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    text: Text
    level: int | None = Field(None, ge=0, le=MAX_LEVEL)
    correct: bool | None = None


class Item(BaseModel):
    """A question of the interview."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    domain: str
    kind: Kind
    text: Text
    options: list[Option] = Field(default_factory=list)
    difficulty: int | None = Field(None, ge=1, le=MAX_LEVEL)
    explanation: Text | None = None

    @model_validator(mode="after")
    def _shape_matches_kind(self) -> Item:
        if self.kind == "self":
            if [o.level for o in self.options] != list(range(MAX_LEVEL + 1)):
                raise ValueError("a self item needs 5 options with levels 0..4 in order")
        elif self.kind == "scenario":
            if self.difficulty is None or self.explanation is None:
                raise ValueError("a scenario needs a difficulty and an explanation")
            if sum(bool(o.correct) for o in self.options) != 1 or len(self.options) < 3:
                raise ValueError("a scenario needs 3-4 options with exactly one correct")
        elif self.options:
            raise ValueError("an open item has no options")
        return self

    def option(self, option_id: str) -> Option | None:
        """The option with that id, if any."""
        return next((o for o in self.options if o.id == option_id), None)


class _Levels(BaseModel):
    model_config = ConfigDict(extra="forbid")
    levels: list[Level]


class _Domains(BaseModel):
    model_config = ConfigDict(extra="forbid")
    domains: list[Domain]


class _Roles(BaseModel):
    model_config = ConfigDict(extra="forbid")
    roles: list[Role]


class _Items(BaseModel):
    model_config = ConfigDict(extra="forbid")
    items: list[Item]


@dataclass(frozen=True)
class Framework:
    """The whole framework, cross-checked on load."""

    levels: tuple[Level, ...]
    domains: tuple[Domain, ...]
    roles: tuple[Role, ...]
    items: tuple[Item, ...]

    @cached_property
    def item_by_id(self) -> dict[str, Item]:
        """Items indexed by id."""
        return {item.id: item for item in self.items}

    @cached_property
    def domain_ids(self) -> tuple[str, ...]:
        """Domain ids in interview order."""
        return tuple(d.id for d in self.domains)

    def domain(self, domain_id: str) -> Domain:
        """The domain with that id."""
        return next(d for d in self.domains if d.id == domain_id)

    def role(self, role_id: str) -> Role:
        """The role with that id, or a clear error."""
        for role in self.roles:
            if role.id == role_id:
                return role
        raise KeyError(f"unknown role {role_id!r}; choose one of {', '.join(r.id for r in self.roles)}")

    def match_role(self, text: str) -> str | None:
        """The role a person named in their own words ("comptable", "RH", "Sales"), if exactly one fits."""
        words = f" {_fold_words(text)} "
        found = set()
        for role in self.roles:
            names = [role.id, role.name.fr, role.name.en, *role.aliases]
            if any(f" {_fold_words(name)} " in words for name in names if name):
                found.add(role.id)
        if len(found) > 1:  # "manager" alone is a team manager, unless a more specific role was named
            found.discard("team_manager")
        return found.pop() if len(found) == 1 else None

    def items_of(self, domain_id: str, kind: Kind) -> list[Item]:
        """Items of a domain and kind, in file order."""
        return [i for i in self.items if i.domain == domain_id and i.kind == kind]

    def check(self) -> None:
        """Cross-file consistency: ids unique, references resolve, every domain answerable."""
        ids = [i.id for i in self.items]
        if len(ids) != len(set(ids)):
            raise CatalogueError("items.yaml: duplicate item ids")
        if [lv.level for lv in self.levels] != list(range(MAX_LEVEL + 1)):
            raise CatalogueError("levels.yaml: levels must be 0..4 in order")
        known = set(self.domain_ids)
        for item in self.items:
            if item.domain not in known:
                raise CatalogueError(f"items.yaml: {item.id} refers to unknown domain {item.domain!r}")
        for role in self.roles:
            if set(role.targets) != known or not all(0 <= v <= MAX_LEVEL for v in role.targets.values()):
                raise CatalogueError(f"roles.yaml: {role.id} needs a 0..4 target for every domain")
        for domain_id in known:
            if not self.items_of(domain_id, "self") or not self.items_of(domain_id, "scenario"):
                raise CatalogueError(f"items.yaml: domain {domain_id} needs self and scenario items")


def _fold_words(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("_", " "))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.findall(r"[a-z0-9']+", plain))


def load_framework(directory: Path) -> Framework:
    """Load and validate ``levels``, ``domains``, ``roles`` and ``items`` from ``directory``."""
    framework = Framework(
        levels=tuple(load_yaml(directory / "levels.yaml", _Levels).levels),
        domains=tuple(load_yaml(directory / "domains.yaml", _Domains).domains),
        roles=tuple(load_yaml(directory / "roles.yaml", _Roles).roles),
        items=tuple(load_yaml(directory / "items.yaml", _Items).items),
    )
    framework.check()
    return framework
