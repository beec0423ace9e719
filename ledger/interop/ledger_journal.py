"""Render a compound's books as a plain-text journal that hledger and ledger-cli both read.

The same read model as the beancount file (`BooksExport`), the same ASCII account names
(with the compound component `C3` in a street file, so one compound's accounts are
`^[^:]+:C3:`), amounts as `1234.56 CNY` converted from integer fen at this edge. Each
transaction is `DATE * (VOUCHER) MEMO` with its lines; the compound and the hash travel as
comments (`; compound: 3, seq: …, hash: …`), which both tools ignore. Balance assertions
are left to the beancount file: this journal is for reading the same numbers with the
peers' own engines. Entries stream one at a time.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from ledger.domain.money import fen_to_decimal
from ledger.interop.beancount_out import BooksExport, EntryOut, account_name

CURRENCY = "CNY"


def render_journal_header(out: TextIO, title: str) -> None:
    out.write(
        f"; {title}\n; 由公共收益明白账导出，供 hledger / ledger 读取；金额单位：元（CNY）\n\n"
    )


def render_journal(out: TextIO, books: BooksExport, *, street: bool = False) -> int:
    """Write one compound's accounts and transactions; returns how many transactions."""
    prefix = f"C{books.compound_id}" if street else None
    out.write(f"; {books.compound}\n")
    for a in books.accounts:
        out.write(f"account {account_name(a.beancount, prefix)}  ; {a.code} {a.name}\n")
    out.write("\n")
    return _transactions(out, books.entries, books.compound_id, prefix)


def _transactions(
    out: TextIO, entries: Iterable[EntryOut], compound_id: int, prefix: str | None
) -> int:
    count = 0
    write = out.write
    for e in entries:
        memo = " ".join(e.memo.split()) or e.voucher
        write(f"{e.date.isoformat()} * ({e.voucher}) {memo}\n")
        write(f"    ; compound: {compound_id}, seq: {e.seq}, hash: {e.hash}\n")
        for line in e.lines:
            name = account_name(line.account, prefix)
            amount = fen_to_decimal(line.amount_fen)
            note = " ".join(line.memo.split())
            tail = f"  ; {note}" if note else ""
            write(f"    {name}  {amount} {CURRENCY}{tail}\n")
        write("\n")
        count += 1
    return count
