"""Return on investment of one use case for one company, as a pessimistic/base/optimistic range.

Hours matched to a use case (``match_tasks``), first rule that finds a task wins:
1. tasks naming one of the case's pains, in the case's function (or in no function), count in full;
2. tasks naming one of its pains in another function count for ``OTHER_FUNCTION_SHARE``: a pain
   such as manual data entry means different work in accounting and in logistics;
3. tasks of the case's function naming no pain count for ``FUNCTION_SHARE``, since one use case
   only covers part of what a function does;
4. otherwise no hours: the gain is zero until the manager says how long the task takes.
Several use cases may draw on the same task: estimates are per case and must not be added up.

Gain per year = hours saved per week x loaded hourly cost x working weeks per year, with the
catalogue's low/base/high ``time_saved_share``. First-year cost = licence x 12 + setup + training,
where a training day costs ``TRAINING_DAY_HOURS`` x hourly cost x people trained (staff time only:
trainer fees are often funded by the OPCO). The pessimistic scenario pairs the low gain with the
high costs, the optimistic one the high gain with the low costs. Gains start after
``time_to_value_weeks``, which delays the payback.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, Literal, TypeVar

from assistant.domain.company import CompanyProfile, Task
from assistant.domain.usecases import EuroRange, UseCase

T = TypeVar("T")
Source = Literal["catalogue", "profile", "default"]
Rule = Literal["pain", "other_function", "function", "none", "override"]
OTHER_FUNCTION_SHARE = 0.5
FUNCTION_SHARE = 0.25
TRAINING_DAY_HOURS = 7.0
WEEKS_PER_CALENDAR_YEAR = 52


@dataclass(frozen=True)
class Range(Generic[T]):
    """Low, base and high values of one quantity."""

    low: T
    base: T
    high: T


@dataclass(frozen=True)
class Assumption:
    """A figure the estimate rests on and where it comes from."""

    name: str
    value: float | str
    source: Source


@dataclass(frozen=True)
class TaskMatch:
    """The weekly hours of the company's tasks that a use case addresses."""

    hours_per_week: float
    people: int
    tasks: tuple[str, ...]
    rule: Rule


@dataclass(frozen=True)
class RoiEstimate:
    """Gains, costs, net and payback. Costs are ascending ranges (as in the catalogue); net and
    payback are per scenario: ``low`` is pessimistic (low gain, high costs), ``high`` optimistic."""

    use_case_id: str
    match: TaskMatch
    hours_saved_per_week: Range[float]
    annual_gain_eur: Range[float]
    one_off_cost_eur: Range[float]
    yearly_running_cost_eur: Range[float]
    training_cost_eur: float
    net_first_year_eur: Range[float]
    net_yearly_eur: Range[float]
    payback_months: Range[float | None]
    time_to_value_weeks: int
    assumptions: tuple[Assumption, ...]


def match_tasks(use_case: UseCase, profile: CompanyProfile) -> TaskMatch:
    """The task hours attributed to ``use_case`` by the rule in the module docstring."""
    same = [t for t in profile.tasks if t.pain in use_case.pains and t.function in (None, use_case.function)]
    other = [t for t in profile.tasks if t.pain in use_case.pains and t.function not in (None, use_case.function)]
    unnamed = [t for t in profile.tasks if t.pain is None and t.function == use_case.function]
    rules: tuple[tuple[list[Task], float, Rule], ...] = (
        (same, 1.0, "pain"),
        (other, OTHER_FUNCTION_SHARE, "other_function"),
        (unnamed, FUNCTION_SHARE, "function"),
    )
    for tasks, share, rule in rules:
        if tasks:
            hours = share * sum(t.total_hours for t in tasks)
            return TaskMatch(hours, sum(t.people for t in tasks), tuple(t.name for t in tasks), rule)
    return TaskMatch(0.0, 1, (), "none")


def _payback(one_off: float, monthly_gain: float, monthly_licence: float, delay_months: float) -> float | None:
    # Cumulated gains G*(t - delay) catch up with one_off + L*t at t = (one_off + G*delay) / (G - L).
    if monthly_gain <= monthly_licence:
        return None
    return (one_off + monthly_gain * delay_months) / (monthly_gain - monthly_licence)


def _range(values: EuroRange, factor: float = 1.0, extra: float = 0.0) -> Range[float]:
    return Range(values.low * factor + extra, values.base * factor + extra, values.high * factor + extra)


def _assumptions(
    use_case: UseCase, match: TaskMatch, hourly: float, weeks: int, people: int, given: dict[str, bool]
) -> tuple[Assumption, ...]:
    """Every figure behind the estimate; ``given`` says which ones the manager provided."""
    source: dict[bool, Source] = {True: "profile", False: "default"}
    shares = {
        "function": ("function_share", FUNCTION_SHARE),
        "other_function": ("other_function_share", OTHER_FUNCTION_SHARE),
    }
    share = use_case.gain.time_saved_share
    return (
        Assumption("task_hours_per_week", match.hours_per_week, source[match.rule != "none"]),
        Assumption("task_match_rule", match.rule, "default"),
        *([Assumption(*shares[match.rule], "default")] if match.rule in shares else []),
        Assumption("time_saved_share", f"{share.low}/{share.base}/{share.high}", "catalogue"),
        Assumption("loaded_hourly_cost_eur", hourly, source[given["hourly"]]),
        Assumption("weeks_per_year", weeks, source[given["weeks"]]),
        Assumption("licence_eur_month", _triple(use_case.costs.licence_eur_month), "catalogue"),
        Assumption("setup_eur", _triple(use_case.costs.setup_eur), "catalogue"),
        Assumption("training_days", use_case.costs.training_days, "catalogue"),
        Assumption("training_day_hours", TRAINING_DAY_HOURS, "default"),
        Assumption("people_trained", people, source[given["people"]]),
        Assumption("time_to_value_weeks", use_case.time_to_value_weeks, "catalogue"),
    )


def estimate_roi(
    use_case: UseCase,
    profile: CompanyProfile,
    hours_per_week: float | None = None,
    *,
    hourly_cost_eur: float | None = None,
    weeks_per_year: int | None = None,
    people_trained: int | None = None,
) -> RoiEstimate:
    """Estimate the ROI of ``use_case`` for ``profile``; keyword arguments override profile figures."""
    match = match_tasks(use_case, profile)
    if hours_per_week is not None:
        match = TaskMatch(hours_per_week, match.people, match.tasks, "override")
    hourly = hourly_cost_eur if hourly_cost_eur is not None else profile.loaded_hourly_cost_eur
    weeks = weeks_per_year if weeks_per_year is not None else profile.weeks_per_year
    people = people_trained if people_trained is not None else max(match.people, 1)
    share = use_case.gain.time_saved_share
    saved = Range(
        match.hours_per_week * share.low, match.hours_per_week * share.base, match.hours_per_week * share.high
    )
    gain = Range(saved.low * weeks * hourly, saved.base * weeks * hourly, saved.high * weeks * hourly)
    training = use_case.costs.training_days * TRAINING_DAY_HOURS * hourly * people
    one_off = _range(use_case.costs.setup_eur, extra=training)
    running = _range(use_case.costs.licence_eur_month, factor=12)
    productive = max(WEEKS_PER_CALENDAR_YEAR - use_case.time_to_value_weeks, 0) / WEEKS_PER_CALENDAR_YEAR
    delay = use_case.time_to_value_weeks * 12 / WEEKS_PER_CALENDAR_YEAR
    pairs = ((gain.low, "high"), (gain.base, "base"), (gain.high, "low"))  # pessimistic pairs low gain, high cost
    first, steady, payback = [], [], []
    for g, cost in pairs:
        o, r = getattr(one_off, cost), getattr(running, cost)
        first.append(g * productive - o - r)
        steady.append(g - r)
        payback.append(_payback(o, g / 12, r / 12, delay))
    given = {
        "hourly": hourly_cost_eur is not None or "loaded_hourly_cost_eur" in profile.model_fields_set,
        "weeks": weeks_per_year is not None or "weeks_per_year" in profile.model_fields_set,
        "people": people_trained is not None or match.rule != "none",
    }
    assumptions = _assumptions(use_case, match, hourly, weeks, people, given)
    return RoiEstimate(
        use_case.id, match, saved, gain, one_off, running, training,
        Range(*first), Range(*steady), Range(*payback), use_case.time_to_value_weeks, assumptions,
    )  # fmt: skip


def _triple(values: EuroRange) -> str:
    return f"{values.low:g}/{values.base:g}/{values.high:g}"


def format_eur(amount: float, lang: str = "fr") -> str:
    """``12 345 €`` (narrow no-break space between thousands) in French, ``€12,345`` in English.

    Amounts of 100 or more have no decimals; smaller ones show cents unless they are whole.
    """
    value = round(abs(float(amount)), 2)
    decimals = 0 if value >= 100 or value.is_integer() else 2
    sign = "-" if amount < 0 and round(value, decimals) > 0 else ""
    digits = f"{value:,.{decimals}f}"
    if lang == "en":
        return f"{sign}€{digits}"
    return sign + digits.replace(",", "\u202f").replace(".", ",") + "\u00a0€"


def format_payback(months: float | None, lang: str = "fr") -> str:
    """``8 mois`` / ``8 months``, or ``jamais`` / ``never`` when costs outrun gains."""
    if months is None:
        return "never" if lang == "en" else "jamais"
    rounded = max(round(months), 1)
    return f"{rounded} month{'s' if rounded > 1 else ''}" if lang == "en" else f"{rounded} mois"
