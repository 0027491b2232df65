"""Lay a training outline on the clock: days, sessions, breaks, the content sequences and the timed agenda.

Time rules (deterministic, documented for trainers and auditors):

- The duration counts teaching time and short breaks; lunch is not counted.
- A day holds at most 7 h. Longer courses use full 7 h days, then the remainder; a remainder under
  2 h is merged with the previous day and the two days share the time (7 h 30 -> 3 h 45 + 3 h 45).
- A day of 3 h 30 or less is one session from 09:00. A longer day has two sessions around the
  12:30-13:30 lunch (a full day is 09:00-12:30 / 13:30-17:00): the morning ends at 12:30 and the
  afternoon starts at 13:30.
- Inside a session, 15-minute breaks keep every stretch of work to 2 h at most (1 h 30 remote).
- Content runs as one timeline cut at breaks; a sequence cut in two is marked "(suite)".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import accumulate
from typing import TYPE_CHECKING, Final, Literal

from assistant.domain.outline_text import grouping, shorten, tools_for, wording

if TYPE_CHECKING:
    from assistant.domain.outline import ObjectiveLine, OutlineRequest
    from assistant.domain.training import Module

BlockKind = Literal["theory", "hands_on", "break", "lunch", "evaluation"]
DAY: Final = 420
HALF_DAY: Final = 210
BREAK: Final = 15
MAX_STRETCH: Final[Mapping[str, int]] = {"on_site": 120, "remote": 90}
_MORNING, _NOON, _AFTERNOON = 9 * 60, 12 * 60 + 30, 13 * 60 + 30
_ROUND: Final = 100  # longest input-then-practice round, so no lecture runs past about 40 minutes
_SNAP: Final = 15  # move a sequence edge onto a break this close to it, so no 5-minute fragments appear


@dataclass(frozen=True)
class Block:
    """One timed line of the agenda; lunch is shown but not counted in the duration."""

    day: int
    start: str
    end: str
    minutes: int
    title: str
    kind: BlockKind
    activity: str
    materials: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Piece:
    title: str
    kind: BlockKind
    activity: str
    minutes: int
    materials: tuple[str, ...] = ()


def split_days(total: int) -> list[int]:
    """The counted minutes of each day: full 7 h days, the remainder shared with the last one when under 2 h."""
    days, rest = [DAY] * (total // DAY), total % DAY
    if rest and days and rest < 120:  # a last day under 2 h is not worth a trip: share two days instead
        both = days.pop() + rest
        first = -(-both // 2 // 15) * 15
        return [*days, first, both - first]
    return [*days, rest] if rest else days


def _day_mode(fmt: str, index: int) -> str:
    """Blended courses alternate: day 1 in person, day 2 remote, day 3 in person (one day: in person)."""
    if fmt == "blended":
        return "remote" if index % 2 else "on_site"
    return fmt


def _opening(days: Sequence[int], index: int, lang: str) -> _Piece:
    if index:
        return _Piece(wording("recall_title", lang), "evaluation", wording("recall", lang), 15)
    minutes = 10 if sum(days) <= 120 else 15 if sum(days) <= DAY else 20
    return _Piece(wording("opening_title", lang), "evaluation", wording("opening", lang), minutes)


def _closing(days: Sequence[int], index: int, lang: str) -> list[_Piece]:
    if index < len(days) - 1:
        return [_Piece(wording("wrap_up_title", lang), "evaluation", wording("wrap_up", lang), 10)]
    if sum(days) <= 120:
        return [_Piece(wording("final_short_title", lang), "evaluation", wording("final_short", lang), 15)]
    final = _Piece(wording("final_title", lang), "evaluation", wording("final", lang), 20 if sum(days) <= DAY else 30)
    return [final, _Piece(wording("closing_title", lang), "evaluation", wording("closing", lang), 10)]


def _work_minutes(request: OutlineRequest, days: Sequence[int]) -> list[list[list[int]]]:
    """Per day, per session, the work stretches between breaks."""
    return [
        [_stretches(length, MAX_STRETCH[_day_mode(request.format, i)]) for _, length in _sessions(minutes)]
        for i, minutes in enumerate(days)
    ]


def free_minutes(request: OutlineRequest, days: Sequence[int]) -> list[int]:
    """Work minutes left each day once breaks, the opening and the closing pieces are placed."""
    return [
        sum(map(sum, sessions)) - _opening(days, i, "fr").minutes - sum(p.minutes for p in _closing(days, i, "fr"))
        for i, sessions in enumerate(_work_minutes(request, days))
    ]


def sequences(
    request: OutlineRequest, objectives: Sequence[ObjectiveLine], ranked: Sequence[Module], free: Sequence[int]
) -> list[_Piece]:
    """One sequence per objective: a short input, practice, and a formative check when long enough."""
    lang, count, total = request.lang, len(objectives), sum(free)
    share = {"beginner": 0.40, "intermediate": 0.35, "advanced": 0.30}[request.level] + (0 if request.workshop else 0.2)
    tools, slides = tools_for(request), (wording("slides", lang),)
    base = total // count // 5 * 5
    if base < 20:  # too short for one sequence per objective: one input, then one practice
        theory = max(5, _round5(share * total))
        practice = wording("apply", lang).format(g=grouping(request.group_size, lang))
        return [
            _Piece(wording("input_all", lang), "theory", wording("theory", lang), theory, slides),
            _Piece(wording("practice_all", lang), "hands_on", practice, total - theory, tools),
        ]
    by_id, pieces = {m.id: m for m in ranked}, []
    for number, objective in enumerate(objectives, start=1):
        minutes = base if number < count else total - base * (count - 1)
        check = 10 if minutes >= 70 else 0
        rounds = -(-(minutes - check) // _ROUND)  # long sequences alternate input and practice
        size = (minutes - check) // rounds // 5 * 5
        short, module = shorten(objective.text), by_id.get(objective.source)
        for step in range(1, rounds + 1):
            length = size if step < rounds else minutes - check - size * (rounds - 1)
            theory = max(5, _round5(share * length))
            title = short + (f" ({step}/{rounds})" if rounds > 1 else "")
            theory_text, practice_text = _activities(module, objective, request, step)
            pieces.append(_Piece(title, "theory", theory_text, theory, slides))
            practice_title = wording("practice_title", lang) + short
            pieces.append(_Piece(practice_title, "hands_on", practice_text, length - theory, tools))
        if check:
            grid = (wording("grid", lang),)
            pieces.append(_Piece(wording("check_title", lang), "evaluation", wording("check", lang), check, grid))
    return pieces


def _activities(module: Module | None, objective: ObjectiveLine, request: OutlineRequest, step: int) -> tuple[str, str]:
    """The module's own input and practice activities for that objective, else generic ones by Bloom level."""
    lang = request.lang
    generic = wording("theory", lang), wording(objective.bloom, lang).format(g=grouping(request.group_size, lang))
    if module is None:
        return generic
    position = [o(lang) for o in module.objectives].index(objective.text) + step - 1
    inputs = [a(lang) for a in module.activities if a.kind in ("presentation", "demo")] or [generic[0]]
    practice = [a(lang) for a in module.activities if a.kind in ("practice", "case_study", "project", "discussion")]
    return inputs[position % len(inputs)], (practice or [generic[1]])[position % len(practice or [generic[1]])]


def _round5(minutes: float) -> int:
    return 5 * int(minutes / 5 + 0.5)


def _stretches(session: int, cap: int) -> list[int]:
    """Split a session into work stretches of at most ``cap`` minutes with a 15-minute break between."""
    breaks = 0
    while session - BREAK * breaks > cap * (breaks + 1):
        breaks += 1
    units, extra = divmod(session - BREAK * breaks, 5)  # keep clock times on 5-minute marks
    q, r = divmod(units, breaks + 1)
    sizes = [5 * (q + (i < r)) for i in range(breaks + 1)]
    sizes[-1] += extra
    return sizes


def _sessions(minutes: int) -> list[tuple[int, int]]:
    """(start, length) of each session of a day, in minutes after midnight."""
    if minutes <= HALF_DAY:
        return [(_MORNING, minutes)]
    morning = min(HALF_DAY, -(-minutes // 2 // 15) * 15)
    return [(_NOON - morning, morning), (_AFTERNOON, minutes - morning)]


def _cut(pieces: Sequence[_Piece], capacities: Sequence[int], lang: str) -> list[list[_Piece]]:
    """Pour pieces into consecutive capacities: snap edges close to a boundary, split the others."""
    lengths = [p.minutes for p in pieces]
    if sum(lengths) != sum(capacities):
        raise ValueError(f"{sum(lengths)} minutes of content for {sum(capacities)} minutes of room")
    edges = list(accumulate(lengths))[:-1]
    for target in accumulate(capacities[:-1]):
        for j in sorted(range(len(edges)), key=lambda i: abs(edges[i] - target)):  # nearest movable edge
            shift = target - edges[j]
            new = lengths[j] + shift, lengths[j + 1] - shift
            if abs(shift) > _SNAP:
                break
            if all(_resizable(pieces[k], lengths[k], n) for k, n in zip((j, j + 1), new, strict=True)):
                lengths[j], lengths[j + 1], edges[j] = *new, target
                break
    out: list[list[_Piece]] = [[] for _ in capacities]
    slot, room, suffix = 0, capacities[0], wording("continued", lang)
    for piece, length in zip(pieces, lengths, strict=True):
        title = piece.title
        while length > 0:
            take = min(length, room)
            out[slot].append(replace(piece, title=title, minutes=take))
            length, room = length - take, room - take
            title = title if title.endswith(suffix) else f"{title} {suffix}"
            if room == 0 and slot + 1 < len(capacities):
                slot, room = slot + 1, capacities[slot + 1]
    return out


def _resizable(piece: _Piece, old: int, new: int) -> bool:
    """Practice may stretch or shrink down to 10 minutes; an input or an assessment moves by 5 minutes at most."""
    if piece.kind != "hands_on":
        return abs(new - old) <= 5 and new >= min(10, old)
    return new >= min(10, old)


def schedule(request: OutlineRequest, days: Sequence[int], units: list[_Piece]) -> tuple[Block, ...]:
    """Lay the pieces on the clock day by day, with breaks and lunch."""
    lang, blocks, shapes = request.lang, [], _work_minutes(request, days)
    lunch, pause = (
        _Piece(wording("lunch_title", lang), "lunch", wording("lunch", lang), 0),
        _Piece(wording("break", lang), "break", "", 0),
    )
    for number, content in enumerate(_cut(units, free_minutes(request, days), lang), start=1):
        day = [_opening(days, number - 1, lang), *content, *_closing(days, number - 1, lang)]
        stretches = iter(_cut(day, [size for sizes in shapes[number - 1] for size in sizes], lang))
        for index, ((clock, _), sizes) in enumerate(zip(_sessions(days[number - 1]), shapes[number - 1], strict=True)):
            if index:
                blocks.append(_block(number, _NOON, _AFTERNOON, lunch))
            for position in range(len(sizes)):
                if position:
                    blocks.append(_block(number, clock, clock + BREAK, pause))
                    clock += BREAK
                for piece in next(stretches):
                    blocks.append(_block(number, clock, clock + piece.minutes, piece))
                    clock += piece.minutes
    return tuple(blocks)


def _block(day: int, start: int, end: int, piece: _Piece) -> Block:
    def clock(minute: int) -> str:
        return f"{minute // 60:02d}:{minute % 60:02d}"

    return Block(day, clock(start), clock(end), end - start, piece.title, piece.kind, piece.activity, piece.materials)


def duration_text(minutes: int, lang: str, days: bool = True) -> str:
    """Write a duration the way a programme sheet does: « 1 h 30 », « 14 h (2 jours) », "3 h 30 min"."""
    hours, rest = divmod(minutes, 60)
    text = f"{hours} h" + (f" {rest:02d}" + (" min" if lang == "en" else "") if rest else "")
    count = -(-minutes // DAY)
    if days and minutes >= DAY:
        unit = ("day" if lang == "en" else "jour") + ("s" if count > 1 else "")
        exact = minutes % DAY == 0
        text += (
            f" ({count} {unit})" if exact else (f" (over {count} days)" if lang == "en" else f" (sur {count} jours)")
        )
    return text


def days_note(days: Sequence[int], fmt: str, lang: str) -> str:
    """One line giving each day's mode and length, then the typical-day rule."""
    label, colon = ("Day", ":") if lang == "en" else ("Jour", " :")
    parts = [
        f"{label} {i} ({wording(_day_mode(fmt, i - 1), lang)}){colon} {duration_text(minutes, lang, days=False)}"
        for i, minutes in enumerate(days, start=1)
    ]
    return f"{' ; '.join(parts) if lang != 'en' else '; '.join(parts)}. {wording('days_rule', lang)}"
