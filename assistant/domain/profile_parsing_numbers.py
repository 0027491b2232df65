"""Read numbers from typed answers: the headcount, the yearly budget and the loaded hourly cost.

Numbers may use French or English separators ("15 000", "15,000", "2,5"), ranges ("5-20k" gives
the middle) and multipliers ("10 k€"); several different numbers in one answer are refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Final

from assistant.domain.company import BUDGET_CEILING_EUR
from assistant.domain.profile_matching import find_phrases, phrase_table, stem, to_plain
from assistant.domain.profile_prompts import expected
from assistant.domain.profile_vocabulary import ABOUT_WORDS, NO_BUDGET_WORDS, NUMBER_WORDS
from assistant.domain.usecases import Vocabulary, fold

HOURS_PER_DAY: Final = 7.0

_NUMBER = r"[0-9]{1,3}(?:[ .,][0-9]{3})+(?![0-9])|[0-9]+(?:[.,][0-9]+)?"
_NUMBER_RE = re.compile(rf"(?P<neg>(?<![\w.,-])-)?(?P<num>{_NUMBER})")
_RANGE_LINK = re.compile(r"\s*(?:-|–|_|a|to|et|and|ou|or)\s*")
_MULTIPLIER = re.compile(
    r"\s*(?:(?P<k>k(?:eur(?:os?)?|e)?|milles?|thousands?|grand)|(?P<m>millions?|m(?=\s*(?:€|eur))))(?![a-z])"
)
_PER_DAY = re.compile(r"(?:par|/|per|a|each|chaque)\s*(?:jour|j|day)(?![a-z])|quotidien|daily")
_PER_MONTH = re.compile(r"(?:par|/|per|a|au|each|chaque)\s*(?:mois|month)(?![a-z])|mensuel|monthly")
_BOUND = re.compile(
    r"(?P<above>au moins|au.dessus|au dela|plus de|superieur|minimum|over|more than|above|at least|beyond|>|≥|\+)"
    r"|(?P<below>pas plus|moins|inferieur|en dessous|jusqu|au plus|max|under|less|below|up to|at most|<|≤)"
)


@dataclass(frozen=True)
class _Number:
    value: float
    start: int
    end: int
    negative: bool = False
    scale: float = 1.0


def read_number(number: str) -> float:
    """Read one number as written ("15 000", "15,000" and "2,5" are 15000, 15000 and 2.5)."""
    if re.fullmatch(r"[0-9]{1,3}(?:[ .,][0-9]{3})+", number):
        return float(re.sub(r"[ .,]", "", number))
    return float(number.replace(",", "."))


def _numbers(plain: str, multipliers: bool = False) -> list[_Number]:
    """Read the numbers in ``plain``; with ``multipliers``, "10 k€" is 10000."""
    found = []
    for match in _NUMBER_RE.finditer(plain):
        value, end, scale = read_number(match["num"]), match.end(), 1.0
        if multipliers and (unit := _MULTIPLIER.match(plain, end)):
            end, scale = unit.end(), 1e3 if unit["k"] else 1e6
        found.append(_Number(value * scale, match.start(), end, match["neg"] is not None, scale))
    return found


def _is_range(plain: str, numbers: list[_Number]) -> bool:
    return len(numbers) == 2 and _RANGE_LINK.fullmatch(plain, numbers[0].end, numbers[1].start) is not None


def _amount(plain: str, field: str, multipliers: bool = False) -> float | None:
    """Return the one amount in ``plain`` (a range gives its middle), None if there is none."""
    numbers = _numbers(plain, multipliers)
    if any(n.negative for n in numbers):
        raise expected(field, "Un nombre négatif n'a pas de sens ici.", "A negative number makes no sense here.")
    if _is_range(plain, numbers):
        low, high = numbers  # "5-20k": the unit of the high end applies to the low end
        return (low.value * (high.scale if low.scale == 1 else 1) + high.value) / 2
    if len({n.value for n in numbers}) > 1:
        raise expected(
            field,
            "J'ai lu plusieurs nombres : donnez un seul nombre ou une fourchette.",
            "I read several numbers: give one number or a range.",
        )
    return numbers[0].value if numbers else None


# Words that mark a count of people ("45 salariés", "12 FTE"), shared with task parsing.
STAFF = r"salari|personn|pers\b|employ|collabor|collegue|colleague|etp\b|fte\b|agents?\b|people|persons?\b|staff"
_STAFF_RE = re.compile(rf"\s*(?:{STAFF}|workers?\b|membres?\b|members?\b|ouvriers?\b|equivalent|head)")


def parse_headcount(text: str, vocabulary: Vocabulary) -> dict[str, Any]:
    plain = to_plain(text)
    numbers = _numbers(plain)
    tagged = [n for n in numbers if _STAFF_RE.match(plain, n.end)]
    if len(numbers) > 1 and tagged and not _is_range(plain, numbers):  # "3 sites et 45 salariés"
        plain = plain[tagged[0].start : tagged[0].end]
    count = _amount(plain, "headcount")
    if count is None and not _numbers(plain):
        tokens = fold(text).split()
        for i, token in enumerate(tokens):
            if (about := ABOUT_WORDS.get(stem(token))) is not None:
                count = about * (NUMBER_WORDS.get(tokens[i - 1], 1) if i else 1)
                break
        words = {NUMBER_WORDS[t] for t in tokens if t in NUMBER_WORDS}
        count = count or (words.pop() if len(words) == 1 else None)
    if count is None:
        raise expected(
            "headcount",
            "Je n'ai pas trouvé l'effectif : indiquez un nombre de personnes.",
            "I found no headcount: give a number of people.",
        )
    if not 1 <= count <= 5000:
        raise expected(
            "headcount",
            f"L'effectif doit être compris entre 1 et 5 000 (lu : {count:g}).",
            f"The headcount must be between 1 and 5,000 (read: {count:g}).",
        )
    return {"headcount": int(count + 0.5)}


def parse_budget_band(text: str, vocabulary: Vocabulary) -> dict[str, Any]:
    plain = to_plain(text)
    amount = _amount(plain, "budget_band", multipliers=True)
    if amount is None:
        if not find_phrases(text, phrase_table({"under_5k": NO_BUDGET_WORDS}, ["under_5k"])):
            raise expected("budget_band", "Je n'ai pas trouvé de montant.", "I found no amount.")
        return {"budget_band": "under_5k"}
    if _PER_MONTH.search(plain):
        amount *= 12
    if bound := _BOUND.search(plain):  # "moins de 5 000" is below the 5k ceiling, "plus de 50 000" above
        amount += 1 if bound["above"] else -1
    band = next(b for b, ceiling in BUDGET_CEILING_EUR.items() if ceiling is None or amount <= ceiling)
    return {"budget_band": band}


def parse_hourly_cost(text: str, vocabulary: Vocabulary) -> dict[str, Any]:
    plain = to_plain(text)
    cost = _amount(plain, "loaded_hourly_cost_eur")
    if cost is not None and _PER_DAY.search(plain):
        cost /= HOURS_PER_DAY
    if cost is None or not 5 <= cost <= 500:
        raise expected(
            "loaded_hourly_cost_eur",
            "Indiquez un coût horaire chargé entre 5 et 500 €.",
            "Give a loaded hourly cost between €5 and €500.",
        )
    return {"loaded_hourly_cost_eur": round(cost, 2)}
