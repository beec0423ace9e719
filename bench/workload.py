"""Deterministic workloads for the benchmarks, written through the real posting path.

For other benchmarks (e.g. bench/tui_journal.py), the entry points are:

    build_street(url, compounds=21, years=10, per_month=60) -> Built
        A street of `compounds` compounds, each opened `years` years before END_MONTH and
        given `per_month` entries every month (48 income entries with gross / cost share /
        net lines, 12 small expenses), all posted by `post_bulk` (validation, voucher
        numbers, hash chain, audit records; the database triggers check every row).
    build_compound(url, entries=100_000, years=10, name=BIG_COMPOUND) -> Built
        One compound with about `entries` entries spread evenly over `years` years
        (about 834 a month for 100,000 over ten years) — e.g. the TUI journal benchmark's.

`bench/run` calls `python -m bench.tui_journal` (with `--entries 2000` under
`bench/run --quick`) when that file exists, and shows the line of its output that says
"first screen" (else its last line) as the TUI figure; a non-zero exit is a failure.

`url` is a SQLite file path or a PostgreSQL URL; the database must be new (the schema is
created). `Built.ctx` is a Context on it whose clock is fixed at CLOCK, so the same arguments
always give the same books, the same hashes included. The street's people: TREASURER (maker,
community-wide treasurer role), CHECKER (committee, the bulk poster); password PASSWORD.
The same random seed per compound index gives the same amounts on every run.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ledger.domain.account import AccountRole
from ledger.domain.entry import Line
from ledger.domain.income import income_lines
from ledger.domain.period import Month, months_between
from ledger.domain.roles import Role
from ledger.domain.rules import RuleBook
from ledger.interop.rules_yaml import load_rules
from ledger.services import organisation
from ledger.services.bulk_post import BulkEntry, post_bulk
from ledger.services.context import Actor, Context
from ledger.store import migrate
from ledger.store.database import Database

ROOT = Path(__file__).resolve().parents[1]
END_MONTH = Month(2025, 12)
CLOCK = dt.datetime(2026, 1, 10, 2, 0, tzinfo=dt.UTC)
STREET = "基准街道"
COMMUNITY = "基准社区"
BIG_COMPOUND = "十万花园"
FULL_PER_MONTH = 60
PASSWORD = "bench"
TREASURER, CHECKER = "bench_t", "bench_c"
CATEGORIES = ("parking", "advertising", "base_station", "venue_rent", "stall", "facility")
EXPENSES = (("5201", "业委会运行经费"), ("5301", "银行手续费"), ("5103", "税费"))


class FixedClock:
    """Always the same instant: reruns give the same timestamps and so the same hashes."""

    def __init__(self, when: dt.datetime) -> None:
        self.when = when

    def __call__(self) -> dt.datetime:
        return self.when


@dataclass
class Built:
    ctx: Context
    admin: Actor
    compounds: list[str]
    treasurer: Actor
    checker: Actor
    entries: int = 0
    postings: int = 0
    post_seconds: float = 0.0
    per_compound: dict[str, int] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        """Entries posted per second (bulk posting only, organisation set-up excluded)."""
        return self.entries / self.post_seconds if self.post_seconds else 0.0


def compound_name(i: int) -> str:
    return f"基准小区{i + 1:04d}"


def open_new(url: str, rules: RuleBook | None = None) -> tuple[Context, Actor, Actor, Actor]:
    """A new database with the street, its community and the people: (ctx, admin, maker, checker)."""
    db = Database(url)
    migrate.upgrade(db)
    ctx = Context(db=db, rules=rules or load_rules(ROOT / "rules.yaml"), clock=FixedClock(CLOCK))
    admin = organisation.bootstrap_street(
        ctx, street=STREET, admin="bench_admin", admin_display="基准管理员", password=PASSWORD
    )
    organisation.create_community(ctx, admin, street=STREET, name=COMMUNITY)
    people = []
    for user, display, role in (
        (TREASURER, "出纳", Role.TREASURER),
        (CHECKER, "主任", Role.COMMITTEE),
    ):
        uid = organisation.create_user(
            ctx, admin, name=user, display_name=display, password=PASSWORD
        )
        organisation.grant_role(ctx, admin, user=user, role=role, community=COMMUNITY)
        people.append(Actor(uid, user, display))
    return ctx, admin, people[0], people[1]


def _add_compound(built: Built, name: str, first: Month, index: int) -> None:
    organisation.create_compound(
        built.ctx,
        built.admin,
        street=STREET,
        community=COMMUNITY,
        name=name,
        opened_on=first.first_day,
        households=200 + index % 800,
    )


def month_entries(
    rules: RuleBook, name: str, month: Month, count: int, rng: random.Random, maker: Actor
) -> Iterator[BulkEntry]:
    """`count` entries of one month, in date order: income first each day, then expenses."""
    r = rules.for_compound(name)
    bank = r.account_by_role(AccountRole.BANK).code
    cost = r.account_by_role(AccountRole.COST_SHARE).code
    days = month.last_day.day
    for i in range(count):
        day = month.first_day + dt.timedelta(days=i * days // count)
        if i % 5 != 4:  # four of five are income, the fifth a small expense
            key = CATEGORIES[rng.randrange(len(CATEGORIES))]
            cat = r.category(key)
            gross = rng.randrange(50_000, 2_000_000)
            memo = f"{month.label}{cat.name}"
            lines = income_lines(
                gross_fen=gross,
                deduction_fen=cat.cost_share_fen(gross),
                income_account=cat.account,
                bank_account=bank,
                cost_account=cost,
                memo=memo,
            )
            yield BulkEntry(day, memo, tuple(lines), maker, kind="income", category=key)
        else:
            code, what = EXPENSES[rng.randrange(len(EXPENSES))]
            amount = rng.randrange(1_000, 100_000)
            memo = f"{month.label}{what}"
            lines = (Line(code, amount, what), Line(bank, -amount, what))
            yield BulkEntry(day, memo, lines, maker)


def _post_compound(
    built: Built, name: str, first: Month, per_month: int, seed: int, last: Month = END_MONTH
) -> None:
    rng = random.Random(seed)
    items = [
        e
        for m in months_between(first, last)
        for e in month_entries(built.ctx.rules, name, m, per_month, rng, built.treasurer)
    ]
    started = time.perf_counter()
    post_bulk(built.ctx, built.checker, compound=name, entries=items)
    built.post_seconds += time.perf_counter() - started
    built.entries += len(items)
    built.postings += sum(len(e.lines) for e in items)
    built.per_compound[name] = len(items)


def build_street(
    url: str,
    *,
    compounds: int = 21,
    years: int = 10,
    per_month: int = 60,
    rules: RuleBook | None = None,
    progress: bool = False,
) -> Built:
    ctx, admin, treasurer, checker = open_new(url, rules)
    first = Month(END_MONTH.year - years + 1, 1)
    built = Built(ctx, admin, [], treasurer, checker)
    for i in range(compounds):
        name = compound_name(i)
        _add_compound(built, name, first, i)
        _post_compound(built, name, first, per_month, seed=i)
        built.compounds.append(name)
        if progress and (i + 1) % max(1, compounds // 10) == 0:
            print(
                f"  … {i + 1}/{compounds} compounds, {built.entries:,} entries, "
                f"{built.rate:,.0f} entries/s",
                flush=True,
            )
    return built


def build_compound(
    url: str,
    *,
    entries: int = 100_000,
    years: int = 10,
    name: str = BIG_COMPOUND,
    rules: RuleBook | None = None,
) -> Built:
    ctx, admin, treasurer, checker = open_new(url, rules)
    first = Month(END_MONTH.year - years + 1, 1)
    built = Built(ctx, admin, [name], treasurer, checker)
    _add_compound(built, name, first, 0)
    per_month = -(-entries // (years * 12))
    _post_compound(built, name, first, per_month, seed=0)
    return built
