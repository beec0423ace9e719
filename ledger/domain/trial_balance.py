"""The trial balance read model (科目余额表): plain data that the CLI, reports and TUI show.

Balances are signed debit-positive; totals of debit and credit turnover are equal and the
closing balances sum to zero whenever the books balance.
"""

from __future__ import annotations

from dataclasses import dataclass

from ledger.domain.money import format_plain


@dataclass(frozen=True)
class AccountLine:
    code: str
    name: str
    kind: str
    opening_fen: int
    debit_fen: int
    credit_fen: int

    @property
    def closing_fen(self) -> int:
        return self.opening_fen + self.debit_fen - self.credit_fen

    def as_json(self) -> dict[str, str]:
        return {
            "code": self.code,
            "name": self.name,
            "opening": format_plain(self.opening_fen),
            "debit": format_plain(self.debit_fen),
            "credit": format_plain(self.credit_fen),
            "closing": format_plain(self.closing_fen),
        }


@dataclass(frozen=True)
class TrialBalance:
    compound: str
    month: str
    accounts: tuple[AccountLine, ...]

    @property
    def debit_fen(self) -> int:
        return sum(a.debit_fen for a in self.accounts)

    @property
    def credit_fen(self) -> int:
        return sum(a.credit_fen for a in self.accounts)

    @property
    def balanced(self) -> bool:
        closing = sum(a.closing_fen for a in self.accounts)
        return self.debit_fen == self.credit_fen and closing == 0

    def as_json(self) -> dict[str, object]:
        return {
            "compound": self.compound,
            "month": self.month,
            "accounts": [a.as_json() for a in self.accounts],
            "totals": {
                "debit": format_plain(self.debit_fen),
                "credit": format_plain(self.credit_fen),
            },
        }
