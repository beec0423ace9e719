"""The audit packages (经济责任审计统一规范): a period of a compound's books, or one person's
term (离任审计), with the balances at the start and the end and everything done in between.

Balances are to the day: `opening_fen` of an account is its balance at the end of the day
before `first_day`, `closing_fen` at the end of `last_day`; debit and credit are the turnover
in between. Income and expense totals are seen from the accounts' normal sides.

A person's term runs from the earliest role grant that covers the compound (the compound
itself, its community or its street) to `term_end`. Roles are not revoked yet (there is no
service for it), so every term is still open and ends today; when revocation comes, a term
ends on the day its last covering grant is revoked.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ledger.domain.account import AccountKind
from ledger.domain.audit_items import (
    ComplaintItem,
    EntryItem,
    PaymentApprovalItem,
    SealItem,
    SignoffItem,
    StepItem,
    VoteItem,
)
from ledger.domain.clock import format_local
from ledger.domain.money import format_plain
from ledger.domain.period import Month
from ledger.domain.trial_balance import AccountLine

CATEGORY_LABELS = {
    "entries": "过账凭证",
    "drafted": "编制的凭证",
    "approved": "审核过账的凭证",
    "project_steps": "项目步骤",
    "votes": "登记的表决",
    "seals": "用印登记",
    "signoffs": "月结手续",
    "complaints": "投诉建议",
    "payment_approvals": "大额付款把关",
}


@dataclass(frozen=True)
class Balances:
    """A compound's trial balance over `first_day`…`last_day`, and its bank account."""

    first_day: dt.date
    last_day: dt.date
    accounts: tuple[AccountLine, ...]
    bank_code: str | None

    def _bank(self) -> AccountLine | None:
        return next((a for a in self.accounts if a.code == self.bank_code), None)

    @property
    def bank_opening_fen(self) -> int:
        line = self._bank()
        return line.opening_fen if line else 0

    @property
    def bank_closing_fen(self) -> int:
        line = self._bank()
        return line.closing_fen if line else 0

    def movement_fen(self, kind: AccountKind) -> int:
        """The turnover of every account of `kind`, seen from the kind's normal side."""
        return sum(
            kind.normal_balance(a.debit_fen - a.credit_fen)
            for a in self.accounts
            if a.kind == kind.value
        )

    @property
    def income_fen(self) -> int:
        return self.movement_fen(AccountKind.INCOME)

    @property
    def expense_fen(self) -> int:
        return self.movement_fen(AccountKind.EXPENSE)

    def as_json(self) -> dict[str, Any]:
        return {
            "from": self.first_day.isoformat(),
            "to": self.last_day.isoformat(),
            "bank": {
                "code": self.bank_code,
                "opening": format_plain(self.bank_opening_fen),
                "closing": format_plain(self.bank_closing_fen),
            },
            "totals": {
                "income": format_plain(self.income_fen),
                "expense": format_plain(self.expense_fen),
                "net": format_plain(self.income_fen - self.expense_fen),
            },
            "accounts": [{**a.as_json(), "kind": a.kind} for a in self.accounts],
        }


@dataclass(frozen=True)
class Records:
    """The lists every audit package has besides the vouchers."""

    project_steps: tuple[StepItem, ...] = ()
    votes: tuple[VoteItem, ...] = ()
    seals: tuple[SealItem, ...] = ()
    signoffs: tuple[SignoffItem, ...] = ()
    complaints: tuple[ComplaintItem, ...] = ()
    payment_approvals: tuple[PaymentApprovalItem, ...] = ()

    def counts(self) -> dict[str, int]:
        return {
            "project_steps": len(self.project_steps),
            "votes": len(self.votes),
            "seals": len(self.seals),
            "signoffs": len(self.signoffs),
            "complaints": len(self.complaints),
            "payment_approvals": len(self.payment_approvals),
        }

    def as_json(self) -> dict[str, Any]:
        return {
            "project_steps": [x.as_json() for x in self.project_steps],
            "votes": [x.as_json() for x in self.votes],
            "seals": [x.as_json() for x in self.seals],
            "signoffs": [x.as_json() for x in self.signoffs],
            "complaints": [x.as_json() for x in self.complaints],
            "payment_approvals": [x.as_json() for x in self.payment_approvals],
        }


@dataclass(frozen=True)
class AuditReport:
    """A compound's books and controls over the months `first`…`last`, both included."""

    compound: str
    first: Month
    last: Month
    balances: Balances
    entries: tuple[EntryItem, ...] = ()
    records: Records = field(default_factory=Records)

    def counts(self) -> dict[str, int]:
        return {"entries": len(self.entries), **self.records.counts()}

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": "period",
            "compound": self.compound,
            "from": str(self.first),
            "to": str(self.last),
            "balances": self.balances.as_json(),
            "counts": self.counts(),
            "entries": [x.as_json() for x in self.entries],
            **self.records.as_json(),
        }


@dataclass(frozen=True)
class GrantItem:
    """A role the person holds and over what scope, since when."""

    role: str
    role_label: str
    scope_kind: str
    scope: str
    granted_at: dt.datetime

    def as_json(self) -> dict[str, Any]:
        return {
            "role": self.role,
            "role_label": self.role_label,
            "scope_kind": self.scope_kind,
            "scope": self.scope,
            "granted_at": format_local(self.granted_at),
        }


@dataclass(frozen=True)
class PersonAudit:
    """One person's term in one compound (离任审计): what they did, and the balances."""

    compound: str
    person: str  # user name
    display_name: str
    grants: tuple[GrantItem, ...]
    term_start: dt.date
    term_end: dt.date
    balances: Balances
    drafted: tuple[EntryItem, ...] = ()
    approved: tuple[EntryItem, ...] = ()
    records: Records = field(default_factory=Records)

    @property
    def term_open(self) -> bool:
        """Still in office: no revocation exists yet, so always true (see the module doc)."""
        return True

    def counts(self) -> dict[str, int]:
        return {"drafted": len(self.drafted), "approved": len(self.approved)} | (
            self.records.counts()
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": "person",
            "compound": self.compound,
            "person": {
                "name": self.person,
                "display_name": self.display_name,
                "roles": [g.as_json() for g in self.grants],
            },
            "term": {
                "start": self.term_start.isoformat(),
                "end": self.term_end.isoformat(),
                "open": self.term_open,
            },
            "balances": self.balances.as_json(),
            "counts": self.counts(),
            "drafted": [x.as_json() for x in self.drafted],
            "approved": [x.as_json() for x in self.approved],
            **self.records.as_json(),
        }
