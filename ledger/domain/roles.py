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
    PROPOSE_PROJECT = "propose_project"
    VERIFY_PROJECT = "verify_project"
    REVIEW_PROJECT = "review_project"
    QUOTE_PROJECT = "quote_project"
    CHOOSE_QUOTE = "choose_quote"
    RECORD_VOTE = "record_vote"
    GATE_PROJECT = "gate_project"
    PUBLISH_PROJECT = "publish_project"
    FILE_OBJECTION = "file_objection"
    RESOLVE_OBJECTION = "resolve_objection"
    START_PROJECT = "start_project"
    ACCEPT_PROJECT = "accept_project"
    CLOSE_PROJECT = "close_project"
    REJECT_PROJECT = "reject_project"
    WITHDRAW_PROJECT = "withdraw_project"
    DRAFT_PAYMENT = "draft_payment"
    GATE_PAYMENT = "gate_payment"
    REQUEST_SEAL = "request_seal"
    APPROVE_SEAL = "approve_seal"
    USE_SEAL = "use_seal"
    MANAGE_CONTRACT = "manage_contract"
    PREPARE_MONTH = "prepare_month"
    REVIEW_MONTH = "review_month"
    SIGN_MONTH_COMMITTEE = "sign_month_committee"
    SIGN_MONTH_COMMUNITY = "sign_month_community"
    PUBLISH_MONTH = "publish_month"
    RECORD_COMPLAINT = "record_complaint"
    ANSWER_COMPLAINT = "answer_complaint"
    AUDIT = "audit"
    MANAGE_ORG = "manage_org"
    MANAGE_USERS = "manage_users"
    EXPORT = "export"
    IMPORT_BANK = "import_bank"
    RECONCILE = "reconcile"

    @property
    def label(self) -> str:
        return ACTION_LABELS[self]


ACTION_LABELS = {
    Action.READ: "查看账簿",
    Action.DRAFT_ENTRY: "编制凭证草稿",
    Action.APPROVE_ENTRY: "审核过账",
    Action.REVERSE_ENTRY: "编制冲销凭证",
    Action.PROPOSE_PROJECT: "登记群众点题（立项提议）",
    Action.VERIFY_PROJECT: "登记需求验证",
    Action.REVIEW_PROJECT: "登记合法性审查意见",
    Action.QUOTE_PROJECT: "登记报价",
    Action.CHOOSE_QUOTE: "选定供应商",
    Action.RECORD_VOTE: "登记表决结果",
    Action.GATE_PROJECT: "重大事项把关（项目）",
    Action.PUBLISH_PROJECT: "发布立项公示",
    Action.FILE_OBJECTION: "登记异议",
    Action.RESOLVE_OBJECTION: "处理异议",
    Action.START_PROJECT: "开工实施",
    Action.ACCEPT_PROJECT: "项目验收",
    Action.CLOSE_PROJECT: "项目结项",
    Action.REJECT_PROJECT: "否决项目",
    Action.WITHDRAW_PROJECT: "撤回项目",
    Action.DRAFT_PAYMENT: "编制项目付款",
    Action.GATE_PAYMENT: "重大事项把关（大额付款）",
    Action.REQUEST_SEAL: "申请用印",
    Action.APPROVE_SEAL: "审批用印",
    Action.USE_SEAL: "登记盖章",
    Action.MANAGE_CONTRACT: "登记和终止收入合同",
    Action.PREPARE_MONTH: "月结编制",
    Action.REVIEW_MONTH: "月结审查（监督小组）",
    Action.SIGN_MONTH_COMMITTEE: "月结签字（业委会）",
    Action.SIGN_MONTH_COMMUNITY: "月结签字（社区党委）",
    Action.PUBLISH_MONTH: "月结公示锁账",
    Action.RECORD_COMPLAINT: "登记投诉建议",
    Action.ANSWER_COMPLAINT: "答复投诉建议",
    Action.AUDIT: "经济责任审计查询",
    Action.MANAGE_ORG: "设立街道、社区、小区",
    Action.MANAGE_USERS: "管理用户和角色",
    Action.EXPORT: "导出",
    Action.IMPORT_BANK: "导入银行对账单并匹配凭证",
    Action.RECONCILE: "编制银行存款余额调节表",
}

_ALL = frozenset(Role)
T, C, SV, CM, ST, AU = (
    Role.TREASURER,
    Role.COMMITTEE,
    Role.SUPERVISOR,
    Role.COMMUNITY,
    Role.STREET,
    Role.AUDITOR,
)

# The one place that says who may do what. Maker ≠ checker is checked on top of it.
PERMISSIONS: dict[Action, frozenset[Role]] = {
    Action.READ: _ALL,
    Action.DRAFT_ENTRY: frozenset({T}),
    Action.APPROVE_ENTRY: frozenset({C}),
    Action.REVERSE_ENTRY: frozenset({T}),
    Action.PROPOSE_PROJECT: frozenset({T, C, CM}),
    Action.VERIFY_PROJECT: frozenset({C}),
    Action.REVIEW_PROJECT: frozenset({C, CM}),
    Action.QUOTE_PROJECT: frozenset({T, C}),
    Action.CHOOSE_QUOTE: frozenset({C}),
    Action.RECORD_VOTE: frozenset({C}),
    Action.GATE_PROJECT: frozenset({CM}),
    Action.PUBLISH_PROJECT: frozenset({C}),
    Action.FILE_OBJECTION: frozenset({SV, C, CM}),
    Action.RESOLVE_OBJECTION: frozenset({CM}),
    Action.START_PROJECT: frozenset({C}),
    Action.ACCEPT_PROJECT: frozenset({C}),
    Action.CLOSE_PROJECT: frozenset({C}),
    Action.REJECT_PROJECT: frozenset({C, CM}),
    Action.WITHDRAW_PROJECT: frozenset({C}),
    Action.DRAFT_PAYMENT: frozenset({T}),
    Action.GATE_PAYMENT: frozenset({CM}),
    Action.REQUEST_SEAL: frozenset({T, C}),
    Action.APPROVE_SEAL: frozenset({CM}),
    Action.USE_SEAL: frozenset({CM}),
    Action.MANAGE_CONTRACT: frozenset({T, C}),
    Action.PREPARE_MONTH: frozenset({T}),
    Action.REVIEW_MONTH: frozenset({SV}),
    Action.SIGN_MONTH_COMMITTEE: frozenset({C}),
    Action.SIGN_MONTH_COMMUNITY: frozenset({CM}),
    Action.PUBLISH_MONTH: frozenset({C}),
    Action.RECORD_COMPLAINT: frozenset({T, C, SV, CM}),
    Action.ANSWER_COMPLAINT: frozenset({C, CM}),
    Action.AUDIT: frozenset({AU, ST, CM, SV}),
    Action.MANAGE_ORG: frozenset({ST}),
    Action.MANAGE_USERS: frozenset({ST}),
    Action.EXPORT: _ALL,
    Action.IMPORT_BANK: frozenset({T}),
    Action.RECONCILE: frozenset({T}),
}


def allowed(role: Role, action: Action) -> bool:
    return role in PERMISSIONS[action]


def roles_for(action: Action) -> frozenset[Role]:
    return PERMISSIONS[action]
