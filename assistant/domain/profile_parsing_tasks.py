"""Read repetitive tasks ("Saisie des factures, 6 h par semaine, 2 personnes") from a typed answer.

Each line (or ";"-separated part) is one task: its duration per person, turned into hours per
week, how many people do it (1 unless said) and its name, which is what is left once the figures
and filler words are removed.
"""

from __future__ import annotations

import re
from typing import Any, Final

from assistant.domain.profile_matching import to_plain
from assistant.domain.profile_parsing_numbers import HOURS_PER_DAY, STAFF, read_number
from assistant.domain.profile_prompts import expected, quote
from assistant.domain.profile_vocabulary import NUMBER_WORDS, TASK_FILLERS, WORD_HOURS
from assistant.domain.usecases import Vocabulary, fold, match_pains

MAX_TASK_HOURS: Final = 70.0  # per person and per week, as Task allows
WEEKS_PER_MONTH: Final = 4.33
WORKING_DAYS_PER_WEEK: Final = 5

_DECIMAL = r"[0-9]+(?:[.,][0-9]+)?"
_DURATION = re.compile(
    rf"(?P<neg>(?<![\w.,-])-)?(?:(?P<low>{_DECIMAL})\s*(?:-|a|to|ou|or)\s*)?(?P<value>{_DECIMAL})\s*"
    r"(?P<unit>heures?|hours?|hrs?|h|minutes?|mins?|mn|demi[- ]journees?|half[- ]days?|journees?|jours?|days?|j)"
    r"(?:(?P<mm>[0-9]{2})(?:\s*(?:minutes?|mins?|mn))?|\s+(?P<min>[0-9]{1,2})\s*(?:minutes?|mins?|mn))?(?![a-z])"
    r"|(?P<word>une demi[- ]heure|half an hour|une heure|an hour|one hour|une demi[- ]journee|half a day"
    r"|une journee|un jour|one day|a full day)(?![a-z])"
)
_PERIOD = (
    r"(?:/|(?<![a-z])(?:par|chaque|tous les|toutes les|a la|au|a|per|each|every|by|in a))\s*"
    r"(?P<unit>jours?|j|days?|semaines?|sem|weeks?|wk|mois|months?|trimestres?|quarters?|ans?|annees?|years?|yr)"
    r"(?![a-z])|(?P<adverb>quotidien|journalier|daily|hebdo|weekly|mensuel|monthly|trimestriel|quarterly|annuel"
    r"|yearly|annually)[a-z]*"
)
_PERIOD_RE = re.compile(_PERIOD)
_PERIOD_NEXT = re.compile(rf"[\s,:]*(?:{_PERIOD})")
_PERIODS: Final[dict[float, str]] = {  # times per week -> period units and adverbs, trailing "s" dropped
    WORKING_DAYS_PER_WEEK: "j jour day quotidien journalier daily",
    1: "semaine sem week wk hebdo weekly",
    1 / WEEKS_PER_MONTH: "moi month mensuel monthly",
    1 / 13: "trimestre quarter trimestriel quarterly",
    1 / 52: "an annee year yr annuel yearly annually",
}
_PER_WEEK: Final = {word: factor for factor, words in _PERIODS.items() for word in words.split()}
_COUNT_WORDS = "une?|one|" + "|".join(NUMBER_WORDS)
_PEOPLE_RE = re.compile(
    rf"(?<![\w.,])(?P<n>[0-9]+|{_COUNT_WORDS})\s*(?:{STAFF}|techniciens?|comptables?|commerciaux|assistant"
    r"|secretaire|gestionnaire|operat|de nous|of us)[a-z]*"
    r"|(?:(?<!\w)a|(?<!\w)x|×|on est|nous sommes|we are|team of|equipe de)\s*(?P<m>[0-9]+)(?![\w.,])"
)
_PER_PERSON = re.compile(r"(?:par|per|pour|for|each)\s*(?:personne|person|salarie|employee|head|tete)s?|chacun\w*")
_LIST_MARK = re.compile(r"\s*(?:[-*•·]+|[0-9]+[.)])\s+")


def _hours(match: re.Match[str]) -> float:
    """Return the hours of a duration ("1h30" is 1.5, "2 à 3 h" is 2.5, "2 jours" is 14)."""
    if word := match["word"]:
        return WORD_HOURS[word.replace("-", " ")]
    value = read_number(match["value"])
    if match["low"]:
        value = (value + read_number(match["low"])) / 2
    unit = match["unit"]
    if unit.startswith(("demi", "half")):
        value *= HOURS_PER_DAY / 2
    elif unit[0] in "jd":
        value *= HOURS_PER_DAY
    elif unit.startswith("m"):
        value /= 60
    return value + int(match["mm"] or match["min"] or 0) / 60


def _per_week(match: re.Match[str] | None) -> float:
    if match is None:
        return 1.0  # the question asks for hours per week
    return _PER_WEEK[(match["unit"] or match["adverb"]).rstrip("s")]


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """Replace the ``spans`` of ``text`` with spaces, keeping every other position."""
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def _people(plain: str, spans: list[tuple[int, int]]) -> float:
    """Return how many people do the task (1 unless said), adding the words read to ``spans``."""
    match = _PEOPLE_RE.search(plain)
    if match is None:
        return 1.0
    spans.append(match.span())
    count = match["n"] or match["m"]
    return NUMBER_WORDS.get(count, 1) if count.isalpha() else read_number(count)


def _task_name(chunk: str) -> str:
    """Return what is left of ``chunk`` once filler words and punctuation are trimmed from its ends."""
    name = re.sub(r"\s*([,;:])(?:\s*[,;:])+", r"\1", " ".join(chunk.split()))
    edges = " \t,;:.!?-–—()[]«»\"'/|•*~="
    while True:
        name = name.strip(edges)
        first = re.match(r"[\W_]*(\w+)", name)
        last = re.search(r"(\w+)[\W_]*$", name)
        if first and fold(first[1]) in TASK_FILLERS:
            name = name[first.end() :]
        elif last and fold(last[1]) in TASK_FILLERS:
            name = name[: last.start()]
        else:
            return name[:1].upper() + name[1:]


def _task(chunk: str, vocabulary: Vocabulary, index: int) -> dict[str, Any]:
    chunk = chunk[m.end() :] if (m := _LIST_MARK.match(chunk)) else chunk
    plain = to_plain(chunk)
    durations = list(_DURATION.finditer(plain))
    if not durations:
        raise expected(
            "tasks",
            f"Je n'ai pas trouvé de durée dans « {quote(chunk)} ». Indiquez le temps passé "
            "par personne, par exemple « 6 h par semaine » ou « 1 h 30 par jour ».",
            f"I found no duration in “{quote(chunk)}”. Give the time spent per person, for example "
            "“6 h a week” or “1.5 hours a day”.",
        )
    duration = next((d for d in durations if _PERIOD_NEXT.match(plain, d.end())), durations[0])
    period = _PERIOD_NEXT.match(plain, duration.end()) or _PERIOD_RE.search(plain)
    hours = round(_hours(duration) * _per_week(period), 2)
    if duration["neg"] or hours <= 0:
        raise expected(
            "tasks",
            f"La durée de « {quote(chunk)} » doit être positive.",
            f"The duration of “{quote(chunk)}” must be positive.",
        )
    if hours > MAX_TASK_HOURS:
        raise expected(
            "tasks",
            f"« {quote(chunk)} » fait plus de 70 h par semaine et par personne : indiquez le "
            "temps d'une seule personne.",
            f"“{quote(chunk)}” is over 70 h a week per person: give the time of one person.",
        )
    spans = [duration.span(), *([period.span()] if period else []), *(m.span() for m in _PER_PERSON.finditer(plain))]
    people = _people(_blank(plain, spans), spans)
    if not 1 <= people <= 5000 or people != int(people):
        raise expected(
            "tasks",
            f"Le nombre de personnes de « {quote(chunk)} » doit être un entier de 1 à 5 000.",
            f"The number of people in “{quote(chunk)}” must be a whole number from 1 to 5,000.",
        )
    name = _task_name(_blank(chunk, spans))
    if not re.search(r"[^\W\d_]", name) or len(name) > 200:
        raise expected("tasks", f"Donnez un nom court à la tâche n° {index}.", f"Give task {index} a short name.")
    pains = match_pains(vocabulary, name)
    return {"name": name, "hours_per_week": hours, "people": int(people), "pain": pains[0] if pains else None}


def parse_tasks(text: str, vocabulary: Vocabulary) -> dict[str, Any]:
    chunks = [c for c in re.split(r"[;\n]+", text) if re.search(r"\w", c)]
    tasks = [_task(chunk, vocabulary, i) for i, chunk in enumerate(chunks, start=1)]
    if not tasks:
        raise expected("tasks", "Décrivez au moins une tâche.", "Describe at least one task.")
    names = [fold(t["name"]) for t in tasks]
    if len(set(names)) != len(names):
        raise expected(
            "tasks",
            "Donnez à chaque tâche un nom différent, une tâche par ligne ou séparées par « ; ».",
            "Give each task its own name, one task per line or separated by “;”.",
        )
    return {"tasks": tasks}
