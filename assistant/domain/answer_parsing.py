"""Read a typed interview answer: option number or letter, a phrase, or free text.

In offline mode people type short answers instead of clicking. ``parse_answer`` turns them into
the value ``validate_answer`` expects, deterministically, in French or English, or returns None
when the text is not clearly an answer, so that the caller can list the valid values
(``describe_choices``) or route the message elsewhere. The text is read in this order:

1. empty, longer than 2000 characters, or a question (ends with "?" and has more than 4 words):
   None, unless a question is word for word the text of one option (some options are questions);
2. the whole answer, politeness aside, is "je ne sais pas" / "I don't know" (-> ``dont_know``)
   or "passer" / "skip" (-> ``skip``);
3. open items: the stripped text;
4. a number, ordinal or letter, alone or in a short sentence ("je dirais la 3", "I'd say b").
   Numbers are display positions from 1; letters are option ids on scenarios and positions
   (a-e = 1-5) on self items. Out of range, or two different choices ("2 ou 3"): None;
5. self items only, a Likert-ish phrase mapped to a level. The table is deliberately coarse and
   only used when the person typed a phrase instead of choosing:

   =====  =============================================================================
   level  phrases (French / English)
   =====  =============================================================================
   0      jamais, pas du tout, non / never, not at all, no
   1      un peu, rarement, plutôt non, pas vraiment / a little, rarely, not really
   2      plutôt oui, parfois, moyennement, de temps en temps / sometimes, somewhat
   3      oui, souvent, régulièrement / yes, often, regularly, most of the time
   4      tout à fait, toujours, expert, absolument / always, absolutely, completely
   =====  =============================================================================

   "oui" / "non" are weak: "oui, toujours" reads as 4 and "non, rarement" as 1;
6. the text shares most of its meaningful words with exactly one option: that option.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Literal, TypeVar

from assistant.domain import answer_vocabulary as vocabulary
from assistant.domain.interview import DONT_KNOW, MAX_OPEN_ANSWER_CHARS, SKIP
from assistant.domain.skills import Item, Option
from assistant.language import fold

How = Literal["number", "letter", "option_id", "phrase", "text_match", "open"]
V = TypeVar("V")


@dataclass(frozen=True)
class ParsedAnswer:
    """An answer in the form ``validate_answer`` expects, and how it was read."""

    value: str
    how: How


# --------------------------------------------------------------------------- normalisation
_APOSTROPHES = str.maketrans(dict.fromkeys("’‘`´ʼ", "'"))
_NUMERO = re.compile(r"\bn\s*[°º]\s*")
# "à" folds to "a", which would read as option a: turn the preposition into a filler first.
_PREPOSITION_A = re.compile(r"(?<!\w)à(?!\w)")
_OUT_OF_FIVE = re.compile(r"\b(\d)\s*(?:/|sur|out of)\s*5\b")
_PERCENT = re.compile(r"(\d)\s*%")  # "95 %" is a figure, not option 95
_C_EST = re.compile(r"\bc est\b")
# Expanding elisions keeps "c'est la b" from reading as the two letters c and b.
_ELISION = re.compile(r"\b(qu|[cdjlmnst])'(?=[a-z])")
_NOT = re.compile(r"n't\b")
_CONTRACTION = re.compile(r"(?<=[a-z])'(d|ll|m|re|ve|s)\b")
_CONTRACTED = {"d": " would", "ll": " will", "m": " am", "re": " are", "ve": " have", "s": " is"}
_CLAUSE_BREAK = re.compile(r"[,;:!?()\[\]/«»\"…–—]|\.(?!\d)|(?:^|\s)-+(?=\s|$)")
_TOKEN = re.compile(r"[a-z0-9]+")


def _normalise(text: str) -> str:
    """Lower-case, fold accents and expand elisions so that both languages tokenise alike."""
    text = text.lower().translate(_APOSTROPHES)
    text = _PREPOSITION_A.sub(" au ", _NUMERO.sub(" numero ", text))
    text = _C_EST.sub("ce est", _OUT_OF_FIVE.sub(r"\1", _PERCENT.sub(r"\1pct", fold(text))))
    text = _NOT.sub(" not", _ELISION.sub(r"\1e ", text))
    return _CONTRACTION.sub(lambda m: _CONTRACTED[m.group(1)], text)


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(_normalise(text))


def _words(spec: str) -> frozenset[str]:
    return frozenset(_tokens(spec))


def _table(spec: Mapping[V, str]) -> dict[tuple[str, ...], V]:
    """Phrase table from ``value: "phrase, phrase"``, normalised like the answers."""
    return {tuple(_tokens(p)): value for value, phrases in spec.items() for p in phrases.split(",")}


def _levels(spec: Mapping[int, str], weak: bool = False) -> dict[tuple[str, ...], tuple[int, bool]]:
    """Level phrases; weak ones ("oui", "non") only count when nothing stronger was said."""
    return {key: (level, weak) for key, level in _table(spec).items()}


def _cover(tokens: Sequence[str], table: Mapping[tuple[str, ...], V], skippable: Collection[str]) -> list[V] | None:
    """Values of the phrases covering ``tokens`` (longest first), or None if a word is left over."""
    longest = max(len(key) for key in table)
    found: list[V] = []
    i = 0
    while i < len(tokens):
        for size in range(min(longest, len(tokens) - i), 0, -1):
            key = tuple(tokens[i : i + size])
            if key in table:
                found.append(table[key])
                i += size
                break
        else:
            if tokens[i] not in skippable:
                return None
            i += 1
    return found


# --------------------------------------------------------------------------- vocabulary
# The lists are plain text in answer_vocabulary; normalising them here, like the answers, keeps both alike.
_POLITE = _words(vocabulary.POLITE)
_NEUTRAL = _table(vocabulary.NEUTRAL)
_CONNECTORS = _words(vocabulary.CONNECTORS)
_CHOICE_FILLERS = _POLITE | _CONNECTORS | _words(vocabulary.CHOICE_FILLERS)
_WEAK_ONE = _words(vocabulary.WEAK_ONE)
_NUMBER_WORDS = _table(vocabulary.NUMBER_WORDS)
_ORDINAL = re.compile(r"(\d+)(?:er|re|ere|e|eme|nd|rd|st|th)?")
_LEVEL_PHRASES = _levels(vocabulary.LEVEL_PHRASES) | _levels(vocabulary.WEAK_LEVEL_PHRASES, weak=True)
_PHRASE_FILLERS = _POLITE | _words(vocabulary.PHRASE_FILLERS)
_STOP = _CHOICE_FILLERS | _words(vocabulary.STOP_WORDS)


# --------------------------------------------------------------------------- reading
Choice = tuple[Literal["number", "letter"], str]


def _choice(token: str) -> Choice | None:
    if match := _ORDINAL.fullmatch(token):
        return ("number", match.group(1))
    if (token,) in _NUMBER_WORDS:
        return ("number", _NUMBER_WORDS[(token,)])
    if len(token) == 1:
        return ("letter", token)
    return None


def _clauses(normalised: str) -> list[list[str]]:
    """Token lists split at punctuation and before connectors ("2 ou 3" is two clauses)."""
    clauses: list[list[str]] = []
    for part in _CLAUSE_BREAK.split(normalised):
        current: list[str] = []
        for token in _TOKEN.findall(part):
            if token in _CONNECTORS and current:
                clauses.append(current)
                current = []
            current.append(token)
        if current:
            clauses.append(current)
    return clauses


def _clause_choices(tokens: Sequence[str]) -> list[Choice] | None:
    """The choices a clause names ([] for none), or None if it also says something else."""
    kept = [t for t in tokens if t not in _CHOICE_FILLERS]
    strong = [t for t in kept if t not in _WEAK_ONE]
    choices = [_choice(t) for t in strong]
    if not choices and len(kept) > len(strong):
        return [("number", "1")]
    return None if None in choices else [c for c in choices if c is not None]


def _resolve(item: Item, choice: Choice) -> Option | None:
    kind, raw = choice
    if kind == "letter":
        if item.kind == "scenario":
            return item.option(raw)
        position = "abcde".find(raw) + 1
    else:
        position = len(item.options) if raw == "last" else int(raw)
    return item.options[position - 1] if 1 <= position <= len(item.options) else None


@cache
def _keywords_of(text: str) -> frozenset[str]:
    return _keywords(_tokens(text))


def _keywords(tokens: Sequence[str]) -> frozenset[str]:
    """Meaningful words, crudely stemmed so that plurals and verb endings still match."""
    stems = set()
    for token in tokens:
        if token in _STOP or len(token) < (2 if token.isdigit() else 3):
            continue
        if len(token) > 4 and token[-1] in "sx":
            token = token[:-1]
        stems.add(token[:7])
    return frozenset(stems)


def _text_match(item: Item, words: frozenset[str]) -> Option | None:
    """The one option sharing most of ``words`` (either language); on a tie, the one they cover."""
    if not words:
        return None
    hits = []
    for option in item.options:
        vocab = (_keywords_of(option.text.fr), _keywords_of(option.text.en))
        if len(words & (vocab[0] | vocab[1])) > len(words) / 2:
            covered = max(len(words & v) / max(len(v), 1) for v in vocab)
            hits.append((option, covered > 0.5))
    # "Je ne sais pas ce qu'est une API" shares its words with two options but is only one of them.
    best = hits if len(hits) == 1 else [h for h in hits if h[1]]
    return best[0][0] if len(best) == 1 else None


def _level_phrase(item: Item, tokens: Sequence[str]) -> Option | None:
    found = _cover(tokens, _LEVEL_PHRASES, _PHRASE_FILLERS)
    if not found:
        return None
    levels = {level for level, weak in found if not weak} or {level for level, _ in found}
    return next((o for o in item.options if o.level in levels), None) if len(levels) == 1 else None


def _read_choice(item: Item, choices: Sequence[Choice], rest: Sequence[str]) -> ParsedAnswer | None:
    """The one option named by ``choices``; None if out of range, ambiguous or contradicted."""
    ids = {option.id if option else None for option in (_resolve(item, c) for c in choices)}
    # Numbers in the rest of the text may name another option too ("1 ou 2 je sais pas").
    ids |= {o.id for t in rest if t.isdigit() and (o := _resolve(item, ("number", t))) is not None}
    # "3. Je n'utilise pas ces outils" quotes option 1 with number 3: too unclear to record.
    quoted = _text_match(item, _keywords(rest))
    if quoted is not None:
        ids.add(quoted.id)
    chosen = ids.pop() if len(ids) == 1 else None
    return None if chosen is None else ParsedAnswer(chosen, choices[0][0])


def parse_answer(item: Item, text: str) -> ParsedAnswer | None:
    """Read ``text`` as an answer to ``item``, or None if it is not clearly one (see module doc)."""
    stripped = text.strip()
    if not stripped or len(stripped) > MAX_OPEN_ANSWER_CHARS:
        return None
    normalised = _normalise(stripped)
    tokens = _TOKEN.findall(normalised)
    if stripped.endswith("?") and len(tokens) > 4:
        quoted = [o for o in item.options if tokens in (_tokens(o.text.fr), _tokens(o.text.en))]
        return ParsedAnswer(quoted[0].id, "text_match") if len(quoted) == 1 else None
    neutral = _cover(tokens, _NEUTRAL, _POLITE)
    if neutral:
        return ParsedAnswer(SKIP if set(neutral) == {SKIP} else DONT_KNOW, "phrase")
    if item.kind == "open":
        return ParsedAnswer(stripped, "open") if any(ch.isalnum() for ch in stripped) else None
    if item.option(stripped) is not None:
        # A raw id that is no display position (self item "0") comes from a button or a habit.
        as_choice = _choice(stripped)
        if as_choice is None or _resolve(item, as_choice) is None:
            return ParsedAnswer(stripped, "option_id")
    choices: list[Choice] = []
    rest: list[str] = []
    for clause in _clauses(normalised):
        named = _clause_choices(clause)
        if named is None:
            rest.extend(clause)
        else:
            choices.extend(named)
    if choices:
        return _read_choice(item, choices, rest)
    if item.kind == "self" and (option := _level_phrase(item, tokens)) is not None:
        return ParsedAnswer(option.id, "phrase")
    match = _text_match(item, _keywords(tokens))
    return None if match is None else ParsedAnswer(match.id, "text_match")


def describe_choices(item: Item, lang: str) -> str:
    """One sentence telling the person what they may type to answer ``item`` (``en``, else French)."""
    en = lang == "en"
    neutral = "“I don't know” or “skip”" if en else "« je ne sais pas » ou « passer »"
    if item.kind == "open":
        limit = f"{MAX_OPEN_ANSWER_CHARS:,}"
        if en:
            return f"Describe it in a few sentences (at most {limit} characters), or answer {neutral}."
        return f"Décrivez en quelques phrases ({limit.replace(',', ' ')} caractères au plus), ou répondez {neutral}."
    if item.kind == "scenario":
        first, last = item.options[0].id, item.options[-1].id
        choice = f"a letter from {first} to {last}" if en else f"une lettre de {first} à {last}"
    else:
        choice = f"a number from 1 to {len(item.options)}" if en else f"un numéro de 1 à {len(item.options)}"
    return f"Answer with {choice}, {neutral}." if en else f"Répondez par {choice}, {neutral}."
