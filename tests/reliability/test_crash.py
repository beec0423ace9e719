"""A writer killed with SIGKILL at random moments (a power cut, as far as the books can tell)
while it posts entries and publishes months.

The writer is a treasurer's terminal working through a plan: month after month, post the
month's entries (in bulk transactions and one by one, draft then approval), then close the
month through every step (prepare, review, both signatures, the seal line requested,
approved and used, publish). It is resumable the way a person resumes: it looks at what the
books say is done and does the next thing. It is killed at a random moment, again and again;
after every kill the books must verify, hold no partial entry or half-posted draft, number
their vouchers without a gap, and hold exactly the plan's first n entries — none lost, none
twice. Finally a writer that is not killed resumes and finishes the month in progress.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import signal
import time
from pathlib import Path

import sqlalchemy as sa

from ledger.domain.closing import MonthState
from ledger.domain.entry import Line
from ledger.domain.errors import WrongState
from ledger.domain.period import Month
from ledger.domain.roles import Role
from ledger.domain.seal import SealState
from ledger.services import entries, month_close, reconcile, seals
from ledger.services.bulk_post import BulkEntry, post_bulk
from ledger.services.context import Context
from ledger.services.month_status import month_status
from ledger.store.database import Database
from ledger.store.schema import Draft, Entry
from ledger.store.schema_controls import SealUse
from tests.conftest import FixedClock, Street
from tests.helpers import BANK, PARKING
from tests.reliability.support import balances, engine_of, fork, no_partial_work, report, wait

PER_MONTH = 5  # entries per month: a bulk of four, then one drafted and approved
KILLS = {"sqlite": 50, "postgresql": 50}
SEED = int(os.environ.get("LEDGER_CRASH_SEED", "20261129"))


def _months(n: int) -> list[Month]:
    out, m = [], Month(2024, 1)
    for _ in range(n):
        out.append(m)
        m = m.next()
    return out


MONTHS = _months(60)


def _memo(k: int) -> str:
    return f"断电 {k:05d}"


def _day(k: int) -> dt.date:
    m = MONTHS[k // PER_MONTH]
    return dt.date(m.year, m.month, 10)


def _lines(k: int) -> tuple[Line, Line]:
    return Line(BANK, 100 + k), Line(PARKING, -(100 + k))


class Writer:
    """The resumable treasurer's terminal (runs in the killed child)."""

    def __init__(self, s: Street, phase: Path) -> None:
        self.s, self.phase = s, phase
        self.ctx = Context(
            db=Database(s.ctx.db.url),
            rules=s.ctx.rules,
            clock=FixedClock(dt.datetime(2029, 6, 30, 2, tzinfo=dt.UTC)),
        )
        self.steps = 0

    def mark(self, what: str) -> None:
        self.steps += 1
        tmp = self.phase.with_suffix(".tmp")
        tmp.write_text(f"{what} {self.steps}", encoding="utf-8")
        tmp.replace(self.phase)  # atomic: a kill never leaves it empty

    def posted(self) -> tuple[int, int | None]:
        """(entries of the plan posted, the id of our open draft if there is one)."""
        with self.ctx.db.read() as session:
            n = session.execute(
                sa.select(sa.func.count()).select_from(Entry).where(Entry.memo.like("断电 %"))
            ).scalar_one()
            draft = session.execute(
                sa.select(Draft.id).where(Draft.state == "open", Draft.memo.like("断电 %"))
            ).scalar()
        return int(n), draft

    def step(self) -> bool:
        """Do the next thing; False when a month was just published."""
        s, ctx = self.s, self.ctx
        n, draft = self.posted()
        if draft is not None:
            self.mark("posting")
            entries.approve_entry(ctx, s.checker, draft)
            return True
        if n % PER_MONTH == 0 and n > 0:
            previous = MONTHS[n // PER_MONTH - 1]
            if month_status(ctx, s.compound, previous).state != MonthState.PUBLISHED:
                return self.close(previous)
        if n % 5 == 4:
            self.mark("posting")
            d = entries.draft_entry(
                ctx,
                s.treasurer,
                compound=s.compound,
                date=_day(n),
                memo=_memo(n),
                lines=list(_lines(n)),
            )
            entries.approve_entry(ctx, s.checker, d)
            return True
        self.mark("posting")
        batch = [
            BulkEntry(date=_day(k), memo=_memo(k), lines=_lines(k), maker=s.treasurer)
            for k in range(n, n + 4 - n % 5)
        ]
        post_bulk(ctx, s.checker, compound=s.compound, entries=batch)
        return True

    def close(self, month: Month) -> bool:
        s, ctx, c = self.s, self.ctx, self.s.compound
        self.mark("publishing")
        state = month_status(ctx, c, month).state
        if state == MonthState.OPEN:
            try:
                month_close.prepare_month(ctx, s.treasurer, compound=c, month=month)
            except WrongState as err:
                if "调节表" not in err.message:
                    raise
                self.reconcile(month)  # the bank statement agrees with the books
        elif state == MonthState.PREPARED:
            month_close.review_month(
                ctx, s.supervisor, compound=c, month=month, approve=True, comment="核对无误"
            )
        elif state == MonthState.REVIEWED:
            month_close.sign_month(ctx, s.checker, compound=c, month=month, as_role=Role.COMMITTEE)
        elif state == MonthState.COMMITTEE_SIGNED:
            month_close.sign_month(
                ctx, s.community, compound=c, month=month, as_role=Role.COMMUNITY
            )
        else:
            return self.seal_and_publish(month)
        return True

    def reconcile(self, month: Month) -> None:
        (tb,) = balances(self.ctx, self.s.compound, [month])
        bank = next(a.closing_fen for a in tb.accounts if a.code == BANK)
        reconcile.reconcile(
            self.ctx, self.s.treasurer, compound=self.s.compound, month=month, bank_balance_fen=bank
        )

    def seal_and_publish(self, month: Month) -> bool:
        s, ctx, c = self.s, self.ctx, self.s.compound
        with ctx.db.read() as session:
            line = session.execute(
                sa.select(SealUse.id, SealUse.state).where(
                    SealUse.document_kind == "month_notice", SealUse.month == str(month)
                )
            ).first()
        if line is None:
            seals.request_seal(
                ctx,
                s.checker,
                compound=c,
                document_kind="month_notice",
                document=f"{month.label}公共收益收支公示",
                purpose="月度公示张贴",
                month=str(month),
            )
        elif line.state == SealState.REQUESTED:
            seals.approve_seal(ctx, s.community, line.id, approve=True, opinion="同意")
        elif line.state == SealState.APPROVED:
            seals.use_seal(ctx, s.community, line.id)
        else:
            month_close.publish_month(ctx, s.checker, compound=c, month=month)
            return False
        return True


def _step(phase: Path) -> tuple[str, int]:
    """What the writer is doing (or was doing when killed) and how many steps it began."""
    what, _, n = phase.read_text(encoding="utf-8").partition(" ")
    return what, int(n or 0)


def _check(s: Street) -> tuple[int, int]:
    """The books after a kill: consistent, and exactly the plan's first n entries."""
    no_partial_work(s.ctx)
    with s.ctx.db.read() as session:
        memos = sorted(
            session.execute(sa.select(Entry.memo).where(Entry.memo.like("断电 %"))).scalars()
        )
        published = session.execute(sa.text("SELECT count(*) FROM period_lock")).scalar_one()
    assert memos == [_memo(k) for k in range(len(memos))]
    return len(memos), int(published)


def test_a_writer_killed_at_random_moments_leaves_whole_books(
    street: Street, tmp_path: Path
) -> None:
    s = street
    engine = engine_of(s.ctx.db.url)
    rng = random.Random(SEED)
    phase = tmp_path / "phase"
    kills: dict[str, int] = {"starting": 0, "posting": 0, "publishing": 0}
    finished_early = 0
    t0 = time.perf_counter()
    while sum(kills.values()) < KILLS[engine]:
        phase.write_text("starting", encoding="utf-8")

        def work() -> None:
            writer = Writer(s, phase)
            while True:
                writer.step()

        pid = fork(s.ctx.db, work)
        # The random moment: inside the writer's 1st to 3rd step, up to 0.15 s into it (the
        # writer always gets somewhere, however slow the machine).
        target, deadline = rng.randint(1, 3), time.monotonic() + 60
        while _step(phase)[1] < target and time.monotonic() < deadline:
            time.sleep(0.002)
        time.sleep(rng.uniform(0.0, 0.15))
        os.kill(pid, signal.SIGKILL)
        status = wait(pid)
        if status == -signal.SIGKILL:
            kills[_step(phase)[0]] += 1
        else:
            finished_early += 1
            assert status == 0, f"the writer failed on its own (exit {status})"
        _check(s)
    posted, published = _check(s)
    assert kills["posting"] > 0 and kills["publishing"] > 0, kills

    def finish() -> None:  # not killed: it finishes the month in progress
        writer = Writer(s, phase)
        while writer.step():
            pass

    assert wait(fork(s.ctx.db, finish)) == 0
    after_posted, after_published = _check(s)
    assert after_published == published + 1 and after_posted >= posted
    report(
        f"crash_{engine}",
        kills=sum(kills.values()),
        before_any_step=kills["starting"],
        during_posting=kills["posting"],
        during_publication=kills["publishing"],
        entries_posted=after_posted,
        months_published=after_published,
        seconds=round(time.perf_counter() - t0, 1),
        seed=SEED,
    )
