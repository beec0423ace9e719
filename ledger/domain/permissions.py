"""The permissions matrix as people read it: one row per action, one mark per role.

Built from `roles.PERMISSIONS`, the one place that says who may do what; nothing here
decides anything, so the table `python main.py roles` prints can never disagree with what the
services enforce. The rules checked on top of the matrix are listed in `EXTRA_RULES`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ledger.domain.roles import PERMISSIONS, Action, Role

ALLOWED_MARK = "✓"
FORBIDDEN_MARK = "—"

# Checked by the services on top of the matrix: holding the role is not always enough.
EXTRA_RULES = (
    "凭证的编制人不能审核过账自己编制的凭证（制单与审核分离）。",
    "草稿只能由编制人本人修改或作废。",
    "用印申请人不能审批自己的申请。",
    "同一轮月结的编制、审查、业委会签字、社区党委签字须由四个不同的人办理。",
    "角色授予在街道、社区或小区一级，覆盖其范围内的所有小区；"
    "设立组织和管理用户须持有街道一级的「街道」角色。",
)


@dataclass(frozen=True)
class MatrixRow:
    """One action and the roles allowed to perform it."""

    action: Action
    allowed: frozenset[Role]

    @property
    def key(self) -> str:
        return self.action.value

    @property
    def label(self) -> str:
        return self.action.label

    def allows(self, role: Role) -> bool:
        return role in self.allowed

    def mark(self, role: Role) -> str:
        return ALLOWED_MARK if self.allows(role) else FORBIDDEN_MARK

    def as_json(self) -> dict[str, Any]:
        return {
            "action": self.key,
            "label": self.label,
            "roles": {role.value: self.allows(role) for role in Role},
        }


def permission_matrix() -> tuple[MatrixRow, ...]:
    """Every action, in the order `Action` declares them, with its allowed roles."""
    return tuple(MatrixRow(action, PERMISSIONS[action]) for action in Action)


def matrix_json() -> dict[str, Any]:
    """The whole matrix: the roles (key and label), every action's row, the extra rules."""
    return {
        "roles": [{"role": role.value, "label": role.label} for role in Role],
        "actions": [row.as_json() for row in permission_matrix()],
        "extra_rules": list(EXTRA_RULES),
    }
