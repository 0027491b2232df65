"""Chat profiles and their starters, in French and English (plain data, no Chainlit import)."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.personas import Profile


@dataclass(frozen=True)
class ProfileSpec:
    """How one persona is presented in the UI."""

    profile: Profile
    name: str
    display: dict[str, str]
    description: dict[str, str]
    starters: dict[str, list[tuple[str, str]]]


PROFILE_SPECS: tuple[ProfileSpec, ...] = (
    ProfileSpec(
        profile="employee",
        name="Collaborateur",
        display={"fr": "Collaborateur", "en": "Employee"},
        description={
            "fr": "Faire le point sur vos compétences IA et apprendre à bien utiliser l'IA au travail.",
            "en": "Take stock of your AI skills and learn to use AI well at work.",
        },
        starters={
            "fr": [
                ("Faire mon auto-évaluation", "Je veux faire mon auto-évaluation de compétences IA"),
                ("Bien rédiger un prompt", "Comment rédiger un bon prompt pour mon travail ?"),
                ("Données confidentielles", "Quelles données ne faut-il pas coller dans un chatbot public ?"),
                ("Vérifier une réponse", "Comment vérifier une réponse produite par une IA générative ?"),
            ],
            "en": [
                ("Take my self-assessment", "I want to take my AI skills self-assessment"),
                ("Write a good prompt", "How do I write a good prompt for my work?"),
                ("Confidential data", "What data must I never paste into a public chatbot?"),
                ("Check an answer", "How can I check an answer produced by generative AI?"),
            ],
        },
    ),
    ProfileSpec(
        profile="manager",
        name="Manager",
        display={"fr": "Manager", "en": "Manager"},
        description={
            "fr": "Trouver par où commencer avec l'IA : cas d'usage, priorités, ROI, conformité.",
            "en": "Find where to start with AI: use cases, priorities, ROI, compliance.",
        },
        starters={
            "fr": [
                ("Par où commencer ?", "Par où commencer avec l'IA dans une PME ?"),
                ("Prioriser les cas d'usage", "Comment prioriser nos cas d'usage d'IA entre valeur et faisabilité ?"),
                ("Estimer le ROI", "Comment estimer le retour sur investissement d'un projet d'IA ?"),
                ("AI Act et RH", "Quels usages de l'IA en ressources humaines sont à haut risque selon l'AI Act ?"),
            ],
            "en": [
                ("Where to start?", "Where should an SME start with AI?"),
                ("Prioritise use cases", "How do we prioritise AI use cases by value and feasibility?"),
                ("Estimate ROI", "How do I estimate the return on investment of an AI project?"),
                ("AI Act and HR", "Which HR uses of AI are high-risk under the AI Act?"),
            ],
        },
    ),
    ProfileSpec(
        profile="trainer",
        name="Formateur",
        display={"fr": "Formateur", "en": "Trainer"},
        description={
            "fr": "Concevoir des ateliers et des plans de formation IA conformes aux exigences françaises.",
            "en": "Design AI workshops and training plans that meet French requirements.",
        },
        starters={
            "fr": [
                ("Objectifs mesurables", "Quels verbes utiliser pour des objectifs pédagogiques mesurables ?"),
                ("Fiche programme Qualiopi", "Que doit contenir une fiche programme selon Qualiopi ?"),
                ("Évaluer une formation", "Comment évaluer une formation IA avec le modèle de Kirkpatrick ?"),
                ("Financer la formation", "Comment financer une formation IA pour une PME ?"),
            ],
            "en": [
                ("Measurable objectives", "Which verbs make learning objectives measurable?"),
                ("Programme sheet", "What must a French training programme sheet contain?"),
                ("Evaluate training", "How do I evaluate AI training with the Kirkpatrick model?"),
                ("Fund training", "How can an SME fund AI training?"),
            ],
        },
    ),
)


def spec_for(name: str | None) -> ProfileSpec:
    """Return the profile with that chat-profile name (the first one by default)."""
    for spec in PROFILE_SPECS:
        if spec.name == name:
            return spec
    return PROFILE_SPECS[0]


def ui_language(browser_language: str | None, default: str = "fr") -> str:
    """Map a browser language tag to ``fr`` or ``en``."""
    if not browser_language:
        return default
    return (
        "en"
        if browser_language.lower().startswith("en")
        else "fr"
        if browser_language.lower().startswith("fr")
        else default
    )
