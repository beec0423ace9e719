"""Vote tallies and their judgement against the rules: counts, not flags.

An impossible tally (more yes-votes than voters, more voters than owners) is refused. The
outcome keeps every check with its exact figures and margin — how many more votes (or how
much more area) were needed, or how many it passed by — so the notice and the auditors can
see not just the result but how close it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ledger.domain.errors import InvalidInput
from ledger.domain.vote_rules import AssemblyVoteRule, CommitteeVoteRule, Threshold


@dataclass(frozen=True)
class Check:
    name: str
    part: int
    whole: int
    threshold: str
    needed: int  # the least `part` that meets the threshold
    met: bool

    @property
    def margin(self) -> int:
        """Positive: by how much it was met; negative: how much was missing."""
        return self.part - self.needed

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "part": self.part,
            "whole": self.whole,
            "threshold": self.threshold,
            "needed": self.needed,
            "met": self.met,
            "margin": self.margin,
        }


@dataclass(frozen=True)
class VoteOutcome:
    passed: bool
    checks: tuple[Check, ...]

    def summary(self) -> str:
        parts = []
        for c in self.checks:
            verdict = "达到" if c.met else "未达到"
            parts.append(
                f"{c.name} {c.part}/{c.whole}，{verdict}{c.threshold}（至少需 {c.needed}）"
            )
        return "；".join(parts) + ("。表决通过" if self.passed else "。表决未通过")


def least_part(threshold: Threshold, whole: int) -> int:
    """The smallest part of `whole` that meets the threshold (exact integer arithmetic)."""
    n, d = threshold.numerator, threshold.denominator
    if threshold.strict:
        return n * whole // d + 1
    return -(-n * whole // d)


def _check(name: str, threshold: Threshold, part: int, whole: int) -> Check:
    return Check(
        name, part, whole, threshold.label, least_part(threshold, whole), threshold.met(part, whole)
    )


def _nonnegative(**counts: int) -> None:
    for name, value in counts.items():
        if type(value) is not int or value < 0:
            raise InvalidInput(f"票数「{name}」应为非负整数，现在是 {value!r}")


@dataclass(frozen=True)
class CommitteeTally:
    members: int
    present: int
    votes_for: int
    against: int
    abstain: int

    def check(self) -> None:
        _nonnegative(
            在任委员=self.members,
            出席=self.present,
            赞成=self.votes_for,
            反对=self.against,
            弃权=self.abstain,
        )
        if self.members == 0:
            raise InvalidInput("在任委员人数不能为零")
        if self.present > self.members:
            raise InvalidInput(f"出席人数 {self.present} 多于在任委员 {self.members}：票数不可能")
        cast = self.votes_for + self.against + self.abstain
        if cast != self.present:
            raise InvalidInput(
                f"赞成 {self.votes_for} + 反对 {self.against} + 弃权 {self.abstain} = {cast}，"
                f"应等于出席人数 {self.present}"
            )


def judge_committee(rule: CommitteeVoteRule, t: CommitteeTally) -> VoteOutcome:
    t.check()
    quorum = _check("出席委员", rule.quorum, t.present, t.members)
    base = t.members if rule.approval_base.value == "members" else t.present
    base_name = (
        "赞成（占全体委员）" if rule.approval_base.value == "members" else "赞成（占出席委员）"
    )
    approval = _check(base_name, rule.approval, t.votes_for, base)
    passed = quorum.met and approval.met
    return VoteOutcome(passed, (quorum, approval))


@dataclass(frozen=True)
class AssemblyTally:
    """Owners' assembly counts; area in hundredths of m² (integers)."""

    owners_total: int
    area_total: int
    owners_voted: int
    area_voted: int
    owners_for: int
    area_for: int
    owners_against: int = 0
    owners_abstain: int = 0

    def check(self) -> None:
        _nonnegative(
            业主总人数=self.owners_total,
            专有部分总面积=self.area_total,
            参与表决人数=self.owners_voted,
            参与表决面积=self.area_voted,
            赞成人数=self.owners_for,
            赞成面积=self.area_for,
            反对人数=self.owners_against,
            弃权人数=self.owners_abstain,
        )
        if self.owners_total == 0 or self.area_total == 0:
            raise InvalidInput("业主总人数和专有部分总面积都不能为零")
        if self.owners_voted > self.owners_total or self.area_voted > self.area_total:
            raise InvalidInput("参与表决的人数或面积超过了总数：票数不可能")
        if self.owners_for > self.owners_voted or self.area_for > self.area_voted:
            raise InvalidInput("赞成的人数或面积超过了参与表决的：票数不可能")
        cast = self.owners_for + self.owners_against + self.owners_abstain
        if cast != self.owners_voted:
            raise InvalidInput(
                f"赞成 {self.owners_for} + 反对 {self.owners_against} + 弃权 {self.owners_abstain}"
                f" = {cast}，应等于参与表决人数 {self.owners_voted}"
            )


def judge_assembly(rule: AssemblyVoteRule, t: AssemblyTally, *, special: bool) -> VoteOutcome:
    t.check()
    approval = rule.special if special else rule.ordinary
    checks = (
        _check("参与表决面积", rule.participation.area, t.area_voted, t.area_total),
        _check("参与表决人数", rule.participation.owners, t.owners_voted, t.owners_total),
        _check("赞成面积（占参与表决）", approval.area, t.area_for, t.area_voted),
        _check("赞成人数（占参与表决）", approval.owners, t.owners_for, t.owners_voted),
    )
    return VoteOutcome(all(c.met for c in checks), checks)
