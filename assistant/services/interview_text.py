"""Plain Markdown for the interview: the disclosure, a question, the results (FR/EN).

Shared by the offline model, the UI's button path and the terminal chat, so every path
shows the same words.
"""

from __future__ import annotations

from assistant.services.interview import InterviewState, QuestionView, ResultsView

DISCLOSURE = {
    "fr": (
        "**Avant de commencer**\n\n"
        "- Vous échangez avec **un système d'IA**, pas avec une personne.\n"
        "- Cet entretien sert à **votre développement** : situer vos compétences en IA et en données et "
        "choisir quoi apprendre. Ce n'est ni une évaluation de performance ni une certification.\n"
        "- **Vos résultats individuels sont privés** : vous seul les voyez. Votre manager ne voit que des "
        "moyennes anonymes de groupes d'**au moins 5 personnes**, et seulement à partir des résultats "
        "que vous aurez confirmés.\n"
        "- Chaque réponse est enregistrée aussitôt : vous pouvez fermer la page et reprendre plus tard. "
        "« Je ne sais pas » et « passer » sont toujours permis.\n"
        "- Vous pouvez exporter ou effacer vos données à tout moment (commande **Mes données**).\n\n"
        "Environ 15 à 20 minutes, au plus 25 questions."
    ),
    "en": (
        "**Before we start**\n\n"
        "- You are talking with **an AI system**, not a person.\n"
        "- This interview is for **your own development**: to place your AI and data skills and choose "
        "what to learn. It is neither a performance review nor a certification.\n"
        "- **Your individual results are private**: only you see them. Your manager only sees anonymous "
        "averages of groups of **at least 5 people**, and only from results you have confirmed.\n"
        '- Each answer is saved at once: you can close the page and resume later. "I don\'t know" and '
        '"skip" are always allowed.\n'
        "- You can export or erase your data at any time (**My data** command).\n\n"
        "About 15 to 20 minutes, at most 25 questions."
    ),
}
CHOOSE_ROLE = {
    "fr": "Quel rôle est le plus proche de votre poste ? Il fixe les niveaux visés.",
    "en": "Which role is closest to your job? It sets the target levels.",
}
HOW_TO_ANSWER = {
    "self": {
        "fr": "Choisissez la description la plus proche de ce que vous faites (1 à 5), "
        "« je ne sais pas » ou « passer ».",
        "en": 'Pick the description closest to what you do (1 to 5), "I don\'t know" or "skip".',
    },
    "scenario": {
        "fr": "Choisissez une réponse (lettre), « je ne sais pas » ou « passer ».",
        "en": 'Pick one answer (letter), "I don\'t know" or "skip".',
    },
    "open": {
        "fr": "Répondez en quelques phrases (ou « passer »).",
        "en": 'Answer in a few sentences (or "skip").',
    },
}


def _lang(lang: str) -> str:
    return "en" if lang == "en" else "fr"


def progress_line(question: QuestionView, lang: str) -> str:
    """E.g. "Question 4 sur ~17 · Données (2/8)"."""
    word = "sur" if _lang(lang) == "fr" else "of"
    return (
        f"Question {question.answered + 1} {word} ~{question.estimated_total} · "
        f"{question.domain_name} ({question.domain_number}/{question.domain_count})"
    )


def question_markdown(question: QuestionView, lang: str, with_progress: bool = True) -> str:
    """The question, its numbered options and how to answer."""
    lines = [f"*{progress_line(question, lang)}*", ""] if with_progress else []
    lines.append(f"**{question.text}**")
    if question.options:
        lines.append("")
        for option in question.options:
            mark = " ✓" if question.current_value == option.id else ""
            separator = "." if question.kind == "self" else ")"
            lines.append(f"{option.label}{separator} {option.text}{mark}")
    lines += ["", f"_{HOW_TO_ANSWER.get(question.kind, HOW_TO_ANSWER['open'])[_lang(lang)]}_"]
    return "\n".join(lines)


def results_markdown(results: ResultsView, lang: str) -> str:
    """The summary to review: levels against the target, strengths, gaps, learning path."""
    fr = _lang(lang) == "fr"
    lines = [
        f"**{'Vos résultats' if fr else 'Your results'}** — {results.role_name}",
        "",
        "| Domaine | Niveau | Visé | Fiabilité |" if fr else "| Domain | Level | Target | Confidence |",
        "|---|---|---|---|",
    ]
    for d in results.domains:
        adjust = f" ({d.adjustment:+d})" if d.adjustment else ""
        lines.append(f"| {d.name} | {d.level} · {d.level_label} | {d.target} | {d.confidence}{adjust} |")
    lines.append("")
    if results.strengths:
        lines.append(f"**{'Points forts' if fr else 'Strengths'}** : " + ", ".join(results.strengths))
    if results.gaps:
        lines.append(f"**{'À développer' if fr else 'To develop'}** : " + ", ".join(results.gaps))
    else:
        lines.append("Vous atteignez les niveaux visés pour votre rôle." if fr else "You meet your role's targets.")
    if results.could_be_champion:
        lines.append(
            "Vous pourriez être **référent IA** de votre équipe." if fr else "You could be your team's **AI champion**."
        )
    if results.path:
        lines += ["", f"**{'Parcours conseillé' if fr else 'Suggested learning path'}** :"]
        for n, step in enumerate(results.path, 1):
            lines.append(f"{n}. {step.title} ({_hours(step.hours, fr)})")
        lines += ["", ("Total : " if fr else "Total: ") + _hours(results.path_hours, fr)]
    if results.status != "confirmed":
        lines += [
            "",
            "_Relisez ce résumé puis confirmez-le, ou corrigez une réponse. Seuls les résultats confirmés "
            "comptent (anonymement) dans les moyennes d'équipe._"
            if fr
            else "_Review this summary, then confirm it or correct an answer. Only confirmed results count "
            "(anonymously) in team averages._",
        ]
    return "\n".join(lines)


def _hours(hours: float, fr: bool) -> str:
    text = f"{hours:g}"
    return (text.replace(".", ",") + " h") if fr else f"{text} h"


def panel_markdown(state: InterviewState, roles: list[tuple[str, str]], lang: str) -> str:
    """What the screen shows under the reply: disclosure and roles, the question, or the results."""
    if state.stage == "not_started":
        listed = "\n".join(f"- {name}" for _id, name in roles)
        return f"{DISCLOSURE[_lang(lang)]}\n\n{CHOOSE_ROLE[_lang(lang)]}\n{listed}"
    if state.question is not None:
        return question_markdown(state.question, lang)
    assert state.results is not None
    return results_markdown(state.results, lang)
