"""A full disk and a read-only database: a clear Chinese error, nothing half-written, and the
books go on once the cause is gone.

The full disk is SQLite's `PRAGMA max_page_count` on the writer's connections (the database
cannot grow, as on a full disk: SQLITE_FULL). The read-only database is a SQLite connection
opened read-only (`mode=ro`; the tests run as root, for whom a chmod changes nothing) and, on
PostgreSQL, a database whose transactions are read-only by default."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import sqlalchemy as sa

from ledger.domain.entry import Line
from ledger.domain.errors import StorageError
from ledger.services import entries
from ledger.services.bulk_post import BulkEntry, post_bulk
from ledger.services.verify import verify
from ledger.store.database import Database
from tests.conftest import Street
from tests.helpers import BANK, PARKING, fingerprint, receive
from tests.reliability.support import no_partial_work, report

DAY = dt.date(2024, 6, 10)
ROOM = 40  # pages the database may still grow by: a few writes fit, then it is full


def _batch(s: Street, start: int, n: int) -> list[BulkEntry]:
    memo = "满" * 180  # long memos fill pages quickly
    return [
        BulkEntry(
            date=DAY,
            memo=f"{memo}{i}",
            lines=(Line(BANK, 100 + i), Line(PARKING, -(100 + i))),
            maker=s.treasurer,
        )
        for i in range(start, start + n)
    ]


def _counts(s: Street) -> tuple[tuple[str, int], ...]:
    return fingerprint(s)[1]


def test_a_full_disk_refuses_the_whole_write_and_the_books_go_on(sqlite_street: Street) -> None:
    s = sqlite_street
    receive(s, DAY, 1_000)
    db = s.ctx.db
    with db.read() as session:
        pages = session.execute(sa.text("PRAGMA page_count")).scalar_one()

    def limit(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages + ROOM}")

    db.writer.dispose()
    sa.event.listen(db.writer, "connect", limit)
    posted, error, path = 0, None, ""
    for attempt in range(200):
        before = _counts(s)
        try:
            path = "bulk" if attempt % 2 else "draft and approve"
            if attempt % 2:
                post_bulk(s.ctx, s.checker, compound=s.compound, entries=_batch(s, posted, 40))
                posted += 40
            else:
                lines = [Line(BANK, 7 + attempt), Line(PARKING, -(7 + attempt))]
                d = entries.draft_entry(
                    s.ctx, s.treasurer, compound=s.compound, date=DAY, memo="满" * 190, lines=lines
                )
                entries.approve_entry(s.ctx, s.checker, d)
        except StorageError as err:
            error = err
            break
    assert error is not None, "the database never filled up"
    assert error.message.startswith("磁盘已满"), error.message
    assert "未作任何更改" in error.message
    assert _counts(s) == before  # the refused unit of work left nothing behind
    no_partial_work(s.ctx)

    sa.event.remove(db.writer, "connect", limit)
    db.writer.dispose()
    post_bulk(s.ctx, s.checker, compound=s.compound, entries=_batch(s, 10_000, 40))
    after = verify(s.ctx)
    assert after.ok, after.findings
    report(
        "disk_full_sqlite",
        writes_before_full=attempt,
        refused_on=path,
        pages_allowed=pages + ROOM,
        entries=after.entries,
    )


def _read_only_url(s: Street) -> str:
    """The same database, opened so that nothing can be written."""
    if s.ctx.db.dialect == "sqlite":
        path = s.ctx.db.url.removeprefix("sqlite:///")
        return f"sqlite:///file:{path}?mode=ro&uri=true"
    url = sa.engine.make_url(s.ctx.db.url)
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(
            f'ALTER DATABASE "{url.database}" SET default_transaction_read_only = on'
        )
    admin.dispose()
    return s.ctx.db.url


def test_a_read_only_database_says_so_and_changes_nothing(street: Street) -> None:
    s = street
    receive(s, DAY, 1_000)
    before = fingerprint(s)
    d = entries.draft_entry(
        s.ctx,
        s.treasurer,
        compound=s.compound,
        date=DAY,
        memo="只读时审核",
        lines=[Line(BANK, 5), Line(PARKING, -5)],
    )
    before = fingerprint(s)
    s.ctx.db.dispose()
    ro = Database(_read_only_url(s))
    ctx = type(s.ctx)(db=ro, rules=s.ctx.rules, clock=s.clock)
    assert verify(ctx).ok  # reading still works
    with pytest.raises(StorageError) as err:
        entries.approve_entry(ctx, s.checker, d)
    assert err.value.message.startswith("数据库是只读的"), err.value.message
    with pytest.raises(StorageError) as err:
        post_bulk(ctx, s.checker, compound=s.compound, entries=_batch(s, 0, 3))
    assert err.value.message.startswith("数据库是只读的"), err.value.message
    ro.dispose()
    if s.ctx.db.dialect == "postgresql":
        admin = sa.create_engine(s.ctx.db.url, isolation_level="AUTOCOMMIT")
        name = sa.engine.make_url(s.ctx.db.url).database
        with admin.connect() as conn:
            conn.exec_driver_sql("SET default_transaction_read_only = off")
            conn.exec_driver_sql(f'ALTER DATABASE "{name}" RESET default_transaction_read_only')
        admin.dispose()
    assert fingerprint(s) == before
    entries.approve_entry(s.ctx, s.checker, d)  # writable again: the same draft posts
    no_partial_work(s.ctx)
