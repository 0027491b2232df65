"""French and English wording of training outlines: the phrase table and the lines built from it.

Every phrase an outline shows lives in ``_W`` as a (French, English) pair; ``wording`` picks one.
The helpers here turn a request into the methods, materials, assessment and prerequisites a programme
sheet lists.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from assistant.language import fold

if TYPE_CHECKING:
    from assistant.domain.outline import OutlineRequest
    from assistant.domain.training import Module


@dataclass(frozen=True)
class EvaluationPlan:
    """Diagnostic, formative and final assessment, and the Kirkpatrick levels covered."""

    diagnostic: str
    formative: str
    final: str
    kirkpatrick: tuple[str, ...]
    certificate: str


def wording(key: str, lang: str) -> str:
    """The wording ``key`` in ``lang`` (French for anything but ``en``)."""
    fr, en = _W[key]
    return en if lang == "en" else fr


def grouping(size: int, lang: str) -> str:
    """How participants work for a group of ``size``: alone with the trainer, in pairs or in small groups."""
    return wording("group_1" if size == 1 else "group_2" if size <= 5 else "group_3", lang)


def shorten(text: str, limit: int = 60) -> str:
    """``text`` cut at a word boundary to fit ``limit`` characters, with an ellipsis."""
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _constraint(request: OutlineRequest, keys: tuple[str, ...]) -> bool:
    return any(key in fold(constraint) for constraint in request.constraints for key in keys)


def tools_for(request: OutlineRequest) -> tuple[str, ...]:
    """What the practice needs: computers or paper, the virtual classroom, fictitious data, cases."""
    lang, tools = request.lang, []
    if _constraint(request, ("sans ordinateur", "pas d'ordinateur", "no computer", "no laptop", "without computer")):
        tools.append(wording("paper", lang))
    elif request.format != "remote":
        tools.append(wording("computers", lang).format(n=request.group_size))
    if request.format != "on_site":
        tools.append(wording("virtual_class", lang))
    if _constraint(request, ("confidenti", "donnees sensibles", "sensitive", "rgpd", "gdpr", "personal data")):
        tools.append(wording("fictitious_data", lang))
    return (*tools, wording("cases", lang))


def materials_for(request: OutlineRequest) -> tuple[str, ...]:
    """The room (unless remote), the practice tools and the handout."""
    room = () if request.format == "remote" else (wording("room", request.lang),)
    return (*room, *tools_for(request), wording("handout", request.lang))


def methods_for(request: OutlineRequest) -> tuple[str, ...]:
    """The teaching methods, plus the remote or blended arrangements."""
    lang = request.lang
    methods = [wording(f"method_{i}", lang).format(g=grouping(request.group_size, lang)) for i in (1, 2, 3)]
    if request.format != "on_site":
        methods.append(wording(f"method_{request.format}", lang))
    return tuple(methods)


def evaluation_plan(request: OutlineRequest) -> EvaluationPlan:
    """Diagnostic, formative and final assessment (a quiz for 2 h or less), Kirkpatrick levels, certificate."""
    lang, short = request.lang, request.duration_minutes <= 120
    final = wording("final_short", lang) if short else wording("final", lang)
    return EvaluationPlan(
        wording("opening", lang),
        wording("formative", lang),
        final,
        tuple(wording(f"kirkpatrick_{k}", lang) for k in (1, 2, 3)),
        wording("certificate", lang),
    )


def prerequisites_for(request: OutlineRequest, module_ids: Sequence[str], modules: Sequence[Module]) -> tuple[str, ...]:
    """The level's prerequisite, earlier modules above beginner level, and the remote kit."""
    lang, titles = request.lang, {m.id: m.title(request.lang) for m in modules}
    items = [wording(f"prerequisite_{request.level}", lang)]
    if request.level != "beginner":  # a beginner course never requires an earlier module
        items += [wording("previous_module", lang).format(title=titles[m]) for m in module_ids if m in titles]
    if request.format != "on_site":
        items.append(wording("remote_kit", lang))
    return tuple(items)


# fmt: off
_W: Final[Mapping[str, tuple[str, str]]] = {
    "title_workshop": ("Atelier « {topic} » — {audience}", 'Workshop "{topic}" — {audience}'),
    "title_course": ("Formation « {topic} » — {audience}", 'Training course "{topic}" — {audience}'),
    "pitch": ("En {duration}, {kind} fait travailler le thème « {topic} » à {n} participant{s} ({audience}, "
              "niveau {level}, {format}) sur des cas tirés de leur quotidien. À l'issue, chaque participant sera "
              "capable {objective}.",
              'In {duration}, {kind} has {n} participant{s} ({audience}, {level} level, {format}) work on "{topic}" '
              "with cases from their daily work. By the end, each participant will be able to {objective}."),
    "kind_workshop": ("cet atelier", "this workshop"),
    "kind_course": ("cette formation", "this course"),
    "beginner": ("débutant", "beginner"),
    "intermediate": ("intermédiaire", "intermediate"),
    "advanced": ("avancé", "advanced"),
    "on_site": ("en présentiel", "on site"),
    "remote": ("à distance", "remote"),
    "blended": ("en format mixte", "blended"),
    "all_staff": ("Tous publics", "All staff"),
    "continued": ("(suite)", "(continued)"),
    "opening_title": ("Accueil, objectifs et quiz de positionnement", "Welcome, objectives and positioning quiz"),
    "opening": ("Tour de table des attentes, présentation des objectifs et quiz de positionnement de cinq questions "
                "(évaluation diagnostique)",
                "Round of expectations, presentation of the objectives and five-question positioning quiz "
                "(diagnostic assessment)"),
    "recall_title": ("Réactivation des acquis de la veille", "Recap of the previous day"),
    "recall": ("Quiz de rappel de cinq questions et correction collective (évaluation formative)",
               "Five-question recall quiz with group correction (formative assessment)"),
    "wrap_up_title": ("Bilan de la journée", "Wrap-up of the day"),
    "wrap_up": ("Chacun note ce qu'il retient et une question restante ; le formateur ajuste la suite (formatif)",
                "Everyone notes what they take away and one open question; the trainer adjusts what follows"),
    "final_short_title": ("Évaluation finale et satisfaction", "Final assessment and feedback"),
    "final_short": ("Quiz final de dix questions (seuil de réussite : 7/10) comparé au positionnement, puis "
                    "questionnaire de satisfaction à chaud",
                    "Final ten-question quiz (pass mark 7/10) compared with the positioning quiz, then feedback form"),
    "final_title": ("Évaluation finale des acquis", "Final assessment of learning"),
    "final": ("Mise en situation notée avec une grille (seuil de réussite : 70 %), comparée au quiz de positionnement",
              "Graded practical exercise with a marking grid (pass mark 70%), compared with the positioning quiz"),
    "closing_title": ("Plan d'action et satisfaction", "Action plan and feedback"),
    "closing": ("Chacun choisit deux actions à tester dans les 15 jours ; questionnaire de satisfaction à chaud",
                "Everyone picks two actions to try within 15 days; end-of-session feedback form"),
    "check_title": ("Vérification formative", "Formative check"),
    "check": ("Quiz flash ou production corrigée avec une grille", "Quick quiz or output marked with a grid"),
    "practice_title": ("Mise en pratique : ", "Practice: "),
    "input_all": ("Apports : les notions clés des objectifs", "Input: the key notions behind the objectives"),
    "practice_all": ("Mise en pratique des objectifs", "Practice on the objectives"),
    "theory": ("Apport court illustré d'exemples du métier, puis questions-réponses",
               "Short input with examples from the job, then questions and answers"),
    "remember": ("Quiz interactif et tri de cartes {g}", "Interactive quiz and card sorting {g}"),
    "understand": ("Explication à un pair puis classement commenté d'exemples {g}",
                   "Explaining to a peer, then commented sorting of examples {g}"),
    "apply": ("Exercice guidé {g} sur un document réel anonymisé, corrigé avec une grille",
              "Guided exercise {g} on a real anonymised document, marked with a grid"),
    "analyze": ("Chasse aux erreurs {g} dans des productions réelles, puis mise en commun",
                "Error hunt {g} in real outputs, then group debrief"),
    "evaluate": ("Étude de cas {g} : comparer des options et défendre un choix avec des critères",
                 "Case study {g}: compare options and defend a choice with criteria"),
    "create": ("Atelier de conception {g} : produire un livrable présenté au groupe et évalué par les pairs",
               "Design workshop {g}: produce a deliverable presented to the group and peer-reviewed"),
    "group_1": ("en individuel avec le formateur", "one-to-one with the trainer"),
    "group_2": ("en binômes", "in pairs"),
    "group_3": ("en sous-groupes de 3 à 4", "in groups of 3 to 4"),
    "break": ("Pause", "Break"),
    "lunch_title": ("Déjeuner", "Lunch"),
    "lunch": ("Non compté dans la durée de la formation", "Not counted in the training duration"),
    "slides": ("Support de présentation", "Slide deck"),
    "grid": ("Grille d'évaluation de l'objectif", "Marking grid for the objective"),
    "computers": ("Un ordinateur par participant ({n} postes) avec l'outil d'IA validé par l'entreprise",
                  "One computer per participant ({n} in all) with the AI tool approved by the company"),
    "paper": ("Exercices sur papier et démonstrations projetées", "Paper-based exercises and projected demonstrations"),
    "virtual_class": ("Classe virtuelle (caméra, micro), salles de sous-groupes et tableau blanc collaboratif",
                      "Virtual classroom (camera, microphone), breakout rooms and a shared whiteboard"),
    "fictitious_data": ("Données fictives ou anonymisées uniquement (aucune donnée réelle de clients ou de salariés)",
                        "Fictitious or anonymised data only (no real customer or employee data)"),
    "cases": ("Cas pratiques tirés du métier des participants", "Practical cases from the participants' jobs"),
    "room": ("Salle équipée d'un vidéoprojecteur et d'un tableau", "Room with a projector and a whiteboard"),
    "handout": ("Fiche mémo remise à chaque participant (PDF accessible)", "Memo card for each participant (PDF)"),
    "method_1": ("Apports courts illustrés d'exemples du métier", "Short inputs with examples from the job"),
    "method_2": ("Exercices pratiques {g} sur des cas réels anonymisés", "Hands-on exercises {g} on anonymised cases"),
    "method_3": ("Démonstrations en direct et correction collective", "Live demonstrations and group correction"),
    "method_remote": ("Classe virtuelle interactive : sondages, salles de sous-groupes, assistance technique",
                      "Interactive virtual classroom: polls, breakout rooms, technical support"),
    "method_blended": ("Alternance de journées en présentiel et de classes virtuelles, avec assistance technique",
                       "On-site days alternating with virtual classes, with technical support"),
    "formative": ("Exercices corrigés avec une grille, quiz flash et bilans en fin de séquence et de journée",
                  "Exercises marked with a grid, quick quizzes and wrap-ups after each sequence and day"),
    "kirkpatrick_1": ("Niveau 1 — réaction : questionnaire de satisfaction à chaud en fin de session",
                      "Level 1 — reaction: feedback form at the end of the session"),
    "kirkpatrick_2": ("Niveau 2 — apprentissage : évaluation finale comparée au quiz de positionnement",
                      "Level 2 — learning: final assessment compared with the positioning quiz"),
    "kirkpatrick_3": ("Niveau 3 — comportement : suivi à froid à prévoir entre 30 et 60 jours (questionnaire et "
                      "échange avec le manager sur la mise en pratique)",
                      "Level 3 — behaviour: follow-up to plan between 30 and 60 days (questionnaire and talk with "
                      "the manager about use on the job)"),
    "certificate": ("Attestation de fin de formation : objectifs, nature, durée de l'action et résultats de "
                    "l'évaluation des acquis",
                    "Certificate of completion: objectives, nature and duration of the course, assessment results"),
    "prerequisite_beginner": ("Aucun prérequis en IA ; savoir utiliser un navigateur web et une messagerie",
                              "No prior AI knowledge; able to use a web browser and e-mail"),
    "prerequisite_intermediate": ("Utiliser déjà un outil d'IA générative dans son travail (niveau 1 à 2 du "
                                  "référentiel), vérifié au positionnement",
                                  "Already using a generative AI tool at work (framework level 1 to 2), checked "
                                  "by the positioning quiz"),
    "prerequisite_advanced": ("Utiliser régulièrement l'IA dans son travail en appliquant les règles d'usage "
                              "(niveau 2 à 3 du référentiel)",
                              "Using AI regularly at work and applying the usage rules (framework level 2 to 3)"),
    "previous_module": ("Avoir suivi « {title} » ou un niveau équivalent", "Have taken '{title}' or equivalent"),
    "remote_kit": ("Ordinateur avec caméra, micro et connexion internet stable",
                   "Computer with camera, microphone and a stable internet connection"),
    "accessibility": ("Formation accessible aux personnes en situation de handicap : locaux accessibles ou lieu "
                      "adapté sur demande, supports compatibles avec les lecteurs d'écran, rythme et temps "
                      "d'évaluation aménageables. Signalez tout besoin avant l'inscription, en toute "
                      "confidentialité. Référent handicap : [nom, e-mail]",
                      "Accessible to people with disabilities: accessible premises or another venue on request, "
                      "materials that work with screen readers, adjustable pace and assessment time. Please tell "
                      "us about any need before enrolling, in confidence. Disability contact: [name, e-mail]"),
    "access": ("Inscription par formulaire ou par e-mail, suivie d'un entretien de 15 minutes pour vérifier les "
               "prérequis et les besoins",
               "Enrolment by form or e-mail, followed by a 15-minute call to check prerequisites and needs"),
    "lead_time": ("Inscription jusqu'à 10 jours ouvrés avant la session ; en intra-entreprise, démarrage sous 3 à 5 "
                  "semaines après accord",
                  "Enrolment up to 10 working days before the session; in-company sessions start 3 to 5 weeks "
                  "after agreement"),
    "price": ("[Tarif inter-entreprises : … € HT par participant] ; [tarif intra-entreprise : … € HT pour le groupe "
              "de {n}]. Repère catalogue : environ {eur} € HT par participant",
              "[Open-session price: … € excl. VAT per participant]; [in-company price: … € excl. VAT for the group "
              "of {n}]. Catalogue benchmark: about €{eur} excl. VAT per participant"),
    "contact": ("[Nom, fonction, téléphone, e-mail]", "[Name, role, phone, e-mail]"),
    "days_rule": ("Journée type 09:00–12:30 / 13:30–17:00 ; le déjeuner n'est pas compté dans la durée, les pauses "
                  "de 15 min le sont",
                  "Typical day 09:00–12:30 / 13:30–17:00; lunch is not counted in the duration, 15-minute breaks "
                  "are"),
}
# fmt: on
