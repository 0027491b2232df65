"""Anonymous team skills map: k-anonymity, complementary suppression, no per-person values."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.config import PROJECT_ROOT
from assistant.domain.skills import load_framework
from assistant.domain.team import MIN_GROUP_SIZE, GroupBy, Member, TeamMap, suppressed_reason, team_map

DOMAINS = load_framework(PROJECT_ROOT / "knowledge" / "frameworks").domain_ids


def people(count: int, team: str | None, level: int = 2, role: str = "hr") -> list[Member]:
    return [Member(team, role, dict.fromkeys(DOMAINS, level)) for _ in range(count)]


def rows(result: TeamMap) -> dict[str | None, dict[str, Any]]:
    """The rows a manager sees, by group name (the total under "Organisation")."""
    return {row["group"]: row for row in result.as_dict()["rows"]}


def group_of(member: Member, group_by: GroupBy) -> str | None:
    return member.team if group_by == "team" else member.role_id


def hidden_groups(result: TeamMap) -> set[str | None]:
    return {row.group for row in result.rows if row.suppressed}


def test_domains_are_the_eight_of_the_framework() -> None:
    assert set(DOMAINS) == {
        "ai_basics",
        "genai_prompting",
        "data_literacy",
        "critical_evaluation",
        "ethics_law_security",
        "process_improvement",
        "automation_tech",
        "adoption_leadership",
    }


def test_a_group_of_exactly_five_is_shown_with_its_mean_and_count() -> None:
    members = people(2, "Compta", level=1) + people(3, "Compta", level=4)
    result = team_map(members, DOMAINS)
    (row,) = result.rows
    assert row.suppressed is None
    assert {cell.mean for cell in row.cells.values()} == {2.8}
    assert {cell.n for cell in row.cells.values()} == {5}
    assert {cell.share_at_target for cell in row.cells.values()} == {None}
    assert result.total.cells == row.cells


def test_four_people_hide_everything_including_the_total() -> None:
    result = team_map(people(2, "Compta") + people(2, "RH"), DOMAINS)
    assert hidden_groups(result) == {"Compta", "RH"}
    assert result.total.suppressed == "small_group"
    shown = result.as_dict()
    for row in shown["rows"]:
        assert set(row["cells"].values()) == {"< 5"}
        assert row["suppressed_reason"]["fr"] == "Groupe de moins de 5 personnes : masqué pour protéger l'anonymat."
    assert "mean" not in json.dumps(shown)


def test_one_small_group_also_hides_the_next_smallest_so_no_subtraction_isolates_it() -> None:
    members = people(7, "Ventes", level=3) + people(5, "Achats", level=2) + people(6, "RH") + people(2, "IT", 4)
    result = team_map(members, DOMAINS)
    seen = rows(result)
    assert seen["IT"]["suppressed"] == "small_group"
    assert seen["Achats"]["suppressed"] == "complementary"  # 5 < 6 < 7: the smallest visible group
    assert seen["Achats"]["cells"] == dict.fromkeys(DOMAINS, "—")  # not "< 5": Achats has 5 people
    assert "soustraction" in seen["Achats"]["suppressed_reason"]["fr"]
    assert seen["RH"]["suppressed"] is None and seen["Ventes"]["suppressed"] is None
    # The subtraction a manager could do now only yields IT and Achats together: 7 people.
    total = result.total.cells["ai_basics"]
    visible = [row.cells["ai_basics"] for row in result.rows if not row.suppressed]
    assert total.n - sum(cell.n for cell in visible) == 7
    assert total.mean == round((7 * 3 + 5 * 2 + 6 * 2 + 2 * 4) / 20, 1)


def test_small_groups_hidden_together_must_also_reach_k_people() -> None:
    # IT and Légal hide 3 people between them: total minus the rest would describe those 3.
    members = people(1, "IT") + people(2, "Légal") + people(5, "RH") + people(6, "Ventes")
    assert hidden_groups(team_map(members, DOMAINS)) == {"IT", "Légal", "RH"}
    # Five people in two small groups are already a large enough crowd: nothing more to hide.
    members = people(2, "IT") + people(3, "Légal") + people(5, "RH")
    assert hidden_groups(team_map(members, DOMAINS)) == {"IT", "Légal"}


def test_one_small_group_beside_one_large_group_leaves_only_the_total() -> None:
    result = team_map(people(1, "IT", level=0) + people(6, "RH", level=4), DOMAINS)
    assert hidden_groups(result) == {"IT", "RH"}
    assert result.total.cells["ai_basics"].n == 7


def test_group_by_role_uses_role_ids() -> None:
    members = people(5, "Compta", role="hr", level=1) + people(3, "Compta", role="it", level=3)
    members += people(3, "RH", role="it", level=3)
    result = team_map(members, DOMAINS, group_by="role")
    assert [row.group for row in result.rows] == ["hr", "it"]
    assert [row.cells["ai_basics"].n for row in result.rows] == [5, 6]
    assert result.as_dict()["group_by"] == "role"


def test_rows_are_alphabetical_whatever_the_scores_and_no_team_comes_last() -> None:
    members = people(5, "ventes", level=4) + people(5, None, level=3) + people(5, "Achats", level=0)
    members += people(5, "marketing", level=2)
    result = team_map(members, DOMAINS)
    assert [row.group for row in result.rows] == ["Achats", "marketing", "ventes", None]
    assert list(rows(result)) == ["Achats", "marketing", "ventes", None, "Organisation"]


def test_share_at_target_counts_people_at_or_above_the_target() -> None:
    members = people(3, "RH", level=1) + people(2, "RH", level=3)
    row = team_map(members, DOMAINS, targets={"ai_basics": 3, "ethics_law_security": 1}).rows[0]
    assert row.cells["ai_basics"].share_at_target == 0.4
    assert row.cells["ethics_law_security"].share_at_target == 1.0
    assert row.cells["data_literacy"].share_at_target is None


def test_k_can_be_raised_but_never_lowered() -> None:
    members = people(5, "RH") + people(6, "IT")
    assert hidden_groups(team_map(members, DOMAINS, k=6)) == {"RH", "IT"}
    assert rows(team_map(members, DOMAINS, k=6))["RH"]["cells"] == dict.fromkeys(DOMAINS, "< 6")
    with pytest.raises(ValueError, match="at least 5"):
        team_map(members, DOMAINS, k=4)


def test_incomplete_or_out_of_range_input_is_refused() -> None:
    with pytest.raises(ValueError, match="each domain"):
        team_map([Member("RH", "hr", {"ai_basics": 2})], DOMAINS)
    with pytest.raises(ValueError, match="between 0 and 4"):
        team_map([Member("RH", "hr", dict.fromkeys(DOMAINS, 5))], DOMAINS)
    with pytest.raises(ValueError, match="targets"):
        team_map(people(5, "RH"), DOMAINS, targets={"cooking": 2})


def test_reasons_exist_in_french_and_english() -> None:
    assert suppressed_reason("small_group", "en") == "Group of fewer than 5 people: hidden to protect anonymity."
    assert suppressed_reason("small_group", "fr", k=7).startswith("Groupe de moins de 7 personnes")
    assert "subtraction" in suppressed_reason("complementary", "en")


def test_as_dict_is_json_and_holds_only_aggregates() -> None:
    members = people(5, "RH", level=1) + people(5, "IT", level=2) + people(1, "Légal", level=4)
    data = json.loads(json.dumps(team_map(members, DOMAINS).as_dict()))
    assert [row["group"] for row in data["rows"]] == ["IT", "Légal", "RH", "Organisation"]
    # Légal is too small and IT (5, before RH alphabetically) hides with it: 6 people together.
    assert [row["suppressed"] for row in data["rows"]] == ["complementary", "small_group", None, None]
    assert data["rows"][-1]["cells"]["ai_basics"] == {"mean": 1.7, "share_at_target": None, "n": 11}


# --------------------------------------------------------------------------- properties
TEAM_NAMES = ["Achats", "Compta", "RH", "Ventes", None]
ROLES = ["hr", "it", "sales_marketing"]
member = st.builds(
    Member,
    team=st.just("?"),
    role_id=st.sampled_from(ROLES),
    levels=st.fixed_dictionaries({domain: st.integers(0, 4) for domain in DOMAINS}),
)


@st.composite
def organisations(draw: st.DrawFn) -> list[Member]:
    """1-15 people spread over 1-4 teams (people with no team count as a team)."""
    teams = draw(st.lists(st.sampled_from(TEAM_NAMES), min_size=1, max_size=4, unique=True))
    staff = draw(st.lists(member, min_size=1, max_size=15))
    return [Member(draw(st.sampled_from(teams)), m.role_id, m.levels) for m in staff]


def true_mean(members: Sequence[Member], domain: str) -> float:
    return round(sum(m.levels[domain] for m in members) / len(members), 1)


@settings(max_examples=400, deadline=None)
@given(organisations(), st.sampled_from(["team", "role"]), st.integers(MIN_GROUP_SIZE, 8))
def test_every_visible_cell_covers_at_least_k_people_and_is_right(
    members: list[Member], group_by: GroupBy, k: int
) -> None:
    result = team_map(members, DOMAINS, group_by=group_by, k=k)
    for row in (*result.rows, result.total):
        if row.suppressed:
            assert row.cells == {}
            continue
        group = members if row.is_total else [m for m in members if group_of(m, group_by) == row.group]
        for domain in DOMAINS:
            assert row.cells[domain].n == len(group) >= k
            assert row.cells[domain].mean == true_mean(group, domain)
    assert (result.total.suppressed is None) == (len(members) >= k)


@settings(max_examples=400, deadline=None)
@given(organisations(), st.sampled_from(["team", "role"]), st.integers(MIN_GROUP_SIZE, 8))
def test_no_hidden_group_can_be_worked_out_from_the_visible_cells(
    members: list[Member], group_by: GroupBy, k: int
) -> None:
    """Only what a manager sees is used: the rows of ``as_dict``."""
    shown = team_map(members, DOMAINS, group_by=group_by, k=k).as_dict()
    *groups, total = shown["rows"]
    hidden = [row for row in groups if row["suppressed"]]
    if not hidden or total["suppressed"]:
        return  # nothing hidden, or no total to subtract from
    # Total minus the visible groups: the n and the sum of levels of all hidden groups together.
    visible_n = sum(row["cells"][DOMAINS[0]]["n"] for row in groups if not row["suppressed"])
    hidden_n = total["cells"][DOMAINS[0]]["n"] - visible_n
    # One equation cannot split that sum between two or more groups, and it covers k+ people.
    assert len(hidden) >= 2
    assert hidden_n >= k


# A small range so that every k from 1 to 4 is drawn, not only large negative numbers.
@given(st.integers(-3, MIN_GROUP_SIZE - 1))
def test_k_below_five_always_raises(k: int) -> None:
    with pytest.raises(ValueError):
        team_map(people(10, "RH"), DOMAINS, k=k)
