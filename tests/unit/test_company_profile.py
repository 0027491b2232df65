"""Company profiles: the examples validate, and a wrong answer gets a message a manager understands."""

import json
from pathlib import Path
from typing import Any

import pytest

from assistant.domain.company import CompanyProfile, ProfileError, load_profile, profile_from_dict

PROFILES = Path(__file__).parents[1] / "data" / "profiles"
EXAMPLES = sorted(p for p in PROFILES.glob("*.yaml") if p.stem != "expectations")


def _base(**changes: Any) -> dict[str, Any]:
    return {"sector": "industry", "headcount": 40, **changes}


def test_there_are_at_least_eight_varied_examples():
    profiles = [load_profile(p) for p in EXAMPLES]
    assert len(profiles) >= 8
    assert len({p.sector for p in profiles}) >= 8
    assert min(p.headcount for p in profiles) <= 15 and max(p.headcount for p in profiles) >= 100
    assert all(p.tasks and p.pains and p.data_sources and p.goals and p.budget_band for p in profiles)


def test_defaults_are_documented_assumptions():
    profile = profile_from_dict(_base())
    assert profile.loaded_hourly_cost_eur == 45 and profile.weeks_per_year == 45
    assert len(profile.functions) == 8 and profile.risk_appetite == "medium" and profile.budget_band is None


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"sector": "space"}, r"sector: secteur inconnu « space » / unknown sector 'space'.*industry, retail"),
        ({"sector": "all"}, r"sector: .*unknown sector 'all'"),
        ({"headcount": 0}, r"headcount: .*headcount must be 1 to 5000 \(got 0\)"),
        ({"pains": ["boredom"]}, r"pains: .*unknown pain 'boredom'.*manual_data_entry"),
        ({"data_sources": {"fax": 2}}, r"data_sources: .*unknown data source 'fax'.*accounting, erp"),
        ({"data_sources": {"crm": 7}}, r"data_sources: .*crm maturity must be 0 to 4 \(got 7\)"),
        ({"functions": ["finance"]}, r"functions: .*unknown function 'finance'.*admin_finance"),
        ({"goals": ["fun"]}, r"goals\.0: "),
        ({"budget_band": "1M"}, r"budget_band: "),
        ({"colour": "blue"}, r"colour: champ inconnu / unknown field"),
        (
            {"tasks": [{"name": "Devis", "hours_per_week": -3}]},
            r"tasks\.0\.hours_per_week: un nombre d.heures ne peut pas être négatif / hours cannot be negative",
        ),
        ({"tasks": [{"name": "Devis", "hours_per_week": 3, "people": 0}]}, r"tasks\.0\.people: .*at least one person"),
        ({"tasks": [{"name": "Devis", "hours_per_week": 3, "pain": "x"}]}, r"tasks\.0\.pain: .*unknown pain 'x'"),
        ({"tasks": [{"name": "A", "hours_per_week": 1}, {"name": "A", "hours_per_week": 2}]}, r"tasks: .*same name"),
    ],
)
def test_invalid_answers_are_explained(changes: dict[str, Any], expected: str):
    with pytest.raises(ProfileError, match=expected):
        profile_from_dict(_base(**changes))


def test_missing_required_fields_are_named():
    with pytest.raises(ProfileError, match=r"sector: champ obligatoire / required field"):
        profile_from_dict({"headcount": 3})


def test_budget_bands_accept_the_short_forms():
    assert profile_from_dict(_base(budget_band="<5k")).budget_band == "under_5k"
    assert profile_from_dict(_base(budget_band="20-50k")).budget_band == "20k_50k"


def test_json_and_yaml_files_load_and_errors_name_the_file(tmp_path: Path):
    path = tmp_path / "p.json"
    path.write_text(json.dumps(_base(pains=["slow_quotes"])), encoding="utf-8")
    assert load_profile(path).pains == ["slow_quotes"]
    bad = tmp_path / "bad.yaml"
    bad.write_text("sector: [", encoding="utf-8")
    with pytest.raises(ProfileError, match=r"bad\.yaml: fichier illisible / cannot parse"):
        load_profile(bad)
    bad.write_text("- a list", encoding="utf-8")
    with pytest.raises(ProfileError, match=r"bad\.yaml: .*a mapping is expected"):
        load_profile(bad)
    with pytest.raises(ProfileError, match=r"none\.yaml: .*file not found"):
        load_profile(tmp_path / "none.yaml")


def test_updates_return_a_validated_copy_and_merge_data_sources():
    profile = profile_from_dict(_base(data_sources={"erp": 2}))
    updated = profile.updated(data_sources={"crm": 3}, pains=["slow_quotes"])
    assert updated.data_sources == {"erp": 2, "crm": 3} and updated.pains == ["slow_quotes"]
    assert profile.data_sources == {"erp": 2} and profile.pains == []
    assert "budget_band" not in updated.model_fields_set  # still to be asked
    with pytest.raises(ProfileError, match="headcount"):
        profile.updated(headcount=-1)


def test_profiles_are_immutable_and_count_task_hours_per_person():
    profile = profile_from_dict(
        _base(tasks=[{"name": "Devis", "hours_per_week": 4, "people": 3, "pain": "slow_quotes"}])
    )
    assert profile.tasks[0].total_hours == 12
    assert profile.cited_pains == {"slow_quotes"}
    with pytest.raises(ValueError):
        profile.headcount = 3  # type: ignore[misc]
    assert isinstance(CompanyProfile.model_validate(_base()), CompanyProfile)
