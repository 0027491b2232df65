"""Read a trainer's request in French or English: topic, duration, audience, level, group size, format.

« Prépare un atelier de 3h sur le prompting pour l'équipe marketing, niveau débutant » gives the
topic "prompting", 180 minutes, the role ``sales_marketing`` and the level ``beginner``. Fields that
cannot be found stay ``None``; ``missing`` lists those the assistant must ask for before drafting.
Matching runs on folded text (lower case, no accents) of the same length as the original, so the
topic and audience are cut from the user's own words.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

from assistant.domain.outline import DAY, HALF_DAY, MAX_MINUTES, MIN_MINUTES, Format, OutlineRequest
from assistant.domain.verbs import CourseLevel
from assistant.language import Lang, detect_language, fold

REQUIRED: Final = ("topic", "duration")
# "a"/"an" are left out: « mise à jour » must not read as "a day"; "a day" and "an hour" have their own patterns.
_NUMBERS: Final = {
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9,
    "dix": 10, "douze": 12, "quinze": 15, "vingt": 20, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "twelve": 12, "fifteen": 15, "twenty": 20,
}  # fmt: skip
_ROUGHLY: Final = {"dizaine": 10, "douzaine": 12, "dozen": 12, "quinzaine": 15, "vingtaine": 20, "trentaine": 30}
_NUM: Final = r"(\d+(?:[.,]\d+)?|" + "|".join(sorted(_NUMBERS, key=len, reverse=True)) + r")"
_PEOPLE: Final = (
    r"(?:personnes?|pers\b\.?|participant(?:e)?s?|stagiaires?|salaries?|collaborat(?:eur|rice)s?|apprenant(?:e)?s?"
    r"|people|persons?|learners?|attendees?|trainees?|employees?|staff|colleagues?)"
)
_HOURS: Final = rf"(\d+(?:[.,]\d+)?)\s*-?\s*(?:heures?|hours?|hrs?|h)(?![a-z])\s*(?:([0-5]\d)(?!\d)(?!\s*{_PEOPLE}))?"
_DURATIONS: Final[tuple[tuple[str, Callable[[re.Match[str]], float]], ...]] = (  # most specific first
    (rf"{_NUM}\s*demi[- ]journees?", lambda m: _n(m[1]) * HALF_DAY),
    (r"(?:une|la|en)\s+demi[- ]journee|half[- ]a?[- ]?day|half a day", lambda m: HALF_DAY),
    (rf"{_NUM}\s*(?:jours?|journees?)\s+et\s+demie?", lambda m: _n(m[1]) * DAY + HALF_DAY),
    (rf"(?:{_NUM}|a)\s*days?\s+and\s+a\s+half", lambda m: _n(m[1] or "1") * DAY + HALF_DAY),
    (rf"{_NUM}\s*(?:-\s*)?(?:jours?|journees?|days?)\b", lambda m: _n(m[1]) * DAY),
    (r"(?:une|la|toute la)\s+journee|(?:a|one|full|whole)[- ]day\b", lambda m: DAY),
    (rf"(?:{_NUM}|an?)\s*(?:heures?|hours?)\s+(?:et\s+demie|and\s+a\s+half)", lambda m: _n(m[1] or "1") * 60 + 30),
    (_HOURS, lambda m: _n(m[1]) * 60 + int(m[2] or 0)),
    (rf"(?:{_NUM}|an?)\s+(?:heures?|hours?)\b", lambda m: _n(m[1] or "1") * 60),
    (r"(\d+)\s*-?\s*(?:minutes?|mins?|mn)\b", lambda m: int(m[1])),
)
_LEVELS: Final[tuple[tuple[CourseLevel, str], ...]] = (
    ("beginner", r"debutante?s?|initiation|novices?|decouverte|beginners?|introductory|entry[- ]level|basics?"),
    ("intermediate", r"intermediaires?|perfectionnement|intermediate|improvers?"),
    ("advanced", r"(?<!a l')(?<!en )avancee?s?|approfondi\w*|experts?|expertise|confirmee?s?|advanced"),
)
_FORMATS: Final[tuple[tuple[Format, str], ...]] = (
    ("blended", r"hybride|mixte|blended|hybrid|multimodal"),
    (
        "remote",
        r"distanciel|a distance|en ligne|visio\w*|classe virtuelle|zoom|remote|online|webinai?re?s?"
        r"|virtual(?:ly)?(?!\s+(?:assistants?|agents?|reality))",
    ),
    (
        "on_site",
        r"presentiel|sur site|sur place|en salle|dans (?:nos|les|vos) locaux|on[- ]?site|in[- ]person"
        r"|face[- ]to[- ]face|classroom|at (?:our|the) office",
    ),
)
# Team words as people say them (plurals, team names) -> role ids of knowledge/frameworks/roles.yaml, or "all".
_ROLES: Final = {
    "sales_marketing": "marketing|commerciale?s?|commerciaux|ventes?|vendeu(?:r|se)s?|sales(?:people)?|communication",
    "hr": r"rh|drh|ressources humaines|recrut(?:eur|euse|ement)s?|hr|human resources|recruit(?:er|ment)s?|people team",
    "team_manager": r"managers?|chefs? d'equipe|responsables? d'equipe|encadr(?:ant|ement)s?|team lead(?:er)?s?"
    r"|supervisors?|middle managers?",
    "admin_finance": r"comptab(?:le|les|ilite)|financ(?:e|iers?)|administratifs?|service administratif|paie"
    r"|gestionnaires|accountants?|accounting|back office|admin(?:istration)?",
    "management": r"dirigeante?s?|direction|codir|comex|comite de direction|chefs? d'entreprise|gerante?s?|patrons?"
    r"|executives?|ceos?|founders?|business owners?|leadership team",
    "customer_service": r"service client|relation client|support client|conseill(?:er|ere)s?(?: clientele)?|sav"
    r"|customer (?:service|support|care)|support (?:team|agents?)|helpdesk|call cent(?:er|re)",
    "operations": r"production|logisti(?:que|cs)|qualite|operat(?:eur|rice)s?|techniciens?|usine|achats?|acheteurs?"
    r"|operations|supply chain|warehouse|quality",
    "it_developer": r"developpeu(?:r|se)s?|devs?|informati(?:que|ciens?)|dsi|equipe it|it team|developers?"
    r"|software engineers?|it staff",
    "all": r"tout(?:e|es)? (?:l'entreprise|le personnel|les equipes|le monde)|tous les (?:salaries|collaborateurs)"
    r"|all (?:staff|employees)|everyone|(?:the )?whole (?:company|team)",
    "trainer": r"format(?:eur|rice)s?|enseignante?s?|trainers?|teachers?|organisme de formation|training team",
}
_STOP: Final = re.compile(
    r"\s(?=\d+(?:[.,]\d+)?\s*-?\s*(?:h|heures?|hours?|hrs?|min\w*|mn|jours?|journees?|days?|demi)\b)"
    r"|\s*(?:[,;:.!?()\n]|\b(?:pour|for|avec|with|niveau|level|durant|pendant|dans|qui|which|that|this|next|during"
    r"|et (?=niveau|en |pour|de \d)|sur (?=\d|une |deux |trois |site|place)|de \d|d'(?:une?|environ) |of \d|in \d"
    r"|en (?:presentiel|distanciel|ligne|visio|format|mode|intra|inter)|a distance|on[- ]?site|remote|online"
    r"|destinee?s?|a destination|au profit|aimed|targeting|at (?:our|the|your)"
    r"|in[- ]person|debutant|intermediaire|avance|beginner|intermediate|advanced|expert)\b)"
)
_TOPIC: Final = re.compile(
    r"\b(?:(?:sur|consacree? a|autour (?:de|du|des)|a propos (?:de|du|des)|concernant|apprendre a|on|about|covering"
    r"|regarding|learn(?:ing)? (?:how )?to)\s+"
    r"|(?:atelier|formation|session|module|initiation|sensibilisation|introduction|cours|seance|webinaire|workshop"
    r"|training|course|class|webinar|intro)\s+(?:(?:a|au|aux|de|du|des|en|to|in)\s+|d'))"
)
# « un atelier prompting »: a French noun in apposition
_APPOSITION: Final = re.compile(
    r"\b(?:(?:atelier|formation)\s*:?|(?:workshop|training|course)\s*:)\s+(?!(?:de|d'|sur|pour|en|a|au|aux|du|des)\b)"
)
_QUOTED: Final = re.compile(r"[«\"“]\s*([^»\"”]{2,80}?)\s*[»\"”]")
_AUDIENCE: Final = re.compile(
    r"\b(?:pour|destinee?s? a(?:ux?)?|a destination (?:de|des|du)|au profit (?:de|des|du)|for|aimed at|targeting)\s+"
)
_ARTICLE: Final = re.compile(
    r"^(?:(?:l'|le |la |les |the |des |du |de l'|de la |an? |nos |our |mes |my |notre |ma |mon "
    r"|(?:initiation|introduction|sensibilisation|decouverte) (?:a|au|aux|de|du|des)\b)\s*)+"
)


@dataclass(frozen=True)
class ParsedRequest:
    """What a request says; ``audience`` is a role id when recognised, else the user's words."""

    lang: Lang
    topic: str | None
    duration_minutes: int | None
    audience: str | None
    audience_text: str | None
    level: CourseLevel | None
    group_size: int | None
    format: Format | None
    workshop: bool
    missing: tuple[str, ...]
    invalid: tuple[str, ...]

    def to_outline_request(self, **defaults: Any) -> OutlineRequest:
        """Build the outline request, filling absent optional fields from ``defaults``; raise if not ready."""
        if self.missing or self.invalid:
            raise ValueError(f"request not ready: missing {list(self.missing)}, invalid {list(self.invalid)}")
        found = {
            "topic": self.topic, "duration_minutes": self.duration_minutes, "audience": self.audience,
            "level": self.level, "group_size": self.group_size, "format": self.format, "lang": self.lang,
            "workshop": self.workshop,
        }  # fmt: skip
        return OutlineRequest.model_validate({**defaults, **{k: v for k, v in found.items() if v is not None}})


def parse_request(text: str, default_lang: Lang = "fr") -> ParsedRequest:
    """Parse a training request; unknown fields are ``None`` and the required ones are listed in ``missing``."""
    folded = _aligned_fold(text)
    duration = _duration(folded)
    topic = _topic_span(folded)
    outside = folded if topic is None else folded[: topic[0]] + " " * (topic[1] - topic[0]) + folded[topic[1] :]
    audience_text, role = _audience(text, folded, outside)
    size = _group_size(folded)
    invalid = ("duration",) * (duration is not None and not MIN_MINUTES <= duration <= MAX_MINUTES)
    invalid += ("group_size",) * (size is not None and not 1 <= size <= 30)
    found = {"topic": topic, "duration": duration}
    return ParsedRequest(
        lang=detect_language(text, default=default_lang),
        topic=_clean(text[topic[0] : topic[1]]) if topic else None,
        duration_minutes=duration,
        audience=role or audience_text,
        audience_text=audience_text,
        level=_level(folded),  # a topic like "advanced prompting" does say the level
        group_size=size,
        format=_format(outside),
        workshop=not re.search(r"\b(?:conference|webinaire|webinar|keynote|talk)\b", folded),
        missing=tuple(name for name in REQUIRED if found[name] is None),
        invalid=invalid,
    )


def _aligned_fold(text: str) -> str:
    """Fold each character alone, so positions in the folded text match the original."""
    return "".join(f if len(f := fold(c)) == 1 else c.lower() for c in text.replace("\u2019", "'"))


def _n(word: str) -> float:
    return float(word.replace(",", ".")) if word[0].isdigit() else _NUMBERS[word]


def _duration(folded: str) -> int | None:
    for pattern, minutes in _DURATIONS:
        match = re.search(rf"(?<!\w){pattern}", folded)
        if match:
            return round(minutes(match))
    return None


def _group_size(folded: str) -> int | None:
    match = re.search(rf"\b{_NUM}\s*{_PEOPLE}|\b(?:groupe|group|equipe|team)\s+(?:de|of)\s+{_NUM}\b", folded)
    if match:
        return round(_n(match[1] or match[2]))
    rough = re.search(r"\b(?:une|a)\s+(" + "|".join(_ROUGHLY) + r")\b(?!\s+(?:de\s+)?(?:jours|minutes|days))", folded)
    return _ROUGHLY[rough[1]] if rough else None


def _level(folded: str) -> CourseLevel | None:
    """The level named first (« de débutant à intermédiaire » is a beginner course)."""
    found = [(m.start(), level) for level, words in _LEVELS if (m := re.search(rf"\b(?:{words})\b", folded))]
    return min(found)[1] if found else None


def _format(folded: str) -> Format | None:
    found = [fmt for fmt, words in _FORMATS if re.search(rf"\b(?:{words})\b", folded)]
    if "blended" in found or {"remote", "on_site"} <= set(found):  # « moitié en présentiel, moitié à distance »
        return "blended"
    return found[0] if found else None


def _candidate(folded: str, start: int) -> tuple[int, int, bool] | None:
    """The span from ``start`` to the next stop word without leading articles, and whether one was dropped."""
    stop = _STOP.search(folded, start)
    end = stop.start() if stop else len(folded)
    lead = _ARTICLE.match(folded[start:end])
    start += lead.end() if lead else 0
    return (start, end, lead is not None) if folded[start:end].strip() else None


def _topic_span(folded: str) -> tuple[int, int] | None:
    quoted = _QUOTED.search(folded)
    if quoted:  # « IA et relation client »: the user's own title
        return quoted.start(1), quoted.end(1)
    triggers = sorted([*_TOPIC.finditer(folded), *_APPOSITION.finditer(folded)], key=lambda m: m.start())
    for trigger in triggers:
        span = _candidate(folded, trigger.end())
        words = folded[span[0] : span[1]].strip() if span else ""
        starts_with_format = any(re.match(rf"(?:{pattern})\b", words) for _, pattern in _FORMATS)
        if span and _duration(words) is None and not starts_with_format and not re.match(r"(?:place|site)\b", words):
            return span[0], span[1]
    match = re.search(r"\b(?:an?|one)\s+((?:[\w-]+\s+){0,3}?)(?:workshop|training|course)\b", folded)
    if match:  # "a 2-hour prompting workshop": the words before the noun, minus durations
        kept = [w for w in match[1].split() if _duration(w) is None and not re.match(r"\d|one-|half", w)]
        if kept:
            start = folded.index(kept[0], match.start(1))
            return start, folded.index(kept[-1], start) + len(kept[-1])
    return None


def _roles_in(words: str) -> set[str]:
    found = {role for role, pattern in _ROLES.items() if re.search(rf"(?<![\w'])(?:{pattern})(?!\w)", words)}
    if len(found) > 1:  # "HR managers" are HR people: the specific role wins over "manager"
        found.discard("team_manager")
    return found


def _audience(text: str, folded: str, outside: str) -> tuple[str | None, str | None]:
    """(the audience in the user's words, its role id when exactly one role is named)."""
    free_text = None
    for trigger in _AUDIENCE.finditer(folded):
        span = _candidate(folded, trigger.end())
        if span is None or _duration(folded[span[0] : span[1]]) is not None:
            continue
        words = folded[span[0] : span[1]]
        if re.match(rf"{_NUM}\s*{_PEOPLE}|\d|(?:nous|us|moi|me)\b", words):
            continue
        roles = _roles_in(words)
        if len(roles) == 1:
            return _clean(text[span[0] : span[1]]), roles.pop()
        # people, not a purpose: « pour les bénévoles » yes, « pour apprendre » no
        if free_text is None and (span[2] or words.split()[0].endswith("s")):
            free_text = _clean(text[span[0] : span[1]])
    roles = _roles_in(outside.replace("atelier", "       "))  # « atelier » is a workshop, not a shop floor
    if free_text is not None or len(roles) != 1:
        return free_text, None
    role = roles.pop()
    match = re.search(rf"(?<![\w'])(?:{_ROLES[role]})(?!\w)", outside)
    return (_clean(text[match.start() : match.end()]) if match else None), role


def _clean(words: str) -> str:
    words = re.sub(r"^(?:l'|le |la |les |the )", "", words.strip(), flags=re.IGNORECASE)
    return " ".join(words.split()).strip(" '\"«»")
