"""Read a manager's typed answer to one discovery question into a partial company profile.

Offline mode has no LLM to understand free text, so ``parse_field(field, text, vocabulary)`` reads
it deterministically, in French or English, and returns the ``CompanyProfile`` keys of that field
(``{"headcount": 45}``), or raises ``ParseError`` whose bilingual message says what is expected.
``FIELD_PROMPTS`` holds the question to ask for each field, with an example answer. The word lists
live in ``profile_vocabulary``, the questions and errors in ``profile_prompts``, number and task
reading in ``profile_parsing_numbers`` and ``profile_parsing_tasks``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import pairwise
from typing import Any, Final

from assistant.domain.profile_matching import (
    PhraseTable,
    find_phrases,
    phrase_key,
    phrase_table,
    term_phrases,
    to_plain,
)
from assistant.domain.profile_parsing_numbers import parse_budget_band, parse_headcount, parse_hourly_cost, read_number
from assistant.domain.profile_parsing_tasks import parse_tasks
from assistant.domain.profile_prompts import FIELD_PROMPTS, ParseError, expected, quote
from assistant.domain.profile_vocabulary import (
    ALL_FUNCTIONS_WORDS,
    FUNCTION_NAMES,
    FUNCTION_WORDS,
    GENERIC_SECTORS,
    GOAL_WORDS,
    NO_SOURCE_WORDS,
    NO_TOOLS_WORDS,
    RISK_WORDS,
    SECTOR_WORDS,
    SOURCE_WORDS,
)
from assistant.domain.usecases import FUNCTIONS, Vocabulary, fold, match_pains

__all__ = ["FIELDS", "FIELD_PROMPTS", "ParseError", "parse_field"]

MAX_CHARS: Final = 4000
Update = dict[str, Any]


def _sector(text: str, vocabulary: Vocabulary) -> Update:
    sectors = [s for s in vocabulary.sectors if s.id != "all"]
    valid = [s.id for s in sectors]
    found = find_phrases(text, phrase_table(SECTOR_WORDS, valid, term_phrases(sectors)))
    specific = [s for s in found if s not in GENERIC_SECTORS] or found
    labels = {s.id: s.label for s in sectors}
    if len(specific) > 1:
        names = [labels[s] for s in specific]
        raise expected(
            "sector",
            f"J'ai reconnu plusieurs secteurs ({', '.join(n.fr for n in names)}) : "
            "lequel est votre activité principale ?",
            f"I recognised several sectors ({', '.join(n.en for n in names)}): which is your main activity?",
        )
    if not specific:
        raise expected(
            "sector",
            f"Je n'ai pas reconnu le secteur. Choisissez parmi : {', '.join(s.label.fr for s in sectors)}.",
            f"I did not recognise the sector. Choose one of: {', '.join(s.label.en for s in sectors)}.",
        )
    return {"sector": specific[0]}


def _pains(text: str, vocabulary: Vocabulary) -> Update:
    typed = set(find_phrases(text, phrase_table({}, vocabulary.pain_ids, term_phrases(vocabulary.pains))))
    typed.update(match_pains(vocabulary, text))
    found = [p for p in vocabulary.pain_ids if p in typed]
    if not found:
        examples = vocabulary.pains[:5]
        raise expected(
            "pains",
            f"Je n'ai reconnu aucune difficulté. Par exemple : {', '.join(p.label.fr.lower() for p in examples)}.",
            f"I did not recognise any pain point. For example: {', '.join(p.label.en.lower() for p in examples)}.",
        )
    return {"pains": found}


_LEVEL = re.compile(r"(?<![0-9.,])(?P<n>[0-9]+(?:[.,][0-9]+)?)(?:\s*(?:/|sur|out of)\s*[0-9]+)?")


def _short(label: str) -> str:
    return re.split(r",| et | ou | and | or |\(", label)[0].strip()


def _source_levels(piece: str, table: PhraseTable, none: PhraseTable, vocabulary: Vocabulary) -> dict[str, int]:
    """Give every source named in ``piece`` the one level it states ("crm et erp 2", "pas de CRM")."""
    plain = to_plain(piece)
    sources = find_phrases(piece, table)
    levels = list(_LEVEL.finditer(plain))
    if len(levels) > 1:  # "crm 2 et erp 3": each source takes the level that follows it
        cuts = [0, *(m.end() for m in levels[:-1]), len(piece)]
        return {k: v for a, b in pairwise(cuts) for k, v in _source_levels(piece[a:b], table, none, vocabulary).items()}
    if levels and not sources:
        names = ", ".join(_short(s.label.fr) for s in vocabulary.data_sources)
        names_en = ", ".join(_short(s.label.en) for s in vocabulary.data_sources)
        raise expected(
            "data_sources",
            f"Je n'ai pas reconnu de source de données dans « {quote(piece)} ». Sources connues : {names}.",
            f"I did not recognise a data source in “{quote(piece)}”. Known sources: {names_en}.",
        )
    if not levels and sources and not find_phrases(piece, none):
        raise expected(
            "data_sources",
            f"Donnez un niveau de 0 à 4 pour « {quote(piece)} ».",
            f"Give a level from 0 to 4 for “{quote(piece)}”.",
        )
    level = read_number(levels[0]["n"]) if levels else 0.0
    if level not in (0, 1, 2, 3, 4):
        raise expected(
            "data_sources",
            f"Les niveaux vont de 0 (rien) à 4 (propre et centralisé), pas {level:g}.",
            f"Levels go from 0 (none) to 4 (clean and centralised), not {level:g}.",
        )
    return dict.fromkeys(sources, int(level))


def _data_sources(text: str, vocabulary: Vocabulary) -> Update:
    table = phrase_table(SOURCE_WORDS, vocabulary.source_ids, term_phrases(vocabulary.data_sources))
    none = phrase_table({"none": NO_SOURCE_WORDS}, ["none"])
    found: dict[str, int] = {}
    for piece in re.split(r"[,;\n]+", text):
        if re.search(r"\w", piece):
            found.update(_source_levels(piece, table, none, vocabulary))
    if not found:
        raise expected(
            "data_sources",
            "Nommez vos sources de données avec un niveau de 0 à 4.",
            "Name your data sources with a level from 0 to 4.",
        )
    return {"data_sources": found}


def _goals(text: str, vocabulary: Vocabulary) -> Update:
    found = find_phrases(text, phrase_table(GOAL_WORDS, vocabulary.goal_ids, term_phrases(vocabulary.goals)))
    if not found:
        raise expected(
            "goals",
            "Je n'ai reconnu aucun objectif. Choisissez parmi : "
            f"{', '.join(g.label.fr.lower() for g in vocabulary.goals)}.",
            f"I did not recognise any goal. Choose from: {', '.join(g.label.en.lower() for g in vocabulary.goals)}.",
        )
    return {"goals": found}


def _risk_appetite(text: str, vocabulary: Vocabulary) -> Update:
    found = find_phrases(text, phrase_table(RISK_WORDS, RISK_WORDS, [(r, r) for r in RISK_WORDS]))
    if len(found) != 1:
        raise expected(
            "risk_appetite",
            "Répondez par un seul niveau : faible, moyen ou élevé.",
            "Answer with one level: low, medium or high.",
        )
    return {"risk_appetite": found[0]}


def _functions(text: str, vocabulary: Vocabulary) -> Update:
    found = find_phrases(text, phrase_table(FUNCTION_WORDS, FUNCTIONS, [(f, f) for f in FUNCTIONS]))
    if not found and find_phrases(text, phrase_table({"all": ALL_FUNCTIONS_WORDS}, ["all"])):
        found = list(FUNCTIONS)
    if not found:
        raise expected(
            "functions",
            f"Je n'ai reconnu aucun service. Choisissez parmi : {FUNCTION_NAMES.fr}.",
            f"I did not recognise any department. Choose from: {FUNCTION_NAMES.en}.",
        )
    return {"functions": found}


_TOOLS_LEAD = re.compile(
    r"\s*(?:on utilise|nous utilisons|j utilise|on a|nous avons|we use|i use|we have|surtout|principalement"
    r"|mainly|mostly)\b\s*:?"
)


def _current_tools(text: str, vocabulary: Vocabulary) -> Update:
    if phrase_key(text) in phrase_table({"none": NO_TOOLS_WORDS}, ["none"]):
        return {"current_tools": []}
    start = m.end() if (m := _TOOLS_LEAD.match(to_plain(text).replace("'", " "))) else 0
    items = [i.strip(" \t.:!?-•*«»\"'") for i in re.split(r"[,;\n]+|\s+(?:et|and|\+)\s+", text[start:])]
    tools: dict[str, str] = {}
    for item in items:
        if re.search(r"\w", item):
            tools.setdefault(fold(item), item)  # "Excel, excel": the first spelling wins
    if not tools or any(len(t) > 100 for t in tools.values()):
        raise expected(
            "current_tools",
            "Nommez simplement vos outils, séparés par des virgules.",
            "Just name your tools, separated by commas.",
        )
    return {"current_tools": list(tools.values())}


_PARSERS: Final[dict[str, Callable[[str, Vocabulary], Update]]] = {
    "sector": _sector,
    "headcount": parse_headcount,
    "pains": _pains,
    "tasks": parse_tasks,
    "data_sources": _data_sources,
    "goals": _goals,
    "budget_band": parse_budget_band,
    "risk_appetite": _risk_appetite,
    "loaded_hourly_cost_eur": parse_hourly_cost,
    "functions": _functions,
    "current_tools": _current_tools,
}
FIELDS: Final = tuple(_PARSERS)


def parse_field(field: str, text: str, vocabulary: Vocabulary) -> dict[str, Any]:
    """Read ``text`` typed for ``field`` into a partial profile update, or raise ``ParseError``.

    An unknown ``field`` is a programming error and raises ``KeyError``.
    """
    if field not in _PARSERS:
        raise KeyError(f"unknown profile field {field!r}; known fields: {', '.join(FIELDS)}")
    if not re.search(r"\w", text):
        raise expected(field, "Je n'ai pas reçu de réponse.", "I received no answer.")
    if len(text) > MAX_CHARS:
        raise expected(field, "Réponse trop longue : restez bref.", "Answer too long: keep it short.")
    return _PARSERS[field](text, vocabulary)
