"""Trainer tools: thin wrappers over ``TrainingService`` (outlines, sheet checks, team training plans).

Durations, objectives and checks come from the domain; a model may phrase the pitch, never change them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from langchain.tools import ToolRuntime
from langchain_core.tools import BaseTool, StructuredTool
from pydantic import BaseModel, Field

from assistant.domain.outline import Outline
from assistant.domain.programme_check import ProgrammeCheck
from assistant.services.discovery import DiscoveryService
from assistant.services.training import OutlineResult, TrainingError, TrainingService
from assistant.tools.assessment import SessionContext

TRAINING_TOOLS = ("outline_atelier", "check_programme", "team_training_plan")
Lang = Literal["fr", "en"]


class OutlineInput(BaseModel):
    """A workshop request: the trainer's words, and any field stated explicitly."""

    request_text: str = Field(min_length=2, max_length=2000, description="The trainer's request, verbatim")
    topic: str | None = Field(None, max_length=200)
    duration_minutes: int | None = Field(None, description="60 to 1260 (3 days of 7 h)")
    audience: str | None = Field(None, description="Role id or words")
    level: Literal["beginner", "intermediate", "advanced"] | None = None
    group_size: int | None = None
    format: Literal["on_site", "remote", "blended"] | None = None
    lang: Lang | None = None


class CheckInput(BaseModel):
    """A programme sheet pasted as text."""

    sheet_text: str = Field(min_length=20, max_length=60000)
    lang: Lang | None = None


class PlanInput(BaseModel):
    """Options of the team training plan."""

    company_headcount: int | None = Field(None, ge=1, le=5000, description="For the funding route")
    lang: Lang | None = None


def outline_text(outline: Outline) -> str:
    """The outline as compact text for the model (the screen shows the full table)."""
    lines = [f"OUTLINE {outline.title} — {outline.total_minutes} min, active share {outline.active_share:.0%}"]
    lines += [f"Objective: {o.text}" for o in outline.objectives]
    lines += [f"D{b.day} {b.start}-{b.end} [{b.kind}] {b.title}" for b in outline.blocks]
    lines.append(f"Evaluation: {outline.evaluation.final}; {' / '.join(outline.evaluation.kirkpatrick)}")
    lines.append(
        "Present it briefly (you may rephrase the pitch); keep every duration, objective and block exactly as "
        "given. The screen shows the agenda table and the programme sheet (DOCX, PDF, Markdown)."
    )
    return "\n".join(lines)


def check_text(check: ProgrammeCheck) -> str:
    """Findings of a sheet check as compact text."""
    if check.passed and not check.vague_objectives:
        return "SHEET_COMPLETE: every required element is present and every objective verb is measurable."
    lines = [f"MISSING {f.label} ({f.source}): {f.message}" for f in check.findings]
    lines += [f"VAGUE_OBJECTIVE: {v.text!r} (verb {v.verb or '?'}: {v.reason})" for v in check.vague_objectives]
    lines += [f"PLACEHOLDER to fill: {p}" for p in check.placeholders]
    return "\n".join(lines)


def make_training_tools(service: TrainingService, discovery: DiscoveryService) -> list[BaseTool]:
    """Build the trainer tools; the organisation comes from the run context."""

    def language(runtime: ToolRuntime | None, lang: str | None) -> str:
        context = getattr(runtime, "context", None)
        chosen = lang or (context.language if isinstance(context, SessionContext) else "fr")
        return "en" if chosen == "en" else "fr"

    def guarded(action: Callable[[], tuple[str, dict[str, Any]]]) -> tuple[str, dict[str, Any]]:
        try:
            return action()
        except TrainingError as exc:
            return f"NOT_DONE: {exc}", {"kind": "training", "error": str(exc)}

    def outline_atelier(
        request_text: str,
        lang: str | None = None,
        runtime: ToolRuntime = None,  # type: ignore[assignment]
        **fields: Any,
    ) -> tuple[str, dict[str, Any]]:
        key = language(runtime, lang)

        def action() -> tuple[str, dict[str, Any]]:
            result: OutlineResult = service.outline_from_text(request_text, key, **fields)
            artifact = {"kind": "outline", **result.as_dict()}
            if result.outline is None:
                return f"MISSING: ask for {service.missing_text(result, key)} (one short question).", artifact
            return outline_text(result.outline), artifact

        return guarded(action)

    def check_programme(
        sheet_text: str,
        lang: str | None = None,
        runtime: ToolRuntime = None,  # type: ignore[assignment]
    ) -> tuple[str, dict[str, Any]]:
        key = language(runtime, lang)

        def action() -> tuple[str, dict[str, Any]]:
            check = service.check_text(sheet_text, key)
            return check_text(check), {"kind": "programme_check", **check.as_dict()}

        return guarded(action)

    def team_training_plan(
        company_headcount: int | None = None,
        lang: str | None = None,
        runtime: ToolRuntime = None,  # type: ignore[assignment]
    ) -> tuple[str, dict[str, Any]]:
        key = language(runtime, lang)
        context = getattr(runtime, "context", None)
        if not isinstance(context, SessionContext) or context.owner is None:
            return "NOT_AVAILABLE: no known organisation.", {"kind": "team_plan", "plans": []}
        team = discovery.team(context.owner.organisation, "role")
        plans = service.team_plans(team.as_dict() if team else None, company_headcount, key)
        if not plans:
            return (
                "NO_TEAM_DATA: fewer than 5 confirmed self-assessments per role; suggest the catalogue instead.",
                {"kind": "team_plan", "plans": []},
            )
        lines = [
            f"{role}: {len(plan.steps)} modules, {plan.total_hours:g} h, {plan.cost_per_person:.0f} EUR per person"
            for role, plan in plans
        ]
        data = [{"role": role, **plan.as_dict()} for role, plan in plans]
        return "TEAM_PLANS (anonymous groups of at least 5)\n" + "\n".join(lines), {"kind": "team_plan", "plans": data}

    specs: list[tuple[Callable[..., Any], type[BaseModel], str]] = [
        (
            outline_atelier,
            OutlineInput,
            "Build a complete, timed atelier outline (objectives with measurable verbs, agenda adding up exactly "
            "to the duration, evaluation, accessibility, access, price) from the trainer's request.",
        ),
        (
            check_programme,
            CheckInput,
            "Check a programme sheet against Qualiopi indicator 1 and Code du travail L6353-1; flag vague "
            "objective verbs.",
        ),
        (
            team_training_plan,
            PlanInput,
            "Training plan for the team from anonymous confirmed skill gaps (groups of at least 5), with hours, "
            "cost and a funding hint.",
        ),
    ]
    return [
        StructuredTool.from_function(
            func=func,
            name=func.__name__,
            description=description,
            args_schema=schema,
            response_format="content_and_artifact",
        )
        for func, schema, description in specs
    ]
