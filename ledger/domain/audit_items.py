"""The lines of an audit package (经济责任审计): each thing someone did, with who and when.

Plain, immutable data: vouchers with their maker and checker, project steps, vote tallies,
seal-register lines, month sign-offs, complaints and the community's approvals of major
payments. People are shown by their display names; timestamps are kept as aware UTC datetimes
and shown in local time; amounts are integer fen and written in JSON as decimal strings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ledger.domain.clock import format_local
from ledger.domain.money import format_plain


def _local(ts: dt.datetime | None) -> str | None:
    return format_local(ts) if ts is not None else None


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


@dataclass(frozen=True)
class EntryItem:
    """A posted voucher: drafted by `maker`, approved and posted by `checker`."""

    voucher_no: str
    date: dt.date
    kind: str
    memo: str
    amount_fen: int  # the debit total
    maker: str
    checker: str
    drafted_at: dt.datetime
    posted_at: dt.datetime
    project_id: int | None
    reverses: str | None  # the voucher this one reverses

    def as_json(self) -> dict[str, Any]:
        return {
            "voucher": self.voucher_no,
            "date": self.date.isoformat(),
            "kind": self.kind,
            "memo": self.memo,
            "amount": format_plain(self.amount_fen),
            "maker": self.maker,
            "checker": self.checker,
            "drafted_at": format_local(self.drafted_at),
            "posted_at": format_local(self.posted_at),
            "project_id": self.project_id,
            "reverses": self.reverses,
        }


@dataclass(frozen=True)
class StepItem:
    """One recorded step of a project (who, on which day, on what evidence)."""

    project_id: int
    project_title: str
    action: str
    action_label: str
    to_state: str
    to_state_label: str
    person: str
    on_date: dt.date
    at: dt.datetime
    evidence: str

    def as_json(self) -> dict[str, Any]:
        return {
            "project_id": self.project_id,
            "project_title": self.project_title,
            "action": self.action,
            "action_label": self.action_label,
            "to_state": self.to_state,
            "to_state_label": self.to_state_label,
            "person": self.person,
            "date": self.on_date.isoformat(),
            "at": format_local(self.at),
            "evidence": self.evidence,
        }


@dataclass(frozen=True)
class VoteItem:
    """A vote tally as recorded, with its result."""

    id: int
    project_id: int
    project_title: str
    body: str
    body_label: str
    held_on: dt.date
    votes_for: int
    votes_against: int
    abstain: int
    passed: bool
    recorded_by: str
    recorded_at: dt.datetime

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "project_id": self.project_id,
            "project_title": self.project_title,
            "body": self.body,
            "body_label": self.body_label,
            "held_on": self.held_on.isoformat(),
            "for": self.votes_for,
            "against": self.votes_against,
            "abstain": self.abstain,
            "passed": self.passed,
            "recorded_by": self.recorded_by,
            "recorded_at": format_local(self.recorded_at),
        }


@dataclass(frozen=True)
class SealItem:
    """A seal-register line: requested, decided (approved or refused), used.

    `capacities` says, in a person's audit, in which of the three the person acted.
    """

    register_no: int
    kind: str
    kind_label: str
    document: str
    purpose: str
    state: str
    state_label: str
    project_id: int | None
    draft_id: int | None
    month: str | None
    requested_by: str
    requested_at: dt.datetime
    decided_by: str | None
    decided_at: dt.datetime | None
    opinion: str | None
    used_by: str | None
    used_at: dt.datetime | None
    capacities: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "register_no": self.register_no,
            "kind": self.kind,
            "kind_label": self.kind_label,
            "document": self.document,
            "purpose": self.purpose,
            "state": self.state,
            "state_label": self.state_label,
            "project_id": self.project_id,
            "draft_id": self.draft_id,
            "month": self.month,
            "requested_by": self.requested_by,
            "requested_at": format_local(self.requested_at),
            "decided_by": self.decided_by,
            "decided_at": _local(self.decided_at),
            "opinion": self.opinion,
            "used_by": self.used_by,
            "used_at": _local(self.used_at),
            "capacities": list(self.capacities),
        }


@dataclass(frozen=True)
class SignoffItem:
    """One step of a month's close: prepared, reviewed (or sent back), signed, published."""

    month: str
    step: str
    step_label: str
    decision: str
    decision_label: str
    person: str
    at: dt.datetime
    comment: str

    def as_json(self) -> dict[str, Any]:
        return {
            "month": self.month,
            "step": self.step,
            "step_label": self.step_label,
            "decision": self.decision,
            "decision_label": self.decision_label,
            "person": self.person,
            "at": format_local(self.at),
            "comment": self.comment,
        }


@dataclass(frozen=True)
class ComplaintItem:
    """A complaint or suggestion, who recorded it and who answered it when."""

    id: int
    channel: str
    channel_label: str
    received_on: dt.date
    resident: str
    content: str
    recorded_by: str
    recorded_at: dt.datetime
    answer: str | None
    answered_by: str | None
    answered_on: dt.date | None
    capacities: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "channel": self.channel,
            "channel_label": self.channel_label,
            "received_on": self.received_on.isoformat(),
            "resident": self.resident,
            "content": self.content,
            "recorded_by": self.recorded_by,
            "recorded_at": format_local(self.recorded_at),
            "answer": self.answer,
            "answered_by": self.answered_by,
            "answered_on": _iso(self.answered_on),
            "capacities": list(self.capacities),
        }


@dataclass(frozen=True)
class PaymentApprovalItem:
    """The community's approval of a major payment (重大事项统一把关) before it posts."""

    draft_id: int
    project_id: int | None
    project_title: str | None
    amount_fen: int
    voucher_no: str | None  # once the payment is posted
    approved_by: str
    approved_at: dt.datetime
    opinion: str

    def as_json(self) -> dict[str, Any]:
        return {
            "draft_id": self.draft_id,
            "project_id": self.project_id,
            "project_title": self.project_title,
            "amount": format_plain(self.amount_fen),
            "voucher": self.voucher_no,
            "approved_by": self.approved_by,
            "approved_at": format_local(self.approved_at),
            "opinion": self.opinion,
        }
