"""The self-assessment interview as one service: the engine, its storage and its results.

Both the agent tools and the UI's answer buttons call this service, so a button works even when
the language model is down. Every answer is validated by the engine and committed before the
next question is computed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from assistant.domain.interview import Answer, AnswerError, next_item, progress, validate_answer
from assistant.domain.scoring import Results, score
from assistant.domain.skills import Framework, Item
from assistant.domain.training import LearningPath, Module, learning_path
from assistant.storage.assessments import AssessmentInfo, AssessmentStateError, AssessmentStore, Owner

Stage = Literal["not_started", "question", "review", "confirmed"]
BASIS_WORDS = {
    "self_and_scenarios": {"fr": "déclaré et vérifié par des mises en situation", "en": "declared and checked"},
    "self_declared": {"fr": "auto-déclaré uniquement", "en": "self-declared only"},
    "scenarios_only": {"fr": "mises en situation uniquement", "en": "scenario checks only"},
    "none": {"fr": "pas de réponse", "en": "no answer"},
}


class InterviewError(ValueError):
    """A request the interview cannot accept; the message is safe to show to the person."""

    def __init__(self, message: str, code: str = "invalid") -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class OptionView:
    """An answer option as shown: its id, its display label (1-5 or a-d) and text."""

    id: str
    label: str
    text: str


@dataclass(frozen=True)
class QuestionView:
    """The question to show, with where the person stands."""

    assessment_id: int
    item_id: str
    kind: str
    domain_id: str
    domain_name: str
    text: str
    options: tuple[OptionView, ...]
    answered: int
    estimated_total: int
    domain_number: int
    domain_count: int
    current_value: str | None = None


@dataclass(frozen=True)
class DomainResult:
    """One line of the results, ready to display."""

    domain_id: str
    name: str
    level: int
    level_label: str
    target: int
    gap: int
    basis: str
    confidence: str
    adjustment: int


@dataclass(frozen=True)
class PathStepView:
    """One module of the learning path."""

    module_id: str
    title: str
    hours: float
    raises: dict[str, tuple[int, int]]


@dataclass(frozen=True)
class ResultsView:
    """The person's results, learning path and review points."""

    assessment_id: int
    status: str
    role_id: str
    role_name: str
    domains: tuple[DomainResult, ...]
    strengths: tuple[str, ...]
    gaps: tuple[str, ...]
    could_be_champion: bool
    path: tuple[PathStepView, ...]
    path_hours: float
    path_cost_eur: float
    review_points: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class InterviewState:
    """Where the interview stands for a person: what to show next."""

    stage: Stage
    question: QuestionView | None = None
    results: ResultsView | None = None
    saved: bool = False

    def as_dict(self) -> dict[str, Any]:
        """Plain data for tool artifacts and JSON."""
        return asdict(self)


class InterviewService:
    """Start, answer, review, confirm: the interview of one organisation's people."""

    def __init__(self, framework: Framework, store: AssessmentStore, modules: Sequence[Module]) -> None:
        self.framework = framework
        self.store = store
        self.modules = tuple(modules)

    # -- reading -------------------------------------------------------------------------------

    def state(self, owner: Owner, lang: str = "fr") -> InterviewState:
        """What to show now: nothing started, the next question, the review, or confirmed results."""
        info = self.store.latest(owner)
        if info is None or info.status == "abandoned":
            return InterviewState("not_started")
        answers = self.store.answers(owner, info.id)
        if info.status == "in_progress":
            item = next_item(self.framework, answers)
            if item is not None:
                return InterviewState("question", question=self._question(info.id, item, answers, lang))
            self.store.complete(owner, info.id, score(self.framework, info.role_id, answers).levels())
            info = AssessmentInfo(info.id, info.role_id, info.language, "completed", None)
        stage: Stage = "confirmed" if info.status == "confirmed" else "review"
        return InterviewState(stage, results=self._results(info, answers, lang))

    def roles(self, lang: str = "fr") -> list[tuple[str, str]]:
        """Role ids and names, to let the person pick the one closest to their job."""
        return [(r.id, r.name(lang)) for r in self.framework.roles]

    def answered_questions(self, owner: Owner, lang: str = "fr", domain_id: str | None = None) -> list[QuestionView]:
        """Questions already answered (with the answer given), to correct one of them."""
        info = self._require(owner, lang)
        answers = self.store.answers(owner, info.id)
        ordered = sorted(answers.values(), key=lambda a: a.sequence)
        views = []
        for answer in ordered:
            item = self.framework.item_by_id.get(answer.item_id)
            if item is not None and (domain_id is None or item.domain == domain_id):
                views.append(self._question(info.id, item, answers, lang, current=answer.value))
        return views

    # -- writing -------------------------------------------------------------------------------

    def start(self, owner: Owner, role_id: str, lang: str = "fr", restart: bool = False) -> InterviewState:
        """Begin the interview for a role (or resume the one in progress)."""
        try:
            self.framework.role(role_id)
        except KeyError as exc:
            raise InterviewError(str(exc.args[0])) from None
        info = self.store.latest(owner)
        if restart or info is None or info.status != "in_progress":
            self.store.start_new(owner, role_id, lang)
        return self.state(owner, lang)

    def answer(
        self, owner: Owner, item_id: str, value: str, evidence: str | None = None, lang: str = "fr"
    ) -> InterviewState:
        """Validate and save one answer, then say what comes next.

        Only the current question or an already answered one (a correction) is accepted. The
        answer is committed before anything else is computed.
        """
        info = self._require(owner, lang)
        if info.status == "confirmed":
            raise InterviewError(_t(lang, "confirmed"), "confirmed")
        try:
            answer = validate_answer(self.framework, item_id, value, evidence)
        except AnswerError as exc:
            raise InterviewError(str(exc)) from None
        answers = self.store.answers(owner, info.id)
        current = next_item(self.framework, answers) if info.status == "in_progress" else None
        if item_id not in answers and (current is None or current.id != item_id):
            code = "finished" if current is None else "not_current"
            raise InterviewError(_t(lang, code), code)
        try:
            saved = self.store.record(owner, info.id, answer)
        except AssessmentStateError as exc:
            raise InterviewError(str(exc)) from None
        answers = self.store.answers(owner, info.id)
        following = next_item(self.framework, answers)
        if following is not None and info.status == "completed":
            self.store.reopen(owner, info.id)  # a corrected answer opened a new question
        elif following is None:
            self.store.complete(owner, info.id, score(self.framework, info.role_id, answers).levels())
        state = self.state(owner, lang)
        return InterviewState(state.stage, state.question, state.results, saved=saved)

    def confirm(self, owner: Owner, lang: str = "fr") -> InterviewState:
        """Confirm the reviewed results; only confirmed results count in team aggregates."""
        info = self._require(owner, lang)
        if info.status == "in_progress":
            raise InterviewError(_t(lang, "not_finished"), "not_finished")
        answers = self.store.answers(owner, info.id)
        self.store.confirm(owner, info.id, score(self.framework, info.role_id, answers).levels())
        return self.state(owner, lang)

    # -- helpers -------------------------------------------------------------------------------

    def _require(self, owner: Owner, lang: str = "fr") -> AssessmentInfo:
        info = self.store.latest(owner)
        if info is None or info.status == "abandoned":
            raise InterviewError(_t(lang, "not_started"), "not_started")
        return info

    def _question(
        self, assessment_id: int, item: Item, answers: Mapping[str, Answer], lang: str, current: str | None = None
    ) -> QuestionView:
        where = progress(self.framework, answers)
        domain_ids = self.framework.domain_ids
        number = domain_ids.index(item.domain) + 1 if item.kind != "open" else len(domain_ids)
        return QuestionView(
            assessment_id=assessment_id,
            item_id=item.id,
            kind=item.kind,
            domain_id=item.domain,
            domain_name=self.framework.domain(item.domain).name(lang),
            text=item.text(lang),
            options=tuple(
                OptionView(o.id, str(i + 1) if item.kind == "self" else o.id, o.text(lang))
                for i, o in enumerate(item.options)
            ),
            answered=where.answered,
            estimated_total=max(where.estimated_total, where.answered + (1 if current is None else 0)),
            domain_number=number,
            domain_count=len(domain_ids),
            current_value=current,
        )

    def _results(self, info: AssessmentInfo, answers: Mapping[str, Answer], lang: str) -> ResultsView:
        results = score(self.framework, info.role_id, answers)
        role = self.framework.role(info.role_id)
        path = learning_path(self.modules, results.levels(), role.targets, role.id)
        labels = {lv.level: lv.label(lang) for lv in self.framework.levels}
        name = {d.id: d.name(lang) for d in self.framework.domains}
        return ResultsView(
            assessment_id=info.id,
            status=info.status,
            role_id=role.id,
            role_name=role.name(lang),
            domains=tuple(
                DomainResult(
                    d.domain_id,
                    name[d.domain_id],
                    d.level,
                    labels[d.level],
                    d.target,
                    d.gap,
                    d.basis,
                    BASIS_WORDS[d.basis]["en" if lang == "en" else "fr"],
                    d.adjustment,
                )
                for d in results.domains
            ),
            strengths=tuple(name[d.domain_id] for d in results.strengths),
            gaps=tuple(name[d.domain_id] for d in results.gaps),
            could_be_champion=results.could_be_champion,
            path=tuple(
                PathStepView(s.module.id, s.module.title(lang), s.module.duration_hours, dict(s.domains))
                for s in path.steps
            ),
            path_hours=path.hours,
            path_cost_eur=path.cost_eur,
            review_points=tuple(self._review_points(answers, lang)),
        )

    def _review_points(self, answers: Mapping[str, Answer], lang: str) -> list[str]:
        """Explanations of the scenario checks answered wrong or unsure: what to remember."""
        points = []
        for answer in sorted(answers.values(), key=lambda a: a.sequence):
            item = self.framework.item_by_id.get(answer.item_id)
            if item is None or item.kind != "scenario" or item.explanation is None:
                continue
            option = item.option(answer.value)
            if option is None or not option.correct:
                points.append(item.explanation(lang))
        return points

    def scored(self, owner: Owner) -> tuple[Results, LearningPath] | None:
        """Raw results and learning path of the latest finished interview (for reports)."""
        info = self.store.latest(owner)
        if info is None or info.status not in ("completed", "confirmed"):
            return None
        results = score(self.framework, info.role_id, self.store.answers(owner, info.id))
        role = self.framework.role(info.role_id)
        return results, learning_path(self.modules, results.levels(), role.targets, role.id)


MESSAGES = {
    "not_started": {
        "fr": "Aucun entretien n'est commencé : choisissez d'abord le rôle le plus proche de votre poste.",
        "en": "No interview has started yet: first choose the role closest to your job.",
    },
    "confirmed": {
        "fr": "Vos résultats sont confirmés et ne peuvent plus changer ; "
        "vous pouvez commencer une nouvelle évaluation.",
        "en": "Your results are confirmed and can no longer change; you can start a new assessment.",
    },
    "finished": {
        "fr": "L'entretien est terminé : cette question n'en fait pas partie. Vous pouvez corriger une réponse donnée.",
        "en": "The interview is finished: this question is not part of it. You can correct an answer you gave.",
    },
    "not_current": {
        "fr": "Ce n'est pas la question en cours : répondez à la question affichée, "
        "ou corrigez une réponse déjà donnée.",
        "en": "This is not the current question: answer the one shown, or correct an answer you already gave.",
    },
    "not_finished": {
        "fr": "Terminez l'entretien avant de confirmer vos résultats.",
        "en": "Finish the interview before confirming your results.",
    },
}


def _t(lang: str, key: str) -> str:
    return MESSAGES[key]["en" if lang == "en" else "fr"]
