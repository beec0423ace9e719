"""Vote thresholds for the owners' committee and the owners' assembly, as exact fractions.

Invariants kept here:
- a threshold is a fraction 0 < n/d ≤ 1 compared with `>` ("过半数") or `≥` ("三分之二以上");
- whether it is met is decided in integer arithmetic (part·d against n·whole), so exactly 2/3
  is never lost to rounding, whatever the units (heads, or exclusive area in any fixed unit);
- nobody counted (whole = 0) meets no threshold.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True)
class Threshold:
    numerator: int
    denominator: int
    strict: bool  # True: part/whole must be greater than n/d; False: at least n/d

    def __post_init__(self) -> None:
        if not 0 < self.numerator <= self.denominator:
            raise ValueError(f"threshold {self.numerator}/{self.denominator} not in (0, 1]")

    def met(self, part: int, whole: int) -> bool:
        if part < 0 or whole < 0 or part > whole:
            raise ValueError(f"part {part} of whole {whole} is not a count")
        if whole == 0:
            return False
        left, right = part * self.denominator, self.numerator * whole
        return left > right if self.strict else left >= right

    @property
    def label(self) -> str:
        """Chinese wording: 过半数, 三分之二以上 (以上 includes the boundary, as in law)."""
        if (self.numerator, self.denominator) == (1, 2):
            return "过半数" if self.strict else "半数以上"
        fraction = f"{_chinese_number(self.denominator)}分之{_chinese_number(self.numerator)}"
        return f"超过{fraction}" if self.strict else f"{fraction}以上"


def _chinese_number(n: int) -> str:
    digits = "零一二三四五六七八九十"
    return digits[n] if 0 <= n <= 10 else str(n)


@dataclass(frozen=True)
class AreaAndOwners:
    """Civil Code §278 counts twice: by exclusive area and by head; both must be met."""

    area: Threshold
    owners: Threshold

    def met(self, area_part: int, area_whole: int, owners_part: int, owners_whole: int) -> bool:
        return self.area.met(area_part, area_whole) and self.owners.met(owners_part, owners_whole)


class VoteBody(StrEnum):
    COMMITTEE = "committee"
    ASSEMBLY = "assembly"

    @property
    def label(self) -> str:
        return "业委会" if self is VoteBody.COMMITTEE else "业主大会"


class ApprovalBase(StrEnum):
    """What a committee's yes-votes are counted against."""

    MEMBERS = "members"  # all members in office (《业主大会和业主委员会指导规则》)
    PRESENT = "present"  # members present at the meeting


@dataclass(frozen=True)
class CommitteeVoteRule:
    quorum: Threshold  # members present / members in office
    approval: Threshold  # yes-votes / the approval base
    approval_base: ApprovalBase

    def quorate(self, present: int, members: int) -> bool:
        return self.quorum.met(present, members)

    def passes(self, votes_for: int, present: int, members: int) -> bool:
        if not self.quorate(present, members):
            return False
        base = members if self.approval_base is ApprovalBase.MEMBERS else present
        return self.approval.met(votes_for, base)


@dataclass(frozen=True)
class AssemblyVoteRule:
    """Civil Code §278: participation of all owners, then approval among participants."""

    participation: AreaAndOwners  # participating / all, by area and by head
    ordinary: AreaAndOwners  # yes / participating, for items other than 6–8
    special: AreaAndOwners  # yes / participating, for items 6–8 (raise funds, rebuild, use)

    def participation_met(
        self, area_voted: int, area_total: int, owners_voted: int, owners_total: int
    ) -> bool:
        return self.participation.met(area_voted, area_total, owners_voted, owners_total)

    def approval_met(
        self,
        area_for: int,
        area_voted: int,
        owners_for: int,
        owners_voted: int,
        *,
        special: bool,
    ) -> bool:
        rule = self.special if special else self.ordinary
        return rule.met(area_for, area_voted, owners_for, owners_voted)
