"""A posted voucher (记账凭证) as a person reads it: plain data for `entry show` and the PDF.

Built by `ledger.services.journal` from the stored entry; printed by `reports.voucher_pdf`.
It lives in the domain so that `reports/` can render it without importing the store.

Who signs what on the paper. The ledger records two people per entry, and the four boxes of
a standard voucher are filled from them:
- 制单 (made by) and 出纳 (cashier): the maker — the treasurer (出纳/记账) who drafted the entry
  and who handles the bank account;
- 审核 (checked by) and 记账 (posted by): the checker — approving an entry posts it to the
  books in the same step, so the person who checked it is the one who entered it.
Maker ≠ checker (invariant 7), so the two pairs are always different people.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

SHORT_HASH_CHARS = 16


class VoucherLine(NamedTuple):
    code: str
    account: str
    amount_fen: int  # debit positive, credit negative
    memo: str


@dataclass(frozen=True)
class VoucherView:
    """One posted voucher with account names, people, times and its hash-chain link."""

    compound: str
    voucher: str
    date: dt.date
    memo: str
    kind: str
    lines: tuple[VoucherLine, ...]
    maker: str
    checker: str
    drafted_at: dt.datetime
    posted_at: dt.datetime
    attachment_count: int
    attachments: tuple[tuple[str, str], ...]  # (sha256, filename)
    reverses: str | None
    reversed_by: str | None
    reason: str | None
    hash: str
    prev_hash: str
    project: str | None = None  # "#1 供水主管道更换工程" when the entry belongs to a project

    @property
    def debit_fen(self) -> int:
        return sum(line.amount_fen for line in self.lines if line.amount_fen > 0)

    @property
    def credit_fen(self) -> int:
        return -sum(line.amount_fen for line in self.lines if line.amount_fen < 0)

    @property
    def short_hash(self) -> str:
        return self.hash[:SHORT_HASH_CHARS]

    @property
    def signatures(self) -> tuple[tuple[str, str], ...]:
        """The four boxes at the foot of the paper, in print order (see module docstring)."""
        return (
            ("制单", self.maker),
            ("审核", self.checker),
            ("记账", self.checker),
            ("出纳", self.maker),
        )
