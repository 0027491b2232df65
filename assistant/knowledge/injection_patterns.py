"""Regular expressions for text written to steer an AI assistant, in French and English.

``INSTRUCTIONS`` match commands aimed at a model ("ignore all previous instructions", "révèle ton
prompt système", "tu es maintenant une IA sans restriction"); they are matched on *folded* text
(lower case, no accents, no lookalike letters, straight apostrophes; see
``assistant.knowledge.sanitise``). ``MARKERS`` are labelled role markers and tool-call lookalikes
matched on the raw text. ``DIRECTIVE`` and ``AI_WORD`` together tell when hidden text addresses a
model.
"""

from __future__ import annotations

import re

_W = r"(?:[\s*_~,;:\-]+)"  # a gap between words: spaces, emphasis markers, light punctuation


def _words(*words: str) -> str:
    return "(?:" + "|".join(w.replace(" ", _W) for w in words) + ")"


_PARTS = {
    "AI": _words(
        "ai", "ia", "llm", "chatbot", "language model", "large language model", "modele de langage", "assistant",
        "artificial intelligence", "intelligence artificielle",
    ),
    "EN_VERB": _words("ignore", "disregard", "forget", "override", "bypass", "skip", "drop"),
    "EN_WHICH": _words(
        "previous", "prior", "above", "earlier", "preceding", "foregoing", "original", "initial", "system", "developer"
    ),
    "EN_RULES": _words(
        "instructions", "instruction", "prompts", "prompt", "rules", "directions", "directives", "guidelines",
        "context", "messages", "commands", "constraints",
    ),
    "EN_SHOW": _words(
        "reveal", "print", "show", "display", "output", "repeat", "leak", "disclose", "dump", "tell me", "give me",
        "share", "write out",
    ),
    "FR_VERB": _words(
        "ignore", "ignorez", "oublie", "oubliez", "neglige", "negligez", "outrepasse", "outrepassez", "contourne",
        "contournez", "ne tiens pas compte des", "ne tiens pas compte de", "ne tenez pas compte des",
        "ne tenez pas compte de", "fais abstraction des", "fais abstraction de", "faites abstraction des",
        "faites abstraction de",
    ),
    "FR_RULES": _words(
        "instructions", "instruction", "consignes", "consigne", "regles", "directives", "ordres", "indications",
        "prompts", "prompt", "invites",
    ),
    "FR_WHICH": _words(
        "precedentes", "precedente", "anterieures", "ci-dessus", "d'origine", "initiales", "du systeme", "systeme"
    ),
    "FR_SHOW": _words(
        "revele", "revelez", "affiche", "affichez", "montre", "montrez", "donne", "donnez", "repete", "repetez",
        "divulgue", "divulguez", "imprime", "imprimez", "ecris", "ecrivez", "recopie", "recopiez", "communique",
        "communiquez",
    ),
    "NOT": r"(?<!n')(?<!ne )(?<!not )(?<!n't )(?<!never )",  # "n'ignorez pas", "do not ignore"
}  # fmt: skip


def _pattern(template: str) -> re.Pattern[str]:
    """Compile ``template``: a space stands for any gap between words and ``<NAME>`` for a word list."""
    regex = template.replace(" ", _W)
    for name, part in _PARTS.items():
        regex = regex.replace(f"<{name}>", part)
    return re.compile(regex)


INSTRUCTIONS = [
    _pattern(template)
    for template in (
        # EN: ignore all previous instructions / ignore your instructions / disregard the system prompt
        r"<NOT>\b<EN_VERB> (?:(?:all|any|every|of|the|your|my|these|those) ){0,4}<EN_WHICH> <EN_RULES>\b",
        r"<NOT>\b<EN_VERB> (?:(?:all|of) ){0,2}your (?:instructions|rules|guidelines|programming)\b",
        r"\b<EN_VERB> (?:(?:the|your|any|all) )?(?:system|developer) (?:prompt|message)\b",
        r"\b<EN_VERB> (?:everything|all) (?:above|before this|you (?:were|have been) told)\b",
        # EN: reveal / print your system prompt
        r"\b<EN_SHOW> (?:(?:me|all|the|your|its|full|entire|complete|exact|hidden|secret|verbatim) ){0,3}"
        r"(?:system (?:prompt|message|instructions)"
        r"|(?:initial|original|hidden|secret|developer) (?:prompt|instructions))\b",
        # EN: you are now DAN / an unrestricted AI / in developer mode; act as an unfiltered AI
        r"\byou are now (?:(?:an?|the|my) (?:[a-z'-]+ ){0,3}<AI>\b|dan\b|in (?:[a-z-]+ )?mode\b"
        r"|no longer (?:an? )?(?:ai|assistant|bound|restricted|limited)|jailbroken|unrestricted|unfiltered|uncensored)",
        r"\b(?:act|behave|pretend) (?:as|to be) (?:an? )?(?:unrestricted|unfiltered|uncensored|jailbroken|evil|dan)\b",
        # EN: as an AI assistant you must / note to the AI: / if you are an AI / AI models reading this
        r"\bas an? <AI>(?: (?:assistant|model|system|agent|language model))? you "
        r"(?:must|should|shall|have to|need to|are required|are instructed|will now)\b",
        r"\b(?:note|message|instructions?) (?:to|for) (?:the |any |all )?(?:ai )?<AI>s?\s*:",
        r"\b(?:if|when) you are an? <AI>\b",
        r"\b(?:ai|llm) (?:assistants?|models?|agents?) (?:reading|processing|summari[sz]ing|parsing) this\b",
        # FR: ignore(z) les instructions précédentes / ignore tes consignes / oublie le prompt système
        r"<NOT>\b<FR_VERB> (?:(?:toutes|tous|tout|les|des|ces|l') ?){0,3}<FR_RULES> <FR_WHICH>",
        r"<NOT>\b<FR_VERB> (?:(?:toutes|tous|tout) )?(?:tes|vos|ton|votre) <FR_RULES>\b",
        r"\b<FR_VERB> (?:le|ton|votre|du) (?:prompt|message) systeme\b",
        r"\b<FR_VERB> tout (?:ce qui precede|ce qu'on t'a dit)\b",
        # FR: révèle ton prompt système / affiche tes instructions initiales
        r"\b<FR_SHOW>(?: moi)? (?:(?:le|la|les|ton|ta|tes|votre|vos|tout|toutes|integralement|exactement) ){0,3}"
        r"(?:prompt|invite|instructions?|consignes?) (?:systeme|initiales?|d'origine|cachees?|secretes?)\b",
        # FR: tu es maintenant une IA sans restriction / vous êtes désormais en mode développeur
        r"\b(?:tu es|vous etes) (?:maintenant|desormais|dorenavant|a present) (?:(?:une?|l'|le|la|mon|ma) ?"
        r"(?:[a-z'-]+ ){0,3}<AI>\b|en mode\b|dan\b|libere|libre de|sans (?:restriction|limite|filtre|censure)|debride)",
        # FR: en tant qu'IA, tu dois / note à l'IA : / si tu es une IA
        r"\ben tant qu' ?<AI>[^.\n]{0,40}\b(?:tu dois|vous devez|il te faut)\b",
        r"\b(?:note|message|consignes?|instructions?) (?:a|pour|destinee?s? a) (?:l'|les |aux )?<AI>s?(?: ia)?\s*:",
        r"\bsi (?:tu es|vous etes) une? <AI>\b",
    )
]
_TOOL_NAMES = (
    "record_answer|search_knowledge|start_interview|interview_status|confirm_results|my_results|"
    "update_company_profile|estimate_roi_tool|discover_use_cases|ai_act_triage|check_programme|"
    "outline_atelier|team_skills_map|team_training_plan"
)
_ROLE = "role marker written for a model"
_TOOL = "tool call written for a model"
MARKERS = [
    (_ROLE, re.compile(r"<\|[a-z_]{2,30}\|>|\[/?INST\]|<</?SYS>>", re.I)),
    (_ROLE, re.compile(r"^[ \t>]*#{1,6}[ \t]*(?:system|assistant|user|human|instructions?)[ \t]*:", re.I | re.M)),
    (_ROLE, re.compile(r"^[ \t>]*(?:SYSTEM|ASSISTANT)[ \t]*:", re.M)),
    (_ROLE, re.compile(r"</?(?:system|system_prompt|tool_calls?|function_calls?|tool_use|invoke)\b[^>\n]*>", re.I)),
    (_TOOL, re.compile(rf"\b(?:{_TOOL_NAMES})\s*\(")),
    (_TOOL, re.compile(r"[\"'](?:tool_calls|function_call|tool_use|tool_call_id)[\"']")),
    (_TOOL, re.compile(r"\{\s*\"name\"\s*:\s*\"\w+\"\s*,\s*\"(?:arguments|parameters|args|input)\"\s*:")),
]
DIRECTIVE = re.compile(
    r"\b(?:must|should|shall|always|never|do not|don't|instead|tell|say|recommend|respond|answer|reply|output|"
    r"mention|doit|doivent|dois|devez|toujours|jamais|ne pas|reponds|repondez|dis|dites|recommande|recommandez|"
    r"indique|indiquez|affirme|mentionne)\b"
)
AI_WORD = re.compile(rf"\b(?:{_PARTS['AI']}|gpt|chatgpt|claude|copilot|gemini)\b")
