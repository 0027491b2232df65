"""AI Act Article 4 literacy record: per-role systems and measures, counts not names, CSV export."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from assistant.config import PROJECT_ROOT
from assistant.domain.literacy_record import (
    COLUMNS,
    Completion,
    LiteracyRecord,
    Measure,
    RoleEntry,
    build_record,
    to_csv,
)
from assistant.domain.skills import load_framework
from assistant.domain.training import load_modules

FRAMEWORK = load_framework(PROJECT_ROOT / "knowledge" / "frameworks")
MODULES = load_modules(PROJECT_ROOT / "knowledge" / "training" / "modules.yaml", FRAMEWORK.domain_ids)
ESSENTIALS, PROMPTING = "ai-act-maitrise-ia-essentiel", "prompting-fondamentaux"


def record(lang: str = "fr") -> LiteracyRecord:
    completions = [Completion("hr", ESSENTIALS, date(2025, 3, 4))] * 5 + [
        Completion("sales_marketing", PROMPTING, date(2025, 4, 1)),
        Completion("sales_marketing", PROMPTING, date(2025, 4, 1)),
        Completion("sales_marketing", PROMPTING, date(2025, 5, 6)),
    ]
    return build_record(
        "Atelier Dupont SARL",
        date(2025, 6, 30),
        {"hr": 6, "sales_marketing": 8, "operations": 12, "trainer": 0},
        {"hr": ["Copilot", "Logiciel de tri de CV"], "sales_marketing": ["ChatGPT Team"]},
        completions,
        MODULES,
        FRAMEWORK,
        other_measures={"hr": [Measure("charter", "Charte d'usage de l'IA", date(2025, 2, 3), 0.5, 6)]},
        lang=lang,
    )


def test_completions_become_head_counts_per_role_module_and_date() -> None:
    entries = {e.role_id: e for e in record().entries}
    sales = entries["sales_marketing"].measures
    assert [(m.module_id, m.on, m.people, m.hours) for m in sales] == [
        (PROMPTING, date(2025, 4, 1), 2, 3.5),
        (PROMPTING, date(2025, 5, 6), 1, 3.5),
    ]
    assert [m.kind for m in entries["hr"].measures] == ["charter", "training"]  # in date order
    assert entries["hr"].measures[1].people == 5 and entries["hr"].trained_hours == 1.5


def test_roles_follow_the_framework_and_empty_roles_are_left_out() -> None:
    assert [e.role_id for e in record().entries] == ["sales_marketing", "hr", "operations"]


def test_a_role_without_measures_shows_the_gap() -> None:
    rows = [r for r in record().as_rows() if r["role_id"] == "operations"]
    assert len(rows) == 1 and rows[0]["measure"] == "Aucune mesure enregistrée" and rows[0]["hours"] == ""


def test_rows_hold_counts_and_dates_but_no_names_or_scores() -> None:
    rows = record().as_rows()
    assert all(list(row) == list(COLUMNS) for row in rows)
    assert not any(word in column for column in COLUMNS for word in ("name", "score", "result", "email"))
    hr_training = next(r for r in rows if r["module_id"] == ESSENTIALS)
    assert hr_training["people_reached"] == "5" and hr_training["coverage"] == "83 %"


def test_french_csv_uses_semicolons_and_decimal_commas() -> None:
    text = to_csv(record("fr"))
    header, *lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert header[:4] == ["Id rôle", "Rôle", "Effectif", "Systèmes d'IA utilisés"]
    hr = next(line for line in lines if line[5] == ESSENTIALS)
    assert hr[3] == "Copilot; Logiciel de tri de CV" and hr[8] == "1,5" and hr[7] == "2025-03-04"
    assert len(lines) == len(record().as_rows())


def test_english_csv_round_trips_to_the_rows() -> None:
    english = record("en")
    parsed = list(csv.DictReader(io.StringIO(to_csv(english))))
    assert [list(row.values()) for row in parsed] == [list(row.values()) for row in english.as_rows()]
    assert parsed[0]["Role"] == "Sales / marketing" and parsed[0]["Hours"] == "3.5"


def test_a_measure_cannot_reach_more_people_than_the_role_has() -> None:
    with pytest.raises(ValueError, match="more people"):
        RoleEntry("hr", "RH", 3, (), (Measure("training", "x", date(2025, 1, 1), 2, 4),))


def test_unknown_modules_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown module"):
        build_record(
            "X", date(2025, 1, 1), {"hr": 5}, {}, [Completion("hr", "nope", date(2025, 1, 1))], MODULES, FRAMEWORK
        )


@pytest.mark.parametrize(
    ("as_of", "due"), [(date(2025, 6, 30), date(2026, 6, 30)), (date(2028, 2, 29), date(2029, 2, 28))]
)
def test_the_record_is_due_for_review_a_year_later(as_of: date, due: date) -> None:
    assert LiteracyRecord("X", as_of, ()).review_due == due
