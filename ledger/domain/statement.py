"""The monthly statement: the numbers of the disclosure notice, computed once and rendered
twice (JSON for `statement --json`, PDF for the notice board). Plain data; amounts in fen.

The money summary follows the public-revenue bank account (专户): opening balance, money in,
money out, closing balance, which must agree (opening + in − out = closing). Income is shown
by category as gross, the property company's cost share, and net (民法典 §282).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ledger.domain.arrears import Arrear
from ledger.domain.fund_share import FundShareReport
from ledger.domain.money import format_plain
from ledger.domain.reconciliation import BankCheck


@dataclass(frozen=True)
class CategoryLine:
    key: str
    name: str
    gross_fen: int
    deduction_fen: int
    gross_ytd_fen: int
    deduction_ytd_fen: int

    @property
    def net_fen(self) -> int:
        return self.gross_fen - self.deduction_fen

    @property
    def net_ytd_fen(self) -> int:
        return self.gross_ytd_fen - self.deduction_ytd_fen

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "name": self.name,
            "gross": format_plain(self.gross_fen),
            "deduction": format_plain(self.deduction_fen),
            "net": format_plain(self.net_fen),
            "gross_ytd": format_plain(self.gross_ytd_fen),
            "deduction_ytd": format_plain(self.deduction_ytd_fen),
            "net_ytd": format_plain(self.net_ytd_fen),
        }


@dataclass(frozen=True)
class PaymentLine:
    date: dt.date
    voucher: str
    memo: str
    project: str  # project title, or "" for a payment outside any project (fees, audit…)
    payee: str
    amount_fen: int
    basis: str  # the vote and notice it rests on, in words

    def as_json(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "voucher": self.voucher,
            "memo": self.memo,
            "project": self.project,
            "payee": self.payee,
            "amount": format_plain(self.amount_fen),
            "basis": self.basis,
        }


@dataclass(frozen=True)
class ProjectLine:
    id: int
    title: str
    state: str
    state_label: str
    budget_fen: int | None
    paid_fen: int
    notice_start: dt.date | None
    notice_end: dt.date | None

    @property
    def remaining_fen(self) -> int:
        return (self.budget_fen or 0) - self.paid_fen

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "state": self.state,
            "state_label": self.state_label,
            "budget": None if self.budget_fen is None else format_plain(self.budget_fen),
            "paid": format_plain(self.paid_fen),
            "remaining": format_plain(self.remaining_fen),
            "notice_start": self.notice_start.isoformat() if self.notice_start else None,
            "notice_end": self.notice_end.isoformat() if self.notice_end else None,
        }


@dataclass(frozen=True)
class ComplaintLine:
    received_on: dt.date
    channel: str
    content: str
    answer: str | None
    answered_on: dt.date | None

    def as_json(self) -> dict[str, Any]:
        return {
            "received_on": self.received_on.isoformat(),
            "channel": self.channel,
            "content": self.content,
            "answer": self.answer,
            "answered_on": self.answered_on.isoformat() if self.answered_on else None,
        }


@dataclass(frozen=True)
class SignLine:
    role: str  # 编制 / 监督小组审查 / 业委会 / 社区党委 / 公示
    name: str
    date: dt.date

    def as_json(self) -> dict[str, Any]:
        return {"role": self.role, "name": self.name, "date": self.date.isoformat()}


@dataclass(frozen=True)
class MonthlyStatement:
    compound: str
    month: str  # YYYY-MM
    month_label: str
    state: str
    state_label: str
    opening_fen: int
    income_fen: int  # money into the bank account this month
    spending_fen: int  # money out of it
    closing_fen: int
    income_ytd_fen: int
    spending_ytd_fen: int
    income_total_fen: int  # since the account opened
    spending_total_fen: int
    opened_on: dt.date
    categories: tuple[CategoryLine, ...]
    payments: tuple[PaymentLine, ...]
    in_notice: tuple[ProjectLine, ...]
    on_hold: tuple[ProjectLine, ...]
    in_progress: tuple[ProjectLine, ...]
    finished: tuple[ProjectLine, ...]
    complaints: tuple[ComplaintLine, ...]
    signatures: tuple[SignLine, ...]
    seal_register_no: int | None
    verification_code: str | None  # the published month's snapshot hash
    posted_from: dt.date | None
    posted_until: dt.date | None
    hotline: str
    suggestion_box: str
    legal_basis: str
    arrears: tuple[Arrear, ...] = ()  # money owed to the compound and overdue at the month's end
    fund_share: FundShareReport | None = None  # the maintenance-fund share, when rules ask it
    bank_check: BankCheck | None = None  # the month's bank reconciliation, once made

    @property
    def arrears_fen(self) -> int:
        return sum(a.outstanding_fen for a in self.arrears)

    @property
    def balanced(self) -> bool:
        return self.opening_fen + self.income_fen - self.spending_fen == self.closing_fen

    @property
    def short_code(self) -> str | None:
        return None if self.verification_code is None else self.verification_code[:16]

    def as_json(self) -> dict[str, Any]:
        return {
            "compound": self.compound,
            "month": self.month,
            "state": self.state,
            "state_label": self.state_label,
            "opening": format_plain(self.opening_fen),
            "income": format_plain(self.income_fen),
            "spending": format_plain(self.spending_fen),
            "closing": format_plain(self.closing_fen),
            "income_ytd": format_plain(self.income_ytd_fen),
            "spending_ytd": format_plain(self.spending_ytd_fen),
            "income_total": format_plain(self.income_total_fen),
            "spending_total": format_plain(self.spending_total_fen),
            "opened_on": self.opened_on.isoformat(),
            "categories": [c.as_json() for c in self.categories],
            "payments": [p.as_json() for p in self.payments],
            "projects": {
                "in_notice": [p.as_json() for p in self.in_notice],
                "on_hold": [p.as_json() for p in self.on_hold],
                "in_progress": [p.as_json() for p in self.in_progress],
                "finished": [p.as_json() for p in self.finished],
            },
            "complaints": [c.as_json() for c in self.complaints],
            "signatures": [s.as_json() for s in self.signatures],
            "seal_register_no": self.seal_register_no,
            "verification_code": self.verification_code,
            "posted_from": self.posted_from.isoformat() if self.posted_from else None,
            "posted_until": self.posted_until.isoformat() if self.posted_until else None,
            "hotline": self.hotline,
            "suggestion_box": self.suggestion_box,
            "legal_basis": self.legal_basis,
            "arrears": [a.as_json() for a in self.arrears],
            "arrears_total": format_plain(self.arrears_fen),
            "fund_share": self.fund_share.as_json() if self.fund_share else None,
            "bank_reconciliation": self.bank_check.as_json() if self.bank_check else None,
        }
