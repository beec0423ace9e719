"""Invariant 5 under concurrent writers: several processes posting into one compound at once
get consecutive voucher numbers with no gap or duplicate, and the chain stays intact."""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp

from ledger.domain.entry import Line
from ledger.interop.rules_yaml import load_rules
from ledger.services import entries
from ledger.services.context import Actor, Context
from ledger.services.verify import verify
from ledger.store import books, org
from ledger.store.database import Database
from tests.conftest import ROOT, FixedClock, Street
from tests.helpers import BANK, PARKING

WORKERS, EACH = 4, 15
DAY = dt.date(2024, 6, 10)


def _worker(url: str, compound: str, maker: Actor, checker: Actor, n: int, start: object) -> None:
    ctx = Context(
        db=Database(url),
        rules=load_rules(ROOT / "rules.yaml"),
        clock=FixedClock(dt.datetime(2024, 6, 10, 2, tzinfo=dt.UTC)),
    )
    start.wait()  # type: ignore[attr-defined]
    for i in range(n):
        lines = [Line(BANK, 100 + i), Line(PARKING, -(100 + i))]
        draft = entries.draft_entry(
            ctx, maker, compound=compound, date=DAY, memo=f"并发 {i}", lines=lines
        )
        entries.approve_entry(ctx, checker, draft)
    ctx.db.dispose()


def test_concurrent_writers_get_consecutive_vouchers(street: Street) -> None:
    s = street
    spawn = mp.get_context("spawn")
    start = spawn.Event()
    procs = [
        spawn.Process(
            target=_worker, args=(s.ctx.db.url, s.compound, s.treasurer, s.checker, EACH, start)
        )
        for _ in range(WORKERS)
    ]
    for p in procs:
        p.start()
    start.set()
    for p in procs:
        p.join(timeout=300)
        assert p.exitcode == 0
    with s.ctx.db.read() as session:
        c = org.compound_by_name(session, s.compound)
        numbers = sorted(e.voucher_seq for e in books.entries(session, c.id))
        assert numbers == list(range(1, WORKERS * EACH + 1))
    report = verify(s.ctx)
    assert report.ok, report.findings
    assert report.entries == WORKERS * EACH
