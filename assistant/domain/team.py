"""Anonymous skills map for managers: domain averages per group of people, never per person.

Managers plan training from this map, so nobody's levels may be worked out from it:

- a group (team or role) of fewer than ``k`` people is hidden ("< 5"); ``k`` is 5 and can only
  be raised;
- the organisation total is shown only when the organisation has at least ``k`` people;
- with the total shown, total minus the visible groups gives the hidden groups' combined sums,
  so the hidden groups must be at least two and hold at least ``k`` people together; otherwise
  the smallest visible groups are hidden too (complementary suppression);
- rows are in alphabetical order, never ranked by score; cells hold only means, shares and counts.

The caller passes one ``Member`` per person, confirmed results only. One map cannot stop
differencing across maps (a team map against a role map, or two snapshots a person apart):
whoever stores or shows several maps must guard against that.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any, Final, Literal

from assistant.domain.catalogue import Text
from assistant.domain.skills import MAX_LEVEL

MIN_GROUP_SIZE: Final = 5
TOTAL_LABEL: Final = "Organisation"

GroupBy = Literal["team", "role"]
Suppression = Literal["small_group", "complementary"]

_REASONS: Final[Mapping[Suppression, Text]] = {
    "small_group": Text(
        fr="Groupe de moins de {k} personnes : masqué pour protéger l'anonymat.",
        en="Group of fewer than {k} people: hidden to protect anonymity.",
    ),
    "complementary": Text(
        fr="Masqué aussi : sinon un petit groupe se déduirait du total par soustraction.",
        en="Also hidden: otherwise a small group could be worked out from the total by subtraction.",
    ),
}


def suppressed_reason(reason: Suppression, lang: str, k: int = MIN_GROUP_SIZE) -> str:
    """Explain why a row is hidden, in ``lang`` (``en``, else French)."""
    return _REASONS[reason](lang).format(k=k)


@dataclass(frozen=True)
class Member:
    """One person's confirmed levels (0..4 per domain), with no identity attached."""

    team: str | None
    role_id: str
    levels: Mapping[str, int]


@dataclass(frozen=True)
class Cell:
    """One domain over one visible group: mean level, share at or above the target, head count."""

    mean: float
    share_at_target: float | None
    n: int


@dataclass(frozen=True)
class Row:
    """A group, or the organisation total: its cells per domain, or why it is hidden."""

    group: str | None  # team name or role id; None is people with no team; TOTAL_LABEL for the total
    cells: Mapping[str, Cell]
    suppressed: Suppression | None = None
    is_total: bool = False


@dataclass(frozen=True)
class TeamMap:
    """Groups in alphabetical order, then the organisation total."""

    group_by: GroupBy
    k: int
    domains: tuple[str, ...]
    rows: tuple[Row, ...]
    total: Row

    def as_dict(self) -> dict[str, Any]:
        """Plain data for the UI and exports: hidden cells read "< k" (small group) or "—"."""
        return {
            "group_by": self.group_by,
            "k": self.k,
            "domains": list(self.domains),
            "rows": [self._row_dict(row) for row in (*self.rows, self.total)],
        }

    def _row_dict(self, row: Row) -> dict[str, Any]:
        reason = row.suppressed
        cells: dict[str, object]
        if reason is None:
            cells = {domain: asdict(row.cells[domain]) for domain in self.domains}
        else:
            # A complementary group may hold k people or more, so "< k" would be untrue there.
            cells = dict.fromkeys(self.domains, f"< {self.k}" if reason == "small_group" else "—")
        return {
            "group": row.group,
            "total": row.is_total,
            "suppressed": reason,
            "suppressed_reason": None
            if reason is None
            else {lang: suppressed_reason(reason, lang, self.k) for lang in ("fr", "en")},
            "cells": cells,
        }


def team_map(
    members: Sequence[Member],
    domains: Sequence[str],
    *,
    group_by: GroupBy = "team",
    targets: Mapping[str, int] | None = None,
    k: int = MIN_GROUP_SIZE,
) -> TeamMap:
    """Aggregate ``members`` per team or role over ``domains``, hiding what could identify anyone.

    ``targets`` (domain -> level) adds the share of each group at or above that level.
    Raise ValueError for k below 5, or levels or targets outside the domains or 0..4.
    """
    if k < MIN_GROUP_SIZE:
        raise ValueError(f"k must be at least {MIN_GROUP_SIZE}; it can be raised, never lowered (got {k})")
    _check(members, domains, targets or {})
    groups: dict[str | None, list[Member]] = {}
    for member in members:
        groups.setdefault(member.team if group_by == "team" else member.role_id, []).append(member)
    hidden, total_hidden = _suppress({key: len(people) for key, people in groups.items()}, k)
    rows = tuple(_row(key, groups[key], domains, targets, hidden.get(key)) for key in sorted(groups, key=_alphabetical))
    total = _row(TOTAL_LABEL, members, domains, targets, total_hidden, is_total=True)
    return TeamMap(group_by, k, tuple(domains), rows, total)


def _check(members: Sequence[Member], domains: Sequence[str], targets: Mapping[str, int]) -> None:
    known = set(domains)
    if len(known) != len(domains):
        raise ValueError("domain ids must be unique")
    for member in members:
        # A missing domain would give that cell a smaller n than its row, and a way to subtract.
        if set(member.levels) != known:
            raise ValueError("every member needs a level for each domain, and for no other")
        if not all(0 <= level <= MAX_LEVEL for level in member.levels.values()):
            raise ValueError(f"levels must be between 0 and {MAX_LEVEL}")
    if not set(targets) <= known or not all(0 <= level <= MAX_LEVEL for level in targets.values()):
        raise ValueError(f"targets must map known domains to levels between 0 and {MAX_LEVEL}")


def _suppress(sizes: Mapping[str | None, int], k: int) -> tuple[dict[str | None, Suppression], Suppression | None]:
    """Which groups to hide and why, and whether to hide the total."""
    hidden: dict[str | None, Suppression] = {key: "small_group" for key, n in sizes.items() if n < k}
    if sum(sizes.values()) < k:
        return hidden, "small_group"
    # Hide the smallest visible group until the hidden ones are 2+ groups of k+ people together.
    # This never runs out of groups: once all are hidden they hold the whole organisation (k+
    # people), and they are 2+ groups since a lone group of k+ people is never hidden.
    while hidden and (len(hidden) < 2 or sum(sizes[key] for key in hidden) < k):
        visible = [key for key in sizes if key not in hidden]
        hidden[min(visible, key=lambda key: (sizes[key], _alphabetical(key)))] = "complementary"
    return hidden, None


def _row(
    group: str | None,
    people: Sequence[Member],
    domains: Sequence[str],
    targets: Mapping[str, int] | None,
    suppressed: Suppression | None,
    *,
    is_total: bool = False,
) -> Row:
    if suppressed is not None:
        return Row(group, {}, suppressed, is_total)
    cells: dict[str, Cell] = {}
    for domain in domains:
        levels = [person.levels[domain] for person in people]
        share = None
        if targets is not None and domain in targets:
            share = round(sum(level >= targets[domain] for level in levels) / len(levels), 2)
        cells[domain] = Cell(round(sum(levels) / len(levels), 1), share, len(levels))
    return Row(group, cells, None, is_total)


def _alphabetical(key: str | None) -> tuple[bool, str, str]:
    # Case-insensitive, with people who have no team last.
    return key is None, (key or "").casefold(), key or ""
