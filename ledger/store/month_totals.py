"""The `month_total` table kept in step with the postings: both posting paths hand the lines
they write to `add`, in the same transaction, so the totals commit or roll back with them.

Postings are append-only (a correction is a reversal, itself new postings), so the totals
only ever grow by what is added; one upsert per (compound, month, account) a batch touches.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import text
from sqlalchemy.orm import Session

# Same syntax on SQLite (3.24+) and PostgreSQL; the existing row is named by the table.
_UPSERT = text(
    "INSERT INTO month_total"
    " (compound_id, voucher_month, account_id, debit_fen, credit_fen, count)"
    " VALUES (:compound_id, :voucher_month, :account_id, :debit_fen, :credit_fen, :count)"
    " ON CONFLICT (compound_id, voucher_month, account_id) DO UPDATE SET"
    " debit_fen = month_total.debit_fen + excluded.debit_fen,"
    " credit_fen = month_total.credit_fen + excluded.credit_fen,"
    " count = month_total.count + excluded.count"
)

Key = tuple[int, str, int]


def add(session: Session, lines: Iterable[tuple[int, str, int, int]]) -> None:
    """Add posting lines `(compound_id, voucher_month, account_id, amount_fen)` to the totals."""
    totals: dict[Key, list[int]] = {}
    for compound_id, month, account_id, amount_fen in lines:
        key = (compound_id, month, account_id)
        t = totals.get(key)
        if t is None:
            t = totals[key] = [0, 0, 0]
        if amount_fen > 0:
            t[0] += amount_fen
        else:
            t[1] -= amount_fen
        t[2] += 1
    if not totals:
        return
    # Key order: two writers touching the same rows take their locks in the same order.
    session.execute(
        _UPSERT,
        [
            {
                "compound_id": c,
                "voucher_month": m,
                "account_id": a,
                "debit_fen": d,
                "credit_fen": cr,
                "count": n,
            }
            for (c, m, a), (d, cr, n) in sorted(totals.items())
        ],
    )
