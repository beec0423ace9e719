"""Benchmark: the TUI journal of one compound with N posted entries (default 100,000).

Builds the books with `bench.workload.build_compound` (bulk posting through
`services.bulk_post`: validation, voucher numbers, hash chain, audit records, triggers), then
measures, headless at 100×30:
- the page service alone: count, first page, last (oldest) page, a filtered count;
- the journal screen: from the app's start to the first screen of rows drawn;
- End (jump to the oldest voucher) and PgDn, each until drawn.
Prints figures; asserts only that what is shown is right (newest on top, oldest at the end).

    python -m bench.tui_journal [--entries 100000] [--db PATH] [--reuse]
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

from textual.screen import Screen

from bench.workload import BIG_COMPOUND, CHECKER, CLOCK, PASSWORD, ROOT, FixedClock, build_compound
from ledger.interop.rules_yaml import load_rules
from ledger.services.access import authenticate
from ledger.services.context import Context
from ledger.services.journal_pages import JournalFilter, journal_count, journal_page
from ledger.store.database import Database
from tests.tui.harness import ScreenHarness
from tui.screens.journal import JournalScreen
from tui.session import Session

PAGE = 256


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


def books(args: argparse.Namespace) -> Context:
    path = Path(args.db or Path(tempfile.mkdtemp()) / "tui_journal.db")
    if args.reuse and path.exists():
        print(f"reusing {path}")
        return Context(Database(str(path)), load_rules(ROOT / "rules.yaml"), FixedClock(CLOCK))
    started = time.perf_counter()
    built = build_compound(str(path), entries=args.entries)
    took = time.perf_counter() - started
    print(
        f"built {built.entries:,} entries ({built.postings:,} postings) in {took:.1f} s "
        f"(bulk posting {built.post_seconds:.1f} s = {built.rate:,.0f} entries/s) -> {path}"
    )
    return built.ctx


def service_figures(ctx: Context) -> int:
    every = JournalFilter()
    t0 = time.perf_counter()
    total = journal_count(ctx, BIG_COMPOUND, every)
    t1 = time.perf_counter()
    first = journal_page(ctx, BIG_COMPOUND, every, offset=0, limit=PAGE)
    t2 = time.perf_counter()
    last = journal_page(ctx, BIG_COMPOUND, every, offset=max(0, total - PAGE), limit=PAGE)
    t3 = time.perf_counter()
    parking = journal_count(ctx, BIG_COMPOUND, JournalFilter(text="停车"))
    t4 = time.perf_counter()
    print(
        f"service: count {total:,} in {_ms(t1 - t0)}; first page {_ms(t2 - t1)}; "
        f"oldest page {_ms(t3 - t2)}; text filter count ({parking:,}) {_ms(t4 - t3)}"
    )
    assert first[0].seq == total and last[-1].seq == 1
    return total


async def bare_start() -> float:
    """How long an app with one static line takes to draw here (Textual's own start-up)."""
    started = time.perf_counter()
    app = ScreenHarness(lambda: Screen())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
    return time.perf_counter() - started


async def screen_figures(ctx: Context, total: int) -> None:
    print(f"bare Textual app start (for comparison): {_ms(await bare_start())}")
    session = Session(ctx, authenticate(ctx, CHECKER, PASSWORD), BIG_COMPOUND)
    started = time.perf_counter()
    app = ScreenHarness(lambda: JournalScreen(session))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, JournalScreen)
        shown = time.perf_counter() - started
        table = screen.table
        assert table.total == total
        newest = table.current
        assert newest is not None and newest.seq == total
        print(f"journal screen: first screen of {total:,} vouchers drawn {_ms(shown)} after start")

        t0 = time.perf_counter()
        await pilot.press("end")
        await pilot.pause()
        t1 = time.perf_counter()
        oldest = table.current
        assert oldest is not None and oldest.seq == 1
        await pilot.press("home", "pagedown")
        await pilot.pause()
        t2 = time.perf_counter()
        print(
            f"End (oldest voucher {oldest.voucher_no}) drawn in {_ms(t1 - t0)}; "
            f"Home + PgDn {_ms(t2 - t1)}; pages read from the database: {table.fetches}"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--db", default=None, help="SQLite file (default: a new temporary one)")
    parser.add_argument("--reuse", action="store_true", help="use --db as it is if it exists")
    args = parser.parse_args()
    ctx = books(args)
    total = service_figures(ctx)
    asyncio.run(screen_figures(ctx, total))


if __name__ == "__main__":
    main()
