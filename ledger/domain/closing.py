"""The month close (月结) as a state machine: who does which step, in which order.

prepare (treasurer) → review (supervisory group; may send back) → sign (committee)
→ sign (community) → publish (committee, with the seal) → locked.

A month is open until the treasurer prepares it; preparing freezes its figures as a snapshot
(hash) and stops posting into it. The supervisory group may send it back at any point before
publication, which reopens it; the next preparation freezes a new snapshot and sign-offs of
an earlier round never carry over. Publishing locks it for good.
"""

from __future__ import annotations

from enum import StrEnum

from ledger.domain.errors import IntegrityError
from ledger.domain.roles import Action, Role


class MonthState(StrEnum):
    OPEN = "open"
    PREPARED = "prepared"
    REVIEWED = "reviewed"
    COMMITTEE_SIGNED = "committee_signed"
    COMMUNITY_SIGNED = "community_signed"
    PUBLISHED = "published"

    @property
    def label(self) -> str:
        return STATE_LABELS[self]

    @property
    def next_step(self) -> str:
        """What has to happen next, and who does it, in words."""
        return NEXT_STEPS[self]


STATE_LABELS = {
    MonthState.OPEN: "未结账（可记账）",
    MonthState.PREPARED: "已编制，待监督小组审查",
    MonthState.REVIEWED: "监督小组已审查，待业委会签字",
    MonthState.COMMITTEE_SIGNED: "业委会已签字，待社区党委签字",
    MonthState.COMMUNITY_SIGNED: "社区党委已签字，待用印公示",
    MonthState.PUBLISHED: "已公示锁账",
}

NEXT_STEPS = {
    MonthState.OPEN: "月份结束后由出纳编制月结（month prepare）",
    MonthState.PREPARED: "由监督小组审查（month review --approve，或 --return 退回）",
    MonthState.REVIEWED: "由业委会签字（month sign --as committee）",
    MonthState.COMMITTEE_SIGNED: "由社区党委签字（month sign --as community）",
    MonthState.COMMUNITY_SIGNED: "社区党委批准月度公示用印后，由业委会公示锁账（month publish）",
    MonthState.PUBLISHED: "已完成，不能再记入；更正请记入未结账的月份并注明所更正的凭证",
}


class Step(StrEnum):
    PREPARE = "prepare"
    REVIEW = "review"
    SIGN_COMMITTEE = "sign_committee"
    SIGN_COMMUNITY = "sign_community"
    PUBLISH = "publish"

    @property
    def label(self) -> str:
        return STEP_LABELS[self]


STEP_LABELS = {
    Step.PREPARE: "出纳编制",
    Step.REVIEW: "监督小组审查",
    Step.SIGN_COMMITTEE: "业委会签字",
    Step.SIGN_COMMUNITY: "社区党委签字",
    Step.PUBLISH: "公示锁账",
}


class Decision(StrEnum):
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"
    SIGNED = "signed"
    PUBLISHED = "published"

    @property
    def label(self) -> str:
        return DECISION_LABELS[self]


DECISION_LABELS = {
    Decision.SUBMITTED: "提交",
    Decision.APPROVED: "通过",
    Decision.RETURNED: "退回",
    Decision.SIGNED: "签字",
    Decision.PUBLISHED: "公示",
}

# A signature: the role that signs, the permission it needs, the state it needs, the result.
SIGNATURES: dict[Role, tuple[Step, Action, MonthState, MonthState]] = {
    Role.COMMITTEE: (
        Step.SIGN_COMMITTEE,
        Action.SIGN_MONTH_COMMITTEE,
        MonthState.REVIEWED,
        MonthState.COMMITTEE_SIGNED,
    ),
    Role.COMMUNITY: (
        Step.SIGN_COMMUNITY,
        Action.SIGN_MONTH_COMMUNITY,
        MonthState.COMMITTEE_SIGNED,
        MonthState.COMMUNITY_SIGNED,
    ),
}

# States the supervisory group may send back from: anything frozen but not yet published.
RETURNABLE = frozenset(
    {
        MonthState.PREPARED,
        MonthState.REVIEWED,
        MonthState.COMMITTEE_SIGNED,
        MonthState.COMMUNITY_SIGNED,
    }
)

# Steps of one round that must each be done by a different person (maker ≠ checker).
SEPARATE_STEPS = frozenset({Step.PREPARE, Step.REVIEW, Step.SIGN_COMMITTEE, Step.SIGN_COMMUNITY})


class SnapshotMismatch(IntegrityError):
    """The books no longer give the snapshot that was frozen when the month was prepared."""
