"""Draft a training outline from a request: measurable objectives, a timed agenda and the public information.

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

import re
import statistics
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from itertools import accumulate
from typing import Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.domain.skills import Framework
from assistant.domain.training import Bloom, Module
from assistant.domain.verbs import BLOOM_ORDER, LEVEL_BLOOM, CourseLevel, is_measurable, objective_verb
from assistant.domain.verbs import template_objective as template
from assistant.language import fold

Format = Literal["on_site", "remote", "blended"]
BlockKind = Literal["theory", "hands_on", "break", "lunch", "evaluation"]
MIN_MINUTES: Final = 60
MAX_MINUTES: Final = 3 * 420
DAY: Final = 420
HALF_DAY: Final = 210
BREAK: Final = 15
MAX_STRETCH: Final[Mapping[str, int]] = {"on_site": 120, "remote": 90}
_MORNING, _NOON, _AFTERNOON = 9 * 60, 12 * 60 + 30, 13 * 60 + 30
_LEVELS: Final = ("beginner", "intermediate", "advanced")
_ROUND: Final = 100  # longest input-then-practice round, so no lecture runs past about 40 minutes
_MIN_TOPICAL: Final = 2  # one shared body word (« gestion ») is chance, not relevance
_SNAP: Final = 15  # move a sequence edge onto a break this close to it, so no 5-minute fragments appear


class OutlineRequest(BaseModel):
    """What the trainer asked for; ``audience`` is a role id or free text."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    topic: str = Field(min_length=2, max_length=200)
    audience: str = "all"
    level: CourseLevel = "beginner"
    duration_minutes: int = Field(ge=MIN_MINUTES, le=MAX_MINUTES)
    group_size: int = Field(default=10, ge=1, le=30)
    format: Format = "on_site"
    constraints: tuple[str, ...] = ()
    lang: Literal["fr", "en"] = "fr"
    workshop: bool = True


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
class ObjectiveLine:
    """A measurable objective, its Bloom level and its origin (a module id or "template")."""

    text: str
    bloom: Bloom
    verb: str
    source: str


@dataclass(frozen=True)
class EvaluationPlan:
    """Diagnostic, formative and final assessment, and the Kirkpatrick levels covered."""

    diagnostic: str
    formative: str
    final: str
    kirkpatrick: tuple[str, ...]
    certificate: str


@dataclass(frozen=True)
class Outline:
    """A programme draft holding everything a programme sheet needs."""

    request: OutlineRequest
    title: str
    pitch: str
    audience: str
    objectives: tuple[ObjectiveLine, ...]
    prerequisites: tuple[str, ...]
    blocks: tuple[Block, ...]
    methods: tuple[str, ...]
    materials: tuple[str, ...]
    evaluation: EvaluationPlan
    accessibility: str
    access: str
    lead_time: str
    price: str
    contact: str
    days_note: str
    modules: tuple[str, ...]

    @property
    def total_minutes(self) -> int:
        """Counted minutes: everything but lunch."""
        return sum(b.minutes for b in self.blocks if b.kind != "lunch")

    @property
    def active_share(self) -> float:
        """Share of hands-on and evaluation time in the time that is not a break."""
        work = [b for b in self.blocks if b.kind not in ("break", "lunch")]
        return sum(b.minutes for b in work if b.kind in ("hands_on", "evaluation")) / sum(b.minutes for b in work)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready view."""
        data = asdict(self)
        data["request"] = self.request.model_dump(mode="json")
        return data


@dataclass(frozen=True)
class _Piece:
    title: str
    kind: BlockKind
    activity: str
    minutes: int
    materials: tuple[str, ...] = ()


def build_outline(request: OutlineRequest, modules: Sequence[Module], framework: Framework) -> Outline:
    """Draft the outline: objectives from the best-matching modules (else templates), then the agenda."""
    lang, role_id = request.lang, _role_id(request.audience, framework)
    ranked = _rank(request, role_id, modules)
    objectives = _objectives(request, ranked)
    days = _days(request.duration_minutes)
    audience = _audience_label(request.audience, role_id, framework, lang)
    per_hour = [m.price_eur_per_person / m.duration_hours for m in ranked[:3]]
    per_hour = per_hour or [m.price_eur_per_person / m.duration_hours for m in modules if m.level == request.level]
    reference = round(statistics.median(per_hour or [100.0]) * request.duration_minutes / 60, -1)
    first = objectives[0].text
    return Outline(
        request=request,
        title=_w("title_workshop" if request.workshop else "title_course", lang).format(
            topic=request.topic.strip(), audience=audience
        ),
        pitch=_pitch(request, audience, first[0].lower() + first[1:]),
        audience=audience,
        objectives=objectives,
        prerequisites=_prerequisites(request, ranked[0].prerequisites if ranked else [], modules),
        blocks=_schedule(request, days, _units(request, objectives, ranked, _free_minutes(request, days))),
        methods=_methods(request),
        materials=_materials(request),
        evaluation=_evaluation(request),
        accessibility=_w("accessibility", lang),
        access=_w("access", lang),
        lead_time=_w("lead_time", lang),
        price=_w("price", lang).format(n=request.group_size, eur=f"{reference:,.0f}".replace(",", "\u202f")),
        contact=_w("contact", lang),
        days_note=_days_note(days, request.format, lang),
        modules=tuple(dict.fromkeys(o.source for o in objectives if o.source != "template")),
    )


def _role_id(audience: str, framework: Framework) -> str | None:
    """The role id named by ``audience``, also in the plural (« comptables », "managers")."""
    if audience in {r.id for r in framework.roles}:
        return audience
    singular = " ".join(word.removesuffix("s") if len(word) > 3 else word for word in audience.split())
    return framework.match_role(audience) or framework.match_role(singular)


def _audience_label(audience: str, role_id: str | None, framework: Framework, lang: str) -> str:
    if role_id is not None:
        return framework.role(role_id).name(lang)
    return _w("all_staff", lang) if fold(audience).strip() in ("", "all", "tous", "tout public") else audience.strip()


def _spaced(text: str) -> str:
    """Folded words separated and surrounded by single spaces, for phrase lookups."""
    return f" {' '.join(re.findall(r'[a-z0-9]+', fold(text)))} "


def _words(text: str) -> set[str]:
    """Crude stems (first 6 letters) of meaningful words, so « automatiser » meets « automatisation »."""
    return {w[:6] for w in re.findall(r"[a-z0-9]+", fold(text)) if len(w) > 1 and w not in _STOPWORDS}


def _rank(request: OutlineRequest, role_id: str | None, modules: Sequence[Module]) -> list[Module]:
    """Modules about the topic, same level first, then by score: title words, domain keywords, audience.

    Left out: weak matches (one body word, or under half the best score), modules two levels away
    and modules written for another job than the requested one.
    """
    lang, topic, folded = request.lang, _words(request.topic), _spaced(request.topic)
    domains = {d for d, keys in _DOMAIN_KEYWORDS.items() if any(_spaced(k) in folded for k in keys)}
    wanted, topical = _LEVELS.index(request.level), {}
    for module in modules:
        body = " ".join([module.summary(lang), *(o(lang) for o in module.objectives)])
        score = 3 * len(topic & _words(module.title(lang))) + len(topic & _words(body))
        topical[module.id] = score + 2 * len(domains & set(module.domains))
    best, scored = max(topical.values(), default=0), []
    for module in modules:
        distance = abs(_LEVELS.index(module.level) - wanted)
        other_job = "all" not in module.audience and role_id is not None and role_id not in module.audience
        fits = distance < 2 and not other_job and request.format in module.formats
        if fits and topical[module.id] >= max(_MIN_TOPICAL, best / 2):
            score = topical[module.id] + 3 * (distance == 0) + 2 * (role_id in module.audience)
            scored.append((distance > 0, -score, module.id, module))
    return [module for *_, module in sorted(scored)]


def _objectives(request: OutlineRequest, ranked: Sequence[Module]) -> tuple[ObjectiveLine, ...]:
    """3 to 5 objectives at the level's Bloom steps, from the best modules, then templates; easiest first.

    Modules at the requested level come first and may give three objectives (others two); each step
    of the level is covered first when a module at that level offers it, and the highest step always.
    """
    wanted, lang = LEVEL_BLOOM[request.level], request.lang
    count = 3 if request.duration_minutes <= 120 else 4 if request.duration_minutes <= DAY else 5
    pool = [
        (module.level == request.level, ObjectiveLine(o(lang), o.bloom, objective_verb(o(lang)) or "", module.id))
        for module in ranked[:4]
        for o in module.objectives
        if o.bloom in wanted and is_measurable(o(lang), lang)
    ]
    same_level = [line for same, line in pool if same]
    chosen = [next(x for x in same_level if x.bloom == b) for b in wanted if any(x.bloom == b for x in same_level)]
    for same, line in pool:
        limit = 3 if same else 2
        if len(chosen) < count and line not in chosen and [c.source for c in chosen].count(line.source) < limit:
            chosen.append(line)
    top = wanted[-1]  # the level's highest step drives the practice: always cover it
    if top not in {c.bloom for c in chosen}:
        reach = next((line for _, line in pool if line.bloom == top), None)
        chosen = [*chosen[: count - 1], reach or _template(request, top, 0)]
    variants: Counter[Bloom] = Counter(c.bloom for c in chosen if c.source == "template")
    while len(chosen) < count:  # templates fill the gap, a missing Bloom step first
        held = Counter(c.bloom for c in chosen)
        bloom = min(reversed(wanted), key=lambda b: held[b])
        chosen.append(_template(request, bloom, variants[bloom]))
        variants[bloom] += 1
    return tuple(sorted(chosen[:count], key=lambda o: BLOOM_ORDER.index(o.bloom)))


def _template(request: OutlineRequest, bloom: Bloom, variant: int) -> ObjectiveLine:
    text = template(bloom, request.topic, request.lang, variant)
    return ObjectiveLine(text, bloom, objective_verb(text) or "", "template")


def _days(total: int) -> list[int]:
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
        return _Piece(_w("recall_title", lang), "evaluation", _w("recall", lang), 15)
    minutes = 10 if sum(days) <= 120 else 15 if sum(days) <= DAY else 20
    return _Piece(_w("opening_title", lang), "evaluation", _w("opening", lang), minutes)


def _closing(days: Sequence[int], index: int, lang: str) -> list[_Piece]:
    if index < len(days) - 1:
        return [_Piece(_w("wrap_up_title", lang), "evaluation", _w("wrap_up", lang), 10)]
    if sum(days) <= 120:
        return [_Piece(_w("final_short_title", lang), "evaluation", _w("final_short", lang), 15)]
    final = _Piece(_w("final_title", lang), "evaluation", _w("final", lang), 20 if sum(days) <= DAY else 30)
    return [final, _Piece(_w("closing_title", lang), "evaluation", _w("closing", lang), 10)]


def _work_minutes(request: OutlineRequest, days: Sequence[int]) -> list[list[list[int]]]:
    """Per day, per session, the work stretches between breaks."""
    return [
        [_stretches(length, MAX_STRETCH[_day_mode(request.format, i)]) for _, length in _sessions(minutes)]
        for i, minutes in enumerate(days)
    ]


def _free_minutes(request: OutlineRequest, days: Sequence[int]) -> list[int]:
    """Work minutes left each day once breaks, the opening and the closing pieces are placed."""
    return [
        sum(map(sum, sessions)) - _opening(days, i, "fr").minutes - sum(p.minutes for p in _closing(days, i, "fr"))
        for i, sessions in enumerate(_work_minutes(request, days))
    ]


def _units(
    request: OutlineRequest, objectives: Sequence[ObjectiveLine], ranked: Sequence[Module], free: Sequence[int]
) -> list[_Piece]:
    """One sequence per objective: a short input, practice, and a formative check when long enough."""
    lang, count, total = request.lang, len(objectives), sum(free)
    share = {"beginner": 0.40, "intermediate": 0.35, "advanced": 0.30}[request.level] + (0 if request.workshop else 0.2)
    tools, slides = _tools(request), (_w("slides", lang),)
    base = total // count // 5 * 5
    if base < 20:  # too short for one sequence per objective: one input, then one practice
        theory = max(5, _round5(share * total))
        practice = _w("apply", lang).format(g=_grouping(request.group_size, lang))
        return [
            _Piece(_w("input_all", lang), "theory", _w("theory", lang), theory, slides),
            _Piece(_w("practice_all", lang), "hands_on", practice, total - theory, tools),
        ]
    by_id, pieces = {m.id: m for m in ranked}, []
    for number, objective in enumerate(objectives, start=1):
        minutes = base if number < count else total - base * (count - 1)
        check = 10 if minutes >= 70 else 0
        rounds = -(-(minutes - check) // _ROUND)  # long sequences alternate input and practice
        size = (minutes - check) // rounds // 5 * 5
        short, module = _shorten(objective.text), by_id.get(objective.source)
        for step in range(1, rounds + 1):
            length = size if step < rounds else minutes - check - size * (rounds - 1)
            theory = max(5, _round5(share * length))
            title = short + (f" ({step}/{rounds})" if rounds > 1 else "")
            theory_text, practice_text = _activities(module, objective, request, step)
            pieces.append(_Piece(title, "theory", theory_text, theory, slides))
            pieces.append(_Piece(_w("practice_title", lang) + short, "hands_on", practice_text, length - theory, tools))
        if check:
            pieces.append(_Piece(_w("check_title", lang), "evaluation", _w("check", lang), check, (_w("grid", lang),)))
    return pieces


def _activities(module: Module | None, objective: ObjectiveLine, request: OutlineRequest, step: int) -> tuple[str, str]:
    """The module's own input and practice activities for that objective, else generic ones by Bloom level."""
    lang = request.lang
    generic = _w("theory", lang), _w(objective.bloom, lang).format(g=_grouping(request.group_size, lang))
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
    slot, room, suffix = 0, capacities[0], _w("continued", lang)
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


def _schedule(request: OutlineRequest, days: Sequence[int], units: list[_Piece]) -> tuple[Block, ...]:
    """Lay the pieces on the clock day by day, with breaks and lunch."""
    lang, blocks, shapes = request.lang, [], _work_minutes(request, days)
    lunch, pause = (
        _Piece(_w("lunch_title", lang), "lunch", _w("lunch", lang), 0),
        _Piece(_w("break", lang), "break", "", 0),
    )
    for number, content in enumerate(_cut(units, _free_minutes(request, days), lang), start=1):
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


# --- Wording (French and English) -------------------------------------------------------------


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


def _pitch(request: OutlineRequest, audience: str, objective: str) -> str:
    lang, n = request.lang, request.group_size
    return _w("pitch", lang).format(
        kind=_w("kind_workshop" if request.workshop else "kind_course", lang),
        duration=duration_text(request.duration_minutes, lang),
        topic=request.topic.strip(),
        n=n,
        s="s" if n > 1 else "",
        audience=audience,
        level=_w(request.level, lang),
        format=_w(request.format, lang),
        # French elides « de » before a vowel: « capable d'identifier »
        objective=objective if lang == "en" else ("d'" if fold(objective[0]) in "aeiouy" else "de ") + objective,
    )


def _grouping(size: int, lang: str) -> str:
    return _w("group_1" if size == 1 else "group_2" if size <= 5 else "group_3", lang)


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _constraint(request: OutlineRequest, keys: tuple[str, ...]) -> bool:
    return any(key in fold(constraint) for constraint in request.constraints for key in keys)


def _tools(request: OutlineRequest) -> tuple[str, ...]:
    lang, tools = request.lang, []
    if _constraint(request, ("sans ordinateur", "pas d'ordinateur", "no computer", "no laptop", "without computer")):
        tools.append(_w("paper", lang))
    elif request.format != "remote":
        tools.append(_w("computers", lang).format(n=request.group_size))
    if request.format != "on_site":
        tools.append(_w("virtual_class", lang))
    if _constraint(request, ("confidenti", "donnees sensibles", "sensitive", "rgpd", "gdpr", "personal data")):
        tools.append(_w("fictitious_data", lang))
    return (*tools, _w("cases", lang))


def _materials(request: OutlineRequest) -> tuple[str, ...]:
    room = () if request.format == "remote" else (_w("room", request.lang),)
    return (*room, *_tools(request), _w("handout", request.lang))


def _methods(request: OutlineRequest) -> tuple[str, ...]:
    lang = request.lang
    methods = [_w(f"method_{i}", lang).format(g=_grouping(request.group_size, lang)) for i in (1, 2, 3)]
    if request.format != "on_site":
        methods.append(_w(f"method_{request.format}", lang))
    return tuple(methods)


def _evaluation(request: OutlineRequest) -> EvaluationPlan:
    lang, short = request.lang, request.duration_minutes <= 120
    final = _w("final_short", lang) if short else _w("final", lang)
    return EvaluationPlan(
        _w("opening", lang),
        _w("formative", lang),
        final,
        tuple(_w(f"kirkpatrick_{k}", lang) for k in (1, 2, 3)),
        _w("certificate", lang),
    )


def _prerequisites(request: OutlineRequest, module_ids: Sequence[str], modules: Sequence[Module]) -> tuple[str, ...]:
    lang, titles = request.lang, {m.id: m.title(request.lang) for m in modules}
    items = [_w(f"prerequisite_{request.level}", lang)]
    if request.level != "beginner":  # a beginner course never requires an earlier module
        items += [_w("previous_module", lang).format(title=titles[m]) for m in module_ids if m in titles]
    if request.format != "on_site":
        items.append(_w("remote_kit", lang))
    return tuple(items)


def _days_note(days: Sequence[int], fmt: str, lang: str) -> str:
    label, colon = ("Day", ":") if lang == "en" else ("Jour", " :")
    parts = [
        f"{label} {i} ({_w(_day_mode(fmt, i - 1), lang)}){colon} {duration_text(minutes, lang, days=False)}"
        for i, minutes in enumerate(days, start=1)
    ]
    return f"{' ; '.join(parts) if lang != 'en' else '; '.join(parts)}. {_w('days_rule', lang)}"


# fmt: off
_W: Final[Mapping[str, tuple[str, str]]] = {
    "title_workshop": ("Atelier « {topic} » — {audience}", 'Workshop "{topic}" — {audience}'),
    "title_course": ("Formation « {topic} » — {audience}", 'Training course "{topic}" — {audience}'),
    "pitch": ("En {duration}, {kind} fait travailler le thème « {topic} » à {n} participant{s} ({audience}, "
              "niveau {level}, {format}) sur des cas tirés de leur quotidien. À l'issue, chaque participant sera "
              "capable {objective}.",
              'In {duration}, {kind} has {n} participant{s} ({audience}, {level} level, {format}) work on "{topic}" '
              "with cases from their daily work. By the end, each participant will be able to {objective}."),
    "kind_workshop": ("cet atelier", "this workshop"),
    "kind_course": ("cette formation", "this course"),
    "beginner": ("débutant", "beginner"),
    "intermediate": ("intermédiaire", "intermediate"),
    "advanced": ("avancé", "advanced"),
    "on_site": ("en présentiel", "on site"),
    "remote": ("à distance", "remote"),
    "blended": ("en format mixte", "blended"),
    "all_staff": ("Tous publics", "All staff"),
    "continued": ("(suite)", "(continued)"),
    "opening_title": ("Accueil, objectifs et quiz de positionnement", "Welcome, objectives and positioning quiz"),
    "opening": ("Tour de table des attentes, présentation des objectifs et quiz de positionnement de cinq questions "
                "(évaluation diagnostique)",
                "Round of expectations, presentation of the objectives and five-question positioning quiz "
                "(diagnostic assessment)"),
    "recall_title": ("Réactivation des acquis de la veille", "Recap of the previous day"),
    "recall": ("Quiz de rappel de cinq questions et correction collective (évaluation formative)",
               "Five-question recall quiz with group correction (formative assessment)"),
    "wrap_up_title": ("Bilan de la journée", "Wrap-up of the day"),
    "wrap_up": ("Chacun note ce qu'il retient et une question restante ; le formateur ajuste la suite (formatif)",
                "Everyone notes what they take away and one open question; the trainer adjusts what follows"),
    "final_short_title": ("Évaluation finale et satisfaction", "Final assessment and feedback"),
    "final_short": ("Quiz final de dix questions (seuil de réussite : 7/10) comparé au positionnement, puis "
                    "questionnaire de satisfaction à chaud",
                    "Final ten-question quiz (pass mark 7/10) compared with the positioning quiz, then feedback form"),
    "final_title": ("Évaluation finale des acquis", "Final assessment of learning"),
    "final": ("Mise en situation notée avec une grille (seuil de réussite : 70 %), comparée au quiz de positionnement",
              "Graded practical exercise with a marking grid (pass mark 70%), compared with the positioning quiz"),
    "closing_title": ("Plan d'action et satisfaction", "Action plan and feedback"),
    "closing": ("Chacun choisit deux actions à tester dans les 15 jours ; questionnaire de satisfaction à chaud",
                "Everyone picks two actions to try within 15 days; end-of-session feedback form"),
    "check_title": ("Vérification formative", "Formative check"),
    "check": ("Quiz flash ou production corrigée avec une grille", "Quick quiz or output marked with a grid"),
    "practice_title": ("Mise en pratique : ", "Practice: "),
    "input_all": ("Apports : les notions clés des objectifs", "Input: the key notions behind the objectives"),
    "practice_all": ("Mise en pratique des objectifs", "Practice on the objectives"),
    "theory": ("Apport court illustré d'exemples du métier, puis questions-réponses",
               "Short input with examples from the job, then questions and answers"),
    "remember": ("Quiz interactif et tri de cartes {g}", "Interactive quiz and card sorting {g}"),
    "understand": ("Explication à un pair puis classement commenté d'exemples {g}",
                   "Explaining to a peer, then commented sorting of examples {g}"),
    "apply": ("Exercice guidé {g} sur un document réel anonymisé, corrigé avec une grille",
              "Guided exercise {g} on a real anonymised document, marked with a grid"),
    "analyze": ("Chasse aux erreurs {g} dans des productions réelles, puis mise en commun",
                "Error hunt {g} in real outputs, then group debrief"),
    "evaluate": ("Étude de cas {g} : comparer des options et défendre un choix avec des critères",
                 "Case study {g}: compare options and defend a choice with criteria"),
    "create": ("Atelier de conception {g} : produire un livrable présenté au groupe et évalué par les pairs",
               "Design workshop {g}: produce a deliverable presented to the group and peer-reviewed"),
    "group_1": ("en individuel avec le formateur", "one-to-one with the trainer"),
    "group_2": ("en binômes", "in pairs"),
    "group_3": ("en sous-groupes de 3 à 4", "in groups of 3 to 4"),
    "break": ("Pause", "Break"),
    "lunch_title": ("Déjeuner", "Lunch"),
    "lunch": ("Non compté dans la durée de la formation", "Not counted in the training duration"),
    "slides": ("Support de présentation", "Slide deck"),
    "grid": ("Grille d'évaluation de l'objectif", "Marking grid for the objective"),
    "computers": ("Un ordinateur par participant ({n} postes) avec l'outil d'IA validé par l'entreprise",
                  "One computer per participant ({n} in all) with the AI tool approved by the company"),
    "paper": ("Exercices sur papier et démonstrations projetées", "Paper-based exercises and projected demonstrations"),
    "virtual_class": ("Classe virtuelle (caméra, micro), salles de sous-groupes et tableau blanc collaboratif",
                      "Virtual classroom (camera, microphone), breakout rooms and a shared whiteboard"),
    "fictitious_data": ("Données fictives ou anonymisées uniquement (aucune donnée réelle de clients ou de salariés)",
                        "Fictitious or anonymised data only (no real customer or employee data)"),
    "cases": ("Cas pratiques tirés du métier des participants", "Practical cases from the participants' jobs"),
    "room": ("Salle équipée d'un vidéoprojecteur et d'un tableau", "Room with a projector and a whiteboard"),
    "handout": ("Fiche mémo remise à chaque participant (PDF accessible)", "Memo card for each participant (PDF)"),
    "method_1": ("Apports courts illustrés d'exemples du métier", "Short inputs with examples from the job"),
    "method_2": ("Exercices pratiques {g} sur des cas réels anonymisés", "Hands-on exercises {g} on anonymised cases"),
    "method_3": ("Démonstrations en direct et correction collective", "Live demonstrations and group correction"),
    "method_remote": ("Classe virtuelle interactive : sondages, salles de sous-groupes, assistance technique",
                      "Interactive virtual classroom: polls, breakout rooms, technical support"),
    "method_blended": ("Alternance de journées en présentiel et de classes virtuelles, avec assistance technique",
                       "On-site days alternating with virtual classes, with technical support"),
    "formative": ("Exercices corrigés avec une grille, quiz flash et bilans en fin de séquence et de journée",
                  "Exercises marked with a grid, quick quizzes and wrap-ups after each sequence and day"),
    "kirkpatrick_1": ("Niveau 1 — réaction : questionnaire de satisfaction à chaud en fin de session",
                      "Level 1 — reaction: feedback form at the end of the session"),
    "kirkpatrick_2": ("Niveau 2 — apprentissage : évaluation finale comparée au quiz de positionnement",
                      "Level 2 — learning: final assessment compared with the positioning quiz"),
    "kirkpatrick_3": ("Niveau 3 — comportement : suivi à froid à prévoir entre 30 et 60 jours (questionnaire et "
                      "échange avec le manager sur la mise en pratique)",
                      "Level 3 — behaviour: follow-up to plan between 30 and 60 days (questionnaire and talk with "
                      "the manager about use on the job)"),
    "certificate": ("Attestation de fin de formation : objectifs, nature, durée de l'action et résultats de "
                    "l'évaluation des acquis",
                    "Certificate of completion: objectives, nature and duration of the course, assessment results"),
    "prerequisite_beginner": ("Aucun prérequis en IA ; savoir utiliser un navigateur web et une messagerie",
                              "No prior AI knowledge; able to use a web browser and e-mail"),
    "prerequisite_intermediate": ("Utiliser déjà un outil d'IA générative dans son travail (niveau 1 à 2 du "
                                  "référentiel), vérifié au positionnement",
                                  "Already using a generative AI tool at work (framework level 1 to 2), checked "
                                  "by the positioning quiz"),
    "prerequisite_advanced": ("Utiliser régulièrement l'IA dans son travail en appliquant les règles d'usage "
                              "(niveau 2 à 3 du référentiel)",
                              "Using AI regularly at work and applying the usage rules (framework level 2 to 3)"),
    "previous_module": ("Avoir suivi « {title} » ou un niveau équivalent", "Have taken '{title}' or equivalent"),
    "remote_kit": ("Ordinateur avec caméra, micro et connexion internet stable",
                   "Computer with camera, microphone and a stable internet connection"),
    "accessibility": ("Formation accessible aux personnes en situation de handicap : locaux accessibles ou lieu "
                      "adapté sur demande, supports compatibles avec les lecteurs d'écran, rythme et temps "
                      "d'évaluation aménageables. Signalez tout besoin avant l'inscription, en toute "
                      "confidentialité. Référent handicap : [nom, e-mail]",
                      "Accessible to people with disabilities: accessible premises or another venue on request, "
                      "materials that work with screen readers, adjustable pace and assessment time. Please tell "
                      "us about any need before enrolling, in confidence. Disability contact: [name, e-mail]"),
    "access": ("Inscription par formulaire ou par e-mail, suivie d'un entretien de 15 minutes pour vérifier les "
               "prérequis et les besoins",
               "Enrolment by form or e-mail, followed by a 15-minute call to check prerequisites and needs"),
    "lead_time": ("Inscription jusqu'à 10 jours ouvrés avant la session ; en intra-entreprise, démarrage sous 3 à 5 "
                  "semaines après accord",
                  "Enrolment up to 10 working days before the session; in-company sessions start 3 to 5 weeks "
                  "after agreement"),
    "price": ("[Tarif inter-entreprises : … € HT par participant] ; [tarif intra-entreprise : … € HT pour le groupe "
              "de {n}]. Repère catalogue : environ {eur} € HT par participant",
              "[Open-session price: … € excl. VAT per participant]; [in-company price: … € excl. VAT for the group "
              "of {n}]. Catalogue benchmark: about €{eur} excl. VAT per participant"),
    "contact": ("[Nom, fonction, téléphone, e-mail]", "[Name, role, phone, e-mail]"),
    "days_rule": ("Journée type 09:00–12:30 / 13:30–17:00 ; le déjeuner n'est pas compté dans la durée, les pauses "
                  "de 15 min le sont",
                  "Typical day 09:00–12:30 / 13:30–17:00; lunch is not counted in the duration, 15-minute breaks "
                  "are"),
}
_STOPWORDS: Final = frozenset((
    "le", "la", "les", "de", "des", "du", "un", "une", "et", "en", "au", "aux", "pour", "sur", "avec", "dans",
    "sa", "son", "ses", "leur", "leurs", "sans", "par", "the", "of", "and", "for", "on", "in", "to", "an", "with",
    "without", "by", "its", "their", "atelier", "formation", "workshop", "training", "module", "session", "cours",
    "course", "introduction", "niveau", "level", "initiation", "utiliser", "use", "usage", "usages",
))
_DOMAIN_KEYWORDS: Final[Mapping[str, tuple[str, ...]]] = {
    "ai_basics": ("ia", "ai", "intelligence artificielle", "artificial intelligence", "machine learning"),
    "genai_prompting": ("prompt", "prompts", "prompting", "chatgpt", "copilot", "ia generative", "generative ai"),
    "data_literacy": ("donnees", "data", "indicateurs", "tableur", "excel", "kpi"),
    "critical_evaluation": ("verifier", "verification", "hallucinations", "biais", "bias", "esprit critique"),
    "ethics_law_security": ("rgpd", "gdpr", "ai act", "securite", "security", "ethique", "ethics", "conformite"),
    "process_improvement": ("processus", "process", "cas d'usage", "use cases", "productivite", "roi"),
    "automation_tech": ("automatisation", "automation", "automatiser", "api", "no-code", "sans code"),
    "adoption_leadership": ("adoption", "conduite du changement", "change management", "champion", "referent"),
}
# fmt: on


def _w(key: str, lang: str) -> str:
    """The wording ``key`` in ``lang`` (French for anything but ``en``)."""
    fr, en = _W[key]
    return en if lang == "en" else fr
