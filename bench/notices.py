"""Benchmark: rendering the monthly disclosure notice (statement read model + PDF).

Builds the demo street up to the current month in a temporary file, then times one notice
(median of 5), every compound's notice for one month, and a street's 21 notices (the demo's
4 compounds' statements rendered round-robin 21 times). Targets: one ≤ 1 s, 21 ≤ 10 s.

    python -m bench.notices [--month YYYY-MM]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from ledger.demo.build import build_demo
from ledger.domain.clock import local_today
from ledger.domain.period import Month
from ledger.interop.rules_yaml import load_rules
from ledger.services.context import Context
from ledger.services.statement import compound_names, monthly_statement
from ledger.store import migrate
from ledger.store.database import Database
from reports.notice_pdf import render_notice
from tests.conftest import ROOT

ONE_TARGET_S = 1.0
STREET_TARGET_S = 10.0
STREET_NOTICES = 21


def _timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--month", help="the month to render (default: last month)")
    args = parser.parse_args()
    today = local_today()
    until = Month.of(today)
    month = Month.parse(args.month) if args.month else until.prev()
    rules = load_rules(ROOT / "rules.yaml")
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(str(Path(tmp) / "bench.db"))
        migrate.upgrade(db)
        build_s = _timed(lambda: build_demo(db, rules, until=until, today=today, password="demo"))
        ctx = Context(db=db, rules=rules)
        names = compound_names(ctx)
        print(f"demo built to {until} ({len(names)} compounds) in {build_s:.1f} s; month {month}")

        def one(name: str) -> bytes:
            return render_notice(monthly_statement(ctx, name, month))

        one(names[0])  # warm up: fonts, imports
        singles = [_timed(lambda: one(names[0])) for _ in range(5)]
        single = statistics.median(singles)
        all_s = _timed(lambda: [one(n) for n in names])
        street_s = _timed(lambda: [one(names[i % len(names)]) for i in range(STREET_NOTICES)])
        size = len(one(names[0]))
    verdict = {True: "holds", False: "MISSED"}
    print(
        f"one notice ({names[0]}, {size:,} bytes): median {single:.3f} s of 5 "
        f"(min {min(singles):.3f}, max {max(singles):.3f}) — target ≤ {ONE_TARGET_S:.0f} s "
        f"{verdict[single <= ONE_TARGET_S]}"
    )
    print(f"all {len(names)} compounds' notices: {all_s:.2f} s ({all_s / len(names):.3f} s each)")
    print(
        f"{STREET_NOTICES} notices (round-robin): {street_s:.2f} s "
        f"({street_s / STREET_NOTICES:.3f} s each) — target ≤ {STREET_TARGET_S:.0f} s "
        f"{verdict[street_s <= STREET_TARGET_S]}"
    )
    print(f"(measured {dt.datetime.now().isoformat(timespec='seconds')})")


if __name__ == "__main__":
    main()
