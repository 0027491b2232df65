"""Draft a training outline from a request: measurable objectives, a timed agenda and the public information.

The time rules (days, sessions, breaks, lunch) live in ``assistant.domain.outline_schedule``; the
French and English wording in ``assistant.domain.outline_text``.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.domain.outline_schedule import (
    DAY,
    HALF_DAY,
    Block,
    days_note,
    duration_text,
    free_minutes,
    schedule,
    sequences,
    split_days,
)
from assistant.domain.outline_text import (
    EvaluationPlan,
    evaluation_plan,
    materials_for,
    methods_for,
    prerequisites_for,
    wording,
)
from assistant.domain.skills import Framework
from assistant.domain.training import Bloom, Module
from assistant.domain.verbs import BLOOM_ORDER, LEVEL_BLOOM, CourseLevel, is_measurable, objective_verb
from assistant.domain.verbs import template_objective as template
from assistant.language import fold

__all__ = [
    "DAY",
    "HALF_DAY",
    "MAX_MINUTES",
    "MIN_MINUTES",
    "Block",
    "EvaluationPlan",
    "Format",
    "ObjectiveLine",
    "Outline",
    "OutlineRequest",
    "build_outline",
    "duration_text",
]

Format = Literal["on_site", "remote", "blended"]
MIN_MINUTES: Final = 60
MAX_MINUTES: Final = 3 * 420
_LEVELS: Final = ("beginner", "intermediate", "advanced")
_MIN_TOPICAL: Final = 2  # one shared body word (« gestion ») is chance, not relevance


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
class ObjectiveLine:
    """A measurable objective, its Bloom level and its origin (a module id or "template")."""

    text: str
    bloom: Bloom
    verb: str
    source: str


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


def build_outline(request: OutlineRequest, modules: Sequence[Module], framework: Framework) -> Outline:
    """Draft the outline: objectives from the best-matching modules (else templates), then the agenda."""
    lang, role_id = request.lang, _role_id(request.audience, framework)
    ranked = _rank(request, role_id, modules)
    objectives = _objectives(request, ranked)
    days = split_days(request.duration_minutes)
    audience = _audience_label(request.audience, role_id, framework, lang)
    per_hour = [m.price_eur_per_person / m.duration_hours for m in ranked[:3]]
    per_hour = per_hour or [m.price_eur_per_person / m.duration_hours for m in modules if m.level == request.level]
    reference = round(statistics.median(per_hour or [100.0]) * request.duration_minutes / 60, -1)
    first = objectives[0].text
    return Outline(
        request=request,
        title=wording("title_workshop" if request.workshop else "title_course", lang).format(
            topic=request.topic.strip(), audience=audience
        ),
        pitch=_pitch(request, audience, first[0].lower() + first[1:]),
        audience=audience,
        objectives=objectives,
        prerequisites=prerequisites_for(request, ranked[0].prerequisites if ranked else [], modules),
        blocks=schedule(request, days, sequences(request, objectives, ranked, free_minutes(request, days))),
        methods=methods_for(request),
        materials=materials_for(request),
        evaluation=evaluation_plan(request),
        accessibility=wording("accessibility", lang),
        access=wording("access", lang),
        lead_time=wording("lead_time", lang),
        price=wording("price", lang).format(n=request.group_size, eur=f"{reference:,.0f}".replace(",", "\u202f")),
        contact=wording("contact", lang),
        days_note=days_note(days, request.format, lang),
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
    return (
        wording("all_staff", lang) if fold(audience).strip() in ("", "all", "tous", "tout public") else audience.strip()
    )


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


def _pitch(request: OutlineRequest, audience: str, objective: str) -> str:
    lang, n = request.lang, request.group_size
    return wording("pitch", lang).format(
        kind=wording("kind_workshop" if request.workshop else "kind_course", lang),
        duration=duration_text(request.duration_minutes, lang),
        topic=request.topic.strip(),
        n=n,
        s="s" if n > 1 else "",
        audience=audience,
        level=wording(request.level, lang),
        format=wording(request.format, lang),
        # French elides « de » before a vowel: « capable d'identifier »
        objective=objective if lang == "en" else ("d'" if fold(objective[0]) in "aeiouy" else "de ") + objective,
    )


# fmt: off
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
