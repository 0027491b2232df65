"""The AI-literacy record (AI Act Article 4) as a document: per role, AI systems and measures, no names."""

from __future__ import annotations

from assistant.domain.literacy_record import COLUMNS, LiteracyRecord, headers
from assistant.exports.document import Note, Paragraph, Report, Table

SHOWN = ("role", "headcount", "ai_systems", "measure", "title", "date", "hours", "people_reached", "coverage")
TEXTS = {
    "fr": (
        "Registre de maîtrise de l'IA",
        "Article 4 du règlement (UE) 2024/1689, applicable depuis le 2 février 2025 : mesures prises pour que le "
        "personnel dispose d'un niveau suffisant de maîtrise de l'IA, par rôle. Aucun nom, aucun score individuel.",
        "À revoir chaque année et à chaque nouveau système d'IA.",
    ),
    "en": (
        "AI-literacy record",
        "Article 4 of Regulation (EU) 2024/1689, applicable since 2 February 2025: measures taken so that staff "
        "have a sufficient level of AI literacy, by role. No names, no individual scores.",
        "Review yearly and whenever a new AI system is introduced.",
    ),
}


def build_literacy_report(record: LiteracyRecord) -> Report:
    """One table row per role and measure, dated."""
    key = "en" if record.lang == "en" else "fr"
    title, intro, review = TEXTS[key]
    names = dict(zip(COLUMNS, headers(record.lang), strict=True))
    rows = tuple(tuple(row[c] for c in SHOWN) for row in record.as_rows())
    return Report(
        title=title,
        subtitle=f"{record.organisation} — {record.as_of.isoformat()}",
        blocks=(Paragraph(intro), Table(tuple(names[c] for c in SHOWN), rows), Note(review)),
        footer=title,
        lang=key,
    )
