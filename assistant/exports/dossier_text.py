"""French and English texts of the AI dossier, and the helpers that format values in either language.

``TEXTS`` holds the headings and sentences (``str.format`` templates), ``WORDS`` the labels of ids
found in a discovery (quadrants, budget bands, ROI assumptions, profile fields).
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.domain.catalogue import Text
from assistant.domain.portfolio import CATEGORY_LABELS
from assistant.domain.usecases import Term, Vocabulary

TEXTS = {key: Text(fr=fr, en=en) for key, (fr, en) in {
    "title": ("Dossier IA — {name}", "AI dossier — {name}"),
    "subtitle": ("Diagnostic et feuille de route — {date}", "Diagnosis and roadmap — {date}"),
    "footer": ("Cap IA — dossier du {date}", "Cap IA — dossier of {date}"),
    "profile": ("L'entreprise", "The company"),
    "sector": ("Secteur", "Sector"),
    "headcount": ("Effectif", "Headcount"),
    "people": ("{n} personnes", "{n} people"),
    "pains": ("Irritants", "Pains"),
    "goals": ("Objectifs", "Goals"),
    "budget": ("Budget IA annuel", "Yearly AI budget"),
    "risk": ("Appétence au risque", "Risk appetite"),
    "hourly": ("Coût horaire chargé retenu", "Loaded hourly cost used"),
    "default": ("hypothèse par défaut", "default assumption"),
    "unknown": ("non précisé", "not stated"),
    "missing": ("À préciser pour affiner le dossier : {fields}", "To refine this dossier, tell us: {fields}"),
    "portfolio": ("Portefeuille priorisé", "Prioritised portfolio"),
    "no_case": ("Aucun cas d'usage ne correspond encore à ce profil.", "No use case fits this profile yet."),
    "rank": ("N°", "#"),
    "case": ("Cas d'usage", "Use case"),
    "quadrant": ("Quadrant", "Quadrant"),
    "value": ("Valeur /100", "Value /100"),
    "feasibility": ("Faisabilité /100", "Feasibility /100"),
    "net": ("Gain net annuel (central)", "Net gain per year (base)"),
    "payback": ("Délai de retour (central)", "Payback (base)"),
    "ai_act": ("AI Act", "AI Act"),
    "top": ("Les {n} premiers cas en détail", "The top {n} cases in detail"),
    "why": ("Pourquoi ce rang", "Why this rank"),
    "value_factor": ("**Valeur** : {text} ({points} pts)", "**Value**: {text} ({points} pts)"),
    "feasibility_factor": ("**Faisabilité** : {text} ({points} pts)", "**Feasibility**: {text} ({points} pts)"),
    "watch": ("**Point d'attention** : {text} ({points} pts)", "**Watch point**: {text} ({points} pts)"),
    "roi": ("Retour sur investissement", "Return on investment"),
    "figure": ("Indicateur", "Figure"),
    "low": ("Pessimiste", "Pessimistic"),
    "base": ("Central", "Base"),
    "high": ("Optimiste", "Optimistic"),
    "saved": ("Heures économisées par semaine", "Hours saved per week"),
    "gain": ("Gain annuel", "Yearly gain"),
    "one_off": ("Coût de démarrage", "One-off cost"),
    "running": ("Coût annuel récurrent", "Yearly running cost"),
    "net_first": ("Net la 1re année", "Net in year one"),
    "net_yearly": ("Net les années suivantes", "Net in later years"),
    "payback_row": ("Délai de retour sur investissement", "Payback time"),
    "assumptions": ("Hypothèses", "Assumptions"),
    "orientation": ("Orientation AI Act et RGPD", "AI Act and GDPR orientation"),
    "category": ("**Catégorie** : {category}. {reason}", "**Category**: {category}. {reason}"),
    "gdpr": ("**RGPD** : données personnelles : {personal} ; AIPD probable : {dpia}. {note}",
             "**GDPR**: personal data: {personal}; DPIA likely: {dpia}. {note}"),
    "yes": ("oui", "yes"),
    "no": ("non", "no"),
    "next": ("**Prochaines étapes** : {steps}", "**Next steps**: {steps}"),
    "kpis": ("Indicateurs de suivi", "KPIs"),
    "what_if": ("Et si… ?", "What if…?"),
    "roadmap": ("Feuille de route sur 18 mois", "18-month roadmap"),
    "quick_wins": ("0–3 mois : gains rapides", "0–3 months: quick wins"),
    "projects": ("3–9 mois : projets", "3–9 months: projects"),
    "strategic": ("9–18 mois : chantiers stratégiques", "9–18 months: strategic work"),
    "nothing": ("Rien de prévu à cet horizon.", "Nothing planned at this horizon."),
    "step": ("**{title}** (n° {rank}) : premiers gains vers le mois {month}",
             "**{title}** (#{rank}): first gains around month {month}"),
    "step_data": ("données d'abord : {work}", "data first: {work}"),
    "step_obligations": ("obligations AI Act / RGPD avant le pilote", "AI Act / GDPR duties before the pilot"),
    "step_training": ("formation : {n} module(s), {hours}", "training: {n} module(s), {hours}"),
    "postponed": ("À reporter : {titles}", "Postponed: {titles}"),
    "prerequisites": ("Prérequis", "Prerequisites"),
    "data_work": ("**{source}** : maturité {current} → {target} (environ {months} mois)",
                  "**{source}**: maturity {current} → {target} (about {months} months)"),
    "module": ("Module de formation", "Training module"),
    "hours": ("Durée", "Duration"),
    "beginners": ("Compétences de l'équipe non mesurées : le parcours suppose des débutants.",
                  "Team skills not measured: the path assumes beginners."),
    "do_not": ("À ne pas faire", "Do not do"),
    "no_ban": ("Aucune pratique interdite repérée parmi les cas applicables.",
               "No prohibited practice found among the applicable cases."),
    "team": ("Compétences de l'équipe", "Team readiness"),
    "domain": ("Domaine", "Domain"),
    "no_team": ("Sans équipe", "No team"),
    "whole": ("Toute l'organisation", "Whole organisation"),
    "small_group": ("masqué (petit groupe)", "hidden (small group)"),
    "complementary": ("masqué (anonymat)", "hidden (anonymity)"),
    "team_rule": ("Niveaux moyens de 0 à 4 (part au niveau cible entre parenthèses). Seules les autoévaluations "
                  "confirmées sont comptées, et seulement pour des groupes d'au moins {k} personnes.",
                  "Mean levels from 0 to 4 (share at the target level in brackets). Only confirmed "
                  "self-assessments are counted, and only for groups of at least {k} people."),
    "unmeasured": ("Les compétences de l'équipe n'ont pas été mesurées : le classement les suppose moyennes.",
                   "Team skills were not measured: the ranking assumes average skills."),
}.items()}  # fmt: skip
WORDS = {key: Text(fr=fr, en=en) for key, (fr, en) in {
    "quick_win": ("gain rapide", "quick win"), "strategic_bet": ("pari stratégique", "strategic bet"),
    "complement": ("complément", "complement"), "postpone": ("à reporter", "postpone"),
    "under_5k": ("moins de 5 000 € HT", "under €5,000 excl. VAT"),
    "5k_20k": ("5 000 à 20 000 € HT", "€5,000 to €20,000 excl. VAT"),
    "20k_50k": ("20 000 à 50 000 € HT", "€20,000 to €50,000 excl. VAT"),
    "over_50k": ("plus de 50 000 € HT", "over €50,000 excl. VAT"),
    "risk_low": ("prudente", "low"), "risk_medium": ("moyenne", "medium"), "risk_high": ("élevée", "high"),
    "source_catalogue": ("catalogue", "catalogue"), "source_profile": ("vos données", "your figures"),
    "source_default": ("hypothèse par défaut", "default"),
    "task_hours_per_week": ("Heures de tâches concernées par semaine", "Task hours concerned per week"),
    "task_match_rule": ("Règle d'affectation des tâches", "Task matching rule"),
    "rule_pain": ("tâches liées aux irritants du cas", "tasks tied to the case's pains"),
    "rule_other_function": ("irritants d'une autre fonction, en partie", "pains of another function, in part"),
    "rule_function": ("tâches de la fonction, en partie", "the function's tasks, in part"),
    "rule_none": ("aucune tâche déclarée", "no task declared"),
    "rule_override": ("heures indiquées", "hours given"),
    "function_share": ("Part retenue des tâches de la fonction", "Share of the function's tasks"),
    "other_function_share": ("Part retenue des tâches d'une autre fonction", "Share of another function's tasks"),
    "time_saved_share": ("Part du temps économisé (bas/central/haut)", "Share of time saved (low/base/high)"),
    "loaded_hourly_cost_eur": ("Coût horaire chargé (€)", "Loaded hourly cost (€)"),
    "weeks_per_year": ("Semaines travaillées par an", "Working weeks per year"),
    "licence_eur_month": ("Licence (€/mois, bas/central/haut)", "Licence (€/month, low/base/high)"),
    "setup_eur": ("Mise en place (€, bas/central/haut)", "Setup (€, low/base/high)"),
    "training_days": ("Jours de formation", "Training days"),
    "training_day_hours": ("Heures par jour de formation", "Hours per training day"),
    "people_trained": ("Personnes formées", "People trained"),
    "time_to_value_weeks": ("Semaines avant les premiers gains", "Weeks before first gains"),
    "tasks": ("tâches et temps passé", "tasks and time spent"), "data_sources": ("données", "data"),
    "budget_band": ("budget", "budget"), "functions": ("fonctions", "functions"),
    "current_tools": ("outils actuels", "current tools"), "headcount": ("effectif", "headcount"),
    "pains": ("irritants", "pains"), "goals": ("objectifs", "goals"), "sector": ("secteur", "sector"),
    "risk_appetite": ("appétence au risque", "risk appetite"),
}.items()}  # fmt: skip


class Labels:
    """Vocabulary labels in one language, falling back to ids."""

    def __init__(self, vocabulary: Vocabulary | None, lang: str) -> None:
        self.lang = lang

        def table(terms: Sequence[Term] | None) -> dict[str, str]:
            return {t.id: t.label(lang) for t in terms or ()}

        self._sectors = table(vocabulary.sectors if vocabulary else None)
        self._pains = table(vocabulary.pains if vocabulary else None)
        self._goals = table(vocabulary.goals if vocabulary else None)
        self._sources = table(vocabulary.data_sources if vocabulary else None)

    def sector(self, sector_id: str) -> str:
        """The sector's label."""
        return self._sectors.get(sector_id, sector_id)

    def source(self, source_id: str) -> str:
        """The data source's label."""
        return self._sources.get(source_id, source_id)

    def listing(self, kind: str, ids: Sequence[str]) -> str:
        """Labels of ``ids`` (``kind`` is ``pains`` or ``goals``), or "not stated"."""
        names = self._pains if kind == "pains" else self._goals
        return ", ".join(names.get(i, i) for i in ids) or TEXTS["unknown"](self.lang)


def word(key: str, lang: str) -> str:
    """The label of ``key`` in ``WORDS``, or ``key`` itself when it has none."""
    return WORDS[key](lang) if key in WORDS else key


def labelled(label: str, value: str, lang: str) -> str:
    """``label : value`` with French or English spacing."""
    return f"{label}: {value}" if lang == "en" else f"{label} : {value}"


def number(value: float, lang: str, digits: int = 1) -> str:
    """At most ``digits`` decimals, trailing zeros dropped: 40.0 -> "40", 9.6 -> "9,6" in French."""
    text = f"{value:.{digits}f}"
    if digits:
        text = text.rstrip("0").rstrip(".")
    return text if lang == "en" else text.replace(".", ",")


def category_label(category: str, lang: str) -> str:
    """The AI Act category's label, or the id itself when unknown."""
    return CATEGORY_LABELS[category](lang) if category in CATEGORY_LABELS else category
