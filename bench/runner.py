"""`bench/run`: every figure of issue 9, ours beside the peers', in one table.

    bench/run [--quick] [--workdir DIR] [--pg-url URL] [--city-compounds N] [--city-years Y]
              [--no-apt] [--skip-peers]

Builds the street workload (bench/workload.py) in a SQLite file, exports it as a beancount
file and a hledger/ledger journal, then measures: bulk posting against beancount's load rate,
one compound's statement against bean-query / hledger / ledger on the same books, verify of
the whole street, the auditor workbook of one compound (in a child process, for its peak
memory), the notice PDFs, the TUI journal (bench/tui_journal.py, when present), the city on
PostgreSQL (when a URL is given) and the statement's growth with the history's length.
`--quick` uses a tiny street and only checks that everything runs (CI); peers that are not
installed are reported as such, not as failures. Prints one table (Markdown).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench import peers, workload
from ledger.domain.period import Month
from ledger.services.beancount_export import export_street
from ledger.services.context import Context
from ledger.services.ledger_journal_export import export_street_journal
from ledger.services.statement import monthly_statement
from ledger.services.verify import verify
from ledger.store import org

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Size:
    compounds: int
    years: int
    per_month: int


FULL = Size(21, 10, 60)
QUICK = Size(2, 2, 6)


@dataclass
class Row:
    figure: str
    ours: str
    peers: str = "—"
    ratio: str = "—"
    target: str = "—"
    holds: bool | None = None


@dataclass
class Table:
    rows: list[Row] = field(default_factory=list)

    def add(self, row: Row) -> None:
        self.rows.append(row)
        verdict = {True: "holds", False: "MISSED", None: "—"}[row.holds]
        print(f"  {row.figure}: {row.ours} | {row.peers} | {row.ratio} | {verdict}", flush=True)

    def markdown(self) -> str:
        head = "| figure | ours | peers | ratio | target | holds |\n|---|---|---|---|---|---|\n"
        verdict = {True: "yes", False: "**no**", None: "—"}
        return head + "".join(
            f"| {r.figure} | {r.ours} | {r.peers} | {r.ratio} | {r.target} | {verdict[r.holds]} |\n"
            for r in self.rows
        )


def timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def median_of(work: Callable[[], object], times: int) -> float:
    work()  # warm up: imports, caches, plans
    return statistics.median(timed(work) for _ in range(times))


def machine() -> str:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"{platform.node()} — {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}, load average {load} at "
        f"{dt.datetime.now(dt.UTC).isoformat(timespec='seconds')}"
    )


def compound_id(ctx: Context, name: str) -> int:
    with ctx.db.read() as session:
        return org.compound_by_name(session, name).id


def _fmt_s(seconds: float | None) -> str:
    if seconds is None:
        return peers.NOT_INSTALLED
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def bench_posting(table: Table, built: workload.Built, bean: peers.PeerRun) -> None:
    ours = built.rate
    ratio, holds = "—", ours >= 20_000
    peer = peers.NOT_INSTALLED
    if bean.seconds:
        bean_rate = built.entries / bean.seconds
        peer = f"beancount load {bean_rate:,.0f} txn/s"
        ratio = f"{ours / bean_rate:.2f}×"
        holds = holds and ours >= 3 * bean_rate
    table.add(
        Row(
            "bulk posting, SQLite (validation + chain + audit + triggers)",
            f"{ours:,.0f} entries/s ({built.entries:,} entries, {built.postings:,} postings)",
            peer,
            ratio,
            "≥ 20,000/s and ≥ 3× beancount",
            holds,
        )
    )


def bench_statement(
    table: Table, built: workload.Built, files: tuple[Path, Path], skip_peers: bool, quick: bool
) -> None:
    name = built.compounds[0]
    month = workload.END_MONTH
    ours = median_of(lambda: monthly_statement(built.ctx, name, month), 5 if quick else 21)
    cid = compound_id(built.ctx, name)
    commands = peers.statement_commands(files[0], files[1], cid, month)
    parts, slowest_ratio = [], None
    holds = ours <= 0.050
    for peer, cmd in commands.items():
        if skip_peers:
            parts.append(f"{peer}: skipped")
            continue
        run = peers.run_statement(cmd)
        if run.seconds is None:
            parts.append(f"{peer}: {run.note}")
            continue
        ratio = run.seconds / ours
        slowest_ratio = ratio if slowest_ratio is None else min(slowest_ratio, ratio)
        parts.append(f"{peer}: {_fmt_s(run.seconds)} ({ratio:,.0f}×)")
        holds = holds and ratio >= 50
    table.add(
        Row(
            f"one compound's monthly statement ({month}), street store",
            f"{ours * 1000:.1f} ms (median)",
            "; ".join(parts),
            f"≥ {slowest_ratio:,.0f}× faster" if slowest_ratio else "—",
            "≤ 50 ms and ≥ 50× each peer",
            holds,
        )
    )


def bench_verify(table: Table, built: workload.Built) -> None:
    report = None

    def run() -> None:
        nonlocal report
        report = verify(built.ctx)

    seconds = timed(run)
    assert report is not None
    rate = report.entries / seconds
    table.add(
        Row(
            "verify of the whole street",
            f"{rate:,.0f} entries/s ({report.entries:,} entries, {report.audit_records:,} audit "
            f"records, {seconds:.1f} s, {'ok' if report.ok else 'FINDINGS'})",
            target="≥ 100,000 entries/s",
            holds=report.ok and rate >= 100_000,
        )
    )


def workbook_child(url: str, compound: str, out: str) -> None:
    """Run in a child process: the workbook of one compound, its time and peak memory."""
    from ledger.interop.rules_yaml import load_rules
    from ledger.services.workbook_data import open_workbook
    from ledger.store.database import Database
    from reports.workbook import write_workbook

    ctx = Context(db=Database(url), rules=load_rules(ROOT / "rules.yaml"))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    with open_workbook(ctx, compound=compound) as book:
        rows = sum(write_workbook(book, Path(out)).values())
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{seconds} {peak} {before} {rows}")


def bench_workbook(table: Table, built: workload.Built, workdir: Path, years: int) -> None:
    out = workdir / "workbook.xlsx"
    cmd = [sys.executable, "-m", "bench.runner", "--workbook-child", built.ctx.db.url]
    done = subprocess.run(
        [*cmd, built.compounds[0], str(out)], capture_output=True, text=True, cwd=ROOT
    )
    if done.returncode != 0:
        table.add(Row("auditor workbook", f"failed: {done.stderr.strip()[-300:]}", holds=False))
        return
    seconds, peak, base, rows = done.stdout.split()[-4:]
    table.add(
        Row(
            f"auditor workbook, one compound's {years} years",
            f"{float(seconds):.2f} s, {int(rows):,} rows, peak RSS {float(peak):.0f} MB "
            f"(of which {float(base):.0f} MB before the export)",
            target="≤ 5 s, peak ≤ 300 MB",
            holds=float(seconds) <= 5 and float(peak) <= 300,
        )
    )


def bench_notices(table: Table, built: workload.Built, quick: bool) -> None:
    from reports.notice_pdf import render_notice

    month = workload.END_MONTH

    def one(name: str) -> bytes:
        return render_notice(monthly_statement(built.ctx, name, month))

    single = median_of(lambda: one(built.compounds[0]), 3 if quick else 5)
    every = timed(lambda: [one(n) for n in built.compounds])
    n = len(built.compounds)
    table.add(
        Row(
            "monthly notice PDF",
            f"one {single:.3f} s (median); all {n} {every:.2f} s",
            target="≤ 1 s one, ≤ 10 s all 21",
            holds=single <= 1 and every <= 10 * n / 21,
        )
    )


def bench_tui(table: Table, quick: bool) -> None:
    if not (ROOT / "bench" / "tui_journal.py").exists():
        table.add(
            Row("terminal UI: journal of a 100,000-entry compound", "bench/tui_journal.py absent")
        )
        return
    cmd = [sys.executable, "-m", "bench.tui_journal", *(["--entries", "2000"] if quick else [])]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=1800)
    lines = [x.strip() for x in done.stdout.strip().splitlines() if x.strip()]
    first = [x for x in lines if "first screen" in x]
    text = (first or lines or [done.stderr.strip()[-200:]])[-1]
    drawn = re.search(r"([\d,]+) ms after start", text)
    holds = int(drawn[1].replace(",", "")) <= 1000 if drawn and done.returncode == 0 else None
    table.add(
        Row(
            "terminal UI: journal of a 100,000-entry compound",
            text if done.returncode == 0 else f"failed: {text}",
            target="≤ 1 s to first screen",
            holds=False if done.returncode != 0 else holds,
        )
    )


def bench_growth(table: Table, built: workload.Built, years: int, quick: bool) -> None:
    name = built.compounds[0]
    end = workload.END_MONTH
    points = [y for y in (1, 5, 10) if y <= years]
    figures = []
    for y in points:
        month = Month(end.year - years + y, 12)
        figures.append(
            median_of(lambda m=month: monthly_statement(built.ctx, name, m), 5 if quick else 11)
        )
    text = ", ".join(f"{y} y: {s * 1000:.1f} ms" for y, s in zip(points, figures, strict=False))
    growth = figures[-1] / figures[0]
    table.add(
        Row(
            "growth: statement after 1 / 5 / 10 years of history",
            text,
            ratio=f"{growth:.2f}× from {points[0]} to {points[-1]} y",
            target="flat (≤ 1.5× from 1 to 10 years)",
            holds=growth <= 1.5 if len(points) > 1 else None,
        )
    )


def bench_city(table: Table, pg_url: str, compounds: int, years: int, quick: bool) -> None:
    import sqlalchemy as sa

    from ledger.store.database import Database

    name = f"bench_city_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(Database(pg_url).url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = sa.engine.make_url(Database(pg_url).url).set(database=name)
    try:
        print(f"city on PostgreSQL: {compounds} compounds × {years} years …", flush=True)
        city = workload.build_street(
            url.render_as_string(hide_password=False),
            compounds=compounds,
            years=years,
            per_month=workload.FULL_PER_MONTH if not quick else QUICK.per_month,
            progress=True,
        )
        # What autovacuum does on a server that runs it (this one may not): fresh statistics.
        with city.ctx.db.writer.connect() as conn:
            conn.exec_driver_sql("ANALYZE")
            conn.commit()
        sample = city.compounds[:: max(1, len(city.compounds) // 50)]
        worst = max(
            median_of(lambda n=n: monthly_statement(city.ctx, n, workload.END_MONTH), 3)
            for n in sample
        )
        city.ctx.db.dispose()
        table.add(
            Row(
                f"city on PostgreSQL ({compounds:,} compounds × {years} y = {city.entries:,} entries)",
                f"posting {city.rate:,.0f} entries/s; statement worst of {len(sample)} "
                f"compounds {worst * 1000:.1f} ms",
                target="statement ≤ 100 ms any compound",
                holds=worst <= 0.100,
            )
        )
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def export_files(built: workload.Built, workdir: Path) -> tuple[Path, Path, str]:
    bean, journal = workdir / "street.beancount", workdir / "street.journal"
    with bean.open("w", encoding="utf-8") as f:
        b_s = timed(lambda: export_street(built.ctx, f))
    with journal.open("w", encoding="utf-8") as f:
        j_s = timed(lambda: export_street_journal(built.ctx, f))
    note = (
        f"exports: beancount {built.entries / b_s:,.0f} txn/s, "
        f"journal {built.entries / j_s:,.0f} txn/s"
    )
    return bean, journal, note


def run(argv: Sequence[str] | None = None) -> Table:
    args = parse(argv)
    size = QUICK if args.quick else FULL
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="ledger-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    if not args.skip_peers:
        peers.ensure_installed(allow_apt=not args.no_apt and not args.quick)
    print(f"machine: {machine()}")
    if args.city_only:
        return run_city_only(args)
    print(
        f"street: {size.compounds} compounds × {size.years} years × {size.per_month} a month "
        f"in {workdir}",
        flush=True,
    )
    db = workdir / "street.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    built = workload.build_street(
        str(db),
        compounds=size.compounds,
        years=size.years,
        per_month=size.per_month,
        progress=not args.quick,
    )
    table = Table()
    bean, journal, note = export_files(built, workdir)
    print(note, flush=True)
    load = peers.PeerRun(None, "skipped") if args.skip_peers else peers.beancount_load(bean)
    bench_posting(table, built, load)
    bench_statement(table, built, (bean, journal), args.skip_peers, args.quick)
    bench_verify(table, built)
    bench_workbook(table, built, workdir, size.years)
    bench_notices(table, built, args.quick)
    bench_tui(table, args.quick)
    pg_url = args.pg_url or os.environ.get("LEDGER_BENCH_PG_URL")
    if pg_url and (args.city_compounds or not args.quick):
        bench_city(table, pg_url, args.city_compounds or 20, args.city_years, args.quick)
    else:
        table.add(Row("city on PostgreSQL", "not run (give --pg-url or LEDGER_BENCH_PG_URL)"))
    bench_growth(table, built, size.years, args.quick)
    built.ctx.db.dispose()
    print()
    print(f"machine: {machine()}")
    print(table.markdown())
    return table


def run_city_only(args: argparse.Namespace) -> Table:
    """Only the city (the 2,000-compound run takes most of an hour on its own)."""
    pg_url = args.pg_url or os.environ.get("LEDGER_BENCH_PG_URL")
    if not pg_url:
        raise SystemExit("bench/run --city-only: give --pg-url or LEDGER_BENCH_PG_URL")
    table = Table()
    bench_city(table, pg_url, args.city_compounds or 20, args.city_years, args.quick)
    print()
    print(f"machine: {machine()}")
    print(table.markdown())
    return table


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="bench/run", description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="tiny sizes: checks that it all runs")
    p.add_argument("--workdir", help="where the databases and exported files go")
    p.add_argument("--pg-url", help="PostgreSQL server for the city (a new database is made)")
    p.add_argument("--city-compounds", type=int, default=0, help="compounds in the city (20)")
    p.add_argument("--city-years", type=int, default=5)
    p.add_argument("--city-only", action="store_true", help="run only the city on PostgreSQL")
    p.add_argument("--no-apt", action="store_true", help="never apt-get install the peers")
    p.add_argument("--skip-peers", action="store_true", help="measure ours only")
    return p.parse_args(argv)


def main() -> None:
    if len(sys.argv) == 5 and sys.argv[1] == "--workbook-child":
        workbook_child(*sys.argv[2:5])
        return
    run()


if __name__ == "__main__":
    main()
