"""Check a programme sheet against Qualiopi indicator 1 and Code du travail L6353-1, and flag vague objectives.

The sheet arrives as Markdown or plain text (DOCX and PDF are turned into text by
``assistant.knowledge.loaders`` first). An element counts as present when a heading, a
« Libellé : » line, a table's first cell or a short title line names it, or, for a few elements,
when the text shows it (an amount in euros, « 10 jours ouvrés avant », « handicap »). The check
looks for the elements, not for their quality; placeholders such as « [nom, e-mail] » are listed
so nobody publishes them.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any, Final, Literal

from assistant.domain.catalogue import Text
from assistant.domain.outline import Outline, duration_text
from assistant.domain.verbs import NOT_MEASURABLE, is_measurable, objective_verb
from assistant.language import fold

Severity = Literal["required", "recommended"]
_Q1 = "Qualiopi, indicateur 1 (décret n° 2019-565)"
_L6353 = "Code du travail, art. L6353-1"


@dataclass(frozen=True)
class Element:
    """A mandatory (or recommended) element of a programme sheet and how to recognise it."""

    id: str
    label: Text
    source: str
    severity: Severity
    labels: str  # regex on folded labels
    content: str | None = None  # regex on the folded text that also proves the element is there


# fmt: off
ELEMENTS: Final[tuple[Element, ...]] = (
    Element("objectives", Text(fr="Objectifs", en="Objectives"), f"{_Q1} ; {_L6353}", "required",
            r"objectifs?|objectives?|learning outcomes|competences visees|a l'issue|by the end|aims?|goals?"),
    Element("prerequisites", Text(fr="Prérequis", en="Prerequisites"), f"{_Q1} ; {_L6353}", "required",
            r"pre-?\s?requis|prerequisites?|entry requirements?|niveau requis|connaissances prealables"),
    Element("audience", Text(fr="Public visé", en="Target audience"), f"{_Q1} (information détaillée du public)",
            "recommended", r"public|audience|pour qui|who is it for|target group|beneficiaires"),
    Element("duration", Text(fr="Durée", en="Duration"), _Q1, "required",
            r"duree|duration|length|volume horaire|nombre d'heures"),
    Element("content", Text(fr="Déroulé (séquences et thèmes)", en="Outline (sequences and topics)"), _L6353,
            "required", r"deroule|programme|contenu|sequences?|agenda|outline|content|syllabus"),
    Element("methods", Text(fr="Méthodes mobilisées", en="Teaching methods"), f"{_Q1} ; {_L6353}", "required",
            r"methodes?|moyens pedagogiques|modalites pedagogiques|approche pedagogique|teaching|methods?"),
    Element("evaluation", Text(fr="Modalités d'évaluation", en="Assessment methods"), f"{_Q1} ; {_L6353}",
            "required", r"evaluations?|assessments?|evaluation des acquis|sanction"),
    Element("access", Text(fr="Modalités d'accès", en="Access arrangements"), _Q1, "required",
            r"modalites d'acces|conditions d'acces|modalites et delais|(?<!delai d')(?<!delais d')acces|inscriptions?"
            r"|admission|enrol\w*"
            r"|registration|access arrangements|access conditions"),
    Element("lead_time", Text(fr="Délais d'accès", en="Lead time"), _Q1, "required",
            r"delais?(?: d'acces)?|lead time|access time|start dates?",
            r"\d+\s*(?:jours?|semaines?|days?|weeks?)\s*(?:ouvres|ouvrables|calendaires|working|business)?\s*"
            r"(?:avant|apres|before|after)|(?:sous|within)\s+\d+\s*(?:a\s*\d+\s*)?(?:jours|semaines|days|weeks)"),
    Element("price", Text(fr="Tarifs", en="Prices"), _Q1, "required",
            r"tarifs?|prix|couts?|prices?|fees?|costs?|investissement", r"\d[\d\s.,]*\s?(?:€|eur\b|euros?\b)|€\s?\d"),
    Element("contacts", Text(fr="Contacts", en="Contacts"), _Q1, "required",
            r"contacts?|interlocuteurs?|renseignements|enquiries|nous contacter|contact us"),
    Element("accessibility", Text(fr="Accessibilité aux personnes handicapées", en="Accessibility for disabled people"),
            f"{_Q1} ; indicateur 26", "required",
            r"accessibilite|handicap|accessibility|disabilit\w*", r"handicap|disabilit|disabled"),
    Element("updated", Text(fr="Date de mise à jour", en="Last updated"), f"{_Q1} (information datée et à jour)",
            "recommended", r"mise a jour|mis a jour|updated|last update|version"),
)
# fmt: on
_BY_ID: Final = {e.id: e for e in ELEMENTS}
_PLACEHOLDER: Final = re.compile(r"\[[^\]\n]{1,80}\]")
_VAGUE: Final = frozenset(fold(verb) for verbs in NOT_MEASURABLE.values() for verb in verbs)
# Any leading symbol is a bullet: PDF extraction turns « • » into "\x7f", "", "●" and the like.
_BULLET: Final = re.compile(r"^\s*(?:[^\w\s«\"'(\[]{1,2}|\d+[.)]|[a-z][.)])\s+")


@dataclass(frozen=True)
class Finding:
    """A missing element, with the rule that asks for it."""

    element: str
    label: str
    severity: Severity
    source: str
    message: str


@dataclass(frozen=True)
class VagueObjective:
    """An objective whose leading verb cannot be observed or is not a known measurable verb."""

    text: str
    verb: str | None
    reason: Literal["not_measurable", "unknown_verb", "no_verb"]


@dataclass(frozen=True)
class ProgrammeCheck:
    """What a sheet has, what it misses and which objectives need rewriting."""

    lang: str
    present: tuple[str, ...]
    findings: tuple[Finding, ...]
    objectives: tuple[str, ...]
    vague_objectives: tuple[VagueObjective, ...]
    placeholders: tuple[str, ...]

    @property
    def passed(self) -> bool:
        """No required element is missing and every objective is measurable."""
        return not self.vague_objectives and all(f.severity != "required" for f in self.findings)

    @property
    def missing(self) -> tuple[str, ...]:
        """Ids of the missing required elements."""
        return tuple(f.element for f in self.findings if f.severity == "required")

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready view."""
        return {**asdict(self), "passed": self.passed}


def check_programme(text: str, lang: str = "fr") -> ProgrammeCheck:
    """List the elements the sheet misses and the objectives that are not measurable."""
    lines = _lines(text)
    labels = [(i, label) for i, line in enumerate(lines) if (label := _label(line)) is not None]
    folded_text = fold(text)
    present = []
    for element in ELEMENTS:
        named = any(_names(element, label) for _, label in labels)
        shown = element.content is not None and re.search(element.content, folded_text) is not None
        if named or shown:
            present.append(element.id)
    objectives = _objectives(lines, labels)
    if not objectives and "objectives" in present:
        present.remove("objectives")  # a heading with nothing under it states no objective
    findings = tuple(_finding(e, lang) for e in ELEMENTS if e.id not in present)
    return ProgrammeCheck(
        lang=lang,
        present=tuple(present),
        findings=findings,
        objectives=tuple(objectives),
        vague_objectives=tuple(v for o in objectives if (v := _vague(o, lang)) is not None),
        placeholders=tuple(dict.fromkeys(_PLACEHOLDER.findall(text))),
    )


def _names(element: Element, label: str) -> bool:
    return re.search(rf"(?<!\w)(?:{element.labels})(?!\w)", label) is not None


def _finding(element: Element, lang: str) -> Finding:
    if lang == "en":
        kind = "Missing" if element.severity == "required" else "Recommended"
        message = f"{kind}: {element.label('en')} ({element.source})."
    else:
        kind = "Élément manquant" if element.severity == "required" else "Élément recommandé"
        message = f"{kind} : {element.label('fr')} ({element.source})."
    return Finding(element.id, element.label(lang), element.severity, element.source, message)


def _lines(text: str) -> list[str]:
    """Lines of the sheet, table rows and « A : x | B : y » lines split into cells."""
    out: list[str] = []
    for raw in text.replace("\r", "").split("\n"):
        cells = [c.strip() for c in raw.strip().strip("|").split("|")] if "|" in raw else [raw.strip()]
        out.extend(c for c in cells if c and not re.fullmatch(r"[-: ]+", c))
    return out


def _label(line: str) -> str | None:
    """The folded label a line carries: a heading, the part before a colon, or a short title line."""
    plain = line.replace("**", "").replace("__", "").strip()
    if plain.startswith("#"):
        return fold(plain.lstrip("#").strip())
    if _BULLET.match(plain):
        return None
    head, colon, _ = plain.partition(":")
    if colon and len(head.split()) <= 12:
        return fold(head.strip())
    # PDF and DOCX headings often arrive as short lines; a short objective (« Comparer les tarifs ») is not one
    short = len(plain.split()) <= 6 and not plain.endswith((".", ";", ",")) and not _starts_with_verb(plain)
    return fold(plain) if short else None


def _starts_with_verb(line: str) -> bool:
    verb = objective_verb(line)
    return is_measurable(line) or (verb is not None and fold(verb) in _VAGUE)


def _objectives(lines: list[str], labels: list[tuple[int, str]]) -> list[str]:
    """The objective lines under the objectives label, up to the next label naming another element."""
    start = next((i for i, label in labels if _names(_BY_ID["objectives"], label)), None)
    if start is None:
        return []
    others = [e for e in ELEMENTS if e.id != "objectives"]
    found: list[str] = []
    after = lines[start].replace("**", "").partition(":")[2].strip()
    if after:
        found += [part.strip() for part in after.split(";") if part.strip()]
    for line in lines[start + 1 :]:
        plain = line.replace("**", "").strip()
        label = _label(plain)
        if plain.startswith("#") or (label and any(_names(other, label) for other in others)):
            break
        if not plain.endswith(":"):  # « … sera capable de : » introduces the list
            found.append(_BULLET.sub("", plain).strip())
    return [o for o in found if o]


def _vague(objective: str, lang: str) -> VagueObjective | None:
    if is_measurable(objective, lang):
        return None
    verb = objective_verb(objective)
    reason: Literal["not_measurable", "unknown_verb", "no_verb"]
    reason = "no_verb" if verb is None else "not_measurable" if fold(verb) in _VAGUE else "unknown_verb"
    return VagueObjective(objective, verb, reason)


@dataclass(frozen=True)
class SheetField:
    """One rubric of a programme sheet, in the outline's language."""

    id: str
    label: str
    text: str


_SHEET_LABELS: Final = {
    "audience": Text(fr="Public visé", en="Target audience"),
    "prerequisites": Text(fr="Prérequis", en="Prerequisites"),
    "objectives": Text(fr="Objectifs (à l'issue, le participant sera capable de)", en="Objectives (by the end, "
                       "participants will be able to)"),
    "duration": Text(fr="Durée", en="Duration"),
    "content": Text(fr="Déroulé", en="Outline"),
    "methods": Text(fr="Méthodes mobilisées et moyens techniques", en="Teaching methods and technical resources"),
    "evaluation": Text(fr="Modalités d'évaluation", en="Assessment methods"),
    "access": Text(fr="Modalités d'accès", en="Access arrangements"),
    "lead_time": Text(fr="Délais d'accès", en="Lead time"),
    "price": Text(fr="Tarifs", en="Prices"),
    "contacts": Text(fr="Contacts", en="Contacts"),
    "accessibility": Text(fr="Accessibilité", en="Accessibility"),
    "updated": Text(fr="Date de mise à jour", en="Last updated"),
}  # fmt: skip


def outline_to_sheet_fields(outline: Outline) -> tuple[SheetField, ...]:
    """Map an outline to the sheet rubrics, so the generated sheet holds every element the check wants."""
    lang, ev = outline.request.lang, outline.evaluation
    day = "D" if lang == "en" else "J"
    agenda = [f"{day}{b.day} {b.start}–{b.end} · {b.title}" for b in outline.blocks]
    texts = {
        "audience": f"{outline.audience} — {outline.request.group_size} participant(s)",
        "prerequisites": "\n".join(outline.prerequisites),
        "objectives": "\n".join(o.text for o in outline.objectives),
        "duration": f"{duration_text(outline.total_minutes, lang)}. {outline.days_note}",
        "content": "\n".join(agenda),
        "methods": "\n".join([*outline.methods, *outline.materials]),
        "evaluation": "\n".join([ev.diagnostic, ev.formative, ev.final, *ev.kirkpatrick, ev.certificate]),
        "access": outline.access,
        "lead_time": outline.lead_time,
        "price": outline.price,
        "contacts": outline.contact,
        "accessibility": outline.accessibility,
        "updated": "[jj/mm/aaaa]" if lang != "en" else "[dd/mm/yyyy]",
    }
    return tuple(SheetField(key, _SHEET_LABELS[key](lang), texts[key]) for key in _SHEET_LABELS)


def sheet_markdown(title: str, fields: tuple[SheetField, ...]) -> str:
    """Render sheet fields as Markdown: one heading per rubric, multi-line values as lists."""
    parts = [f"# {title}"]
    for field in fields:
        lines = field.text.split("\n")
        body = "\n".join(f"- {line}" for line in lines) if len(lines) > 1 else lines[0]
        parts.append(f"## {field.label}\n\n{body}")
    return "\n\n".join(parts) + "\n"
