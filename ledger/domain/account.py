"""Accounts: one line of the chart of accounts (科目) and the kinds and roles it can have.

Invariants kept here:
- an account's kind fixes its normal side (asset and expense are debit-normal, the rest are
  credit-normal) and the root of its beancount name (net assets live under `Equity`);
- "may go negative" is judged on the balance seen from the normal side, so a bank account
  with a credit balance is negative, and so is a payable with a debit balance.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Final


class Side(StrEnum):
    DEBIT = "debit"
    CREDIT = "credit"

    @property
    def label(self) -> str:
        return "借" if self is Side.DEBIT else "贷"


class AccountKind(StrEnum):
    ASSET = "asset"
    LIABILITY = "liability"
    NET_ASSETS = "net_assets"
    INCOME = "income"
    EXPENSE = "expense"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]

    @property
    def normal_side(self) -> Side:
        return Side.DEBIT if self in (AccountKind.ASSET, AccountKind.EXPENSE) else Side.CREDIT

    @property
    def beancount_root(self) -> str:
        return _BEANCOUNT_ROOTS[self]

    @property
    def code_digit(self) -> str:
        """First digit of the account code, as in 《民间非营利组织会计制度》 (1 资产 … 5 费用)."""
        return _CODE_DIGITS[self]

    def normal_balance(self, debit_minus_credit_fen: int) -> int:
        """The balance seen from this kind's normal side (positive = the usual direction)."""
        if self.normal_side is Side.DEBIT:
            return debit_minus_credit_fen
        return -debit_minus_credit_fen


_KIND_LABELS: Final = {
    AccountKind.ASSET: "资产",
    AccountKind.LIABILITY: "负债",
    AccountKind.NET_ASSETS: "净资产",
    AccountKind.INCOME: "收入",
    AccountKind.EXPENSE: "费用",
}
_BEANCOUNT_ROOTS: Final = {
    AccountKind.ASSET: "Assets",
    AccountKind.LIABILITY: "Liabilities",
    AccountKind.NET_ASSETS: "Equity",
    AccountKind.INCOME: "Income",
    AccountKind.EXPENSE: "Expenses",
}
_CODE_DIGITS: Final = {
    AccountKind.ASSET: "1",
    AccountKind.LIABILITY: "2",
    AccountKind.NET_ASSETS: "3",
    AccountKind.INCOME: "4",
    AccountKind.EXPENSE: "5",
}


class AccountRole(StrEnum):
    """Accounts the services find by what they are for, not by their code."""

    BANK = "bank"
    RECEIVABLE_PROPERTY = "receivable_property"
    SURPLUS = "surplus"
    OPENING = "opening"
    COST_SHARE = "cost_share"
    MAINTENANCE_FUND = "maintenance_fund"
    BANK_FEE = "bank_fee"
    INTEREST = "interest"

    @property
    def kind(self) -> AccountKind:
        """The only kind an account with this role may have."""
        return _ROLE_KINDS[self]


_ROLE_KINDS: Final = {
    AccountRole.BANK: AccountKind.ASSET,
    AccountRole.RECEIVABLE_PROPERTY: AccountKind.ASSET,
    AccountRole.SURPLUS: AccountKind.NET_ASSETS,
    AccountRole.OPENING: AccountKind.NET_ASSETS,
    AccountRole.COST_SHARE: AccountKind.EXPENSE,
    AccountRole.MAINTENANCE_FUND: AccountKind.EXPENSE,
    AccountRole.BANK_FEE: AccountKind.EXPENSE,
    AccountRole.INTEREST: AccountKind.INCOME,
}

# Codes as in 《民间非营利组织会计制度》: four digits for a first-level account, two per level.
ACCOUNT_CODE_RE: Final = re.compile(r"[1-5][0-9]{3}(?:[0-9]{2}){0,2}")
# beancount's own rule, narrowed to ASCII so every tool downstream reads the names alike.
BEANCOUNT_NAME_RE: Final = re.compile(r"[A-Z][A-Za-z0-9-]*(?::[A-Z0-9][A-Za-z0-9-]*)+")


def beancount_name_problem(name: str, kind: AccountKind) -> str | None:
    """Why `name` cannot be the beancount name of an account of `kind`, or None if it can."""
    if not name.isascii():
        return f"beancount 科目名只能用英文字母、数字和连字符，不能是「{name}」"
    if not BEANCOUNT_NAME_RE.fullmatch(name):
        return (
            f"beancount 科目名「{name}」格式不对：应由冒号分隔的至少两段组成，"
            "每段以大写字母或数字开头，如 Assets:Bank:PublicRevenue"
        )
    root = name.split(":", 1)[0]
    if root != kind.beancount_root:
        return (
            f"{kind.label}类科目的 beancount 名应以「{kind.beancount_root}:」开头，不是「{root}」"
        )
    return None


@dataclass(frozen=True)
class Account:
    code: str
    name: str
    kind: AccountKind
    beancount: str
    may_go_negative: bool
    role: AccountRole | None = None

    @property
    def normal_side(self) -> Side:
        return self.kind.normal_side

    @property
    def label(self) -> str:
        """How a voucher shows the account: code and name together."""
        return f"{self.code} {self.name}"
