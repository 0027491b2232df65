"""The manager's discovery in one call: portfolio, ROI, AI Act orientation, what-ifs and roadmap.

``discover`` returns plain data; ``Discovery.as_dict()`` turns it into JSON-ready dicts in the
conversation language (amounts are given raw and formatted). ``missing_information`` tells a
conversational discovery which profile fields to ask for next.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from assistant.domain.aitriage import DISCLAIMER, Triage
from assistant.domain.company import CompanyProfile
from assistant.domain.portfolio import Factor, Portfolio, PortfolioItem, build_portfolio
from assistant.domain.roadmap import Roadmap, RoadmapItem, build_roadmap
from assistant.domain.roi import Range, RoiEstimate, format_eur, format_payback
from assistant.domain.training import Module
from assistant.domain.usecases import Catalogue
from assistant.domain.whatif import WhatIf, what_would_change

# Most useful first: pains and task hours drive value, data maturity drives feasibility.
ASK_ORDER = (
    "sector",
    "headcount",
    "pains",
    "tasks",
    "data_sources",
    "goals",
    "budget_band",
    "loaded_hourly_cost_eur",
    "functions",
    "risk_appetite",
    "current_tools",
)
MAX_QUESTIONS = 2


def missing_information(profile: CompanyProfile | Mapping[str, Any]) -> list[str]:
    """Up to two fields to ask about next, most useful first: unset or empty in ``profile``.

    A plain mapping stands for a partial profile still being collected (no sector yet, say).
    """
    data = profile.model_dump(exclude_unset=True) if isinstance(profile, CompanyProfile) else profile
    missing = [f for f in ASK_ORDER if data.get(f) is None or data.get(f) in ([], {})]
    return missing[:MAX_QUESTIONS]


@dataclass(frozen=True)
class Discovery:
    """Everything the manager sees after describing the company."""

    portfolio: Portfolio
    roadmap: Roadmap
    what_if: tuple[WhatIf, ...]
    missing: tuple[str, ...]
    lang: str = "fr"

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready view in ``self.lang``."""
        lang = self.lang
        return {
            "profile": self.portfolio.inputs.profile.model_dump(mode="json"),
            "portfolio": [_item(i, lang) for i in self.portfolio.items],
            "do_not_do": [_triage(t) for t in self.portfolio.do_not_do],
            "what_if": [
                {"upper": w.upper_id, "lower": w.lower_id, "found": w.change is not None, "text": w.text(lang)}
                for w in self.what_if
            ],
            "roadmap": {
                "horizons": {h: [_step(s, lang) for s in items] for h, items in self.roadmap.horizons.items()},
                "postponed": list(self.roadmap.postponed),
                "data_work": [
                    {"source": w.source, "current": w.current, "target": w.target, "months": w.months}
                    for w in self.roadmap.data_work
                ],
                "training": [
                    {"module": t.module_id, "title": t.title(lang), "hours": t.hours} for t in self.roadmap.training
                ],
            },
            "missing_information": list(self.missing),
            "disclaimer": DISCLAIMER(lang),
        }


def _factors(factors: Sequence[Factor], lang: str) -> list[dict[str, Any]]:
    return [{"name": f.name, "points": round(f.points, 1), "explanation": f.explanation(lang)} for f in factors]


def _range(values: Range[float], lang: str) -> dict[str, Any]:
    raw = {"low": round(values.low, 2), "base": round(values.base, 2), "high": round(values.high, 2)}
    return {**raw, "text": {k: format_eur(v, lang) for k, v in raw.items()}}


def _roi(roi: RoiEstimate, lang: str) -> dict[str, Any]:
    saved = roi.hours_saved_per_week
    payback = roi.payback_months
    return {
        "task_hours_per_week": roi.match.hours_per_week,
        "matched_tasks": list(roi.match.tasks),
        "match_rule": roi.match.rule,
        "hours_saved_per_week": {"low": saved.low, "base": saved.base, "high": saved.high},
        "annual_gain_eur": _range(roi.annual_gain_eur, lang),
        "one_off_cost_eur": _range(roi.one_off_cost_eur, lang),
        "yearly_running_cost_eur": _range(roi.yearly_running_cost_eur, lang),
        "net_first_year_eur": _range(roi.net_first_year_eur, lang),
        "net_yearly_eur": _range(roi.net_yearly_eur, lang),
        "payback_months": {
            k: {"months": None if m is None else round(m, 1), "text": format_payback(m, lang)}
            for k, m in (("low", payback.low), ("base", payback.base), ("high", payback.high))
        },
        "time_to_value_weeks": roi.time_to_value_weeks,
        "assumptions": [{"name": a.name, "value": a.value, "source": a.source} for a in roi.assumptions],
    }


def _triage(t: Triage) -> dict[str, Any]:
    return {
        "use_case": t.use_case_id,
        "category": t.category,
        "reason": t.reason,
        "obligations": t.obligations,
        "gdpr_personal_data": t.gdpr_personal_data,
        "dpia_likely": t.dpia_likely,
        "gdpr_note": t.gdpr_note,
        "next_steps": t.next_steps,
        "disclaimer": t.disclaimer,
    }


def _item(item: PortfolioItem, lang: str) -> dict[str, Any]:
    s = item.scored
    return {
        "rank": item.rank,
        "id": s.use_case.id,
        "title": s.use_case.title(lang),
        "function": s.use_case.function,
        "quadrant": s.quadrant,
        "value": s.value,
        "feasibility": s.feasibility,
        "priority": round(s.priority, 1),
        "value_factors": _factors(s.value_factors, lang),
        "feasibility_factors": _factors(s.feasibility_factors, lang),
        "assumptions": [{"name": a.name, "value": a.value, "source": a.source} for a in s.assumptions],
        "data_project_first": s.data_project_first,
        "data_gaps": [{"source": g.source, "current": g.current, "required": g.required} for g in s.data_gaps],
        "skill_gaps": {d: {"level": lv, "required": req} for d, (lv, req) in s.skill_gaps.items()},
        "roi": _roi(item.roi, lang),
        "triage": _triage(item.triage),
    }


def _step(step: RoadmapItem, lang: str) -> dict[str, Any]:
    return {
        "id": step.use_case_id,
        "title": step.title(lang),
        "rank": step.rank,
        "start_month": step.start_month,
        "first_gains_month": step.first_gains_month,
        "obligations_first": step.obligations_first,
        "data_work": [{"source": w.source, "current": w.current, "target": w.target} for w in step.data_work],
        "training": [{"module": t.module_id, "title": t.title(lang), "hours": t.hours} for t in step.training],
        "unreachable_skills": step.unreachable_skills,
        "skills_measured": step.skills_measured,
    }


def discover(
    profile: CompanyProfile,
    catalogue: Catalogue,
    modules: Sequence[Module],
    readiness: Mapping[str, float] | None = None,
    lang: str = "fr",
    top_n: int = 10,
) -> Discovery:
    """Rank the catalogue for ``profile``, explain the order and plan the first 18 months."""
    portfolio = build_portfolio(catalogue, profile, readiness, top_n, lang=lang)
    return Discovery(
        portfolio,
        build_roadmap(portfolio, modules),
        tuple(what_would_change(portfolio)),
        tuple(missing_information(profile)),
        lang,
    )
