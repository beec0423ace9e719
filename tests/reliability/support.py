"""Helpers for the reliability tests: fresh databases on either engine, writer processes, the
figures each test reports, and what two sets of books must share to be "the same"."""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from ledger.domain.period import Month
from ledger.domain.trial_balance import TrialBalance
from ledger.services.balances import trial_balance
from ledger.services.context import Context
from ledger.services.verify import verify
from ledger.store import org
from ledger.store.database import Database
from ledger.store.schema import Draft, Entry, Posting
from tests import conftest

FIGURES = (
    Path(os.environ.get("LEDGER_FIGURES_DIR", "")) if os.environ.get("LEDGER_FIGURES_DIR") else None
)


def report(name: str, **figures: Any) -> None:
    """Print a test's figures (seen with `pytest -s`) and, when LEDGER_FIGURES_DIR is set,
    keep them as NAME.json there (RELIABILITY.md quotes them)."""
    line = json.dumps({"test": name, **figures}, ensure_ascii=False, default=str)
    print(f"\nFIGURES {line}")
    if FIGURES is not None:
        FIGURES.mkdir(parents=True, exist_ok=True)
        (FIGURES / f"{name}.json").write_text(line + "\n", encoding="utf-8")


@contextmanager
def fresh_database(engine: str, tmp: Path, name: str = "copy") -> Iterator[str]:
    """An empty database on `engine` ('sqlite' or 'postgresql'): its URL."""
    if engine == "sqlite":
        yield str(tmp / f"{name}.db")
        return
    yield from conftest._pg_database()


def engine_of(url: str) -> str:
    return "postgresql" if url.startswith("postgresql") else "sqlite"


def chain(ctx: Context) -> list[tuple[str, int, str, str]]:
    """Every posted entry as (compound, seq, voucher number, hash), in chain order."""
    with ctx.db.read() as session:
        names = {c.id: c.name for c in org.all_compounds(session)}
        rows = session.execute(
            sa.select(Entry.compound_id, Entry.seq, Entry.voucher_no, Entry.hash).order_by(
                Entry.compound_id, Entry.seq
            )
        ).all()
    return [(names[c], seq, no, h) for c, seq, no, h in rows]


def balances(ctx: Context, compound: str, months: list[Month]) -> list[TrialBalance]:
    """The trial balances of `months` (frozen dataclasses: compare them with ==)."""
    return [trial_balance(ctx, compound, m) for m in months]


def fork(parent: Database | None, work: Callable[[], None]) -> int:
    """Run `work` in a forked child (no imports to repeat, so it starts at once); its pid.
    The child never touches the parent's pooled connections and leaves with os._exit: exit
    status 0 when `work` returned, 1 when it raised."""
    pid = os.fork()
    if pid:
        return pid
    code = 1
    try:
        if parent is not None:
            parent.writer.dispose(close=False)
            parent.reader.dispose(close=False)
        work()
        code = 0
    except BaseException:
        import traceback

        traceback.print_exc()
    finally:
        os._exit(code)


def wait(pid: int) -> int:
    """The exit status of a child: its code, or minus the signal that ended it."""
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def no_partial_work(ctx: Context) -> None:
    """No posting or attachment without its entry, no posted draft without its entry, no entry
    whose draft is still open, voucher numbers consecutive per month."""
    with ctx.db.read() as session:
        orphans = session.execute(
            sa.select(sa.func.count())
            .select_from(Posting)
            .outerjoin(
                Entry, (Entry.compound_id == Posting.compound_id) & (Entry.seq == Posting.entry_seq)
            )
            .where(Entry.seq.is_(None))
        ).scalar_one()
        assert orphans == 0, f"{orphans} posting lines without their entry"
        posted = session.execute(
            sa.select(Draft.id, Draft.state, Entry.seq).outerjoin(Entry, Entry.draft_id == Draft.id)
        ).all()
        for draft_id, state, seq in posted:
            assert (state == "posted") == (seq is not None), (draft_id, state, seq)
        numbers: dict[tuple[int, str], list[int]] = {}
        for c, month, n in session.execute(
            sa.select(Entry.compound_id, Entry.voucher_month, Entry.voucher_seq)
        ):
            numbers.setdefault((c, month), []).append(n)
        for key, seqs in numbers.items():
            assert sorted(seqs) == list(range(1, len(seqs) + 1)), f"gap or duplicate in {key}"
    report = verify(ctx)
    assert report.ok, report.findings[:5]


def utc(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 2, tzinfo=dt.UTC)
