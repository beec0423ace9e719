"""Rules: the typed, immutable form of `rules.yaml` — chart of accounts, income categories,
project tiers, vote thresholds, notice periods and limits — for a street and its compounds.

Invariants kept here (the loader in `ledger.interop.rules_yaml` checks them before building):
- money is integer fen, shares are integer basis points (1 bp = 0.01%);
- every role in `AccountRole` names exactly one account, of the kind the role requires;
- project tiers are ordered by their upper bound, and only the last one is unbounded, so
  `tier_for` finds exactly one tier for any budget;
- a compound's `Rules` are computed once at load time (street defaults + its overrides).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from ledger.domain.account import Account, AccountKind, AccountRole
from ledger.domain.bank_rules import BankRules
from ledger.domain.errors import InvalidInput, UnknownAccount
from ledger.domain.money import BP_WHOLE, bp_share
from ledger.domain.vote_rules import (
    ApprovalBase,
    AreaAndOwners,
    AssemblyVoteRule,
    CommitteeVoteRule,
    Threshold,
    VoteBody,
)

# The vote and account types are defined in their own modules and re-exported here, so the
# whole rules model can be imported from one place.
__all__ = [
    "Account",
    "AccountKind",
    "AccountRole",
    "ApprovalBase",
    "AreaAndOwners",
    "AssemblyVoteRule",
    "CommitteeVoteRule",
    "Frequency",
    "IncomeCategory",
    "MaintenanceFundRule",
    "MonthClose",
    "ProjectTier",
    "RuleBook",
    "Rules",
    "Supervision",
    "Threshold",
    "UnknownCategory",
    "VoteBody",
]


class UnknownCategory(InvalidInput):
    """An income-category key that the rules do not define."""


class Frequency(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    YEARLY = "yearly"

    @property
    def label(self) -> str:
        return {"monthly": "按月", "quarterly": "按季度", "yearly": "按年"}[self.value]

    @property
    def months(self) -> int:
        """Months in one period: a transfer is due after each period closes."""
        return {"monthly": 1, "quarterly": 3, "yearly": 12}[self.value]


@dataclass(frozen=True)
class IncomeCategory:
    key: str
    name: str
    account: str  # code of an income account
    cost_share_bp: int  # the property company's reasonable-cost share of gross income
    receivable: str | None = None  # code of the asset account for money owed, if any

    def cost_share_fen(self, gross_fen: int) -> int:
        """The default cost share of a gross amount (the ledger's one rounding rule)."""
        return bp_share(gross_fen, self.cost_share_bp)


@dataclass(frozen=True)
class ProjectTier:
    key: str
    name: str
    below_fen: int | None  # exclusive upper bound of the budget; None for the top tier
    quotes: int  # quotes needed before the vote
    vote_body: VoteBody
    community_approval: bool  # the community Party committee must approve (重大事项把关)
    may_delegate_to_property: bool  # the property company may carry it out on instruction

    def covers(self, budget_fen: int) -> bool:
        return self.below_fen is None or budget_fen < self.below_fen


@dataclass(frozen=True)
class MaintenanceFundRule:
    share_bp: int  # share of net public revenue transferred to the maintenance fund
    frequency: Frequency
    preset: str | None = None  # the local rule it follows (`shanghai`, `guangxi`), if any

    @property
    def enabled(self) -> bool:
        return self.share_bp > 0


@dataclass(frozen=True)
class Supervision:
    hotline: str
    suggestion_box: str


@dataclass(frozen=True)
class MonthClose:
    publish_deadline_day: int  # the month's notice is published by this day of the next month


@dataclass(frozen=True)
class Rules:
    """The complete rules for one compound (street defaults with its overrides applied)."""

    accounts: tuple[Account, ...]
    income_categories: tuple[IncomeCategory, ...]
    project_tiers: tuple[ProjectTier, ...]
    committee_vote: CommitteeVoteRule
    assembly_vote: AssemblyVoteRule
    notice_days: int
    objection_days: int  # objections are taken from the first notice day for this many days
    major_payment_limit_fen: int  # a payment of this amount or more needs community approval
    payment_tolerance_bp: int  # payments may exceed the approved budget by this share
    property_transfer_day: int  # the property company pays collected income over by this day
    maintenance_fund: MaintenanceFundRule
    month_close: MonthClose
    supervision: Supervision
    voucher_prefix: str
    timezone: str
    _by_code: Mapping[str, Account] = field(init=False, repr=False, compare=False)
    _by_role: Mapping[AccountRole, Account] = field(init=False, repr=False, compare=False)
    _by_key: Mapping[str, IncomeCategory] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_role = {a.role: a for a in self.accounts if a.role is not None}
        indexes = {
            "_by_code": MappingProxyType({a.code: a for a in self.accounts}),
            "_by_role": MappingProxyType(by_role),
            "_by_key": MappingProxyType({c.key: c for c in self.income_categories}),
        }
        for name, index in indexes.items():
            object.__setattr__(self, name, index)

    def account(self, code: str) -> Account:
        try:
            return self._by_code[code]
        except KeyError:
            raise UnknownAccount(f"未知科目「{code}」", code=code) from None

    def has_account(self, code: str) -> bool:
        return code in self._by_code

    def account_by_role(self, role: AccountRole | str) -> Account:
        try:
            return self._by_role[AccountRole(role)]
        except (KeyError, ValueError):
            raise UnknownAccount(f"没有用途为「{role}」的科目", role=str(role)) from None

    def category(self, key: str) -> IncomeCategory:
        try:
            return self._by_key[key]
        except KeyError:
            valid = "、".join(self._by_key)
            raise UnknownCategory(
                f"未知的收入类别「{key}」，可选：{valid}", key=key, valid=tuple(self._by_key)
            ) from None

    def category_for_account(self, code: str) -> IncomeCategory | None:
        return next((c for c in self.income_categories if c.account == code), None)

    def tier_for(self, budget_fen: int) -> ProjectTier:
        if budget_fen < 0:
            raise ValueError(f"budget {budget_fen} fen is negative")
        return next(t for t in self.project_tiers if t.covers(budget_fen))

    def is_major_payment(self, amount_fen: int) -> bool:
        return amount_fen >= self.major_payment_limit_fen

    def payment_ceiling_fen(self, approved_budget_fen: int) -> int:
        """The most a project may be paid in total: its budget plus the tolerance, rounded
        down so the tolerance never adds a fen more than the rules allow."""
        return approved_budget_fen + approved_budget_fen * self.payment_tolerance_bp // BP_WHOLE


@dataclass(frozen=True)
class RuleBook:
    """All the rules of one rules file: the street's defaults and each compound's own."""

    version: int
    defaults: Rules
    compounds: Mapping[str, Rules]  # only compounds that override something
    bank: BankRules = field(default_factory=BankRules)  # statement layouts and matching

    def for_compound(self, name: str) -> Rules:
        return self.compounds.get(name, self.defaults)
