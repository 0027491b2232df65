"""Build the manager's AI dossier (for a board or a funded diagnostic) from a discovery, in French or English.

The input is ``Discovery.as_dict()`` (and optionally ``TeamMap.as_dict()``), so a dossier can be
rebuilt from stored JSON. Amounts are the discovery's own formatted texts; nothing is recomputed.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

from assistant.domain.catalogue import Text
from assistant.domain.portfolio import CATEGORY_LABELS
from assistant.domain.roi import format_eur
from assistant.domain.usecases import Term, Vocabulary
from assistant.exports.assessment_report import format_date, format_hours
from assistant.exports.document import Block, Bullets, Heading, Note, Paragraph, Report, Table

TOP_DETAILED = 5
TOP_FACTORS = 2
SCENARIOS = ("low", "base", "high")  # pessimistic, central, optimistic
HORIZONS = ("quick_wins", "projects", "strategic")  # 0-3, 3-9 and 9-18 months
_T = {key: Text(fr=fr, en=en) for key, (fr, en) in {
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
_WORDS = {key: Text(fr=fr, en=en) for key, (fr, en) in {
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


def build_dossier(
    discovery: dict[str, Any],
    lang: str,
    generated_on: datetime.date,
    team: dict[str, Any] | None = None,
    domain_names: Mapping[str, str] | None = None,
    *,
    vocabulary: Vocabulary | None = None,
) -> Report:
    """Assemble the dossier from ``Discovery.as_dict()`` and, if measured, ``TeamMap.as_dict()``.

    ``domain_names`` names the skill domains of the team map; ``vocabulary`` names sectors, pains,
    goals and data sources (their ids are shown without it).
    """
    lang = "en" if lang == "en" else "fr"
    profile, items = discovery["profile"], list(discovery["portfolio"])
    labels = _Labels(vocabulary, lang)
    titles = {i["id"]: i["title"] for i in items}
    date = format_date(generated_on, lang)
    blocks: list[Block] = [
        *_profile(profile, items, discovery.get("missing_information", []), labels),
        *_portfolio(items, lang),
    ]
    if items:
        blocks.append(Heading(_T["top"](lang).format(n=min(TOP_DETAILED, len(items)))))
        for item in items[:TOP_DETAILED]:
            blocks += _detail(item, lang)
    if discovery["what_if"]:
        blocks += [Heading(_T["what_if"](lang)), Bullets(tuple(w["text"] for w in discovery["what_if"]))]
    blocks += _roadmap(discovery["roadmap"], titles, labels)
    blocks += _do_not_do(discovery["do_not_do"], lang)
    blocks += _team(team, domain_names or {}, lang)
    blocks.append(Note(discovery["disclaimer"]))
    name = profile.get("name") or labels.sector(profile["sector"])
    return Report(
        title=_T["title"](lang).format(name=name),
        subtitle=_T["subtitle"](lang).format(date=date),
        blocks=tuple(blocks),
        footer=_T["footer"](lang).format(date=date),
        lang=lang,
    )


class _Labels:
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
        return ", ".join(names.get(i, i) for i in ids) or _T["unknown"](self.lang)


def _word(key: str, lang: str) -> str:
    return _WORDS[key](lang) if key in _WORDS else key


def _labelled(label: str, value: str, lang: str) -> str:
    """``label : value`` with French or English spacing."""
    return f"{label}: {value}" if lang == "en" else f"{label} : {value}"


def _number(value: float, lang: str, digits: int = 1) -> str:
    # At most ``digits`` decimals, trailing zeros dropped: 40.0 -> "40", 9.6 -> "9,6" in French.
    text = f"{value:.{digits}f}"
    if digits:
        text = text.rstrip("0").rstrip(".")
    return text if lang == "en" else text.replace(".", ",")


def _profile(profile: dict[str, Any], items: list[dict[str, Any]], missing: list[str], labels: _Labels) -> list[Block]:
    lang = labels.lang
    hourly = format_eur(profile["loaded_hourly_cost_eur"], lang)
    sources = {a["name"]: a["source"] for i in items[:1] for a in i["roi"]["assumptions"]}
    if sources.get("loaded_hourly_cost_eur") == "default":
        hourly += f" ({_T['default'](lang)})"
    budget = profile.get("budget_band")
    facts = (
        ("sector", labels.sector(profile["sector"])),
        ("headcount", _T["people"](lang).format(n=profile["headcount"])),
        ("pains", labels.listing("pains", profile.get("pains", []))),
        ("goals", labels.listing("goals", profile.get("goals", []))),
        ("budget", _word(budget, lang) if budget else _T["unknown"](lang)),
        ("risk", _word(f"risk_{profile.get('risk_appetite', 'medium')}", lang)),
        ("hourly", hourly),
    )
    blocks: list[Block] = [Heading(_T["profile"](lang))]
    blocks.append(Bullets(tuple(_labelled(f"**{_T[key](lang)}**", value, lang) for key, value in facts)))
    if missing:
        blocks.append(Paragraph(_T["missing"](lang).format(fields=", ".join(_word(f, lang) for f in missing))))
    return blocks


def _category(category: str, lang: str) -> str:
    return CATEGORY_LABELS[category](lang) if category in CATEGORY_LABELS else category


def _portfolio(items: list[dict[str, Any]], lang: str) -> list[Block]:
    if not items:
        return [Heading(_T["portfolio"](lang)), Paragraph(_T["no_case"](lang))]
    header = tuple(
        _T[k](lang) for k in ("rank", "case", "quadrant", "value", "feasibility", "net", "payback", "ai_act")
    )
    rows = tuple(
        (
            str(i["rank"]),
            i["title"],
            _word(i["quadrant"], lang),
            _number(i["value"], lang, 0),
            _number(i["feasibility"], lang, 0),
            i["roi"]["net_yearly_eur"]["text"]["base"],
            i["roi"]["payback_months"]["base"]["text"],
            _category(i["triage"]["category"], lang),
        )
        for i in items
    )
    return [Heading(_T["portfolio"](lang)), Table(header, rows)]


def _detail(item: dict[str, Any], lang: str) -> list[Block]:
    return [
        Heading(f"{item['rank']}. {item['title']}", 2),
        Heading(_T["why"](lang), 3),
        Bullets(_why(item, lang)),
        Heading(_T["roi"](lang), 3),
        _roi_table(item["roi"], lang),
        Paragraph(f"**{_T['assumptions'](lang)}**"),
        Bullets(tuple(_assumption(a, lang) for a in item["roi"]["assumptions"])),
        Heading(_T["orientation"](lang), 3),
        Bullets(_orientation(item["triage"], lang)),
        *_kpis(item.get("kpis"), lang),
    ]


def _why(item: dict[str, Any], lang: str) -> tuple[str, ...]:
    lines = []
    for kind in ("value", "feasibility"):
        factors = sorted(item[f"{kind}_factors"], key=lambda f: -f["points"])
        for factor in factors[:TOP_FACTORS]:
            lines.append(_factor(f"{kind}_factor", factor, lang))
        lines += [_factor("watch", f, lang) for f in factors[TOP_FACTORS:] if f["points"] < 0]
    return tuple(lines)


def _factor(key: str, factor: dict[str, Any], lang: str) -> str:
    return _T[key](lang).format(text=factor["explanation"], points=_number(factor["points"], lang))


def _roi_table(roi: dict[str, Any], lang: str) -> Table:
    # Costs are ascending ranges, so the pessimistic column shows the high cost and vice versa;
    # gains, nets and paybacks are already per scenario.
    costs = dict(zip(SCENARIOS, reversed(SCENARIOS), strict=True))
    saved = roi["hours_saved_per_week"]
    rows = [
        (_T["saved"](lang), *(f"{_number(saved[s], lang)} h" for s in SCENARIOS)),
        (_T["gain"](lang), *(roi["annual_gain_eur"]["text"][s] for s in SCENARIOS)),
        (_T["one_off"](lang), *(roi["one_off_cost_eur"]["text"][costs[s]] for s in SCENARIOS)),
        (_T["running"](lang), *(roi["yearly_running_cost_eur"]["text"][costs[s]] for s in SCENARIOS)),
        (_T["net_first"](lang), *(roi["net_first_year_eur"]["text"][s] for s in SCENARIOS)),
        (_T["net_yearly"](lang), *(roi["net_yearly_eur"]["text"][s] for s in SCENARIOS)),
        (_T["payback_row"](lang), *(roi["payback_months"][s]["text"] for s in SCENARIOS)),
    ]
    return Table((_T["figure"](lang), *(_T[s](lang) for s in SCENARIOS)), tuple(rows))


def _assumption(assumption: dict[str, Any], lang: str) -> str:
    value = assumption["value"]
    shown = _number(value, lang, 2) if isinstance(value, float) else str(value)
    if lang != "en" and isinstance(value, str):
        shown = shown.replace(".", ",")
    if assumption["name"] == "task_match_rule":
        shown = _word(f"rule_{value}", lang)
    return _labelled(
        _word(assumption["name"], lang), f"{shown} ({_word('source_' + assumption['source'], lang)})", lang
    )


def _orientation(triage: dict[str, Any], lang: str) -> tuple[str, ...]:
    def yes_no(flag: bool) -> str:
        return _T["yes" if flag else "no"](lang)

    gdpr = _T["gdpr"](lang).format(
        personal=yes_no(triage["gdpr_personal_data"]), dpia=yes_no(triage["dpia_likely"]), note=triage["gdpr_note"]
    )
    category = _T["category"](lang).format(category=_category(triage["category"], lang), reason=triage["reason"])
    steps = _T["next"](lang).format(steps=" ".join(triage["next_steps"]))
    return (category, *triage["obligations"], gdpr, steps)


def _kpis(kpis: Any, lang: str) -> list[Block]:
    # KPIs may come as plain strings or as {"fr": ..., "en": ...} texts.
    texts = [(k.get(lang) or k.get("fr", "")) if isinstance(k, Mapping) else str(k) for k in kpis or ()]
    texts = [t for t in texts if t]
    return [Heading(_T["kpis"](lang), 3), Bullets(tuple(texts))] if texts else []


def _roadmap(roadmap: dict[str, Any], titles: Mapping[str, str], labels: _Labels) -> list[Block]:
    lang = labels.lang
    blocks: list[Block] = [Heading(_T["roadmap"](lang))]
    steps = [s for key in HORIZONS for s in roadmap["horizons"].get(key, [])]
    for key in HORIZONS:
        planned = roadmap["horizons"].get(key, [])
        blocks.append(Heading(_T[key](lang), 2))
        blocks.append(Bullets(tuple(_step(s, labels) for s in planned)) if planned else Paragraph(_T["nothing"](lang)))
    if roadmap["postponed"]:
        names = ", ".join(titles.get(i, i) for i in roadmap["postponed"])
        blocks.append(Paragraph(_T["postponed"](lang).format(titles=names)))
    needs: list[Block] = []
    if roadmap["data_work"]:
        needs.append(Bullets(tuple(_data_work(w, labels) for w in roadmap["data_work"])))
    if roadmap["training"]:
        rows = tuple((t["title"], format_hours(t["hours"], lang)) for t in roadmap["training"])
        needs.append(Table((_T["module"](lang), _T["hours"](lang)), rows))
    if any(not s["skills_measured"] for s in steps):
        needs.append(Note(_T["beginners"](lang)))
    return [*blocks, Heading(_T["prerequisites"](lang), 2), *needs] if needs else blocks


def _step(step: dict[str, Any], labels: _Labels) -> str:
    lang = labels.lang
    parts = [
        _T["step"](lang).format(title=step["title"], rank=step["rank"], month=_number(step["first_gains_month"], lang))
    ]
    if step["data_work"]:
        work = ", ".join(
            f"{labels.source(w['source'])} {'?' if w['current'] is None else w['current']} → {w['target']}"
            for w in step["data_work"]
        )
        parts.append(_T["step_data"](lang).format(work=work))
    if step["obligations_first"]:
        parts.append(_T["step_obligations"](lang))
    if step["training"]:
        hours = format_hours(sum(t["hours"] for t in step["training"]), lang)
        parts.append(_T["step_training"](lang).format(n=len(step["training"]), hours=hours))
    return ("; " if lang == "en" else " ; ").join(parts)


def _data_work(work: dict[str, Any], labels: _Labels) -> str:
    return _T["data_work"](labels.lang).format(
        source=labels.source(work["source"]),
        current=work["current"] if work["current"] is not None else "?",
        target=work["target"],
        months=_number(work["months"], labels.lang),
    )


def _do_not_do(banned: list[dict[str, Any]], lang: str) -> list[Block]:
    if not banned:
        return [Heading(_T["do_not"](lang)), Paragraph(_T["no_ban"](lang))]
    lines = tuple(_labelled(f"**{b.get('title') or b['use_case']}**", b["reason"], lang) for b in banned)
    return [Heading(_T["do_not"](lang)), Bullets(lines)]


def _team(team: dict[str, Any] | None, domain_names: Mapping[str, str], lang: str) -> list[Block]:
    # One column per group and a row per skill domain: group names are short, domain names are not.
    if team is None:
        return [Heading(_T["team"](lang)), Note(_T["unmeasured"](lang))]
    groups, columns, hidden = [], [], []
    for row in team["rows"]:
        group = _T["whole"](lang) if row["total"] else row["group"] or _T["no_team"](lang)
        groups.append(group)
        if row["suppressed"] is None:
            cells = [row["cells"][d] for d in team["domains"]]
            columns.append([str(cells[0]["n"] if cells else 0), *(_cell(c, lang) for c in cells)])
        else:  # never a number for a hidden group, not even its head count
            columns.append([_T[row["suppressed"]](lang)] * (len(team["domains"]) + 1))
            hidden.append(_labelled(f"**{group}**", row["suppressed_reason"][lang], lang))
    labels = [_T["headcount"](lang), *(domain_names.get(d, d) for d in team["domains"])]
    rows = tuple((label, *(column[i] for column in columns)) for i, label in enumerate(labels))
    blocks: list[Block] = [Heading(_T["team"](lang)), Table((_T["domain"](lang), *groups), rows)]
    if hidden:
        blocks.append(Bullets(tuple(hidden)))
    return [*blocks, Note(_T["team_rule"](lang).format(k=team["k"]))]


def _cell(cell: dict[str, Any], lang: str) -> str:
    mean = _number(cell["mean"], lang)
    share = cell.get("share_at_target")
    return mean if share is None else f"{mean} ({round(share * 100)} %)"
