"""Benchmark: posting through the full service path (draft + approve: validation, voucher
numbers, hash chain, audit record) and `verify`, on a fresh SQLite file. Prints figures.

    python -m bench.post_and_verify [--entries 2000] [--db PATH]
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path

from ledger.domain.entry import Line
from ledger.interop.rules_yaml import load_rules
from ledger.services import entries
from ledger.services.verify import verify
from tests.conftest import ROOT, make_street


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=2000)
    parser.add_argument("--db", default=None)
    args = parser.parse_args()
    path = Path(args.db or tempfile.mkdtemp()) / "bench.db"
    street = make_street(str(path), load_rules(ROOT / "rules.yaml"))
    day = dt.date(2024, 6, 10)
    street.clock.set(day)
    started = time.perf_counter()
    for i in range(args.entries):
        lines = [Line("1002", 1000 + i), Line("4301", -(1000 + i))]
        draft = entries.draft_entry(
            street.ctx,
            street.treasurer,
            compound=street.compound,
            date=day,
            memo="停车费",
            lines=lines,
        )
        entries.approve_entry(street.ctx, street.checker, draft)
    post_s = time.perf_counter() - started
    started = time.perf_counter()
    report = verify(street.ctx)
    verify_s = time.perf_counter() - started
    assert report.ok
    print(
        f"posting (draft+approve, one transaction each): {args.entries} entries in {post_s:.2f} s "
        f"= {args.entries / post_s:,.0f} entries/s"
    )
    print(
        f"verify: {report.entries} entries, {report.audit_records} audit records in {verify_s:.2f} s "
        f"= {report.entries / verify_s:,.0f} entries/s"
    )


if __name__ == "__main__":
    main()
