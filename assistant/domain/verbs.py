"""Measurable action verbs by revised Bloom level (FR/EN) and the vague verbs objectives must avoid.

An objective is measurable when its leading verb names an observable behaviour (Anderson &
Krathwohl, 2001); Qualiopi indicator 5 expects evaluable objectives. Lead-ins such as « À l'issue
de la formation, le participant sera capable de » or "Participants will be able to" are skipped.
A verb outside the lists counts as not measurable: the lists are the contract the generator and
the programme checker share, so an unknown verb is reported rather than trusted.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final, Literal, NamedTuple

from assistant.domain.training import Bloom
from assistant.language import Lang, fold

CourseLevel = Literal["beginner", "intermediate", "advanced"]

BLOOM_ORDER: Final[tuple[Bloom, ...]] = ("remember", "understand", "apply", "analyze", "evaluate", "create")

# fmt: off
MEASURABLE: Final[Mapping[Lang, Mapping[Bloom, tuple[str, ...]]]] = {
    "fr": {
        "remember": ("citer", "nommer", "lister", "énumérer", "définir", "identifier", "reconnaître", "retrouver",
                     "localiser", "indiquer"),
        "understand": ("expliquer", "reformuler", "résumer", "illustrer", "classer", "distinguer", "comparer",
                       "décrire", "interpréter", "associer", "présenter", "commenter"),
        "apply": ("appliquer", "utiliser", "rédiger", "exécuter", "mettre en œuvre", "calculer", "paramétrer",
                  "réaliser", "formuler", "animer", "anonymiser", "entraîner", "employer", "configurer",
                  "manipuler", "démontrer", "compléter", "préparer", "traiter", "résoudre"),
        "analyze": ("analyser", "décomposer", "différencier", "catégoriser", "repérer", "comparer", "organiser",
                    "diagnostiquer", "détecter", "cartographier", "relier", "distinguer", "examiner", "structurer"),
        "evaluate": ("évaluer", "juger", "vérifier", "critiquer", "justifier", "argumenter", "hiérarchiser",
                     "recommander", "prioriser", "sélectionner", "tester", "choisir", "contrôler", "arbitrer",
                     "valider", "mesurer", "estimer"),
        "create": ("concevoir", "créer", "élaborer", "planifier", "produire", "construire", "formuler", "rédiger",
                   "composer", "développer", "proposer", "mettre au point", "établir", "organiser"),
    },
    "en": {
        "remember": ("name", "list", "identify", "recognise", "recognize", "define", "recall", "find", "state",
                     "locate", "cite"),
        "understand": ("explain", "describe", "paraphrase", "rephrase", "summarise", "summarize", "classify",
                       "illustrate", "compare", "distinguish", "interpret", "present"),
        "apply": ("apply", "use", "write", "execute", "implement", "carry out", "calculate", "configure", "set up",
                  "run", "perform", "demonstrate", "operate", "anonymise", "anonymize", "train", "formulate",
                  "complete", "prepare", "draft", "solve"),
        "analyze": ("analyse", "analyze", "compare", "differentiate", "distinguish", "break down", "organise",
                    "organize", "detect", "diagnose", "map", "relate", "categorise", "categorize", "examine", "spot"),
        "evaluate": ("evaluate", "assess", "check", "verify", "critique", "judge", "justify", "prioritise",
                     "prioritize", "recommend", "select", "test", "choose", "argue", "rate", "validate", "measure"),
        "create": ("design", "create", "plan", "produce", "generate", "construct", "build", "devise", "develop",
                   "compose", "formulate", "write", "propose", "draft", "organise", "organize"),
    },
}

# Mental states nobody can observe; "understand" stays the *name* of Bloom level 2, never a verb to write.
NOT_MEASURABLE: Final[Mapping[Lang, tuple[str, ...]]] = {
    "fr": ("comprendre", "connaître", "savoir", "maîtriser", "appréhender", "sensibiliser", "être sensibilisé",
           "être sensibilisée", "être sensibilisés", "découvrir", "se familiariser", "prendre conscience",
           "apprendre", "assimiler", "s'approprier", "s'initier", "être initié", "acquérir", "percevoir",
           "apprécier", "être capable de"),
    "en": ("understand", "know", "be aware of", "be aware", "become aware", "learn about", "learn", "appreciate",
           "familiarise", "familiarize", "be familiar with", "become familiar", "grasp", "discover", "master",
           "get to know", "explore", "gain"),
}
# fmt: on

LEVEL_BLOOM: Final[Mapping[CourseLevel, tuple[Bloom, ...]]] = {
    "beginner": ("remember", "understand", "apply"),
    "intermediate": ("apply", "analyze"),
    "advanced": ("analyze", "evaluate", "create"),
}

_LEAD_INS: Final = tuple(
    re.compile(pattern)
    for pattern in (
        r"^(?:[-*•]|\d+[.)])\s*",
        r"^a l'issue (?:de|du|des) [^,:]{1,60}[,:]\s*",
        r"^(?:by|at) the end of [^,:]{1,60}[,:]\s*",
        r"^(?:(?:le|la|les|chaque|l')\s*)?(?:participant|apprenant|stagiaire|beneficiaire)e?s?\s+",
        r"^(?:(?:the|each)\s+)?(?:participant|learner|trainee|attendee)s?\s+|^you\s+",
        r"^(?:sera|seront|serez|sont|est|etre)\s+(?:capables?|en mesure)\s+d(?:e\s+|')",
        r"^will\s+(?:be\s+able\s+to\s+)?|^(?:be\s+)?able\s+to\s+|^to\s+",
        r"^l'",
    )
)
_WORD: Final = re.compile(r"[a-z'œæ-]+")


class _Entry(NamedTuple):
    written: str
    measurable: bool


def _table() -> dict[str, _Entry]:
    """Folded phrase -> entry; a vague reading wins over a measurable one."""
    table: dict[str, _Entry] = {}
    for lang in ("fr", "en"):
        for verbs in MEASURABLE[lang].values():
            for verb in verbs:
                table.setdefault(fold(verb), _Entry(verb, True))
        for verb in NOT_MEASURABLE[lang]:
            table[fold(verb)] = _Entry(verb, False)
    return table


_TABLE: Final = _table()
_LONGEST_FIRST: Final = sorted(_TABLE, key=len, reverse=True)


def _levels() -> dict[str, tuple[Bloom, ...]]:
    """Folded measurable verb -> its Bloom levels in taxonomy order."""
    levels: dict[str, set[Bloom]] = {}
    for lang in ("fr", "en"):
        for bloom, verbs in MEASURABLE[lang].items():
            for verb in verbs:
                levels.setdefault(fold(verb), set()).add(bloom)
    return {verb: tuple(b for b in BLOOM_ORDER if b in found) for verb, found in levels.items()}


_LEVELS: Final = _levels()


def _strip_lead_in(folded: str) -> str:
    text = folded.strip()
    for _ in range(3):  # lead-ins nest: "À l'issue..., le participant sera capable de"
        for pattern in _LEAD_INS:
            text = pattern.sub("", text, count=1).strip()
    return text


def _lookup(text: str) -> tuple[str, _Entry | None] | None:
    """The leading verb of an objective (folded) and its entry when the lists know it."""
    folded = fold(" ".join(text.split())).replace("\u2019", "'")
    rest = _strip_lead_in(folded)
    if not rest:
        vague = fold("être capable de")
        return (vague, _TABLE[vague]) if re.search(r"capables? d|able to", folded) else None
    for phrase in _LONGEST_FIRST:
        if rest == phrase or rest.startswith((phrase + " ", phrase + ",")):
            return phrase, _TABLE[phrase]
    word = _WORD.match(rest)
    return (word.group(0).strip("'-"), None) if word else None


def objective_verb(text: str) -> str | None:
    """Return the leading action verb of an objective (lower case), skipping « sera capable de » lead-ins."""
    found = _lookup(text)
    if found is None:
        return None
    phrase, entry = found
    return entry.written if entry else phrase


def is_measurable(text: str, lang: str = "fr") -> bool:
    """Tell whether an objective starts with a measurable verb.

    Verbs of both languages are accepted whatever ``lang`` says: bilingual sheets mix them, and no
    French vague verb is an English measurable one (or the reverse).
    """
    found = _lookup(text)
    return found is not None and found[1] is not None and found[1].measurable


def bloom_levels(verb: str) -> tuple[Bloom, ...]:
    """The Bloom levels a measurable verb belongs to (some, like « comparer », sit at two)."""
    return _LEVELS.get(fold(verb), ())


def verbs_for_level(level: CourseLevel, lang: str = "fr") -> tuple[str, ...]:
    """Measurable verbs suited to a course level: beginner remember-apply, intermediate apply-analyze, advanced up."""
    table = MEASURABLE["en" if lang == "en" else "fr"]
    seen: dict[str, None] = {}
    for bloom in LEVEL_BLOOM[level]:
        seen.update(dict.fromkeys(table[bloom]))
    return tuple(seen)


# fmt: off
_TEMPLATES: Final[Mapping[Bloom, tuple[tuple[str, str], ...]]] = {
    "remember": (
        ("Citer trois notions clés du thème « {t} » et leur définition",
         "Name three key notions of '{t}' and define them"),
        ("Lister les règles d'usage de l'entreprise qui s'appliquent au thème « {t} »",
         "List the company's usage rules that apply to '{t}'"),
        ("Identifier dans son poste trois situations concernées par le thème « {t} »",
         "Identify three situations in one's job concerned by '{t}'"),
    ),
    "understand": (
        ("Expliquer avec ses mots l'intérêt et les limites du thème « {t} » pour son poste",
         "Explain in one's own words the value and limits of '{t}' for one's job"),
        ("Classer cinq situations de travail selon qu'elles se prêtent ou non au thème « {t} »",
         "Classify five work situations by whether '{t}' suits them or not"),
        ("Illustrer par un exemple de son service chaque notion clé du thème « {t} »",
         "Illustrate each key notion of '{t}' with an example from one's department"),
    ),
    "apply": (
        ("Utiliser les méthodes du thème « {t} » sur une tâche réelle de son poste à partir d'un modèle",
         "Use the methods of '{t}' on a real task of one's job, following a model"),
        ("Rédiger une consigne de travail appliquant le thème « {t} » à un cas de son service",
         "Write a work instruction applying '{t}' to a case from one's department"),
        ("Appliquer une check-list du thème « {t} » à trois documents de son service",
         "Apply a '{t}' checklist to three documents from one's department"),
    ),
    "analyze": (
        ("Analyser une production liée au thème « {t} » pour repérer ses erreurs, biais et manques",
         "Analyse an output related to '{t}' to spot its errors, biases and gaps"),
        ("Comparer deux façons d'aborder le thème « {t} » selon la qualité, le coût et le risque",
         "Compare two ways of approaching '{t}' by quality, cost and risk"),
        ("Diagnostiquer la cause d'un échec rencontré sur le thème « {t} » à partir d'un cas réel",
         "Diagnose the cause of a failure met with '{t}' from a real case"),
    ),
    "evaluate": (
        ("Évaluer un usage lié au thème « {t} » à l'aide d'une grille de critères partagée",
         "Evaluate a use related to '{t}' with a shared grid of criteria"),
        ("Justifier devant le groupe le choix d'un cas d'usage du thème « {t} » pour son équipe",
         "Justify to the group the choice of a '{t}' use case for one's team"),
        ("Vérifier la conformité d'une pratique du thème « {t} » aux règles de l'entreprise",
         "Verify that a '{t}' practice complies with the company's rules"),
    ),
    "create": (
        ("Concevoir un plan d'action en trois étapes pour déployer le thème « {t} » dans son équipe",
         "Design a three-step action plan to roll out '{t}' in one's team"),
        ("Élaborer une fiche pratique sur le thème « {t} » réutilisable par ses collègues",
         "Develop a practical guide on '{t}' that colleagues can reuse"),
        ("Produire une procédure du thème « {t} » prête à être testée dans son service",
         "Produce a '{t}' procedure ready to be tested in one's department"),
    ),
}
# fmt: on


def template_objective(bloom: Bloom, topic: str, lang: str = "fr", variant: int = 0) -> str:
    """Write a measurable objective of the given Bloom level about ``topic`` (three variants per level)."""
    fr, en = _TEMPLATES[bloom][variant % len(_TEMPLATES[bloom])]
    return (en if lang == "en" else fr).format(t=topic.strip())
