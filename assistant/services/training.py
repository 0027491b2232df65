"""The trainer's tools as one service: atelier outlines, programme checks, team plans, literacy records."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from assistant.domain.literacy_record import Completion, LiteracyRecord, build_record
from assistant.domain.outline import Outline, OutlineRequest, build_outline
from assistant.domain.programme_check import ProgrammeCheck, check_programme
from assistant.domain.skills import Framework
from assistant.domain.team_plan import TeamPlan, team_plan
from assistant.domain.training import Module
from assistant.domain.training_request import ParsedRequest, parse_request
from assistant.knowledge.loaders import LoadError, load_document


class TrainingError(ValueError):
    """A request the trainer tools cannot serve; the message is safe to show."""


@dataclass(frozen=True)
class OutlineResult:
    """What was understood from a request, and the outline once topic and duration are known."""

    request: ParsedRequest
    outline: Outline | None

    def as_dict(self) -> dict[str, Any]:
        """Plain data for tool artifacts and JSON."""
        parsed = self.request
        return {
            "understood": {
                "topic": parsed.topic,
                "duration_minutes": parsed.duration_minutes,
                "audience": parsed.audience,
                "level": parsed.level,
                "group_size": parsed.group_size,
                "format": parsed.format,
            },
            "missing": list(parsed.missing),
            "invalid": list(parsed.invalid),
            "outline": self.outline.as_dict() if self.outline is not None else None,
        }


MISSING_WORDS = {
    "topic": {"fr": "le thème", "en": "the topic"},
    "duration": {"fr": "la durée (de 1 h à 3 jours)", "en": "the length (1 hour to 3 days)"},
    "group_size": {"fr": "la taille du groupe (1 à 30)", "en": "the group size (1 to 30)"},
}


class TrainingService:
    """Outline ateliers, check programme sheets, plan team training, keep the AI-literacy record."""

    def __init__(self, framework: Framework, modules: Sequence[Module]) -> None:
        self.framework = framework
        self.modules = tuple(modules)

    def outline_from_text(self, text: str, lang: str = "fr", **overrides: Any) -> OutlineResult:
        """Parse a request in French or English (explicit ``overrides`` win); outline it once topic and duration
        are known."""
        parsed = parse_request(text, "en" if lang == "en" else "fr")
        given = {k: v for k, v in overrides.items() if v is not None}
        fields = {
            "topic": parsed.topic, "duration_minutes": parsed.duration_minutes, "audience": parsed.audience,
            "level": parsed.level, "group_size": parsed.group_size, "format": parsed.format,
            "workshop": parsed.workshop, "lang": "en" if lang == "en" else "fr",
        }  # fmt: skip
        fields = {**{k: v for k, v in fields.items() if v is not None}, **given}
        missing = tuple(
            m for m in ("topic", "duration") if fields.get("duration_minutes" if m == "duration" else m) is None
        )
        invalid = tuple(i for i in parsed.invalid if i.replace("duration", "duration_minutes") not in given)
        parsed = replace(parsed, missing=missing, invalid=invalid)
        if missing or invalid:
            return OutlineResult(parsed, None)
        try:
            request = OutlineRequest.model_validate(fields)
        except ValidationError as exc:
            raise TrainingError("; ".join(e["msg"] for e in exc.errors()[:3])) from None
        return OutlineResult(parsed, build_outline(request, self.modules, self.framework))

    def outline(self, request: OutlineRequest) -> Outline:
        """Build an outline from a structured request."""
        return build_outline(request, self.modules, self.framework)

    def missing_text(self, result: OutlineResult, lang: str) -> str:
        """What still has to be said, in words."""
        key = "en" if lang == "en" else "fr"
        names = [MISSING_WORDS.get(m, {}).get(key, m) for m in (*result.request.missing, *result.request.invalid)]
        return ", ".join(names)

    def check_text(self, text: str, lang: str = "fr") -> ProgrammeCheck:
        """Check a programme sheet given as text."""
        if not text.strip():
            raise TrainingError("the sheet is empty" if lang == "en" else "la fiche est vide")
        return check_programme(text, lang)

    def check_file(self, path: Path, lang: str = "fr") -> ProgrammeCheck:
        """Check an uploaded DOCX, PDF, Markdown or text sheet; a broken file gets a clear message."""
        try:
            document = load_document(path, path.name)
        except LoadError as exc:
            raise TrainingError(exc.reason) from None
        return self.check_text(document.text, lang)

    def team_plans(
        self, team: Mapping[str, Any] | None, company_headcount: int | None = None, lang: str = "fr"
    ) -> list[tuple[str, TeamPlan]]:
        """One plan per visible role group of the anonymous team map (hidden groups get none)."""
        if not team:
            return []
        plans = []
        for row in team.get("rows", []):
            role_id = row.get("group")
            if row.get("total") or row.get("suppressed") or role_id not in {r.id for r in self.framework.roles}:
                continue
            cells = row["cells"]
            means = {d: float(c["mean"]) for d, c in cells.items()}
            size = min(int(c["n"]) for c in cells.values())
            targets = self.framework.role(role_id).targets
            plan = team_plan(
                means, targets, size, self.modules, role_id=role_id, company_headcount=company_headcount, lang=lang
            )
            plans.append((self.framework.role(role_id).name("en" if lang == "en" else "fr"), plan))
        return plans

    def literacy_record_from_file(self, path: Path, lang: str = "fr") -> LiteracyRecord:
        """Build the Article 4 record from a YAML file of head counts, systems and completed trainings."""
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            completions = [
                Completion(str(c["role"]), str(c["module"]), date.fromisoformat(str(c["date"])))
                for c in data.get("completions", [])
            ]
            return build_record(
                str(data.get("organisation", "")),
                date.fromisoformat(str(data.get("as_of", date.today().isoformat()))),
                {str(k): int(v) for k, v in (data.get("headcounts") or {}).items()},
                {str(k): [str(s) for s in v] for k, v in (data.get("systems") or {}).items()},
                completions,
                self.modules,
                self.framework,
                lang=lang,
            )
        except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
            raise TrainingError(f"{path}: {exc}") from None
