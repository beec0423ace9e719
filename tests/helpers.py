"""Helpers for tests: book entries in one call, and a fingerprint of the whole database."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from ledger.domain.entry import Line
from ledger.services import entries
from ledger.services.verify import verify
from ledger.store.schema import Base
from tests.conftest import Street

BANK, PARKING, COST, PROJECTS, FEES = "1002", "4301", "5102", "5101", "5301"


def post(s: Street, day: dt.date, lines: list[Line], memo: str = "测试凭证") -> str:
    s.clock.set(day)
    draft = entries.draft_entry(
        s.ctx, s.treasurer, compound=s.compound, date=day, memo=memo, lines=lines
    )
    return entries.approve_entry(s.ctx, s.checker, draft)


def receive(s: Street, day: dt.date, fen: int) -> str:
    return post(s, day, [Line(BANK, fen), Line(PARKING, -fen)], "停车费")


def fingerprint(s: Street) -> tuple[str, tuple[tuple[str, int], ...]]:
    """The verify digest and every table's row count: equal fingerprints, untouched books."""
    counts = []
    with s.ctx.db.read() as session:
        for table in Base.metadata.sorted_tables:
            n = session.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
            counts.append((table.name, int(n)))
    return verify(s.ctx).digest, tuple(counts)
