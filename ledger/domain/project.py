"""Projects: the residents' process from a need to a closed project (DESIGN.md §2).

proposed → verified → legal_reviewed → quoted (quotes, one chosen) → voted
  → [community_approved, when the tier requires it] → publicized (notice, N days)
  → in_progress (payments allowed) → accepted → closed
objections during the notice put it on_hold until resolved; rejected / withdrawn from any
open state. Each action names the states it may start from; anything else is refused.
"""

from __future__ import annotations

from enum import StrEnum

from ledger.domain.errors import WrongState


class ProjectState(StrEnum):
    PROPOSED = "proposed"
    VERIFIED = "verified"
    LEGAL_REVIEWED = "legal_reviewed"
    QUOTED = "quoted"
    VOTED = "voted"
    COMMUNITY_APPROVED = "community_approved"
    PUBLICIZED = "publicized"
    ON_HOLD = "on_hold"
    IN_PROGRESS = "in_progress"
    ACCEPTED = "accepted"
    CLOSED = "closed"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return STATE_LABELS[self]

    @property
    def is_open(self) -> bool:
        return self not in (ProjectState.CLOSED, ProjectState.REJECTED, ProjectState.WITHDRAWN)


STATE_LABELS = {
    ProjectState.PROPOSED: "群众点题",
    ProjectState.VERIFIED: "需求已验证",
    ProjectState.LEGAL_REVIEWED: "合法性审查通过",
    ProjectState.QUOTED: "比价中",
    ProjectState.VOTED: "表决通过",
    ProjectState.COMMUNITY_APPROVED: "社区已把关",
    ProjectState.PUBLICIZED: "公示中",
    ProjectState.ON_HOLD: "异议处理中（暂停）",
    ProjectState.IN_PROGRESS: "实施中",
    ProjectState.ACCEPTED: "已验收",
    ProjectState.CLOSED: "已结项",
    ProjectState.REJECTED: "已否决",
    ProjectState.WITHDRAWN: "已撤回",
}


class ProjectAction(StrEnum):
    PROPOSE = "propose"
    VERIFY = "verify"
    REVIEW = "review"
    QUOTE = "quote"
    CHOOSE = "choose"
    VOTE = "vote"
    APPROVE = "approve"
    PUBLISH = "publish"
    OBJECT = "object"
    RESOLVE = "resolve"
    START = "start"
    ACCEPT = "accept"
    CLOSE = "close"
    REJECT = "reject"
    WITHDRAW = "withdraw"

    @property
    def label(self) -> str:
        return ACTION_LABELS[self]


ACTION_LABELS = {
    ProjectAction.PROPOSE: "立项提议",
    ProjectAction.VERIFY: "需求验证",
    ProjectAction.REVIEW: "合法性审查",
    ProjectAction.QUOTE: "登记报价",
    ProjectAction.CHOOSE: "选定供应商",
    ProjectAction.VOTE: "表决",
    ProjectAction.APPROVE: "社区把关",
    ProjectAction.PUBLISH: "公示",
    ProjectAction.OBJECT: "登记异议",
    ProjectAction.RESOLVE: "处理异议",
    ProjectAction.START: "开工实施",
    ProjectAction.ACCEPT: "验收",
    ProjectAction.CLOSE: "结项",
    ProjectAction.REJECT: "否决",
    ProjectAction.WITHDRAW: "撤回",
}

S = ProjectState
OPEN_STATES = frozenset(s for s in ProjectState if s.is_open)

# Which states each action may start from.
FROM_STATES: dict[ProjectAction, frozenset[ProjectState]] = {
    ProjectAction.VERIFY: frozenset({S.PROPOSED}),
    ProjectAction.REVIEW: frozenset({S.VERIFIED}),
    ProjectAction.QUOTE: frozenset({S.LEGAL_REVIEWED, S.QUOTED}),
    ProjectAction.CHOOSE: frozenset({S.QUOTED}),
    ProjectAction.VOTE: frozenset({S.QUOTED}),
    ProjectAction.APPROVE: frozenset({S.VOTED}),
    ProjectAction.PUBLISH: frozenset({S.VOTED, S.COMMUNITY_APPROVED}),
    ProjectAction.OBJECT: frozenset({S.PUBLICIZED, S.ON_HOLD}),
    ProjectAction.RESOLVE: frozenset({S.ON_HOLD}),
    ProjectAction.START: frozenset({S.PUBLICIZED}),
    ProjectAction.ACCEPT: frozenset({S.IN_PROGRESS}),
    ProjectAction.CLOSE: frozenset({S.ACCEPTED}),
    ProjectAction.REJECT: OPEN_STATES,
    ProjectAction.WITHDRAW: OPEN_STATES - {S.IN_PROGRESS, S.ACCEPTED},
}

PAYABLE = frozenset({S.IN_PROGRESS})


def check_action(state: ProjectState, action: ProjectAction, *, project: str = "") -> None:
    """Refuse `action` unless the project's state allows it, saying what state it is in."""
    allowed = FROM_STATES[action]
    if state not in allowed:
        need = "、".join(s.label for s in ProjectState if s in allowed)
        raise WrongState(
            f"项目{project}现在「{state.label}」，不能{action.label}（需要处于：{need}）",
            state=state.value,
            action=action.value,
        )


# Who may propose a project, and how its need may be verified (codes → words on the papers).
PROPOSER_KINDS = {
    "party_member": "党员",
    "building_head": "楼栋长",
    "resident": "居民",
    "committee": "业委会",
    "community": "社区",
}
VERIFY_METHODS = {
    "door_to_door": "入户走访",
    "phone": "电话询问",
    "online": "线上问卷",
    "meeting": "居民议事会",
}
OBJECTION_STATES = {
    "open": "待处理（项目暂停）",
    "dismissed": "已书面答复，异议不成立",
    "upheld": "异议成立",
}
