"""Build the employee's personal self-assessment report, in French or English."""

from __future__ import annotations

import datetime

from assistant.domain.scoring import DomainScore, Results
from assistant.domain.skills import MAX_LEVEL, Framework
from assistant.domain.training import LearningPath
from assistant.exports.document import Block, Bullets, Heading, Note, Paragraph, Radar, RadarSeries, Report, Table

_MONTHS: dict[str, tuple[str, ...]] = {
    "fr": (
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}

_TEXT: dict[str, dict[str, str]] = {
    "fr": {
        "title": "Mon bilan de compétences IA",
        "subtitle": "Rôle : {role} — {date}",
        "private": "Ce bilan est personnel : il vous appartient, et c'est vous qui décidez avec qui le partager.",
        "radar": "Votre niveau et la cible de votre rôle",
        "you": "Votre niveau",
        "target": "Cible du rôle",
        "results": "Vos résultats par domaine",
        "domain": "Domaine",
        "level": "Niveau",
        "goal": "Cible",
        "basis": "Fiabilité",
        "adjustment": "Ajustement",
        "self_and_scenarios": "déclaré et confirmé par des mises en situation",
        "self_declared": "auto-déclaré uniquement",
        "scenarios_only": "mises en situation uniquement",
        "none": "pas de réponse",
        "raised": "déclaré {declared}, relevé à {level} par les mises en situation",
        "lowered": "déclaré {declared}, ramené à {level} par les mises en situation",
        "strengths": "Vos points forts",
        "strength": "**{domain}** : niveau {level} ({label})",
        "no_strength": "Pas encore de domaine au niveau Avancé ou au-dessus de la cible de votre rôle.",
        "gaps": "Vos axes de progrès",
        "gap": "**{domain}** : niveau {level}, cible {target} ({label}). À atteindre : {descriptor}",
        "no_gap": "Vous atteignez la cible de votre rôle dans tous les domaines.",
        "champion_title": "Référent IA",
        "champion": (
            "Votre profil vous permettrait de devenir **référent IA** de votre équipe : la personne qui aide ses "
            "collègues, partage les bonnes pratiques et fait remonter les besoins. Parlez-en à votre responsable "
            "si cela vous intéresse."
        ),
        "path": "Votre parcours de formation",
        "order": "N°",
        "module": "Module",
        "hours": "Durée",
        "raises": "Domaines travaillés",
        "totals": "**Total** : {hours} de formation, coût indicatif {cost} HT par personne.",
        "no_path": "Aucune formation n'est nécessaire pour atteindre la cible de votre rôle.",
        "unreachable": (
            "Le catalogue ne permet pas encore d'atteindre la cible pour : {domains}. "
            "Parlez-en à votre responsable formation."
        ),
        "method": (
            "Comment vos niveaux sont calculés : chaque domaine part du niveau que vous avez déclaré (0 à {top}), "
            "corrigé par les mises en situation. Le niveau retenu n'est jamais supérieur à la difficulté de la plus "
            "facile des mises en situation manquées moins un, ni inférieur à la difficulté de la plus difficile "
            "des mises en situation réussies. « Je ne sais pas » et les questions passées ne comptent ni pour ni "
            "contre vous. Ce bilan est une autoévaluation indicative, pas une certification."
        ),
        "footer": "Cap IA — bilan personnel du {date}",
    },
    "en": {
        "title": "My AI skills report",
        "subtitle": "Role: {role} — {date}",
        "private": "This report is private: it is yours, and you decide whom to share it with.",
        "radar": "Your level and your role's target",
        "you": "Your level",
        "target": "Role target",
        "results": "Your results by domain",
        "domain": "Domain",
        "level": "Level",
        "goal": "Target",
        "basis": "Confidence",
        "adjustment": "Adjustment",
        "self_and_scenarios": "declared and checked by scenarios",
        "self_declared": "self-declared only",
        "scenarios_only": "scenarios only",
        "none": "no answer",
        "raised": "declared {declared}, raised to {level} by the scenarios",
        "lowered": "declared {declared}, lowered to {level} by the scenarios",
        "strengths": "Your strengths",
        "strength": "**{domain}**: level {level} ({label})",
        "no_strength": "No domain at Advanced level or above your role's target yet.",
        "gaps": "Where to grow",
        "gap": "**{domain}**: level {level}, target {target} ({label}). To reach: {descriptor}",
        "no_gap": "You meet your role's target in every domain.",
        "champion_title": "AI champion",
        "champion": (
            "Your profile would let you become your team's **AI champion**: the person who helps colleagues, "
            "shares good practice and reports needs. Talk to your manager if this interests you."
        ),
        "path": "Your learning path",
        "order": "#",
        "module": "Module",
        "hours": "Duration",
        "raises": "Domains raised",
        "totals": "**Total**: {hours} of training, indicative cost {cost} excl. VAT per person.",
        "no_path": "No training is needed to reach your role's target.",
        "unreachable": (
            "The catalogue cannot yet take you to the target for: {domains}. Talk to your training manager."
        ),
        "method": (
            "How your levels are computed: each domain starts from the level you declared (0 to {top}), corrected "
            "by the scenario checks. The level kept is never above the difficulty of the easiest check you missed "
            'minus one, and never below the difficulty of the hardest check you got right. "I don\'t know" and '
            "skipped questions count neither for nor against you. This report is an indicative self-assessment, "
            "not a certification."
        ),
        "footer": "Cap IA — personal report of {date}",
    },
}


def build_assessment_report(
    framework: Framework, results: Results, path: LearningPath, lang: str, generated_on: datetime.date
) -> Report:
    """Assemble the personal report: radar, per-domain table, strengths, gaps and learning path."""
    lang = "en" if lang == "en" else "fr"
    text = _TEXT[lang]
    role = framework.role(results.role_id)
    names = {d.id: d.name(lang) for d in framework.domains}
    date = format_date(generated_on, lang)
    blocks: list[Block] = [
        Note(text["private"]),
        Radar(
            title=text["radar"],
            axes=tuple(names[s.domain_id] for s in results.domains),
            series=(
                RadarSeries(text["you"], tuple(float(s.level) for s in results.domains)),
                RadarSeries(text["target"], tuple(float(s.target) for s in results.domains)),
            ),
            max_value=MAX_LEVEL,
        ),
        Heading(text["results"]),
        Table(
            (text["domain"], text["level"], text["goal"], text["basis"], text["adjustment"]),
            tuple(_score_row(framework, s, names, lang) for s in results.domains),
        ),
        Heading(text["strengths"]),
        _strengths(framework, results, names, lang),
        Heading(text["gaps"]),
        _gaps(framework, results, lang),
    ]
    if results.could_be_champion:
        blocks += [Heading(text["champion_title"]), Paragraph(text["champion"])]
    blocks += [Heading(text["path"]), *_path_blocks(path, names, lang)]
    blocks.append(Note(text["method"].format(top=MAX_LEVEL)))
    return Report(
        title=text["title"],
        subtitle=text["subtitle"].format(role=role.name(lang), date=date),
        blocks=tuple(blocks),
        footer=text["footer"].format(date=date),
        lang=lang,
    )


def format_date(day: datetime.date, lang: str) -> str:
    """``24 novembre 2026`` (``1er`` for the first) or ``24 November 2026``."""
    month = _MONTHS["en" if lang == "en" else "fr"][day.month - 1]
    number = "1er" if day.day == 1 and lang != "en" else str(day.day)
    return f"{number} {month} {day.year}"


def format_hours(hours: float, lang: str) -> str:
    """``1 h 30`` / ``14 h`` in French, ``1.5 h`` in English."""
    if lang == "en":
        return f"{hours:g} h"
    whole, minutes = divmod(round(hours * 60), 60)
    return f"{whole} h {minutes:02d}" if minutes else f"{whole} h"


def format_euros(amount: float, lang: str) -> str:
    """``1 234,50 €`` (narrow no-break space between thousands) in French, ``€1,234.50`` in English."""
    figures = f"{amount:,.2f}"
    if lang == "en":
        return f"€{figures}"
    return figures.replace(",", "\u202f").replace(".", ",") + "\u00a0€"


def _level(framework: Framework, level: int, lang: str) -> str:
    return f"{level} – {framework.levels[level].label(lang)}"


def _score_row(framework: Framework, score: DomainScore, names: dict[str, str], lang: str) -> tuple[str, ...]:
    text = _TEXT[lang]
    if score.declared is None or score.adjustment == 0:
        adjustment = "—"
    else:
        key = "raised" if score.adjustment > 0 else "lowered"
        adjustment = text[key].format(declared=score.declared, level=score.level)
    return (
        names[score.domain_id],
        _level(framework, score.level, lang),
        _level(framework, score.target, lang),
        text[score.basis],
        adjustment,
    )


def _strengths(framework: Framework, results: Results, names: dict[str, str], lang: str) -> Block:
    text = _TEXT[lang]
    if not results.strengths:
        return Paragraph(text["no_strength"])
    return Bullets(
        tuple(
            text["strength"].format(
                domain=names[s.domain_id], level=s.level, label=framework.levels[s.level].label(lang)
            )
            for s in results.strengths
        )
    )


def _gaps(framework: Framework, results: Results, lang: str) -> Block:
    text = _TEXT[lang]
    if not results.gaps:
        return Paragraph(text["no_gap"])
    items = []
    for score in results.gaps:
        domain = framework.domain(score.domain_id)
        items.append(
            text["gap"].format(
                domain=domain.name(lang),
                level=score.level,
                target=score.target,
                label=framework.levels[score.target].label(lang),
                descriptor=domain.descriptors[score.target](lang),
            )
        )
    return Bullets(tuple(items))


def _path_blocks(path: LearningPath, names: dict[str, str], lang: str) -> list[Block]:
    text = _TEXT[lang]
    blocks: list[Block] = []
    if path.steps:
        rows = tuple(
            (
                str(number),
                step.module.title(lang),
                format_hours(step.module.duration_hours, lang),
                ", ".join(f"{names.get(d, d)} {start}→{end}" for d, (start, end) in step.domains.items()),
            )
            for number, step in enumerate(path.steps, start=1)
        )
        blocks.append(Table((text["order"], text["module"], text["hours"], text["raises"]), rows))
        hours, cost = format_hours(path.hours, lang), format_euros(path.cost_eur, lang)
        blocks.append(Paragraph(text["totals"].format(hours=hours, cost=cost)))
    elif not path.unreachable:
        blocks.append(Paragraph(text["no_path"]))
    if path.unreachable:
        missing = ", ".join(names.get(d, d) for d in sorted(path.unreachable))
        blocks.append(Paragraph(text["unreachable"].format(domains=missing)))
    return blocks
