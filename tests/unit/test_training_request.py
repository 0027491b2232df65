"""Training requests in French and English: duration, topic, audience, level, size, format and what is missing."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.config import PROJECT_ROOT
from assistant.domain.outline import OutlineRequest
from assistant.domain.skills import load_framework
from assistant.domain.training_request import parse_request

ROLE_IDS = {r.id for r in load_framework(PROJECT_ROOT / "knowledge" / "frameworks").roles}

# (request, expected fields); only the fields named are checked.
CASES: list[tuple[str, dict[str, Any]]] = [
    ("Prépare un atelier de 3h sur le prompting pour l'équipe marketing, niveau débutant",
     {"duration_minutes": 180, "topic": "prompting", "audience": "sales_marketing", "level": "beginner", "lang": "fr"}),
    ("a one-day workshop on AI for HR managers, intermediate, 12 people, remote",
     {"duration_minutes": 420, "topic": "AI", "audience": "hr", "level": "intermediate", "group_size": 12,
      "format": "remote", "lang": "en"}),
    ("Une formation de 1h30 sur l'IA générative pour les comptables, 8 personnes, en présentiel",
     {"duration_minutes": 90, "topic": "IA générative", "audience": "admin_finance", "group_size": 8,
      "format": "on_site"}),
    ("Atelier d'une demi-journée sur le RGPD et l'IA pour nos managers, groupe de 10, à distance",
     {"duration_minutes": 210, "topic": "RGPD et l'IA", "audience": "team_manager", "group_size": 10,
      "format": "remote"}),
    ("Formation de deux jours sur l'automatisation sans code pour les RH, niveau avancé, hybride",
     {"duration_minutes": 840, "topic": "automatisation sans code", "audience": "hr", "level": "advanced",
      "format": "blended"}),
    ("I need a 90 minutes session about prompt engineering for our sales team, beginners, online",
     {"duration_minutes": 90, "topic": "prompt engineering", "audience": "sales_marketing", "level": "beginner",
      "format": "remote"}),
    ("Organise 2 jours de formation sur l'AI Act pour la direction, une dizaine de personnes",
     {"duration_minutes": 840, "topic": "AI Act", "audience": "management", "group_size": 10}),
    ("a 2-hour prompting workshop for customer service agents, on site, for 8 people",
     {"duration_minutes": 120, "topic": "prompting", "audience": "customer_service", "group_size": 8,
      "format": "on_site"}),
    ("Workshop on data quality, 1.5 hours, for the production team, advanced",
     {"duration_minutes": 90, "topic": "data quality", "audience": "operations", "level": "advanced"}),
    ("un atelier prompting de 3 h pour les commerciaux en distanciel",
     {"duration_minutes": 180, "topic": "prompting", "audience": "sales_marketing", "format": "remote"}),
    ("half a day on AI ethics for developers, 15 participants",
     {"duration_minutes": 210, "topic": "AI ethics", "audience": "it_developer", "group_size": 15}),
    ("Session de 90 min sur la mise à jour des prompts, pour les commerciaux",
     {"duration_minutes": 90, "topic": "mise à jour des prompts", "audience": "sales_marketing"}),
    ("a training about generative AI for volunteers of our association, 2 days, face-to-face",
     {"duration_minutes": 840, "topic": "generative AI", "audience": "volunteers of our association",
      "format": "on_site"}),
    ("une journée et demie sur l'IA pour les dirigeants",
     {"duration_minutes": 630, "topic": "IA", "audience": "management"}),
    ("formation de 4 heures en ligne sur les agents IA pour les développeurs",
     {"duration_minutes": 240, "topic": "agents IA", "audience": "it_developer", "format": "remote"}),
    ("an hour and a half on virtual assistants for managers",
     {"duration_minutes": 90, "topic": "virtual assistants", "audience": "team_manager", "format": None}),
    ("une heure et demie sur l'IA pour le service client, moitié en présentiel, moitié à distance",
     {"duration_minutes": 90, "audience": "customer_service", "format": "blended"}),
    ("Formation sur site sur les assistants IA, 1 jour",
     {"duration_minutes": 420, "topic": "assistants IA", "format": "on_site"}),
    ("une formation d'initiation à l'IA de 2 h pour une quinzaine de collaborateurs",
     {"duration_minutes": 120, "topic": "IA", "level": "beginner", "group_size": 15, "audience": None}),
    ('Formation "IA et relation client" de 2h pour le SAV',
     {"duration_minutes": 120, "topic": "IA et relation client", "audience": "customer_service"}),
    ("Atelier « Fresque de l'IA » pour toute l'entreprise, 3 heures, 20 personnes",
     {"duration_minutes": 180, "topic": "Fresque de l'IA", "audience": "all", "group_size": 20}),
    ("formation ChatGPT 2 jours managers", {"duration_minutes": 840, "topic": "ChatGPT", "audience": "team_manager"}),
    ("a half-day training on prompting for accountants, a dozen people",
     {"duration_minutes": 210, "topic": "prompting", "audience": "admin_finance", "group_size": 12}),
    ("a three-day course on AI governance for executives, advanced, blended",
     {"duration_minutes": 1260, "topic": "AI governance", "audience": "management", "level": "advanced",
      "format": "blended"}),
    ("Prépare une formation pour apprendre à utiliser l'IA, une journée",
     {"duration_minutes": 420, "topic": "utiliser l'IA", "audience": None}),
    ("Atelier de 1 h 30 sur Copilot pour les formateurs, niveau intermédiaire, groupe de 6",
     {"duration_minutes": 90, "topic": "Copilot", "audience": "trainer", "level": "intermediate", "group_size": 6}),
    ("2 days of training on automation for the logistics team, in person",
     {"duration_minutes": 840, "topic": "automation", "audience": "operations", "format": "on_site"}),
    ("Je voudrais une sensibilisation de 2 heures à l'IA pour les RH, en visio",
     {"duration_minutes": 120, "audience": "hr", "format": "remote"}),
    ("a 45 min talk on AI risks for our CEO and founders",
     {"duration_minutes": 45, "topic": "AI risks", "audience": "management", "workshop": False}),
    ("Atelier de 3 heures sur la vérification des réponses de l'IA, pour 8 personnes, niveau confirmé",
     {"duration_minutes": 180, "topic": "vérification des réponses de l'IA", "group_size": 8, "level": "advanced"}),
    ("Workshop: AI for recruiters, 2 hours", {"duration_minutes": 120, "topic": "AI", "audience": "hr"}),
    ("trois jours sur l'IA en production pour les techniciens, de débutant à intermédiaire",
     {"duration_minutes": 1260, "audience": "operations", "level": "beginner"}),
    ("one day on Excel and AI for the finance team, 10 learners",
     {"duration_minutes": 420, "topic": "Excel and AI", "audience": "admin_finance", "group_size": 10}),
    ("Atelier sur Office 365 et Copilot, 3h, pour nos développeurs",
     {"duration_minutes": 180, "topic": "Office 365 et Copilot", "audience": "it_developer"}),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[text[:40] for text, _ in CASES])
def test_requests_are_understood(text: str, expected: dict[str, Any]) -> None:
    parsed = parse_request(text, "fr")
    assert {key: getattr(parsed, key) for key in expected} == expected


def test_the_corpus_is_large_and_names_every_role() -> None:
    assert len(CASES) >= 30
    roles = {parse_request(text).audience for text, _ in CASES} & (ROLE_IDS | {"all"})
    assert roles == ROLE_IDS | {"all"}


@pytest.mark.parametrize(
    ("text", "missing"),
    [
        ("Je veux une formation sur Copilot", ("duration",)),
        ("atelier 1 h 30 intermédiaire pour les formateurs", ("topic",)),
        ("Prépare un atelier pour l'équipe marketing", ("topic", "duration")),
        ("a workshop for 12 people", ("topic", "duration")),
        ("a 3-hour workshop on prompting", ()),
    ],
)
def test_missing_fields_are_listed_so_the_assistant_can_ask(text: str, missing: tuple[str, ...]) -> None:
    assert parse_request(text).missing == missing


def test_durations_and_sizes_out_of_range_are_flagged_not_clamped() -> None:
    parsed = parse_request("Workshop on AI for recruiters, 45 minutes, 40 people")
    assert parsed.duration_minutes == 45 and parsed.group_size == 40
    assert parsed.invalid == ("duration", "group_size")
    with pytest.raises(ValueError):
        parsed.to_outline_request()


def test_mise_a_jour_is_not_a_day_and_teams_are_not_a_format() -> None:
    parsed = parse_request("Formation sur la mise à jour des fiches pour les sales teams")
    assert parsed.duration_minutes is None and parsed.format is None


def test_a_complete_request_becomes_an_outline_request_with_defaults() -> None:
    parsed = parse_request("a one-day workshop on AI for HR managers, 12 people, remote")
    request = parsed.to_outline_request(level="beginner")
    assert request == OutlineRequest(
        topic="AI", audience="hr", level="beginner", duration_minutes=420, group_size=12, format="remote", lang="en"
    )


def test_the_default_language_decides_only_when_the_text_does_not() -> None:
    assert parse_request("3h prompting", "en").lang == "en"
    assert parse_request("Prépare un atelier de 3h sur le prompting", "en").lang == "fr"
