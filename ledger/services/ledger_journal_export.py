"""Export the books as a hledger / ledger-cli journal: one compound, or every compound.

The same read model and the same snapshot discipline as the beancount export (one read
transaction, entries streamed in date order); only the rendering differs
(`ledger.interop.ledger_journal`). In a street file each compound's accounts carry its
component `C<id>`, so a peer selects one compound with the account regex `^[^:]+:C<id>:`.
"""

from __future__ import annotations

from typing import TextIO

from sqlalchemy import select

from ledger.interop.ledger_journal import render_journal, render_journal_header
from ledger.services.beancount_export import ExportSummary, books_export
from ledger.services.context import Context
from ledger.store import org
from ledger.store.schema import Street


def export_compound_journal(ctx: Context, compound: str, out: TextIO) -> ExportSummary:
    with ctx.db.read() as session:
        c = org.compound_by_name(session, compound)
        render_journal_header(out, f"{c.name} 公共收益明白账")
        model = books_export(ctx, session, c)
        count = render_journal(out, model)
        return ExportSummary(1, len(model.accounts), count)


def export_street_journal(ctx: Context, out: TextIO) -> ExportSummary:
    with ctx.db.read() as session:
        compounds = org.all_compounds(session)
        streets = session.execute(select(Street.name).order_by(Street.id)).scalars().all()
        render_journal_header(out, f"{'、'.join(streets) or '全部小区'} 公共收益明白账")
        accounts = transactions = 0
        for c in compounds:
            model = books_export(ctx, session, c)
            transactions += render_journal(out, model, street=True)
            accounts += len(model.accounts)
        return ExportSummary(len(compounds), accounts, transactions)
