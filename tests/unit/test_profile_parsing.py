"""Typed discovery answers read into partial company profiles, in French and English (unit and property tests)."""

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.config import PROJECT_ROOT
from assistant.domain.company import CompanyProfile, profile_from_dict
from assistant.domain.profile_parsing import FIELD_PROMPTS, FIELDS, ParseError, parse_field
from assistant.domain.usecases import load_catalogue

VOCABULARY = load_catalogue(PROJECT_ROOT / "knowledge" / "usecases").vocabulary
BASE = profile_from_dict({"sector": "services", "headcount": 20}, VOCABULARY)


def task(name: str, hours: float, people: int = 1, pain: str | None = None) -> dict[str, Any]:
    return {"name": name, "hours_per_week": hours, "people": people, "pain": pain}


def tasks(*items: dict[str, Any]) -> dict[str, Any]:
    return {"tasks": list(items)}


CASES = [
    # sector: ids, labels and everyday words, French and English
    ("sector", "industrie", {"sector": "industry"}),
    ("sector", "BTP", {"sector": "construction"}),
    ("sector", "On est dans le bâtiment", {"sector": "construction"}),
    ("sector", "commerce", {"sector": "retail"}),
    ("sector", "un hôtel", {"sector": "hospitality"}),
    ("sector", "Restaurant", {"sector": "hospitality"}),
    ("sector", "transport routier", {"sector": "transport"}),
    ("sector", "logistique", {"sector": "transport"}),
    ("sector", "organisme de formation", {"sector": "training"}),
    ("sector", "agroalimentaire", {"sector": "agrifood"}),
    ("sector", "industrie agroalimentaire", {"sector": "agrifood"}),
    ("sector", "santé", {"sector": "health_social"}),
    ("sector", "un EHPAD", {"sector": "health_social"}),
    ("sector", "services aux entreprises", {"sector": "services"}),
    ("sector", "manufacturing", {"sector": "industry"}),
    ("sector", "retail", {"sector": "retail"}),
    ("sector", "construction", {"sector": "construction"}),
    ("sector", "hospitality", {"sector": "hospitality"}),
    ("sector", "health_social", {"sector": "health_social"}),
    # headcount
    ("headcount", "45", {"headcount": 45}),
    ("headcount", "45 salariés", {"headcount": 45}),
    ("headcount", "environ 120 personnes", {"headcount": 120}),
    ("headcount", "about 30 employees", {"headcount": 30}),
    ("headcount", "une douzaine", {"headcount": 12}),
    ("headcount", "two dozen", {"headcount": 24}),
    ("headcount", "12 ETP", {"headcount": 12}),
    ("headcount", "1 200 salariés", {"headcount": 1200}),
    ("headcount", "entre 40 et 50", {"headcount": 45}),
    ("headcount", "3 sites et 45 salariés", {"headcount": 45}),
    ("headcount", "cinq salariés", {"headcount": 5}),
    # pains: keywords, labels and ids
    ("pains", "les relances d'impayés et la saisie des factures", {"pains": ["manual_data_entry", "late_payments"]}),
    ("pains", "We lose hours on quotes and scheduling", {"pains": ["slow_quotes", "planning_complexity"]}),
    ("pains", "Manual data entry", {"pains": ["manual_data_entry"]}),
    ("pains", "slow_quotes", {"pains": ["slow_quotes"]}),
    # tasks
    (
        "tasks",
        "Saisie des factures, 6 h par semaine, 2 personnes",
        tasks(task("Saisie des factures", 6.0, 2, "manual_data_entry")),
    ),
    ("tasks", "Relances clients 3h/semaine à 4", tasks(task("Relances clients", 3.0, 4, "late_payments"))),
    (
        "tasks",
        "answering customer emails 10 hours a week, 3 people",
        tasks(task("Answering customer emails", 10.0, 3)),
    ),
    ("tasks", "devis : 1h30 par jour", tasks(task("Devis", 7.5, 1, "slow_quotes"))),
    ("tasks", "Inventaire : 2 jours par mois", tasks(task("Inventaire", 3.23, 1, "stock_issues"))),
    (
        "tasks",
        "On passe 6 h par semaine sur la saisie des factures",
        tasks(task("Saisie des factures", 6.0, 1, "manual_data_entry")),
    ),
    (
        "tasks",
        "La saisie des factures prend environ 6 h par semaine à 2",
        tasks(task("Saisie des factures", 6.0, 2, "manual_data_entry")),
    ),
    ("tasks", "Planning 2 à 3 h par semaine, une personne", tasks(task("Planning", 2.5, 1, "planning_complexity"))),
    ("tasks", "Tri du courrier, une demi-heure par jour", tasks(task("Tri du courrier", 2.5))),
    (
        "tasks",
        "- Comptes rendus de réunion 45 min par jour, 3 collaborateurs",
        tasks(task("Comptes rendus de réunion", 3.75, 3, "meeting_overload")),
    ),
    ("tasks", "Devis 2 personnes 3h par semaine", tasks(task("Devis", 3.0, 2, "slow_quotes"))),
    (
        "tasks",
        "We spend 10 hours a week answering emails, 3 of us",
        tasks(task("Answering emails", 10.0, 3, "repetitive_requests")),
    ),
    (
        "tasks",
        "Devis 1h par jour; Relances 2 h par semaine\nSaisie 3h hebdo à 2",
        tasks(
            task("Devis", 5.0, 1, "slow_quotes"),
            task("Relances", 2.0, 1, "late_payments"),
            task("Saisie", 3.0, 2, "manual_data_entry"),
        ),
    ),
    # data sources
    ("data_sources", "crm 2, comptabilité 3", {"data_sources": {"crm": 2, "accounting": 3}}),
    ("data_sources", "ERP: 1; documents 2", {"data_sources": {"erp": 1, "documents": 2}}),
    ("data_sources", "accounting 4", {"data_sources": {"accounting": 4}}),
    ("data_sources", "crm 2 et erp 3", {"data_sources": {"crm": 2, "erp": 3}}),
    ("data_sources", "pas de CRM, compta 3", {"data_sources": {"crm": 0, "accounting": 3}}),
    ("data_sources", "Comptabilité et flux bancaires 3", {"data_sources": {"accounting": 3}}),
    ("data_sources", "CRM 2/4, SAV 1, photos 0", {"data_sources": {"crm": 2, "support_tickets": 1, "images": 0}}),
    # goals, in the order given
    ("goals", "croissance et qualité", {"goals": ["growth", "quality"]}),
    ("goals", "cost, international", {"goals": ["cost", "international"]}),
    ("goals", "Réduction des coûts puis croissance", {"goals": ["cost", "growth"]}),
    # budget band
    ("budget_band", "moins de 5000 €", {"budget_band": "under_5k"}),
    ("budget_band", "10 k€", {"budget_band": "5k_20k"}),
    ("budget_band", "15 000 euros", {"budget_band": "5k_20k"}),
    ("budget_band", "30k", {"budget_band": "20k_50k"}),
    ("budget_band", "50 000 €", {"budget_band": "20k_50k"}),
    ("budget_band", "plus de 50 000", {"budget_band": "over_50k"}),
    ("budget_band", "under 5k", {"budget_band": "under_5k"}),
    ("budget_band", "€15,000", {"budget_band": "5k_20k"}),
    ("budget_band", "5k_20k", {"budget_band": "5k_20k"}),
    ("budget_band", "20-50k", {"budget_band": "20k_50k"}),
    ("budget_band", "500 € par mois", {"budget_band": "5k_20k"}),
    ("budget_band", "aucun", {"budget_band": "under_5k"}),
    # risk appetite
    ("risk_appetite", "prudent", {"risk_appetite": "low"}),
    ("risk_appetite", "plutôt faible", {"risk_appetite": "low"}),
    ("risk_appetite", "low", {"risk_appetite": "low"}),
    ("risk_appetite", "moyen", {"risk_appetite": "medium"}),
    ("risk_appetite", "medium", {"risk_appetite": "medium"}),
    ("risk_appetite", "élevé", {"risk_appetite": "high"}),
    ("risk_appetite", "audacieux", {"risk_appetite": "high"}),
    ("risk_appetite", "high", {"risk_appetite": "high"}),
    # loaded hourly cost
    ("loaded_hourly_cost_eur", "45", {"loaded_hourly_cost_eur": 45.0}),
    ("loaded_hourly_cost_eur", "45 €", {"loaded_hourly_cost_eur": 45.0}),
    ("loaded_hourly_cost_eur", "55 euros de l'heure", {"loaded_hourly_cost_eur": 55.0}),
    ("loaded_hourly_cost_eur", "€60/h", {"loaded_hourly_cost_eur": 60.0}),
    ("loaded_hourly_cost_eur", "45,50 €", {"loaded_hourly_cost_eur": 45.5}),
    ("loaded_hourly_cost_eur", "350 € par jour", {"loaded_hourly_cost_eur": 50.0}),
    # functions
    (
        "functions",
        "comptabilité, ventes et SAV",
        {"functions": ["admin_finance", "sales_marketing", "customer_service"]},
    ),
    ("functions", "RH, production et qualité", {"functions": ["hr", "production_quality"]}),
    ("functions", "logistique, informatique, direction", {"functions": ["logistics", "it", "management"]}),
    (
        "functions",
        "finance, marketing, customer service",
        {"functions": ["admin_finance", "sales_marketing", "customer_service"]},
    ),
    ("functions", "support informatique", {"functions": ["it"]}),
    ("functions", "hr", {"functions": ["hr"]}),
    # current tools
    ("current_tools", "Excel, Sage, Outlook", {"current_tools": ["Excel", "Sage", "Outlook"]}),
    ("current_tools", "On utilise Excel, Sage et Outlook", {"current_tools": ["Excel", "Sage", "Outlook"]}),
    ("current_tools", "Excel, excel, Teams", {"current_tools": ["Excel", "Teams"]}),
    ("current_tools", "aucun", {"current_tools": []}),
]


@pytest.mark.parametrize(("field", "text", "expected"), CASES)
def test_reads_answers_in_french_and_english(field: str, text: str, expected: dict[str, Any]) -> None:
    update = parse_field(field, text, VOCABULARY)
    assert update == expected
    assert isinstance(BASE.updated(**update), CompanyProfile)  # a valid update of a real profile


def test_cases_cover_every_field() -> None:
    assert {field for field, _, _ in CASES} == set(FIELDS)


def test_all_functions() -> None:
    assert len(parse_field("functions", "toutes", VOCABULARY)["functions"]) == 8


ERRORS = [
    # (field, text, a fragment of the French message, a fragment of the English message)
    ("sector", "banane", "Choisissez parmi : Industrie, Commerce", "Choose one of: Manufacturing"),
    ("sector", "commerce et restauration", "lequel est votre activité principale", "which is your main activity"),
    ("headcount", "0", "entre 1 et 5 000", "between 1 and 5,000"),
    ("headcount", "-5", "négatif", "negative"),
    ("headcount", "6000 salariés", "entre 1 et 5 000", "between 1 and 5,000"),
    ("headcount", "beaucoup", "indiquez un nombre de personnes", "give a number of people"),
    ("headcount", "2 sites, 12 ateliers", "plusieurs nombres", "several numbers"),
    ("pains", "rien de spécial", "saisie manuelle de données", "manual data entry"),
    ("tasks", "Saisie des factures", "6 h par semaine", "6 h a week"),
    ("tasks", "Saisie -3h par semaine", "doit être positive", "must be positive"),
    ("tasks", "Saisie 0 h par semaine", "doit être positive", "must be positive"),
    ("tasks", "Saisie 80 h par semaine", "une seule personne", "one person"),
    ("tasks", "6 h par semaine", "nom court", "short name"),
    ("tasks", "Saisie 6h; saisie 2h", "nom différent", "its own name"),
    ("tasks", "Saisie 2h par semaine, 0 personnes", "entier de 1 à 5 000", "whole number from 1 to 5,000"),
    ("data_sources", "crm 7", "de 0 (rien) à 4", "from 0 (none) to 4"),
    ("data_sources", "crm", "niveau de 0 à 4", "level from 0 to 4"),
    ("data_sources", "banane 3", "Sources connues : Comptabilité", "Known sources: Accounting software"),
    ("goals", "on verra", "croissance, international", "growth, international"),
    ("budget_band", "je ne sais pas", "pas trouvé de montant", "no amount"),
    ("budget_band", "-3000", "négatif", "negative"),
    ("risk_appetite", "prudent mais ambitieux", "un seul niveau", "one level"),
    ("risk_appetite", "bof", "faible, moyen ou élevé", "low, medium or high"),
    ("loaded_hourly_cost_eur", "3", "entre 5 et 500", "between €5 and €500"),
    ("loaded_hourly_cost_eur", "35 000 € par an", "entre 5 et 500", "between €5 and €500"),
    ("functions", "bof", "comptabilité-finance", "accounting-finance"),
    ("current_tools", "...", "pas reçu de réponse", "no answer"),
]


@pytest.mark.parametrize(("field", "text", "fr", "en"), ERRORS)
def test_explains_what_is_expected(field: str, text: str, fr: str, en: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_field(field, text, VOCABULARY)
    error = caught.value
    assert fr in error.message("fr")
    assert en in error.message("en")
    assert "Exemple :" in error.message("fr") and "Example:" in error.message("en")


def test_parse_error_is_a_value_error_with_both_languages() -> None:
    with pytest.raises(ValueError, match="Exemple") as caught:
        parse_field("headcount", "plein", VOCABULARY)
    assert isinstance(caught.value, ParseError)
    assert caught.value.message("de") == caught.value.message("fr") != caught.value.message("en")


@pytest.mark.parametrize("field", FIELDS)
def test_empty_answer_is_a_parse_error(field: str) -> None:
    with pytest.raises(ParseError):
        parse_field(field, "  \n ", VOCABULARY)


def test_unknown_field_is_a_programming_error() -> None:
    with pytest.raises(KeyError, match="known fields"):
        parse_field("colour", "blue", VOCABULARY)


def test_prompts_ask_every_field_with_an_example() -> None:
    assert set(FIELD_PROMPTS) == set(FIELDS)
    for prompt in FIELD_PROMPTS.values():
        assert "Exemple :" in prompt("fr") and "Example:" in prompt("en")
    assert FIELD_PROMPTS["tasks"]("fr") == (
        "Décrivez une tâche répétitive : son nom, le temps qu'elle prend par semaine et par personne, et combien "
        "de personnes la font. Exemple : « Saisie des factures, 6 h par semaine, 2 personnes »."
    )


@pytest.mark.parametrize("field", FIELDS)
def test_prompt_example_parses(field: str) -> None:
    example = FIELD_PROMPTS[field]("fr").split("Exemple : « ", 1)[1].split(" »", 1)[0]
    assert isinstance(BASE.updated(**parse_field(field, example, VOCABULARY)), CompanyProfile)


ANSWER_BITS = st.sampled_from(
    ["0", "1", "3", "45", "1 200", "2,5", "-", "h", "1h30", " min", " jours", " par semaine", " par jour", "/mois",
     " a week", " à ", " personnes", " people", " k€", "€", " euros", ", ", "; ", "\n", " et ", " crm ", " erp ",
     "saisie", " devis", "croissance", " prudent", " moins de ", " plus de ", "une douzaine", "x", ":"]
)  # fmt: skip


def _check(field: str, text: str) -> None:
    try:
        update = parse_field(field, text, VOCABULARY)
    except ParseError as error:
        assert error.message("fr") and error.message("en")
    else:
        assert set(update) == {field}
        BASE.updated(**update)  # what is read always makes a valid profile


@pytest.mark.parametrize("field", FIELDS)
@settings(max_examples=150, deadline=None)
@given(text=st.text(max_size=80))
def test_never_fails_but_with_a_parse_error_on_any_text(field: str, text: str) -> None:
    _check(field, text)


@pytest.mark.parametrize("field", FIELDS)
@settings(max_examples=150, deadline=None)
@given(bits=st.lists(ANSWER_BITS, max_size=12))
def test_never_fails_but_with_a_parse_error_on_answer_like_text(field: str, bits: list[str]) -> None:
    _check(field, "".join(bits))
