"""Manager tools: thin wrappers over ``DiscoveryService``.

The organisation is taken from the run context the server built, never from model arguments.
Each tool returns short text for the model and the discovery state as an artifact the UI renders
(guided question, value x feasibility matrix, ranked table, roadmap, team heatmap).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from langchain.tools import ToolRuntime
from langchain_core.tools import BaseTool, StructuredTool
from pydantic import BaseModel, Field

from assistant.domain.aitriage import triage
from assistant.domain.profile_parsing import FIELD_PROMPTS, ParseError, parse_field
from assistant.domain.roi import estimate_roi, format_eur, format_payback
from assistant.services.discovery import DiscoveryError, DiscoveryService, DiscoveryState
from assistant.tools.assessment import READ_ONLY_TURN, SessionContext, searched_this_turn

DISCOVERY_TOOLS = ("update_company_profile", "discover_use_cases", "estimate_roi", "ai_act_triage", "team_skills_map")
NO_ORGANISATION = "NOT_AVAILABLE: this conversation has no known organisation."
Lang = Literal["fr", "en"]


class TaskInput(BaseModel):
    """A recurring task of the company."""

    name: str = Field(min_length=1, max_length=200)
    hours_per_week: float = Field(description="Hours per week per person")
    people: int = Field(1, description="How many people do it")
    pain: str | None = Field(None, description="Pain id from the vocabulary, if one fits")


class ProfileInput(BaseModel):
    """Fields of the company profile to set; give only what the manager said."""

    sector: str | None = Field(None, description="Sector id")
    headcount: int | None = None
    pains: list[str] | None = Field(None, description="Pain ids")
    tasks: list[TaskInput] | None = None
    data_sources: dict[str, int] | None = Field(None, description="Data source id -> maturity 0-4")
    goals: list[str] | None = Field(None, description="growth, international, cost, quality, most important first")
    budget_band: Literal["under_5k", "5k_20k", "20k_50k", "over_50k"] | None = None
    risk_appetite: Literal["low", "medium", "high"] | None = None
    loaded_hourly_cost_eur: float | None = None
    user_words: str | None = Field(
        None, max_length=2000, description="The manager's own words for the field being asked, when not structured"
    )
    skip_field: str | None = Field(None, description="Move on from this field (optional or already answered)")


class DiscoverInput(BaseModel):
    """Options of the portfolio."""

    lang: Lang | None = Field(None, description="Language of the texts returned; default: the user's")


class UseCaseInput(BaseModel):
    """One use case of the catalogue, with optional changed assumptions."""

    use_case_id: str = Field(min_length=2, max_length=80)
    hourly_cost_eur: float | None = Field(None, gt=0, le=500, description="Loaded hourly cost to assume")
    hours_per_week: float | None = Field(None, ge=0, le=2000, description="Task hours per week to assume")
    lang: Lang | None = None


class TeamInput(BaseModel):
    """How to group the anonymous team map."""

    group_by: Literal["role", "team"] = "role"
    lang: Lang | None = None


def _context(runtime: ToolRuntime | None) -> SessionContext | None:
    context = getattr(runtime, "context", None)
    return context if isinstance(context, SessionContext) and context.owner is not None else None


def describe_state(state: DiscoveryState, service: DiscoveryService, lang: str) -> str:
    """The discovery state as compact text for the model."""
    if state.result is None:
        step = state.step
        prompt = FIELD_PROMPTS[step.field](lang) if step.field in FIELD_PROMPTS else step.field
        subject = f" (source: {service.source_label(step.subject, lang)})" if step.subject else ""
        return f"PROFILE_INCOMPLETE. Ask next (one question; the screen shows buttons): {step.field}{subject}: {prompt}"
    data = state.result.as_dict()
    lines = ["PORTFOLIO (ranked; the screen shows the matrix, table and roadmap):"]
    for item in data["portfolio"][:8]:
        roi = item["roi"]
        lines.append(
            f"{item['rank']}. {item['id']} — {item['title']}: {item['quadrant']}, value {item['value']}, "
            f"feasibility {item['feasibility']}, net/year {roi['net_yearly_eur']['text']['base']}, "
            f"payback {roi['payback_months']['base']['text']}, AI Act {item['triage']['category']}"
        )
    lines += [f"What if: {w['text']}" for w in data["what_if"]]
    lines += [f"Do not do: {t['use_case']} ({t['reason']})" for t in data["do_not_do"]]
    lines += [state.readiness_note or "", data["disclaimer"]]
    return "\n".join(line for line in lines if line)


def make_discovery_tools(service: DiscoveryService) -> list[BaseTool]:
    """Build the five manager tools over one service."""

    def run(
        runtime: ToolRuntime | None, action: Callable[[str, str], tuple[str, dict[str, Any]]], lang: str | None
    ) -> tuple[str, dict[str, Any]]:
        context = _context(runtime)
        if context is None:
            return NO_ORGANISATION, {"kind": "discovery", "error": NO_ORGANISATION}
        assert context.owner is not None
        language = "en" if (lang or context.language) == "en" else "fr"
        try:
            return action(context.owner.organisation, language)
        except (DiscoveryError, ParseError, ValueError) as exc:
            message = exc.message(language) if isinstance(exc, ParseError) else str(exc)
            state = service.state(context.owner.organisation, language)
            return (
                f"NOT_SAVED: {message}\n{describe_state(state, service, language)}",
                {"kind": "discovery", "error": message, **state.as_dict(language)},
            )

    def with_state(state: DiscoveryState, lang: str, prefix: str = "") -> tuple[str, dict[str, Any]]:
        return prefix + describe_state(state, service, lang), {"kind": "discovery", **state.as_dict(lang)}

    def update_company_profile(runtime: ToolRuntime = None, **fields: Any) -> tuple[str, dict[str, Any]]:  # type: ignore[assignment]
        if searched_this_turn(runtime):
            return READ_ONLY_TURN, {"kind": "discovery", "error": READ_ONLY_TURN}

        def action(org: str, lang: str) -> tuple[str, dict[str, Any]]:
            words, skip = fields.pop("user_words", None), fields.pop("skip_field", None)
            changes = {k: v for k, v in fields.items() if v is not None and k != "lang"}
            if "tasks" in changes:
                changes["tasks"] = [t.model_dump() if isinstance(t, BaseModel) else t for t in changes["tasks"]]
            if words and not changes:
                step = service.state(org, lang).step
                changes = parse_field(step.field, words, service.catalogue.vocabulary)
            state = service.update(org, changes, lang) if changes else service.state(org, lang)
            if skip:
                state = service.skip(org, skip, lang)
            return with_state(state, lang, "SAVED. ")

        return run(runtime, action, None)

    def discover_use_cases(
        lang: str | None = None,
        runtime: ToolRuntime = None,  # type: ignore[assignment]
    ) -> tuple[str, dict[str, Any]]:
        return run(runtime, lambda org, language: with_state(service.state(org, language), language), lang)

    def estimate_roi_tool(
        use_case_id: str,
        hourly_cost_eur: float | None = None,
        hours_per_week: float | None = None,
        lang: str | None = None,
        runtime: ToolRuntime = None,  # type: ignore[assignment]
    ) -> tuple[str, dict[str, Any]]:
        def action(org: str, language: str) -> tuple[str, dict[str, Any]]:
            use_case = _use_case(service, use_case_id)
            profile = service.profile(service.draft(org))
            roi = estimate_roi(use_case, profile, hours_per_week, hourly_cost_eur=hourly_cost_eur)
            net, payback = roi.net_yearly_eur, roi.payback_months
            text = (
                f"ROI {use_case.id}: net per year low {format_eur(net.low, language)}, base "
                f"{format_eur(net.base, language)}, high {format_eur(net.high, language)}; payback base "
                f"{format_payback(payback.base, language)}. Assumptions: "
                + "; ".join(f"{a.name}={a.value} ({a.source})" for a in roi.assumptions)
            )
            return text, {"kind": "roi", "use_case": use_case.id, "text": text}

        return run(runtime, action, lang)

    def ai_act_triage(
        use_case_id: str,
        lang: str | None = None,
        runtime: ToolRuntime = None,  # type: ignore[assignment]
    ) -> tuple[str, dict[str, Any]]:
        def action(org: str, language: str) -> tuple[str, dict[str, Any]]:
            result = triage(_use_case(service, use_case_id), language)
            text = (
                f"AI Act {result.category}: {result.reason} Obligations: {'; '.join(result.obligations) or '-'}. "
                f"GDPR personal data: {result.gdpr_personal_data}, DPIA likely: {result.dpia_likely}. "
                f"{result.disclaimer}"
            )
            return text, {"kind": "triage", "use_case": result.use_case_id, "category": result.category}

        return run(runtime, action, lang)

    def team_skills_map(
        group_by: str = "role",
        lang: str | None = None,
        runtime: ToolRuntime = None,  # type: ignore[assignment]
    ) -> tuple[str, dict[str, Any]]:
        context = _context(runtime)
        actor = context.owner.person_key if context is not None and context.owner is not None else "?"

        def action(org: str, language: str) -> tuple[str, dict[str, Any]]:
            tmap = service.view_team(org, actor, group_by)
            if tmap is None:
                text = "NO_CONFIRMED_RESULTS: nobody in this organisation has confirmed a self-assessment yet."
                return text, {"kind": "team", "map": None}
            data = tmap.as_dict()
            return (
                f"TEAM_MAP (anonymous, groups of at least {tmap.k}; never discuss individuals): {data}",
                {"kind": "team", "map": data},
            )

        return run(runtime, action, lang)

    specs: list[tuple[Callable[..., Any], str, type[BaseModel], str]] = [
        (
            update_company_profile,
            "update_company_profile",
            ProfileInput,
            "Save what the manager told about the company (sector, headcount, pains, recurring tasks with hours, "
            "data maturity, goals, budget, risk appetite, hourly cost). Returns what to ask next.",
        ),
        (
            discover_use_cases,
            "discover_use_cases",
            DiscoverInput,
            "The prioritised AI use-case portfolio (value x feasibility, ROI, AI Act) and roadmap for the saved "
            "profile, or the next question to ask if the profile is incomplete.",
        ),
        (
            estimate_roi_tool,
            "estimate_roi",
            UseCaseInput,
            "ROI low/base/high and payback of one use case, optionally with a changed hourly cost or task hours.",
        ),
        (
            ai_act_triage,
            "ai_act_triage",
            UseCaseInput,
            "EU AI Act category, obligations and GDPR/DPIA flags of one use case "
            "(first orientation, not legal advice).",
        ),
        (
            team_skills_map,
            "team_skills_map",
            TeamInput,
            "Anonymous skills map of the team from confirmed self-assessments (groups of at least 5 only).",
        ),
    ]
    return [
        StructuredTool.from_function(
            func=func, name=name, description=description, args_schema=schema, response_format="content_and_artifact"
        )
        for func, name, schema, description in specs
    ]


def _use_case(service: DiscoveryService, use_case_id: str) -> Any:
    use_case = service.catalogue.by_id.get(use_case_id)
    if use_case is None:
        raise DiscoveryError(f"unknown use case {use_case_id!r}")
    return use_case
