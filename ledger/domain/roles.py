"""Roles and the permissions matrix: every role × every action, in one place (DESIGN.md §1).

A role is granted over a scope — the street, a community or a compound — and covers every
compound inside that scope. Maker ≠ checker (invariant 7) is checked on top of this matrix.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    TREASURER = "treasurer"
    COMMITTEE = "committee"
    SUPERVISOR = "supervisor"
    COMMUNITY = "community"
    STREET = "street"
    AUDITOR = "auditor"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]

    @classmethod
    def parse(cls, text: str) -> Role:
        for role in cls:
            if text in (role.value, role.label):
                return role
        from ledger.domain.errors import InvalidInput

        names = "、".join(f"{r.value}（{r.label}）" for r in cls)
        raise InvalidInput(f"未知角色「{text}」：可选 {names}")


ROLE_LABELS = {
    Role.TREASURER: "出纳/记账",
    Role.COMMITTEE: "业委会",
    Role.SUPERVISOR: "监督小组",
    Role.COMMUNITY: "社区党委",
    Role.STREET: "街道",
    Role.AUDITOR: "审计",
}


class Action(StrEnum):
    READ = "read"
    DRAFT_ENTRY = "draft_entry"
    APPROVE_ENTRY = "approve_entry"
    REVERSE_ENTRY = "reverse_entry"
    LOCK_MONTH = "lock_month"
    MANAGE_ORG = "manage_org"
    MANAGE_USERS = "manage_users"
    EXPORT = "export"

    @property
    def label(self) -> str:
        return ACTION_LABELS[self]


ACTION_LABELS = {
    Action.READ: "查看账簿",
    Action.DRAFT_ENTRY: "编制凭证草稿",
    Action.APPROVE_ENTRY: "审核过账",
    Action.REVERSE_ENTRY: "编制冲销凭证",
    Action.LOCK_MONTH: "月结锁账",
    Action.MANAGE_ORG: "设立街道、社区、小区",
    Action.MANAGE_USERS: "管理用户和角色",
    Action.EXPORT: "导出",
}

_ALL = frozenset(Role)

PERMISSIONS: dict[Action, frozenset[Role]] = {
    Action.READ: _ALL,
    Action.DRAFT_ENTRY: frozenset({Role.TREASURER}),
    Action.APPROVE_ENTRY: frozenset({Role.COMMITTEE}),
    Action.REVERSE_ENTRY: frozenset({Role.TREASURER}),
    Action.LOCK_MONTH: frozenset({Role.COMMUNITY}),
    Action.MANAGE_ORG: frozenset({Role.STREET}),
    Action.MANAGE_USERS: frozenset({Role.STREET}),
    Action.EXPORT: _ALL,
}


def allowed(role: Role, action: Action) -> bool:
    return role in PERMISSIONS[action]


def roles_for(action: Action) -> frozenset[Role]:
    return PERMISSIONS[action]
