"""Render a compound's books as a beancount file, from plain read-model data.

What the file keeps true, so `bean-check` accepts it and its balances equal ours:
- account names are ASCII (beancount rejects Chinese components); the Chinese name and the
  code travel as `open` metadata, every account opened on the compound's opening date;
- links are ASCII only: a Chinese tag or link makes beancount drop the whole transaction;
- amounts are `Decimal` with exactly two places, converted from integer fen at this edge;
- the bank account gets a `balance` assertion for every month end, dated the first day of
  the next month, because beancount checks a balance at the START of its date.

Entries arrive as an iterable and are written one at a time, so a long history streams.
In a street file every account is prefixed with a compound component (`Assets:C3:Bank:…`)
and every directive names its compound in metadata.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TextIO

from beancount.core import amount, data
from beancount.parser import printer

from ledger.domain.money import fen_to_decimal

CURRENCY = "CNY"
# An imported entry keeps its import key as an attachment whose file name starts with this.
KEY_FILE_PREFIX = "beancount:"


@dataclass(frozen=True)
class AccountOut:
    code: str
    name: str
    beancount: str


@dataclass(frozen=True)
class LineOut:
    account: str  # beancount name, without the compound prefix
    amount_fen: int
    memo: str = ""


@dataclass(frozen=True)
class EntryOut:
    seq: int
    date: dt.date
    voucher: str
    memo: str
    kind: str
    maker: str
    checker: str
    hash: str
    lines: tuple[LineOut, ...]
    category: str | None = None
    project: str | None = None
    reason: str | None = None
    reverses_seq: int | None = None
    reverses_voucher: str | None = None
    reversed: bool = False  # a later entry reverses this one
    attachment_count: int = 0
    import_key: str | None = None  # the key it was imported under, if it was


@dataclass(frozen=True)
class BooksExport:
    """One compound's books, as the beancount file shows them."""

    compound_id: int
    compound: str
    opened_on: dt.date
    bank_account: str
    accounts: tuple[AccountOut, ...]
    # (first day of the month after, bank balance at that month's end) for every month
    month_ends: tuple[tuple[dt.date, int], ...]
    entries: Iterable[EntryOut] = field(default=())


def render_header(out: TextIO, title: str) -> None:
    escaped = title.replace("\\", "\\\\").replace('"', '\\"')
    out.write(f'option "title" "{escaped}"\n')
    out.write(f'option "operating_currency" "{CURRENCY}"\n\n')


def render_books(out: TextIO, books: BooksExport, *, street: bool = False) -> int:
    """Write one compound's directives; returns how many transactions were written."""
    prefix = f"C{books.compound_id}" if street else None
    extra: dict[str, Any] = {"compound": books.compound} if street else {}
    out.write(f"; {books.compound}\n")
    for a in books.accounts:
        meta = {"code": a.code, "name": a.name, **extra}
        name = account_name(a.beancount, prefix)
        out.write(printer.format_entry(data.Open(meta, books.opened_on, name, [CURRENCY], None)))
    out.write("\n")
    bank = account_name(books.bank_account, prefix)
    count = 0
    pending = iter(books.month_ends)
    next_end = next(pending, None)
    for entry in books.entries:
        while next_end is not None and next_end[0] <= entry.date:
            out.write(_balance(bank, next_end, extra) + "\n")
            next_end = next(pending, None)
        out.write(printer.format_entry(transaction(entry, books.compound_id, prefix, extra)))
        out.write("\n")
        count += 1
    while next_end is not None:
        out.write(_balance(bank, next_end, extra))
        next_end = next(pending, None)
    out.write("\n")
    return count


def account_name(name: str, prefix: str | None) -> str:
    """`Assets:Bank:PublicRevenue`, or `Assets:C3:Bank:PublicRevenue` in a street file."""
    if prefix is None:
        return name
    root, rest = name.split(":", 1)
    return f"{root}:{prefix}:{rest}"


def reversal_link(compound_id: int, original_seq: int) -> str:
    return f"rev-{compound_id}-{original_seq}"


def transaction(
    entry: EntryOut, compound_id: int, prefix: str | None, extra: dict[str, Any]
) -> data.Transaction:
    meta: dict[str, Any] = dict(_meta(entry))
    meta.update(extra)
    links: set[str] = set()
    if entry.reverses_seq is not None:
        links.add(reversal_link(compound_id, entry.reverses_seq))
    if entry.reversed:
        links.add(reversal_link(compound_id, entry.seq))
    postings = [
        data.Posting(
            account_name(line.account, prefix),
            amount.Amount(fen_to_decimal(line.amount_fen), CURRENCY),
            None,
            None,
            None,
            {"memo": line.memo} if line.memo else None,
        )
        for line in entry.lines
    ]
    return data.Transaction(
        meta, entry.date, "*", None, entry.memo, frozenset(), frozenset(links), postings
    )


def _meta(entry: EntryOut) -> Iterator[tuple[str, Any]]:
    yield "voucher", entry.voucher
    yield "seq", Decimal(entry.seq)
    yield "kind", entry.kind
    yield "maker", entry.maker
    yield "checker", entry.checker
    yield "hash", entry.hash
    if entry.project is not None:
        yield "project", entry.project
    if entry.category is not None:
        yield "category", entry.category
    if entry.reverses_voucher is not None:
        yield "reverses", entry.reverses_voucher
    if entry.reason:
        yield "reason", entry.reason
    if entry.attachment_count:
        yield "attachments", Decimal(entry.attachment_count)
    if entry.import_key is not None:
        yield "import-key", entry.import_key


def _balance(account: str, end: tuple[dt.date, int], extra: dict[str, Any]) -> str:
    day, fen = end
    units = amount.Amount(fen_to_decimal(fen), CURRENCY)
    return printer.format_entry(data.Balance(dict(extra), day, account, units, None, None))
