"""ROI of a use case: a hand-computed example, the matching rule, payback and euro formatting."""

from typing import Any

import pytest

from assistant.config import PROJECT_ROOT
from assistant.domain.company import CompanyProfile, profile_from_dict
from assistant.domain.roi import estimate_roi, format_eur, format_payback, match_tasks
from assistant.domain.usecases import Catalogue, UseCase, load_catalogue


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(PROJECT_ROOT / "knowledge" / "usecases")


@pytest.fixture(scope="module")
def invoices(catalogue: Catalogue) -> UseCase:
    # share 0.4/0.6/0.8, licence 30/120/400 €/month, setup 0/1500/6000 €, 1 training day, 4 weeks to value
    return catalogue.get("fin-invoice-capture")


def _profile(*tasks: dict[str, Any], **fields: Any) -> CompanyProfile:
    return profile_from_dict({"sector": "services", "headcount": 20, "tasks": list(tasks), **fields})


INVOICE_TASK = {
    "name": "Saisie factures",
    "hours_per_week": 5,
    "people": 2,
    "pain": "manual_data_entry",
    "function": "admin_finance",
}


def test_hand_computed_example(invoices: UseCase):
    roi = estimate_roi(invoices, _profile(INVOICE_TASK, loaded_hourly_cost_eur=50, weeks_per_year=45))
    assert roi.match.hours_per_week == 10 and roi.match.rule == "pain"
    assert (roi.hours_saved_per_week.low, roi.hours_saved_per_week.base, roi.hours_saved_per_week.high) == (
        pytest.approx(4),
        pytest.approx(6),
        pytest.approx(8),
    )
    # 6 h x 45 weeks x 50 €
    assert roi.annual_gain_eur.base == pytest.approx(13_500)
    # training: 1 day x 7 h x 50 € x 2 people = 700 €, added to the setup
    assert roi.training_cost_eur == pytest.approx(700)
    assert roi.one_off_cost_eur.base == pytest.approx(2_200)
    assert roi.yearly_running_cost_eur.high == pytest.approx(4_800)
    # pessimistic: low gain 9 000 € with the high costs; optimistic: 18 000 € with the low costs
    assert roi.net_yearly_eur.low == pytest.approx(9_000 - 4_800)
    assert roi.net_yearly_eur.base == pytest.approx(13_500 - 1_440)
    assert roi.net_yearly_eur.high == pytest.approx(18_000 - 360)
    # gains start after 4 of 52 weeks in the first year
    assert roi.net_first_year_eur.base == pytest.approx(13_500 * 48 / 52 - 2_200 - 1_440)
    assert roi.net_first_year_eur.low == pytest.approx(9_000 * 48 / 52 - 6_700 - 4_800)
    # payback: (2 200 + 1 125 x 12/13) / (1 125 - 120) months, the delay being 4 weeks = 12/13 month
    assert roi.payback_months.base == pytest.approx((2_200 + 1_125 * 12 / 13) / (1_125 - 120))
    assert roi.payback_months.low is not None and roi.payback_months.high is not None
    assert roi.payback_months.high < roi.payback_months.base < roi.payback_months.low


def test_assumptions_say_where_each_figure_comes_from(invoices: UseCase):
    sources = {
        a.name: a.source for a in estimate_roi(invoices, _profile(INVOICE_TASK, loaded_hourly_cost_eur=50)).assumptions
    }
    assert sources["loaded_hourly_cost_eur"] == "profile" and sources["weeks_per_year"] == "default"
    assert sources["time_saved_share"] == sources["licence_eur_month"] == sources["training_days"] == "catalogue"
    assert sources["training_day_hours"] == "default" and sources["task_hours_per_week"] == "profile"


def test_payback_is_never_when_gains_do_not_cover_the_licence(invoices: UseCase):
    roi = estimate_roi(invoices, _profile(INVOICE_TASK), hours_per_week=0.5)
    # 0.2 h x 45 x 45 € = 405 € a year < 4 800 € of licence in the pessimistic case
    assert roi.payback_months.low is None
    assert format_payback(roi.payback_months.low, "fr") == "jamais"
    assert format_payback(None, "en") == "never"
    assert format_payback(7.6, "fr") == "8 mois" and format_payback(0.3, "en") == "1 month"


def test_no_matching_task_means_no_gain_and_no_payback(invoices: UseCase):
    roi = estimate_roi(invoices, _profile())
    assert roi.match.rule == "none" and roi.annual_gain_eur.high == 0
    assert roi.payback_months.high is None and roi.net_yearly_eur.high == -360


def test_matching_rule_prefers_the_same_function_then_other_functions_then_function_share(invoices: UseCase):
    other = {**INVOICE_TASK, "function": "logistics", "name": "Saisie BL"}
    unnamed = {"name": "Compta divers", "hours_per_week": 8, "function": "admin_finance"}
    assert match_tasks(invoices, _profile(INVOICE_TASK, other, unnamed)).tasks == ("Saisie factures",)
    cross = match_tasks(invoices, _profile(other, unnamed))
    assert (cross.rule, cross.hours_per_week) == ("other_function", 5)
    share = match_tasks(invoices, _profile(unnamed))
    assert (share.rule, share.hours_per_week) == ("function", 2)
    no_function = match_tasks(invoices, _profile({**INVOICE_TASK, "function": None}))
    assert (no_function.rule, no_function.hours_per_week) == ("pain", 10)


def test_overrides_win_over_the_profile(invoices: UseCase):
    roi = estimate_roi(invoices, _profile(INVOICE_TASK), 20, hourly_cost_eur=60, weeks_per_year=40, people_trained=5)
    assert roi.match.rule == "override" and roi.annual_gain_eur.base == pytest.approx(20 * 0.6 * 40 * 60)
    assert roi.training_cost_eur == pytest.approx(7 * 60 * 5)


@pytest.mark.parametrize(
    ("amount", "fr", "en"),
    [
        (12_345, "12\u202f345\u00a0€", "€12,345"),
        (1_234_567.89, "1\u202f234\u202f568\u00a0€", "€1,234,568"),
        (100.4, "100\u00a0€", "€100"),
        (45, "45\u00a0€", "€45"),
        (45.5, "45,50\u00a0€", "€45.50"),
        (-1_500, "-1\u202f500\u00a0€", "-€1,500"),
        (-0.001, "0\u00a0€", "€0"),
    ],
)
def test_euros_are_formatted_the_french_and_the_english_way(amount: float, fr: str, en: str):
    assert format_eur(amount, "fr") == fr
    assert format_eur(amount, "en") == en
