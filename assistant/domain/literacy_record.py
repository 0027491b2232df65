"""The AI-literacy record of AI Act Article 4: per role, the AI systems used and the measures taken.

Article 4 (Regulation (EU) 2024/1689, applicable since 2 February 2025) asks providers and deployers
to take measures for a sufficient level of AI literacy of their staff. No certificate or test is
required; an internal record of AI uses by role and of the training given is reasonable evidence.
The record holds head counts, dates and hours only: no names and no individual scores, so it can
be shown to a works council or an auditor as it is. A DOCX rendering lives in the exports layer.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final, Literal

from assistant.domain.catalogue import Text
from assistant.domain.skills import Framework
from assistant.domain.training import Module

MeasureKind = Literal["training", "briefing", "charter", "guidance", "other"]

COLUMNS: Final = (
    "role_id", "role", "headcount", "ai_systems", "measure", "module_id", "title", "date", "hours",
    "people_reached", "coverage",
)  # fmt: skip
_HEADERS: Final = {
    "role_id": Text(fr="Id rôle", en="Role id"),
    "role": Text(fr="Rôle", en="Role"),
    "headcount": Text(fr="Effectif", en="Headcount"),
    "ai_systems": Text(fr="Systèmes d'IA utilisés", en="AI systems used"),
    "measure": Text(fr="Mesure", en="Measure"),
    "module_id": Text(fr="Id module", en="Module id"),
    "title": Text(fr="Intitulé", en="Title"),
    "date": Text(fr="Date", en="Date"),
    "hours": Text(fr="Heures", en="Hours"),
    "people_reached": Text(fr="Personnes touchées", en="People reached"),
    "coverage": Text(fr="Couverture du rôle", en="Role coverage"),
}
_KINDS: Final[Mapping[MeasureKind, Text]] = {
    "training": Text(fr="Formation", en="Training"),
    "briefing": Text(fr="Réunion d'information", en="Briefing"),
    "charter": Text(fr="Charte d'usage remise", en="Usage charter handed out"),
    "guidance": Text(fr="Guide ou fiche pratique", en="Guide or memo"),
    "other": Text(fr="Autre mesure", en="Other measure"),
}
_NO_MEASURE: Final = Text(fr="Aucune mesure enregistrée", en="No measure recorded")


@dataclass(frozen=True)
class Completion:
    """One person finished one module on a date; only the role is kept, never the person."""

    role_id: str
    module_id: str
    completed_on: date


@dataclass(frozen=True)
class Measure:
    """A literacy measure for a role: a training session or another action, with how many people it reached."""

    kind: MeasureKind
    title: str
    on: date
    hours: float
    people: int
    module_id: str | None = None

    def __post_init__(self) -> None:
        if self.hours < 0 or self.people < 0:
            raise ValueError("hours and people cannot be negative")


@dataclass(frozen=True)
class RoleEntry:
    """One role: its head count, the AI systems it uses and the measures taken."""

    role_id: str
    role: str
    headcount: int
    systems: tuple[str, ...]
    measures: tuple[Measure, ...]

    def __post_init__(self) -> None:
        if any(m.people > self.headcount for m in self.measures):
            raise ValueError(f"{self.role_id}: a measure reaches more people than the role has")

    @property
    def trained_hours(self) -> float:
        """Hours of training per person reached, summed over training measures."""
        return sum(m.hours for m in self.measures if m.kind == "training")


@dataclass(frozen=True)
class LiteracyRecord:
    """The organisation's record, dated; it is reviewed yearly and whenever a new AI system arrives."""

    organisation: str
    as_of: date
    entries: tuple[RoleEntry, ...]
    lang: str = "fr"

    @property
    def review_due(self) -> date:
        """Next review: one year after ``as_of`` (28 February for a record dated 29 February)."""
        try:
            return self.as_of.replace(year=self.as_of.year + 1)
        except ValueError:
            return self.as_of.replace(year=self.as_of.year + 1, day=28)

    def as_rows(self) -> list[dict[str, str]]:
        """One row per role and measure (a role with no measure gets one row saying so); values as text."""
        rows = []
        for entry in self.entries:
            base = {
                "role_id": entry.role_id,
                "role": entry.role,
                "headcount": str(entry.headcount),
                "ai_systems": "; ".join(entry.systems),
            }
            if not entry.measures:
                rows.append({**base, **dict.fromkeys(COLUMNS[4:], ""), "measure": _NO_MEASURE(self.lang)})
            for m in entry.measures:
                coverage = f"{round(100 * m.people / entry.headcount)} %" if entry.headcount else ""
                rows.append(
                    {
                        **base,
                        "measure": _KINDS[m.kind](self.lang),
                        "module_id": m.module_id or "",
                        "title": m.title,
                        "date": m.on.isoformat(),
                        "hours": _number(m.hours, self.lang),
                        "people_reached": str(m.people),
                        "coverage": coverage,
                    }
                )
        return rows


def build_record(
    organisation: str,
    as_of: date,
    headcounts: Mapping[str, int],
    systems: Mapping[str, Sequence[str]],
    completions: Sequence[Completion],
    modules: Sequence[Module],
    framework: Framework,
    other_measures: Mapping[str, Sequence[Measure]] | None = None,
    lang: str = "fr",
) -> LiteracyRecord:
    """Aggregate individual completions into per-role training measures (people counted, not named).

    A training measure is one module on one date for one role; its hours come from the catalogue.
    Roles are listed in framework order; roles with nobody in them are left out.
    """
    by_id = {m.id: m for m in modules}
    unknown = {c.module_id for c in completions} - set(by_id)
    if unknown:
        raise ValueError(f"unknown module ids {sorted(unknown)}")
    counts = Counter((c.role_id, c.module_id, c.completed_on) for c in completions)
    entries = []
    for role in framework.roles:
        if headcounts.get(role.id, 0) <= 0:
            continue
        trainings = [
            Measure("training", by_id[module_id].title(lang), on, by_id[module_id].duration_hours, n, module_id)
            for (role_id, module_id, on), n in sorted(counts.items(), key=lambda item: (item[0][2], item[0][1]))
            if role_id == role.id
        ]
        extra = list((other_measures or {}).get(role.id, ()))
        measures = tuple(sorted([*trainings, *extra], key=lambda m: (m.on, m.title)))
        entries.append(
            RoleEntry(role.id, role.name(lang), headcounts[role.id], tuple(systems.get(role.id, ())), measures)
        )
    return LiteracyRecord(organisation, as_of, tuple(entries), lang)


def headers(lang: str) -> list[str]:
    """Column headers in ``lang``, in ``COLUMNS`` order."""
    return [_HEADERS[c](lang) for c in COLUMNS]


def to_csv(record: LiteracyRecord) -> str:
    """The record as CSV with headers in the record's language.

    French files use « ; » and decimal commas, as French spreadsheets expect; English ones use « , ».
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="," if record.lang == "en" else ";", lineterminator="\n")
    writer.writerow([_HEADERS[c](record.lang) for c in COLUMNS])
    for row in record.as_rows():
        writer.writerow([row[c] for c in COLUMNS])
    return buffer.getvalue()


def _number(value: float, lang: str) -> str:
    text = f"{value:g}"
    return text if lang == "en" else text.replace(".", ",")
