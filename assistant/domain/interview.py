"""The adaptive self-assessment interview: which question comes next, and what answers are valid.

The interview state is nothing but the answers given so far, so it can be resumed from the
database at any point. Per domain: one self-description (a second one only if the first gave
no level), then scenario checks that start at the declared level and step down after a wrong
or unsure answer. At most three questions per domain and one open question at the end.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from assistant.domain.skills import MAX_LEVEL, Framework, Item

DONT_KNOW = "dont_know"
SKIP = "skip"
MAX_ITEMS_PER_DOMAIN = 3
MAX_OPEN_ANSWER_CHARS = 2000
OPEN_ITEM_ID = "open-1"


class AnswerError(ValueError):
    """An answer that cannot be recorded; the message is safe to show to the user."""


@dataclass(frozen=True)
class Answer:
    """A validated answer: an option id, ``dont_know``, ``skip`` or free text (open items)."""

    item_id: str
    value: str
    evidence: str | None = None
    sequence: int = 0

    @property
    def neutral(self) -> bool:
        """True for "I don't know" and skip, which give no evidence either way."""
        return self.value in (DONT_KNOW, SKIP)


def validate_answer(framework: Framework, item_id: str, value: str, evidence: str | None = None) -> Answer:
    """Check an answer against its item; raise ``AnswerError`` with a clear reason."""
    item = framework.item_by_id.get(item_id)
    if item is None:
        raise AnswerError(f"unknown question {item_id!r}")
    value = value.strip()
    if evidence is not None and len(evidence) > MAX_OPEN_ANSWER_CHARS:
        raise AnswerError(f"answer too long ({len(evidence)} characters, maximum {MAX_OPEN_ANSWER_CHARS})")
    if value in (DONT_KNOW, SKIP):
        return Answer(item_id, value, evidence)
    if item.kind == "open":
        if not value:
            raise AnswerError("empty answer")
        if len(value) > MAX_OPEN_ANSWER_CHARS:
            raise AnswerError(f"answer too long ({len(value)} characters, maximum {MAX_OPEN_ANSWER_CHARS})")
        return Answer(item_id, value, evidence)
    if item.option(value) is None:
        allowed = ", ".join(o.id for o in item.options)
        raise AnswerError(f"{value!r} is not an option of this question (choose {allowed}, {DONT_KNOW} or {SKIP})")
    return Answer(item_id, value, evidence)


def declared_level(framework: Framework, domain_id: str, answers: Mapping[str, Answer]) -> int | None:
    """The level the person declared (lowest of their self-descriptions), or None."""
    levels = []
    for item in framework.items_of(domain_id, "self"):
        answer = answers.get(item.id)
        if answer and not answer.neutral:
            option = item.option(answer.value)
            if option is not None and option.level is not None:
                levels.append(option.level)
    return min(levels) if levels else None


def scenario_results(
    framework: Framework, domain_id: str, answers: Mapping[str, Answer]
) -> list[tuple[Item, bool | None]]:
    """Answered scenarios of a domain in answer order: True right, False wrong, None unsure."""
    results = []
    for item in framework.items_of(domain_id, "scenario"):
        answer = answers.get(item.id)
        if answer is None:
            continue
        option = None if answer.neutral else item.option(answer.value)
        results.append((item, None if option is None else bool(option.correct), answer.sequence))
    results.sort(key=lambda r: r[2])
    return [(item, outcome) for item, outcome, _ in results]


def _next_in_domain(framework: Framework, domain_id: str, answers: Mapping[str, Answer]) -> Item | None:
    selfs = framework.items_of(domain_id, "self")
    asked = [i for i in framework.items if i.domain == domain_id and i.kind != "open" and i.id in answers]
    if len(asked) >= MAX_ITEMS_PER_DOMAIN:
        return None
    declared = declared_level(framework, domain_id, answers)
    answered_selfs = [i for i in selfs if i.id in answers]
    if declared is None and len(answered_selfs) < min(2, len(selfs)):
        return next(i for i in selfs if i.id not in answers)
    results = scenario_results(framework, domain_id, answers)
    if results:
        last, outcome = results[-1]
        difficulty = last.difficulty or 1
        if outcome or difficulty <= 1:
            return None
        target = difficulty - 1
    else:
        target = min(max(declared if declared is not None else 1, 1), MAX_LEVEL)
    candidates = [i for i in framework.items_of(domain_id, "scenario") if i.id not in answers]
    if not candidates:
        return None
    return min(candidates, key=lambda i: (abs((i.difficulty or 1) - target), (i.difficulty or 1) > target))


def next_item(framework: Framework, answers: Mapping[str, Answer]) -> Item | None:
    """The next question to ask, or None when the interview is complete."""
    for domain_id in framework.domain_ids:
        item = _next_in_domain(framework, domain_id, answers)
        if item is not None:
            return item
    open_item = framework.item_by_id.get(OPEN_ITEM_ID)
    if open_item is not None and open_item.id not in answers:
        return open_item
    return None


@dataclass(frozen=True)
class Progress:
    """Where the person is: current domain and "question n of about N"."""

    answered: int
    estimated_total: int
    domain_id: str | None
    domain_number: int
    domain_count: int


TYPICAL_ITEMS_PER_DOMAIN = 2


def progress(framework: Framework, answers: Mapping[str, Answer]) -> Progress:
    """Progress for display; the total is an estimate since the path adapts to the answers."""
    item = next_item(framework, answers)
    domains = framework.domain_ids
    if item is None:
        return Progress(len(answers), len(answers), None, len(domains), len(domains))
    if item.kind == "open":
        return Progress(len(answers), len(answers) + 1, None, len(domains), len(domains))
    index = domains.index(item.domain)
    asked_here = sum(1 for i in framework.items if i.domain == item.domain and i.kind != "open" and i.id in answers)
    remaining = max(TYPICAL_ITEMS_PER_DOMAIN - asked_here, 1) + TYPICAL_ITEMS_PER_DOMAIN * (len(domains) - index - 1)
    remaining += 0 if OPEN_ITEM_ID in answers else 1
    return Progress(len(answers), len(answers) + remaining, item.domain, index + 1, len(domains))
