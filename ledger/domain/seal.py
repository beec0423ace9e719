"""The seal register's words: which documents are sealed and where a register line stands.

A line is requested, then approved or refused by the community custodian, then (approved
only) recorded as used. Nothing moves backwards and a refused or used line is final.
"""

from __future__ import annotations

from enum import StrEnum

from ledger.domain.errors import InvalidInput


class SealKind(StrEnum):
    PROJECT_NOTICE = "project_notice"
    MONTH_NOTICE = "month_notice"
    PAYMENT = "payment"
    CONTRACT = "contract"
    OTHER = "other"

    @property
    def label(self) -> str:
        return KIND_LABELS[self]

    @classmethod
    def parse(cls, text: str) -> SealKind:
        value = (text or "").strip()
        for kind in cls:
            if value in (kind.value, kind.label):
                return kind
        names = "、".join(f"{k.value}（{k.label}）" for k in cls)
        raise InvalidInput(f"未知的用印文件类别「{text}」：可选 {names}", kind=text)


KIND_LABELS = {
    SealKind.PROJECT_NOTICE: "立项公示",
    SealKind.MONTH_NOTICE: "月度公示",
    SealKind.PAYMENT: "大额付款",
    SealKind.CONTRACT: "合同",
    SealKind.OTHER: "其他",
}


class SealState(StrEnum):
    REQUESTED = "requested"
    APPROVED = "approved"
    REFUSED = "refused"
    USED = "used"

    @property
    def label(self) -> str:
        return STATE_LABELS[self]


STATE_LABELS = {
    SealState.REQUESTED: "待审批",
    SealState.APPROVED: "已批准待盖章",
    SealState.REFUSED: "不予用印",
    SealState.USED: "已盖章",
}
