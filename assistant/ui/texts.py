"""Hold the fixed French and English texts the Chainlit handlers send."""

from __future__ import annotations

MY_DATA = {"fr": "Mes données", "en": "My data"}
COMMANDS = {
    "fr": [{"id": MY_DATA["fr"], "description": "Exporter ou effacer mes données", "icon": "database", "button": True}],
    "en": [{"id": MY_DATA["en"], "description": "Export or erase my data", "icon": "database", "button": True}],
}
TEXTS = {
    "resume": {"fr": "Bon retour ! Votre auto-évaluation vous attend :", "en": "Welcome back! Your self-assessment:"},
    "forbidden": {
        "fr": "Ce profil n'est pas ouvert à votre rôle. Choisissez un autre profil.",
        "en": "This profile is not open to your role. Choose another profile.",
    },
    "upload_elsewhere": {
        "fr": "Les fichiers ne sont lus que dans le profil Formateur, pour vérifier une fiche programme. "
        "Rien n'a été enregistré.",
        "en": "Files are only read in the Trainer profile, to check a programme sheet. Nothing was stored.",
    },
    "unreadable": {
        "fr": "Je n'ai pas pu lire « {name} » : {reason}. Envoyez un DOCX, un PDF ou un fichier Markdown.",
        "en": "I could not read '{name}': {reason}. Send a DOCX, PDF or Markdown file.",
    },
    "resume_discovery": {
        "fr": "Bon retour ! Reprenons la description de votre entreprise :",
        "en": "Welcome back! Let's continue describing your company:",
    },
    "my_data": {
        "fr": "**Mes données** : vos réponses, résultats et conversations vous appartiennent. Vous pouvez les "
        "exporter (JSON) ou les effacer définitivement.",
        "en": "**My data**: your answers, results and conversations are yours. You can export them (JSON) "
        "or erase them for good.",
    },
    "erase_confirm": {
        "fr": "Effacer **définitivement** vos réponses, résultats et conversations ? Cette action est irréversible.",
        "en": "Erase your answers, results and conversations **for good**? This cannot be undone.",
    },
    "erase_yes": {"fr": "Oui, tout effacer", "en": "Yes, erase everything"},
    "erase_no": {"fr": "Annuler", "en": "Cancel"},
    "erased": {
        "fr": "C'est fait : {rows} enregistrements et {threads} conversation(s) effacés. Rien de vous n'est conservé.",
        "en": "Done: {rows} records and {threads} conversation(s) erased. Nothing of yours is kept.",
    },
    "kept": {"fr": "Rien n'a été effacé.", "en": "Nothing was erased."},
    "exported": {"fr": "Voici toutes vos données :", "en": "Here is all your data:"},
    "confirmed": {"fr": "Merci, vos résultats sont confirmés.", "en": "Thank you, your results are confirmed."},
    "disabled": {
        "fr": "Votre compte a été désactivé : rien n'a été traité. Adressez-vous à l'administrateur de Cap IA.",
        "en": "Your account has been disabled: nothing was processed. Please contact your Cap IA administrator.",
    },
}
TOO_LONG = {
    "fr": (
        "Votre message est trop long ({n} caractères, maximum {max}). "
        "Raccourcissez-le ou découpez-le : rien n'a été perdu."
    ),
    "en": "Your message is too long ({n} characters, maximum {max}). Shorten it or split it: nothing was lost.",
}


def t(key: str, lang: str) -> str:
    """Return the text under ``key`` in ``lang`` (French unless English)."""
    return TEXTS[key]["en" if lang == "en" else "fr"]
