"""The bank reconciliation statement (银行存款余额调节表) of one month, in integer fen.

Each side's balance is brought to what it would be had both seen everything:
- bank side: bank balance + 企业已收银行未收 − 企业已付银行未付;
- books side: ledger balance + 银行已收企业未收 − 银行已付企业未付.
The difference (bank side − books side) is what nothing explains; a month is prepared for
publication only when it is zero.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from ledger.domain.money import format_plain
from ledger.domain.period import Month


class TransitKind(StrEnum):
    BANK_IN = "bank_in"  # 银行已收、企业未收
    BANK_OUT = "bank_out"  # 银行已付、企业未付
    BOOKS_IN = "books_in"  # 企业已收、银行未收
    BOOKS_OUT = "books_out"  # 企业已付、银行未付

    @property
    def label(self) -> str:
        return TRANSIT_LABELS[self]


TRANSIT_LABELS = {
    TransitKind.BANK_IN: "银行已收、企业未收",
    TransitKind.BANK_OUT: "银行已付、企业未付",
    TransitKind.BOOKS_IN: "企业已收、银行未收",
    TransitKind.BOOKS_OUT: "企业已付、银行未付",
}


class BalanceSource(StrEnum):
    STATEMENT = "statement"  # the last imported line on or before the month's end
    TYPED = "typed"  # typed from the paper statement by a named person

    @property
    def label(self) -> str:
        return "导入的对账单" if self is BalanceSource.STATEMENT else "手工录入纸质对账单"


@dataclass(frozen=True)
class TransitItem:
    kind: TransitKind
    date: dt.date
    amount_fen: int  # positive
    ref: str  # the bank serial or the voucher number
    text: str

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "date": self.date.isoformat(),
            "amount": format_plain(self.amount_fen),
            "ref": self.ref,
            "text": self.text,
        }


def transit_item(
    *, bank_side: bool, amount_fen: int, date: dt.date, ref: str, text: str
) -> TransitItem:
    """An item seen by one side only; `amount_fen` signed from the account holder's side."""
    if bank_side:
        kind = TransitKind.BANK_IN if amount_fen > 0 else TransitKind.BANK_OUT
    else:
        kind = TransitKind.BOOKS_IN if amount_fen > 0 else TransitKind.BOOKS_OUT
    return TransitItem(kind, date, abs(amount_fen), ref, text)


@dataclass(frozen=True)
class Reconciliation:
    compound: str
    month: Month
    bank_balance_fen: int
    source: BalanceSource
    ledger_balance_fen: int
    items: tuple[TransitItem, ...]

    def total(self, kind: TransitKind) -> int:
        return sum(i.amount_fen for i in self.items if i.kind is kind)

    @property
    def adjusted_bank_fen(self) -> int:
        return (
            self.bank_balance_fen
            + self.total(TransitKind.BOOKS_IN)
            - self.total(TransitKind.BOOKS_OUT)
        )

    @property
    def adjusted_ledger_fen(self) -> int:
        return (
            self.ledger_balance_fen
            + self.total(TransitKind.BANK_IN)
            - self.total(TransitKind.BANK_OUT)
        )

    @property
    def difference_fen(self) -> int:
        return self.adjusted_bank_fen - self.adjusted_ledger_fen

    @property
    def balanced(self) -> bool:
        return self.difference_fen == 0

    def figures(self) -> tuple[int, ...]:
        """What a stored reconciliation must still give when recomputed."""
        return (
            self.bank_balance_fen,
            self.ledger_balance_fen,
            *(self.total(k) for k in TransitKind),
            self.difference_fen,
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "compound": self.compound,
            "month": str(self.month),
            "bank_balance": format_plain(self.bank_balance_fen),
            "bank_balance_source": self.source.value,
            "ledger_balance": format_plain(self.ledger_balance_fen),
            "totals": {k.value: format_plain(self.total(k)) for k in TransitKind},
            "adjusted_bank_balance": format_plain(self.adjusted_bank_fen),
            "adjusted_ledger_balance": format_plain(self.adjusted_ledger_fen),
            "difference": format_plain(self.difference_fen),
            "balanced": self.balanced,
            "items": [i.as_json() for i in self.items],
        }


def sorted_items(items: Sequence[TransitItem]) -> tuple[TransitItem, ...]:
    order = list(TransitKind)
    return tuple(sorted(items, key=lambda i: (order.index(i.kind), i.date, i.ref)))


@dataclass(frozen=True)
class BankCheck:
    """What the monthly notice shows of the month's reconciliation: the bank's own balance,
    the books', the items in transit between them and the difference left (zero when
    reconciled)."""

    bank_balance_fen: int
    source: BalanceSource
    ledger_balance_fen: int
    bank_in_fen: int
    bank_out_fen: int
    books_in_fen: int
    books_out_fen: int
    difference_fen: int

    @property
    def in_transit(self) -> bool:
        return any((self.bank_in_fen, self.bank_out_fen, self.books_in_fen, self.books_out_fen))

    def as_json(self) -> dict[str, Any]:
        return {
            "bank_balance": format_plain(self.bank_balance_fen),
            "source": self.source.value,
            "ledger_balance": format_plain(self.ledger_balance_fen),
            "totals": {
                TransitKind.BANK_IN.value: format_plain(self.bank_in_fen),
                TransitKind.BANK_OUT.value: format_plain(self.bank_out_fen),
                TransitKind.BOOKS_IN.value: format_plain(self.books_in_fen),
                TransitKind.BOOKS_OUT.value: format_plain(self.books_out_fen),
            },
            "difference": format_plain(self.difference_fen),
        }
