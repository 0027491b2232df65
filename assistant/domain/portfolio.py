"""Score, rank and explain the use cases that fit a company (value x feasibility matrix).

Value (0-100) = pains (up to 40: square root of the share of the case's pains the manager cited)
+ goals (up to 20: rank-weighted overlap with the stated goals) + volume (up to 40: annual gain in
euros, saturating as 1 - exp(-gain / 12 000 €), so more hours saved never lower it). A case is a
quick win from value 60 and feasibility 65.
Feasibility (0-100) = data (up to 35) + team skills (up to 20) + effort (up to 20) + risk
(-25 to 15) + budget fit (up to 10). An unknown input scores neutral and is listed as an assumption.
A prerequisite source whose maturity is unknown, or two levels or more short, means a data project
comes first: feasibility is capped at 50 and, as for a high-risk case, it is never a quick win.
Prohibited cases are never ranked; they are listed as "do not do".
Priority = value x feasibility / 100, ties broken by value then id.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from assistant.domain.aitriage import Triage, triage
from assistant.domain.catalogue import Text
from assistant.domain.company import BUDGET_CEILING_EUR, CompanyProfile
from assistant.domain.roi import Assumption, RoiEstimate, estimate_roi, format_eur
from assistant.domain.usecases import Catalogue, Term, UseCase, Vocabulary

Quadrant = Literal["quick_win", "strategic_bet", "complement", "postpone"]
Scenario = Literal["low", "base", "high"]
VALUE_THRESHOLD = 60.0
FEASIBILITY_THRESHOLD = 65.0
VOLUME_SCALE_EUR = 12_000.0
GOAL_WEIGHTS = (1.0, 0.5, 0.3, 0.2)
GAP_SCORES = (1.0, 0.6, 0.2, 0.0, 0.0)
EFFORT_POINTS = {"low": 20.0, "medium": 12.0, "high": 4.0}
RISK_POINTS = {  # by risk appetite: high-risk cases are strongly penalised, transparency ones lightly
    "low": {"minimal": 15.0, "transparency": 7.0, "high_risk": -25.0},
    "medium": {"minimal": 15.0, "transparency": 10.0, "high_risk": -20.0},
    "high": {"minimal": 15.0, "transparency": 12.0, "high_risk": -12.0},
}
DPIA_PENALTY = 3.0
EFFORT_LABELS = {
    "low": Text(fr="faible", en="Low"),
    "medium": Text(fr="moyen", en="Medium"),
    "high": Text(fr="élevé", en="High"),
}
CATEGORY_LABELS = {
    "prohibited": Text(fr="pratique interdite", en="prohibited practice"),
    "high_risk": Text(fr="haut risque", en="high risk"),
    "transparency": Text(fr="obligation de transparence", en="transparency duty"),
    "minimal": Text(fr="risque minimal", en="minimal risk"),
}
DATA_PROJECT_CAP = 50.0  # a case waiting for a data project is not feasible now, whatever else is ready


@dataclass(frozen=True)
class Factor:
    """One contribution to a score, with the reason in both languages."""

    name: str
    points: float
    explanation: Text
    neutral: bool = False  # the input was unknown and a middle score was used


@dataclass(frozen=True)
class DataGap:
    """A prerequisite source below the level the case needs (``current`` None when not declared)."""

    source: str
    current: int | None
    required: int

    @property
    def gap(self) -> int:
        """Levels to climb, an undeclared source counting as level 0."""
        return self.required - (self.current or 0)


@dataclass(frozen=True)
class Scored:
    """A use case scored for one company."""

    use_case: UseCase
    value: float
    feasibility: float
    value_factors: tuple[Factor, ...]
    feasibility_factors: tuple[Factor, ...]
    assumptions: tuple[Assumption, ...]
    data_gaps: tuple[DataGap, ...]
    skill_gaps: dict[str, tuple[float, int]]
    roi: RoiEstimate
    quadrant: Quadrant

    @property
    def data_project_first(self) -> bool:
        """True when a source is undeclared or two levels or more short."""
        return any(g.current is None or g.gap >= 2 for g in self.data_gaps)

    @property
    def priority(self) -> float:
        """Value x feasibility / 100."""
        return self.value * self.feasibility / 100

    def sort_key(self) -> tuple[float, float, str]:
        """Ascending key: best first."""
        return (-self.priority, -self.value, self.use_case.id)


def bilingual(fr: str, en: str) -> Text:
    return Text(fr=fr, en=en)


def french_number(number: float, spec: str = "g") -> str:
    return format(number, spec).replace(".", ",")


def _names(ids: Sequence[str], terms: Sequence[Term] | None) -> Text:
    """Vocabulary labels of ``ids`` (the ids themselves without a vocabulary)."""
    labels = {t.id: t.label for t in terms or ()}
    fr = ", ".join(labels[i].fr if i in labels else i for i in ids)
    en = ", ".join(labels[i].en if i in labels else i for i in ids)
    return bilingual(fr or "aucun", en or "none")


def _value(
    use_case: UseCase, profile: CompanyProfile, roi: RoiEstimate, scenario: Scenario, vocabulary: Vocabulary | None
) -> list[Factor]:
    cited = profile.cited_pains
    matched = [p for p in use_case.pains if p in cited]
    if cited:
        points = 40 * math.sqrt(len(matched) / len(use_case.pains))
        names = _names(matched, vocabulary.pains if vocabulary else None)
        why = bilingual(f"Irritants cités : {names.fr}", f"Pains cited: {names.en}")
    else:
        points, why = 15.0, bilingual("Irritants pas encore décrits (neutre)", "Pains not described yet (neutral)")
    factors = [Factor("pains", points, why, not cited)]
    if profile.goals:
        weight = sum(GOAL_WEIGHTS[i] for i, goal in enumerate(profile.goals) if goal in use_case.goals)
        hits = _names([g for g in profile.goals if g in use_case.goals], vocabulary.goals if vocabulary else None)
        why = bilingual(f"Objectifs servis : {hits.fr}", f"Goals served: {hits.en}")
        factors.append(Factor("goals", 20 * min(weight, 1.0), why))
    else:
        factors.append(
            Factor("goals", 10.0, bilingual("Objectifs non précisés (neutre)", "Goals not stated (neutral)"), True)
        )
    gain = getattr(roi.annual_gain_eur, scenario)
    hours = getattr(roi.hours_saved_per_week, scenario)
    if profile.tasks or roi.match.rule == "override":
        why = bilingual(
            f"{french_number(hours, '.1f')} h/semaine économisées, soit {format_eur(gain, 'fr')} par an",
            f"{hours:.1f} h/week saved, {format_eur(gain, 'en')} a year",
        )
        factors.append(Factor("volume", 40 * (1 - math.exp(-gain / VOLUME_SCALE_EUR)), why))
    else:
        factors.append(
            Factor(
                "volume",
                12.0,
                bilingual("Temps des tâches non déclaré (neutre)", "Task time not declared (neutral)"),
                True,
            )
        )
    return factors


def _data(use_case: UseCase, profile: CompanyProfile) -> tuple[Factor, tuple[DataGap, ...]]:
    gaps, scores = [], []
    for need in use_case.data_prerequisites:
        current = profile.data_sources.get(need.source)
        gap = max(need.min_quality - (current or 0), 0)
        scores.append(GAP_SCORES[gap] if current is not None else GAP_SCORES[max(gap, 2)])
        if current is None or gap:
            gaps.append(DataGap(need.source, current, need.min_quality))
    listed = ", ".join(f"{g.source} {'?' if g.current is None else g.current}→{g.required}" for g in gaps)
    why = (
        bilingual(f"Écarts de données : {listed}", f"Data gaps: {listed}")
        if gaps
        else bilingual("Données prêtes", "Data ready")
    )
    points = 35 * (sum(scores) / len(scores) if scores else 1.0)
    return Factor("data", points, why), tuple(gaps)


def _skills(use_case: UseCase, readiness: Mapping[str, float] | None) -> tuple[Factor, dict[str, tuple[float, int]]]:
    if readiness is None:
        why = bilingual("Compétences de l'équipe non mesurées (neutre)", "Team skills not measured (neutral)")
        return Factor("skills", 10.0, why, True), {}
    gaps: dict[str, tuple[float, int]] = {}
    scores = []
    for domain, needed in use_case.skill_prerequisites.items():
        level = readiness.get(domain)
        scores.append(0.5 if level is None else max(0.0, 1 - max(needed - level, 0) / 2))
        if level is None or level < needed:
            gaps[domain] = (level or 0.0, needed)
    listed = ", ".join(f"{d} {lv:.1f}→{n}" for d, (lv, n) in gaps.items())
    why = (
        bilingual(f"Écarts de compétences : {listed}", f"Skill gaps: {listed}")
        if gaps
        else bilingual("Équipe au niveau", "Team at level")
    )
    return Factor("skills", 20 * (sum(scores) / len(scores) if scores else 1.0), why), gaps


def _risk_and_budget(use_case: UseCase, profile: CompanyProfile, roi: RoiEstimate) -> list[Factor]:
    category = use_case.ai_act.category
    points = RISK_POINTS[profile.risk_appetite].get(category, 0.0) - (DPIA_PENALTY if use_case.gdpr.dpia_likely else 0)
    label = CATEGORY_LABELS[category]
    dpia = use_case.gdpr.dpia_likely
    why = bilingual(f"AI Act : {label.fr}{' + AIPD' if dpia else ''}", f"AI Act: {label.en}{' + DPIA' if dpia else ''}")
    factors = [Factor("risk", points, why)]
    cost = roi.one_off_cost_eur.base + roi.yearly_running_cost_eur.base
    if profile.budget_band is None:
        factors.append(
            Factor("budget", 5.0, bilingual("Budget non précisé (neutre)", "Budget not stated (neutral)"), True)
        )
        return factors
    ceiling = BUDGET_CEILING_EUR[profile.budget_band]
    points = 10.0 if ceiling is None or cost <= ceiling / 2 else 5.0 if cost <= ceiling else 0.0
    factors.append(
        Factor(
            "budget",
            points,
            bilingual(f"Coût 1re année {format_eur(cost, 'fr')}", f"First-year cost {format_eur(cost, 'en')}"),
        )
    )
    return factors


def score_use_case(
    use_case: UseCase,
    profile: CompanyProfile,
    readiness: Mapping[str, float] | None = None,
    *,
    scenario: Scenario = "base",
    hours_per_week: float | None = None,
    vocabulary: Vocabulary | None = None,
) -> Scored:
    """Score value and feasibility of ``use_case`` for ``profile`` (readiness: mean team level per domain).

    ``vocabulary`` only serves to name pains and goals by their labels in the explanations.
    """
    roi = estimate_roi(use_case, profile, hours_per_week)
    value_factors = _value(use_case, profile, roi, scenario, vocabulary)
    data, data_gaps = _data(use_case, profile)
    skills, skill_gaps = _skills(use_case, readiness)
    level = EFFORT_LABELS[use_case.effort]
    effort = Factor("effort", EFFORT_POINTS[use_case.effort], bilingual(f"Effort {level.fr}", f"{level.en} effort"))
    feasibility_factors = [data, skills, effort, *_risk_and_budget(use_case, profile, roi)]
    data_first = any(g.current is None or g.gap >= 2 for g in data_gaps)
    excess = sum(f.points for f in feasibility_factors) - DATA_PROJECT_CAP
    if data_first and excess > 0:
        why = bilingual("Chantier données préalable : faisabilité plafonnée", "Data project first: feasibility capped")
        feasibility_factors.append(Factor("data_project", -excess, why))
    value = min(max(sum(f.points for f in value_factors), 0.0), 100.0)
    feasibility = min(max(sum(f.points for f in feasibility_factors), 0.0), 100.0)
    unknown = [f for f in (*value_factors, *feasibility_factors) if f.neutral]
    assumptions = (*roi.assumptions, *(Assumption(f.name, f.explanation.en, "default") for f in unknown))
    blocked = data_first or use_case.ai_act.category == "high_risk"
    high_value, feasible = value >= VALUE_THRESHOLD, feasibility >= FEASIBILITY_THRESHOLD
    quadrant: Quadrant = (
        "quick_win" if high_value and feasible and not blocked
        else "strategic_bet" if high_value
        else "complement" if feasible
        else "postpone"
    )  # fmt: skip
    return Scored(
        use_case, round(value, 1), round(feasibility, 1), tuple(value_factors), tuple(feasibility_factors),
        assumptions, data_gaps, skill_gaps, roi, quadrant,
    )  # fmt: skip


@dataclass(frozen=True)
class PortfolioInputs:
    """Everything a ranking depends on, kept so it can be re-run with changed assumptions."""

    catalogue: Catalogue
    profile: CompanyProfile
    readiness: Mapping[str, float] | None = None
    top_n: int = 10
    scenario: Scenario = "base"
    lang: str = "fr"


@dataclass(frozen=True)
class PortfolioItem:
    """A recommended use case with its score, ROI and AI Act orientation."""

    rank: int
    scored: Scored
    triage: Triage

    @property
    def roi(self) -> RoiEstimate:
        """The ROI estimate behind the volume score."""
        return self.scored.roi


@dataclass(frozen=True)
class Portfolio:
    """The ranked recommendations, the full ranking and what must not be done."""

    inputs: PortfolioInputs
    items: tuple[PortfolioItem, ...]
    ranked: tuple[Scored, ...]
    do_not_do: tuple[Triage, ...]


def applicable(catalogue: Catalogue, profile: CompanyProfile) -> list[UseCase]:
    """Use cases for every sector or the profile's, in a function the company has."""
    return [
        u
        for u in catalogue.use_cases
        if ("all" in u.sectors or profile.sector in u.sectors) and u.function in profile.functions
    ]


def rank(inputs: PortfolioInputs) -> Portfolio:
    """Score every applicable case, rank by priority and keep the top ``inputs.top_n``."""
    cases = applicable(inputs.catalogue, inputs.profile)
    vocabulary = inputs.catalogue.vocabulary
    banned = tuple(triage(u, inputs.lang) for u in cases if u.ai_act.category == "prohibited")
    scored = [
        score_use_case(u, inputs.profile, inputs.readiness, scenario=inputs.scenario, vocabulary=vocabulary)
        for u in cases
        if u.ai_act.category != "prohibited"
    ]
    ranked = tuple(sorted(scored, key=Scored.sort_key))
    items = tuple(
        PortfolioItem(i + 1, s, triage(s.use_case, inputs.lang)) for i, s in enumerate(ranked[: inputs.top_n])
    )
    return Portfolio(inputs, items, ranked, banned)


def build_portfolio(
    catalogue: Catalogue,
    profile: CompanyProfile,
    readiness: Mapping[str, float] | None = None,
    top_n: int = 10,
    *,
    scenario: Scenario = "base",
    lang: str = "fr",
) -> Portfolio:
    """The prioritised portfolio of ``catalogue`` for ``profile``."""
    return rank(PortfolioInputs(catalogue, profile, readiness, top_n, scenario, lang))
