"""Bank-statement rules from `rules.yaml`: the column layouts (profiles) of the statements
Chinese banks export, the matching window and the keywords that guess what an unmatched bank
line was.

Invariants kept here (the loader in `ledger.interop.rules_bank` checks them):
- every profile names at least one header text for each required column, and no header text
  stands for two columns of one profile;
- money in and money out are separate columns, both written as positive amounts: in the
  借方发生额 / 贷方发生额 layout the bank writes from its own books, where the account holder's
  deposit is a liability, so 借方 (debit) = money out of the account, 贷方 (credit) = money in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from ledger.domain.errors import InvalidInput


class BankColumn(StrEnum):
    DATE = "date"
    MONEY_IN = "money_in"
    MONEY_OUT = "money_out"
    BALANCE = "balance"
    SERIAL = "serial"
    MEMO = "memo"
    COUNTERPARTY = "counterparty"
    COUNTERPARTY_ACCOUNT = "counterparty_account"

    @property
    def label(self) -> str:
        return COLUMN_LABELS[self]


COLUMN_LABELS = {
    BankColumn.DATE: "交易日期",
    BankColumn.MONEY_IN: "收入金额",
    BankColumn.MONEY_OUT: "支出金额",
    BankColumn.BALANCE: "余额",
    BankColumn.SERIAL: "流水号",
    BankColumn.MEMO: "摘要",
    BankColumn.COUNTERPARTY: "对方户名",
    BankColumn.COUNTERPARTY_ACCOUNT: "对方账号",
}
REQUIRED_COLUMNS = (
    BankColumn.DATE,
    BankColumn.MONEY_IN,
    BankColumn.MONEY_OUT,
    BankColumn.BALANCE,
    BankColumn.SERIAL,
)


def header_key(text: str) -> str:
    """A header cell as compared: no spaces, no unit suffix such as （元） or (元)."""
    squeezed = "".join(text.split())
    for suffix in ("（元）", "(元)", "（人民币）", "(人民币)"):
        squeezed = squeezed.removesuffix(suffix)
    return squeezed


@dataclass(frozen=True)
class BankProfile:
    """One column layout: for each column, the header texts that name it."""

    key: str
    name: str
    columns: Mapping[BankColumn, tuple[str, ...]]

    def column_for(self, header: str) -> BankColumn | None:
        wanted = header_key(header)
        for column, names in self.columns.items():
            if wanted in (header_key(n) for n in names):
                return column
        return None


@dataclass(frozen=True)
class BankRules:
    profiles: tuple[BankProfile, ...] = ()
    window_days: int = 3  # a bank line and an entry match when this many days apart at most
    # (category key, words): money in whose counterparty or memo has a word is that income
    income_keywords: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # (account code, words): money out whose counterparty or memo has a word is that expense
    expense_keywords: tuple[tuple[str, tuple[str, ...]], ...] = ()
    default_income: str = "other"
    _by_key: Mapping[str, BankProfile] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_key", {p.key: p for p in self.profiles})

    def profile(self, key: str) -> BankProfile:
        try:
            return self._by_key[key]
        except KeyError:
            known = "、".join(f"{p.key}（{p.name}）" for p in self.profiles) or "（无）"
            raise InvalidInput(
                f"rules.yaml 的 bank_profiles 中没有格式「{key}」，可选：{known}", profile=key
            ) from None

    def income_category(self, text: str) -> str:
        """The income category a money-in line's words point to, else the default."""
        return _first(self.income_keywords, text) or self.default_income

    def expense_account(self, text: str) -> str | None:
        """The expense account a money-out line's words point to; None when nothing fits."""
        return _first(self.expense_keywords, text)


def _first(table: tuple[tuple[str, tuple[str, ...]], ...], text: str) -> str | None:
    return next((key for key, words in table if any(w in text for w in words)), None)
