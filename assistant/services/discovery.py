"""The manager's discovery as one service: the saved company profile, the guided questions, the results.

The profile is collected field by field (buttons, typed answers or an LLM), validated on every
change and saved per organisation. Team readiness comes only from confirmed self-assessments,
aggregated over at least ``k`` people.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from assistant.domain.catalogue import Text
from assistant.domain.company import CompanyProfile, ProfileError, profile_from_dict
from assistant.domain.discovery import Discovery, discover
from assistant.domain.skills import Framework
from assistant.domain.team import MIN_GROUP_SIZE, Member, TeamMap, team_map
from assistant.domain.training import Module
from assistant.domain.usecases import Catalogue
from assistant.storage.assessments import AssessmentStore
from assistant.storage.audit import AuditLog
from assistant.storage.companies import CompanyStore

# Asked in this order; the optional ones can be skipped (their default is an assumption shown in results).
STEPS = ("sector", "headcount", "pains", "tasks", "data_sources", "goals", "budget_band", "loaded_hourly_cost_eur")
OPTIONAL = {"data_sources", "goals", "budget_band", "loaded_hourly_cost_eur"}
MULTI = {"pains", "tasks", "goals", "data_sources"}
SKIPPED_KEY = "_skipped"
MAX_SOURCES_ASKED = 4


class DiscoveryError(ValueError):
    """A change the profile cannot accept; the message is safe to show."""


@dataclass(frozen=True)
class Step:
    """What to ask next: a field, how to answer it, and the choices if any."""

    field: str
    kind: str  # choice | multi | text | done
    choices: tuple[tuple[str, str], ...] = ()
    chosen: tuple[str, ...] = ()
    subject: str | None = None  # e.g. the data source whose maturity is asked
    can_finish: bool = False


@dataclass(frozen=True)
class DiscoveryState:
    """The draft profile, what to ask next, and the results once enough is known."""

    draft: dict[str, Any]
    step: Step
    result: Discovery | None = None
    readiness_note: str | None = None
    notes: list[str] = field(default_factory=list)

    def as_dict(self, lang: str = "fr") -> dict[str, Any]:
        """Plain data for tool artifacts and JSON."""
        return {
            "draft": {k: v for k, v in self.draft.items() if not k.startswith("_")},
            "step": {
                "field": self.step.field,
                "kind": self.step.kind,
                "choices": [list(c) for c in self.step.choices],
                "subject": self.step.subject,
            },
            "ready": self.result is not None,
            "discovery": self.result.as_dict() if self.result is not None else None,
            "readiness_note": self.readiness_note,
        }


READINESS_NOTES = {
    "measured": Text(
        fr="Compétences de l'équipe : moyennes anonymes de {n} auto-évaluations confirmées.",
        en="Team skills: anonymous averages of {n} confirmed self-assessments.",
    ),
    "unmeasured": Text(
        fr="Compétences de l'équipe non mesurées (moins de {k} auto-évaluations confirmées) : hypothèse prudente.",
        en="Team skills not measured (fewer than {k} confirmed self-assessments): a cautious assumption is used.",
    ),
}


class DiscoveryService:
    """Collect the company profile and compute the portfolio, roadmap and team map."""

    def __init__(
        self,
        catalogue: Catalogue,
        modules: Sequence[Module],
        framework: Framework,
        companies: CompanyStore,
        assessments: AssessmentStore,
        k: int = MIN_GROUP_SIZE,
        audit: AuditLog | None = None,
    ) -> None:
        if k < MIN_GROUP_SIZE:
            raise ValueError(f"the anonymity threshold cannot be below {MIN_GROUP_SIZE}")
        self.catalogue, self.modules, self.framework = catalogue, tuple(modules), framework
        self.companies, self.assessments, self.k, self.audit = companies, assessments, k, audit

    # -- profile ---------------------------------------------------------------------------------

    def draft(self, organisation: str) -> dict[str, Any]:
        """The saved (possibly partial) profile."""
        return self.companies.load(organisation)

    def update(self, organisation: str, changes: Mapping[str, Any], lang: str = "fr") -> DiscoveryState:
        """Merge ``changes`` into the draft, validate, save; nothing is saved if a value is invalid."""
        draft = self.draft(organisation)
        merged = _merge(draft, changes)
        self._validate(merged)
        self.companies.save(organisation, merged)
        return self.state(organisation, lang)

    def skip(self, organisation: str, field_name: str, lang: str = "fr") -> DiscoveryState:
        """Leave an optional field (or a multi-answer field) as it is and move on."""
        draft = self.draft(organisation)
        if field_name not in OPTIONAL and not (field_name in MULTI and draft.get(field_name)):
            raise DiscoveryError(f"{field_name} is needed before moving on")
        draft[SKIPPED_KEY] = sorted({*draft.get(SKIPPED_KEY, []), field_name})
        self.companies.save(organisation, draft)
        return self.state(organisation, lang)

    def restart(self, organisation: str) -> None:
        """Forget the draft to describe the company again."""
        self.companies.clear(organisation)

    def load_profile_data(self, organisation: str, data: Mapping[str, Any], lang: str = "fr") -> DiscoveryState:
        """Replace the draft with a complete profile (e.g. from a file); validated first."""
        profile = self._validate(dict(data))
        saved = profile.model_dump(mode="json", exclude_unset=True)
        saved[SKIPPED_KEY] = [f for f in STEPS if f in OPTIONAL or f in MULTI]
        self.companies.save(organisation, saved)
        return self.state(organisation, lang)

    # -- results ---------------------------------------------------------------------------------

    def state(self, organisation: str, lang: str = "fr") -> DiscoveryState:
        """The next question, and the results once sector, headcount, pains and tasks are known."""
        draft = self.draft(organisation)
        step = self._next_step(draft, lang)
        result, note = None, None
        if step.kind == "done":
            readiness, note = self.readiness(organisation, lang)
            result = discover(self.profile(draft), self.catalogue, self.modules, readiness, lang)
        return DiscoveryState(draft, step, result, note)

    def profile(self, draft: Mapping[str, Any]) -> CompanyProfile:
        """The validated profile of a draft."""
        return self._validate(dict(draft))

    def readiness(self, organisation: str, lang: str = "fr") -> tuple[dict[str, float] | None, str]:
        """Team mean levels per domain from confirmed results, only when at least ``k`` people."""
        tmap = self.team(organisation)
        key = "en" if lang == "en" else "fr"
        if tmap is None or tmap.total.suppressed is not None:
            return None, READINESS_NOTES["unmeasured"](key).format(k=self.k)
        cells = tmap.total.cells
        n = next(iter(cells.values())).n if cells else 0
        return {d: c.mean for d, c in cells.items()}, READINESS_NOTES["measured"](key).format(n=n)

    def team(self, organisation: str, group_by: str = "role") -> TeamMap | None:
        """The anonymous team skills map (None when nobody has confirmed results)."""
        rows = self.assessments.confirmed_results(organisation)
        if not rows:
            return None
        members = [Member(team, role, levels) for team, role, levels in rows]
        return team_map(members, self.framework.domain_ids, group_by=group_by, k=self.k)  # type: ignore[arg-type]

    def view_team(self, organisation: str, actor: str, group_by: str = "role") -> TeamMap | None:
        """The team map as a manager sees it; every view is written to the audit log."""
        tmap = self.team(organisation, group_by)
        if self.audit is not None:
            self.audit.record("team_map_viewed", organisation, actor, detail=f"group_by={group_by}")
        return tmap

    # -- helpers ---------------------------------------------------------------------------------

    def _validate(self, data: dict[str, Any]) -> CompanyProfile:
        clean = {k: v for k, v in data.items() if not k.startswith("_")}
        # A partial draft is checked with placeholders for the two required fields not yet given.
        probe = {"sector": "services", "headcount": 10, **clean}
        try:
            return profile_from_dict(probe, self.catalogue.vocabulary, origin="profil / profile")
        except ProfileError as exc:
            raise DiscoveryError(str(exc)) from None

    def _next_step(self, draft: Mapping[str, Any], lang: str) -> Step:
        skipped = set(draft.get(SKIPPED_KEY, []))
        vocabulary = self.catalogue.vocabulary
        key = "en" if lang == "en" else "fr"
        basics = bool(draft.get("sector")) and bool(draft.get("headcount"))
        can_finish = basics and bool(draft.get("pains")) and bool(draft.get("tasks"))
        for name in STEPS:
            value = draft.get(name)
            if name in skipped or (value not in (None, [], {}) and name not in MULTI):
                continue
            if name == "sector":
                choices = tuple((s.id, s.label(key)) for s in vocabulary.sectors if s.id != "all")
                return Step(name, "choice", choices)
            if name == "headcount":
                return Step(name, "text")
            if name == "pains":
                chosen = tuple(value or ())
                choices = tuple((p.id, p.label(key)) for p in vocabulary.pains if p.id not in chosen)
                return Step(name, "multi", choices, chosen, can_finish=can_finish)
            if name == "tasks":
                return Step(name, "text", chosen=tuple(t["name"] for t in value or ()), can_finish=can_finish)
            if name == "data_sources":
                wanted = self._sources_to_ask(draft)
                pending = [s for s in wanted if s not in (value or {})]
                if not pending:
                    continue
                return Step(name, "choice", _MATURITY[key], subject=pending[0], can_finish=can_finish)
            if name == "goals":
                chosen = tuple(value or ())
                choices = tuple((g.id, g.label(key)) for g in vocabulary.goals if g.id not in chosen)
                if not choices:
                    continue
                return Step(name, "multi", choices, chosen, can_finish=can_finish)
            if name == "budget_band":
                return Step(name, "choice", _BUDGETS[key], can_finish=can_finish)
            if name == "loaded_hourly_cost_eur":
                return Step(name, "choice", _HOURLY_COSTS, can_finish=can_finish)
        return Step("done", "done") if can_finish else Step("pains" if basics else "sector", "text")

    def source_label(self, source_id: str, lang: str = "fr") -> str:
        """The label of a data source, for the question about its maturity."""
        for source in self.catalogue.vocabulary.data_sources:
            if source.id == source_id:
                return source.label("en" if lang == "en" else "fr")
        return source_id

    def _sources_to_ask(self, draft: Mapping[str, Any]) -> list[str]:
        """The data sources the likely use cases depend on, most needed first (at most four)."""
        pains = set(draft.get("pains") or ())
        functions = set(draft.get("functions") or ()) or None
        counts: dict[str, int] = {}
        for use_case in self.catalogue.use_cases:
            if functions is not None and use_case.function not in functions:
                continue
            weight = 2 if pains & set(use_case.pains) else 0
            for prerequisite in use_case.data_prerequisites:
                counts[prerequisite.source] = counts.get(prerequisite.source, 0) + weight
        ranked = sorted((s for s, c in counts.items() if c > 0), key=lambda s: (-counts[s], s))
        return ranked[:MAX_SOURCES_ASKED]


_MATURITY = {
    "fr": (
        ("0", "0 · Inexistantes (papier, têtes)"),
        ("1", "1 · Dispersées (tableurs, mails)"),
        ("2", "2 · Centralisées"),
        ("3", "3 · Maîtrisées"),
        ("4", "4 · Prêtes pour l'IA"),
    ),
    "en": (
        ("0", "0 · None (paper, heads)"),
        ("1", "1 · Scattered (spreadsheets, emails)"),
        ("2", "2 · Centralised"),
        ("3", "3 · Managed"),
        ("4", "4 · AI-ready"),
    ),
}
_HOURLY_COSTS = (("35", "35 €"), ("45", "45 €"), ("55", "55 €"), ("70", "70 €"))
_BUDGETS = {
    "fr": (
        ("under_5k", "< 5 000 €"),
        ("5k_20k", "5 000 – 20 000 €"),
        ("20k_50k", "20 000 – 50 000 €"),
        ("over_50k", "> 50 000 €"),
    ),
    "en": (
        ("under_5k", "< €5,000"),
        ("5k_20k", "€5,000 – 20,000"),
        ("20k_50k", "€20,000 – 50,000"),
        ("over_50k", "> €50,000"),
    ),
}


def _merge(draft: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """Lists of pains and goals grow, tasks are replaced by name, data sources merge, the rest replaces."""
    merged = dict(draft)
    for key, value in changes.items():
        if key in ("pains", "goals", "functions", "current_tools") and isinstance(value, list):
            merged[key] = list(dict.fromkeys([*merged.get(key, []), *value]))
        elif key == "tasks" and isinstance(value, list):
            by_name = {t["name"]: t for t in merged.get("tasks", [])}
            by_name.update({t["name"]: t for t in value if isinstance(t, dict) and "name" in t})
            merged[key] = list(by_name.values())
        elif key == "data_sources" and isinstance(value, dict):
            merged[key] = {**merged.get(key, {}), **value}
        else:
            merged[key] = value
    return merged
