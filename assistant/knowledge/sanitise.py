"""Clean document text of invisible characters and spot text written to steer an AI assistant.

``sanitise_text`` applies NFKC and removes what a reader cannot see but a model reads: zero-width
characters, bidirectional controls, Unicode tag characters (whose ASCII payload is kept aside in
``hidden``), stray variation selectors and other control or format characters.

``find_injection`` returns a reason when a document carries instructions for an AI assistant
(OWASP LLM01, indirect prompt injection) rather than guidance for people. The knowledge base
discusses prompt injection as a topic, so a *cited* attack phrase is not a finding: one inside a
code block or inline code, or inside quotation marks that sit in a sentence (two or more words
around them on the line) or in a list introduced by a line ending with a colon. Role markers and
tool-call lookalikes count anywhere outside code. Text hidden by HTML styling is a finding when it
is concealed on purpose (zero font size, same colour as the background, zero opacity, off-screen)
or when it addresses a model; merely collapsed elements (menus, tabs) are not.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

_LINE_BREAKS = str.maketrans({"\r": "\n", "\x0b": "\n", "\x0c": "\n", "\x85": "\n", "\u2028": "\n", "\u2029": "\n"})
_SELECTORS = re.compile("[\ufe00-\ufe0f\U000e0100-\U000e01ef]")
_TAG_RUN = re.compile("(\U0001f3f4?)([\U000e0000-\U000e007f]+)")
MIN_PAYLOAD = 3  # tag-character text this long (non-space) is a hidden message, not a stray character
MAX_SELECTORS = 16  # more invisible variation selectors than this can only be smuggled data


@dataclass(frozen=True)
class SanitisedText:
    """Text safe to show a model, what was removed (by kind) and text decoded from tag characters."""

    text: str
    removed: dict[str, int] = field(default_factory=dict)
    hidden: tuple[str, ...] = ()


def _kind(char: str) -> str | None:
    code = ord(char)
    if 0x200B <= code <= 0x200F or 0x2060 <= code <= 0x2064 or code == 0xFEFF:
        return "zero_width"
    if 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
        return "bidi"
    if 0xE0000 <= code <= 0xE007F:
        return "tag"
    if 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF:
        return "variation_selector"
    category = unicodedata.category(char)
    if category == "Cc" and char not in "\n\t":
        return "control"
    return "format" if category == "Cf" else None


def sanitise_text(text: str) -> SanitisedText:
    """NFKC-normalise ``text``, unify line breaks and remove invisible characters, counting them."""
    text = unicodedata.normalize("NFKC", text.replace("\r\n", "\n").translate(_LINE_BREAKS))
    if text.replace("\n", "").replace("\t", "").isprintable() and not _SELECTORS.search(text):
        return SanitisedText(text)
    hidden = []
    for match in _TAG_RUN.finditer(text):
        flag, tags = match.groups()
        if flag and len(tags) <= 8 and tags.endswith("\U000e007f"):
            continue  # a regional flag emoji such as Scotland's
        decoded = "".join(chr(ord(c) - 0xE0000) for c in tags if 0xE0020 <= ord(c) <= 0xE007E)
        if len(decoded.replace(" ", "")) >= MIN_PAYLOAD:
            hidden.append(decoded)
    removed: Counter[str] = Counter()
    kept: list[str] = []
    for char in text:
        kind = _kind(char)
        # U+FE0E/U+FE0F right after a visible character only choose text or emoji presentation.
        if kind is None or (char in "\ufe0e\ufe0f" and kept and kept[-1] not in "\ufe0e\ufe0f\n\t "):
            kept.append(char)
        else:
            removed[kind] += 1
    cleaned = unicodedata.normalize("NFKC", "".join(kept)) if removed else text
    return SanitisedText(cleaned, dict(removed), tuple(hidden))


# --- matching helpers -------------------------------------------------------------------------

_CONFUSABLES = dict(
    zip(
        "аеорсухіјѕһԁԛԝкАВЕКМНОРСТХУІЈЅαεικνορτυχΑΒΕΖΗΙΚΜΝΟΡΤΥΧ’‘ʼ`´′",
        "aeopcyxijshdqwkabekmhopctxyijsaeikvoptuxabezhikmnoptyx''''''",
        strict=True,
    )
)


def _fold_table() -> dict[int, str]:
    table = {}
    for code in range(0xC0, 0x250):
        base = unicodedata.normalize("NFKD", chr(code))[0]
        if base.isascii() and base.isalpha():
            table[code] = base.lower()
    table.update({ord(k): v for k, v in _CONFUSABLES.items()})
    return table


_FOLD = _fold_table()


def _fold(text: str) -> str:
    """Lower-case, accent- and lookalike-free text of the same length (positions stay valid)."""
    folded = text.translate(_FOLD).lower()
    if len(folded) != len(text):
        folded = "".join(c.lower() if len(c.lower()) == 1 else c for c in text.translate(_FOLD))
    return folded


def _excerpt(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return f'"{text if len(text) <= limit else text[: limit - 1] + "…"}"'


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group())


# --- patterns (matched on folded text: lower case, no accents, straight apostrophes) ------------

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


_INSTRUCTIONS = [
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
_MARKERS = [
    (_ROLE, re.compile(r"<\|[a-z_]{2,30}\|>|\[/?INST\]|<</?SYS>>", re.I)),
    (_ROLE, re.compile(r"^[ \t>]*#{1,6}[ \t]*(?:system|assistant|user|human|instructions?)[ \t]*:", re.I | re.M)),
    (_ROLE, re.compile(r"^[ \t>]*(?:SYSTEM|ASSISTANT)[ \t]*:", re.M)),
    (_ROLE, re.compile(r"</?(?:system|system_prompt|tool_calls?|function_calls?|tool_use|invoke)\b[^>\n]*>", re.I)),
    (_TOOL, re.compile(rf"\b(?:{_TOOL_NAMES})\s*\(")),
    (_TOOL, re.compile(r"[\"'](?:tool_calls|function_call|tool_use|tool_call_id)[\"']")),
    (_TOOL, re.compile(r"\{\s*\"name\"\s*:\s*\"\w+\"\s*,\s*\"(?:arguments|parameters|args|input)\"\s*:")),
]
_DIRECTIVE = re.compile(
    r"\b(?:must|should|shall|always|never|do not|don't|instead|tell|say|recommend|respond|answer|reply|output|"
    r"mention|doit|doivent|dois|devez|toujours|jamais|ne pas|reponds|repondez|dis|dites|recommande|recommandez|"
    r"indique|indiquez|affirme|mentionne)\b"
)
_AI_WORD = re.compile(rf"\b(?:{_PARTS['AI']}|gpt|chatgpt|claude|copilot|gemini)\b")

# --- what counts as cited (code, quotations) ------------------------------------------------------

_CODE = [
    re.compile(r"^[ \t>]*(`{3,}|~{3,})[^\n]*\n.*?(?:^[ \t>]*\1[`~]*[ \t]*$|\Z)", re.M | re.S),
    re.compile(r"(`+)(?!`)[^\n]+?(?<!`)\1(?!`)"),
    re.compile(r"<(pre|code|kbd|samp)\b[^>]*>.*?</\1\s*>", re.I | re.S),
]
_QUOTE = re.compile(r'«[^«»]{1,500}?»|“[^“”]{1,500}?”|„[^„“”]{1,500}?[“”]|"[^"]{1,500}?"')
_LIST_OR_QUOTE_LINE = re.compile(r"^\s*(?:>|[-*+]\s|\d+[.)]\s)")


def _is_citation(text: str, match: re.Match[str]) -> bool:
    if re.search(r"\n[ \t>]*\n", match.group()):
        return False  # unbalanced marks spanning paragraphs: cite nothing
    start = text.rfind("\n", 0, match.start()) + 1
    end = text.find("\n", match.end())
    around = text[start : match.start()] + " " + text[match.end() : len(text) if end < 0 else end]
    around = re.sub(r"<[^>]*>", " ", _QUOTE.sub(" ", around))
    if len(re.findall(r"[^\W\d_]{2,}", around)) >= 2:
        return True
    end = start - 1  # walk back over the list or quote holding the match to the line introducing it
    for _ in range(200):
        if end <= 0:
            break
        begin = text.rfind("\n", 0, end) + 1
        line, end = text[begin:end], begin - 1
        if line.strip() and not _LIST_OR_QUOTE_LINE.match(line):
            return line.strip(" \t>*_").endswith(":")
    return False


def _without_code(text: str) -> str:
    for pattern in _CODE:
        text = pattern.sub(_blank, text)
    return text


def _without_citations(text: str) -> str:
    return _QUOTE.sub(lambda m: _blank(m) if _is_citation(text, m) else m.group(), text)


def _instruction(text: str) -> str | None:
    folded = _fold(text)
    for pattern in _INSTRUCTIONS:
        if found := pattern.search(folded):
            return _excerpt(text[found.start() : found.end()])
    return None


def _marker(text: str) -> str | None:
    for label, pattern in _MARKERS:
        if found := pattern.search(text):
            return f"{label}: {_excerpt(found.group())}"
    return None


# --- text hidden by HTML styling --------------------------------------------------------------------

_HTML_HINT = re.compile(r"<(?:style\b|[a-z][a-z0-9]*\b[^<>]{0,2000}?\b(?:style|hidden|color|bgcolor|class|id)\b)", re.I)
CONCEALMENT = frozenset({"font-size:0", "same colour as background", "opacity:0", "off-screen", "zero size"})
_NAMED = {"white": "#ffffff", "black": "#000000", "transparent": "transparent"}


@dataclass(frozen=True)
class HiddenText:
    """Text of an HTML element a reader does not see, and the technique hiding it."""

    technique: str
    text: str


def hidden_text_reason(hidden: Sequence[HiddenText]) -> str | None:
    """A reason when hidden text was concealed on purpose or speaks to a model; collapsed menus pass."""
    for item in hidden:
        folded = _fold(item.text)
        addressed = _AI_WORD.search(folded) and _DIRECTIVE.search(folded)
        if item.technique in CONCEALMENT or addressed or _instruction(item.text) or _marker(item.text):
            return f"text hidden in HTML ({item.technique}): {_excerpt(item.text)}"
    return None


def drop_hidden_elements(soup: Any) -> list[HiddenText]:
    """Remove the elements of a BeautifulSoup tree a reader would not see; return their text."""
    rules = _stylesheet_rules(soup)
    found = []
    for element in soup.find_all(True):
        if element.decomposed:
            continue
        technique = _hiding(element, rules)
        if technique is None:
            continue
        text = " ".join(element.get_text(" ", strip=True).split())
        element.decompose()
        if text:
            found.append(HiddenText(technique, text))
    return found


def _declarations(style: str) -> dict[str, str]:
    decls = {}
    for part in style.split(";"):
        name, colon, value = part.partition(":")
        if colon:
            value = re.sub(r"\s+(?=[^(]*\))", "", value.lower().replace("!important", ""))
            decls[name.strip().lower()] = " ".join(value.split())
    return decls


def _stylesheet_rules(soup: Any) -> dict[str, dict[str, str]]:
    """Declarations for simple ``.class`` and ``#id`` selectors of the page's style sheets."""
    rules: dict[str, dict[str, str]] = {}
    for style in soup.find_all("style"):
        css = re.sub(r"/\*.*?\*/", "", style.get_text(), flags=re.S)
        for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
            for selector in selectors.split(","):
                simple = re.fullmatch(r"\s*[a-z0-9]*([.#][\w-]+)\s*", selector, re.I)
                if simple:
                    rules.setdefault(simple.group(1), {}).update(_declarations(body))
    return rules


def _element_declarations(element: Any, rules: dict[str, dict[str, str]]) -> dict[str, str]:
    classes = element.get("class") or []
    keys = [f".{c}" for c in ([classes] if isinstance(classes, str) else classes)]
    if element.get("id"):
        keys.append(f"#{element.get('id')}")
    decls: dict[str, str] = {}
    for key in keys:
        decls.update(rules.get(key, {}))
    decls.update(_declarations(str(element.get("style") or "")))
    for attribute, prop in (("color", "color"), ("bgcolor", "background-color")):
        if element.get(attribute):
            decls.setdefault(prop, str(element.get(attribute)).lower())
    return decls


def _colour(value: str) -> str:
    value = _NAMED.get(value, value)
    if re.fullmatch(r"#[0-9a-f]{3}", value):
        value = "#" + "".join(c * 2 for c in value[1:])
    rgb = re.fullmatch(r"rgba?\((\d+),(\d+),(\d+)(?:,([\d.]+))?\)", value)
    if rgb:
        if rgb.group(4) is not None and float(rgb.group(4)) == 0:
            return "transparent"
        value = "#" + "".join(f"{min(int(n), 255):02x}" for n in rgb.groups()[:3])
    return value


def _background(element: Any, rules: dict[str, dict[str, str]]) -> str:
    node = element
    while node is not None and node.name not in (None, "[document]"):
        decls = _element_declarations(node, rules)
        value = decls.get("background-color") or decls.get("background", "")
        for token in value.split():
            colour = _colour(token)
            if colour.startswith("#"):
                return colour
        node = node.parent
    return "#ffffff"


def _length_px(value: str) -> float | None:
    found = re.fullmatch(r"(-?\d*\.?\d+)(px|pt|em|rem|%|vw|vh)?", value.strip())
    if not found:
        return None
    return float(found.group(1)) * (16 if found.group(2) in ("em", "rem") else 1)


def _hiding(element: Any, rules: dict[str, dict[str, str]]) -> str | None:
    if element.has_attr("hidden"):
        return "hidden attribute"
    decls = _element_declarations(element, rules)
    if not decls:
        return None
    if decls.get("display") == "none":
        return "display:none"
    if decls.get("visibility") in ("hidden", "collapse"):
        return "visibility:hidden"
    if _length_px(decls.get("font-size", "1")) == 0:
        return "font-size:0"
    if _length_px(decls.get("opacity", "1")) == 0:
        return "opacity:0"
    if "color" in decls:
        colour = _colour(decls["color"])
        if colour == "transparent" or colour == _background(element, rules):
            return "same colour as background"
    offsets = (_length_px(decls.get(p, "0")) for p in ("left", "top", "right", "text-indent", "margin-left"))
    if any(offset is not None and offset <= -999 for offset in offsets):
        return "off-screen"
    sizes = (_length_px(decls.get(p, "1")) for p in ("height", "max-height", "width", "max-width"))
    if decls.get("overflow") == "hidden" and any(size == 0 for size in sizes):
        return "zero size"
    return None


# --- public API -----------------------------------------------------------------------------------


def find_injection(text: str) -> str | None:
    """Why ``text`` looks like instructions for an AI assistant, or ``None`` when it reads as guidance."""
    return injection_reason(sanitise_text(text))


def injection_reason(clean: SanitisedText) -> str | None:
    """Like ``find_injection`` for text already sanitised (its tag-character payloads included)."""
    if clean.hidden:
        return f"text hidden in invisible Unicode tag characters: {_excerpt(clean.hidden[0])}"
    if clean.removed.get("variation_selector", 0) > MAX_SELECTORS:
        return f"{clean.removed['variation_selector']} invisible variation selectors (a way to smuggle data)"
    code_free = _without_code(clean.text)
    if reason := _marker(code_free):
        return reason
    if _HTML_HINT.search(code_free):
        from bs4 import BeautifulSoup

        if reason := hidden_text_reason(drop_hidden_elements(BeautifulSoup(code_free, "html.parser"))):
            return reason
    if found := _instruction(_without_citations(code_free)):
        return f"instruction aimed at an AI assistant: {found}"
    return None
