"""Benchmark: the auditor workbook (and the journal csv) of a street's ten years. Prints figures.

Builds a compound opened ten years ago and posts `--per-month` income entries a month
(gross, the property company's cost share, net to the bank: three posting lines each)
through the full service path (draft + approve), then exports the street workbook once
timed, and once more under tracemalloc for the peak of Python memory; the process's peak
resident size is printed too. Reuse a built database with `--db PATH` (built when missing).

    python -m bench.export_workbook [--per-month 60] [--years 10] [--db PATH]
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import tempfile
import time
import tracemalloc
from pathlib import Path

from ledger.domain.entry import Line
from ledger.domain.period import Month, months_between
from ledger.domain.roles import Role
from ledger.domain.workbook import JOURNAL
from ledger.interop.rules_yaml import load_rules
from ledger.services import entries, organisation
from ledger.services.context import Context
from ledger.services.workbook_data import open_sheet, open_workbook
from ledger.store import migrate
from ledger.store.database import Database
from reports.journal_csv import write_csv
from reports.workbook import write_workbook
from tests.conftest import ROOT, make_street

COMPOUND = "十年花园"


def build(path: Path, years: int, per_month: int) -> None:
    street = make_street(str(path), load_rules(ROOT / "rules.yaml"))
    ctx, admin = street.ctx, street.admin
    first = Month(2024 - years, 1)
    organisation.create_compound(
        ctx,
        admin,
        street="测试街道",
        community="测试社区",
        name=COMPOUND,
        opened_on=first.first_day,
    )
    for person, role in [(street.treasurer, Role.TREASURER), (street.checker, Role.COMMITTEE)]:
        organisation.grant_role(ctx, admin, user=person.name, role=role, compound=COMPOUND)
    started, count = time.perf_counter(), 0
    for month in months_between(first, Month(2023, 12)):
        for i in range(per_month):
            day = month.first_day + dt.timedelta(days=i % 28)
            gross = 10_000 + 37 * i + month.month
            cost = gross * 3 // 10
            lines = [
                Line("1002", gross - cost),
                Line("5102", cost, "物业合理成本"),
                Line("4301", -gross),
            ]
            draft = entries.draft_entry(
                ctx,
                street.treasurer,
                compound=COMPOUND,
                date=day,
                memo=f"{month.label}停车费",
                lines=lines,
            )
            entries.approve_entry(ctx, street.checker, draft)
            count += 1
    seconds = time.perf_counter() - started
    print(
        f"built: {count:,} entries ({count * 3:,} postings) in {seconds:.1f} s = {count / seconds:,.0f} entries/s"
    )
    ctx.db.dispose()


def export(ctx: Context, path: Path) -> int:
    with open_workbook(ctx, compound=None, first=Month(2014, 1), last=Month(2024, 6)) as book:
        return sum(write_workbook(book, path).values())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--per-month", type=int, default=60)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--db", default=None)
    args = parser.parse_args()
    path = Path(args.db) if args.db else Path(tempfile.mkdtemp()) / "bench.db"
    if not path.exists():
        build(path, args.years, args.per_month)
    db = Database(str(path))
    migrate.upgrade(db)
    ctx = Context(db=db, rules=load_rules(ROOT / "rules.yaml"))
    out = path.with_suffix(".xlsx")

    started = time.perf_counter()
    rows = export(ctx, out)
    seconds = time.perf_counter() - started
    print(
        f"export xlsx (street, every sheet): {rows:,} rows in {seconds:.1f} s = {rows / seconds:,.0f} rows/s; "
        f"{out.stat().st_size / 1e6:.1f} MB"
    )
    started = time.perf_counter()
    with (
        open_sheet(ctx, JOURNAL, compound=None) as sheet,
        out.with_suffix(".csv").open("w", encoding="utf-8-sig", newline="") as f,
    ):
        lines = write_csv(sheet, f)
    seconds = time.perf_counter() - started
    print(
        f"export csv (journal): {lines:,} rows in {seconds:.1f} s = {lines / seconds:,.0f} rows/s"
    )

    tracemalloc.start()
    export(ctx, out)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"peak Python memory during the export (tracemalloc): {peak / 1e6:.1f} MB; process peak RSS {rss:.0f} MB"
    )
    db.dispose()


if __name__ == "__main__":
    main()
