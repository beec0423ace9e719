"""Shared fixtures: fresh databases on SQLite (always) and PostgreSQL (when reachable), the
shipped rules, and a small street with the people every story needs."""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa

from ledger.domain.period import Month
from ledger.domain.roles import Role
from ledger.domain.rules import RuleBook
from ledger.interop.rules_yaml import load_rules
from ledger.services import organisation
from ledger.services.context import Actor, Context
from ledger.store import migrate
from ledger.store.database import Database

ROOT = Path(__file__).resolve().parents[1]
# The suite makes and checks thousands of passwords: a small scrypt work factor for the
# hashes it creates (inherited by the command-line subprocesses it starts).
os.environ.setdefault("LEDGER_SCRYPT_LOG2N", "10")
PG_URL = os.environ.get("LEDGER_TEST_PG_URL")
COMPOUND = "测试花园"
OPENED = dt.date(2024, 1, 1)
PASSWORD = "pass1"
PASSWORD_DEMO = "demo"


class FixedClock:
    """A settable clock: each call returns the set time plus one more second."""

    def __init__(self, when: dt.datetime) -> None:
        self.now, self.ticks = when, 0

    def set(self, day: dt.date) -> None:
        self.now, self.ticks = dt.datetime(day.year, day.month, day.day, 2, 0, tzinfo=dt.UTC), 0

    def __call__(self) -> dt.datetime:
        self.ticks += 1
        return self.now + dt.timedelta(seconds=self.ticks)


def pytest_report_header(config: pytest.Config) -> str:
    if PG_URL:
        return f"PostgreSQL tests: on ({PG_URL})"
    return "PostgreSQL tests: SKIPPED — set LEDGER_TEST_PG_URL to run them"


@pytest.fixture(scope="session")
def rules() -> RuleBook:
    return load_rules(ROOT / "rules.yaml")


def _pg_database() -> Iterator[str]:
    if not PG_URL:
        pytest.skip("PostgreSQL not configured: set LEDGER_TEST_PG_URL (CI always does)")
    name = f"ledger_t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(Database(PG_URL).url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = sa.engine.make_url(Database(PG_URL).url).set(database=name)
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield str(tmp_path / "books.db")
    else:
        yield from _pg_database()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return str(tmp_path / "books.db")


@dataclass
class Street:
    """A street with one compound and its people; every password is PASSWORD."""

    ctx: Context
    clock: FixedClock
    admin: Actor
    treasurer: Actor
    checker: Actor
    checker2: Actor
    community: Actor
    supervisor: Actor
    auditor: Actor
    compound: str = COMPOUND


def make_street(url: str, rules: RuleBook) -> Street:
    db = Database(url)
    migrate.upgrade(db)
    clock = FixedClock(dt.datetime(2024, 1, 1, 1, 0, tzinfo=dt.UTC))
    ctx = Context(db=db, rules=rules, clock=clock)
    admin = organisation.bootstrap_street(
        ctx, street="测试街道", admin="admin", admin_display="管理员", password=PASSWORD
    )
    organisation.create_community(ctx, admin, street="测试街道", name="测试社区")
    organisation.create_compound(
        ctx,
        admin,
        street="测试街道",
        community="测试社区",
        name=COMPOUND,
        opened_on=OPENED,
        households=300,
    )
    people: dict[str, Actor] = {}
    for user, name, role, scope in [
        ("t", "出纳甲", Role.TREASURER, {"compound": COMPOUND}),
        ("c", "主任乙", Role.COMMITTEE, {"compound": COMPOUND}),
        ("c2", "委员丙", Role.COMMITTEE, {"compound": COMPOUND}),
        ("sq", "书记丁", Role.COMMUNITY, {"community": "测试社区"}),
        ("jd", "监督戊", Role.SUPERVISOR, {"compound": COMPOUND}),
        ("sj", "审计己", Role.AUDITOR, {"street": "测试街道"}),
    ]:
        uid = organisation.create_user(ctx, admin, name=user, display_name=name, password=PASSWORD)
        organisation.grant_role(ctx, admin, user=user, role=role, **scope)
        people[user] = Actor(uid, user, name)
    clock.set(dt.date(2024, 6, 30))
    return Street(
        ctx,
        clock,
        admin,
        people["t"],
        people["c"],
        people["c2"],
        people["sq"],
        people["jd"],
        people["sj"],
    )


@pytest.fixture
def street(db_url: str, rules: RuleBook) -> Iterator[Street]:
    s = make_street(db_url, rules)
    yield s
    s.ctx.db.dispose()


@pytest.fixture
def sqlite_street(sqlite_url: str, rules: RuleBook) -> Iterator[Street]:
    s = make_street(sqlite_url, rules)
    yield s
    s.ctx.db.dispose()


def demo_books(factory: pytest.TempPathFactory, rules: RuleBook, until: Month) -> Path:
    """A private copy of the demo street up to `until`, built once per test run.

    The demo takes seconds to minutes to build and many modules read it; under pytest-xdist
    the first worker to ask builds it (the others wait on a file lock) and every caller gets
    its own copy, so a test that writes cannot disturb another.
    """
    from ledger.demo.build import build_demo

    base = factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    built = shared / f"demo-{until}.db"
    with open(shared / f"demo-{until}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not built.exists():
            building = shared / f"demo-{until}.building.db"
            for leftover in shared.glob(f"{building.name}*"):
                leftover.unlink()
            db = Database(str(building))
            migrate.upgrade(db)
            build_demo(db, rules, until=until, today=until.last_day, password=PASSWORD_DEMO)
            db.dispose()  # the last connection checkpoints the WAL into the file
            os.replace(building, built)
    copy = factory.mktemp("demo") / "demo.db"
    shutil.copyfile(built, copy)
    return copy
