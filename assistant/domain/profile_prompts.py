"""The discovery questions, their example answers and the bilingual error they raise.

``FIELD_PROMPTS`` holds the question to ask for each profile field, with an example answer;
``expected(field, fr, en)`` builds a ``ParseError`` that ends with the same example.
"""

from __future__ import annotations

from typing import Final

from assistant.domain.catalogue import Text


class ParseError(ValueError):
    """A typed answer could not be read; the message says, in French and English, what is expected."""

    def __init__(self, message_fr: str, message_en: str) -> None:
        super().__init__(f"{message_fr} / {message_en}")
        self.text = Text(fr=message_fr, en=message_en)

    def message(self, lang: str) -> str:
        """Return the message in ``lang`` (French for anything but ``en``)."""
        return self.text(lang)


_QUESTIONS: Final = {
    "sector": ("Dans quel secteur travaille votre entreprise ?", "Which sector is your company in?"),
    "headcount": ("Combien de personnes travaillent dans l'entreprise ?", "How many people work in the company?"),
    "pains": (
        "Qu'est-ce qui vous fait perdre le plus de temps ou d'argent aujourd'hui ?",
        "What costs you the most time or money today?",
    ),
    "tasks": (
        "Décrivez une tâche répétitive : son nom, le temps qu'elle prend par semaine et par personne, et "
        "combien de personnes la font.",
        "Describe a repetitive task: its name, the time it takes each week per person, and how many people do it.",
    ),
    "data_sources": (
        "Quelles données avez-vous, et en quel état, de 0 (rien) à 4 (propres et centralisées) ?",
        "Which data do you have, and in what state, from 0 (none) to 4 (clean and centralised)?",
    ),
    "goals": (
        "Quels sont vos objectifs, du plus important au moins important : croissance, international, "
        "réduction des coûts, qualité ?",
        "What are your goals, most important first: growth, international, cost reduction, quality?",
    ),
    "budget_band": (
        "Quel budget annuel pourriez-vous consacrer à l'IA, hors taxes ?",
        "What yearly budget could you give to AI, excluding VAT?",
    ),
    "risk_appetite": (
        "Quel est votre appétit pour le risque : faible (prudent), moyen ou élevé (audacieux) ?",
        "What is your appetite for risk: low (cautious), medium or high (bold)?",
    ),
    "loaded_hourly_cost_eur": (
        "Combien coûte une heure de travail d'un salarié, charges comprises ?",
        "What does one hour of an employee's work cost, including employer charges?",
    ),
    "functions": (
        "Quels services de l'entreprise voulez-vous améliorer ?",
        "Which departments of the company do you want to improve?",
    ),
    "current_tools": (
        "Quels outils numériques utilisez-vous déjà ? Séparez-les par des virgules.",
        "Which digital tools do you already use? Separate them with commas.",
    ),
}
_EXAMPLES: Final = {
    "sector": (
        "« BTP », « commerce », « industrie », « hôtellerie-restauration »",
        "“construction”, “retail”, “manufacturing”, “hospitality”",
    ),
    "headcount": ("« 45 salariés »", "“45 employees”"),
    "pains": ("« les relances d'impayés et la saisie des factures »", "“chasing late payments and data entry”"),
    "tasks": ("« Saisie des factures, 6 h par semaine, 2 personnes »", "“Invoice entry, 6 h a week, 2 people”"),
    "data_sources": ("« CRM 2, comptabilité 3, documents 1 »", "“CRM 2, accounting 3, documents 1”"),
    "goals": ("« croissance et qualité »", "“growth and quality”"),
    "budget_band": ("« moins de 5 000 € », « 15 000 € », « plus de 50 k€ »", "“under €5k”, “€15,000”, “over 50k”"),
    "risk_appetite": ("« prudent »", "“cautious”"),
    "loaded_hourly_cost_eur": ("« 45 € de l'heure »", "“€45 an hour”"),
    "functions": ("« comptabilité, ventes et service client »", "“accounting, sales and customer service”"),
    "current_tools": ("« Excel, Sage, Outlook »", "“Excel, Sage, Outlook”"),
}
FIELD_PROMPTS: Final[dict[str, Text]] = {
    field: Text(fr=f"{fr} Exemple : {_EXAMPLES[field][0]}.", en=f"{en} Example: {_EXAMPLES[field][1]}.")
    for field, (fr, en) in _QUESTIONS.items()
}


def expected(field: str, fr: str, en: str) -> ParseError:
    """Build an error that ends with an example of what ``field`` expects."""
    example_fr, example_en = _EXAMPLES[field]
    return ParseError(f"{fr} Exemple : {example_fr}.", f"{en} Example: {example_en}.")


def quote(text: str, limit: int = 60) -> str:
    """Shorten what the user typed to ``limit`` characters, to quote it in an error message."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
