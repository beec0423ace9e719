"""`verify` of a street checked in worker processes says exactly what one process says, and the
driver-level entry stream hands `verify` the values SQLAlchemy itself would.

Two compounds with books of their own; each case changes stored rows behind the program's back
(the way `test_tamper` does) and compares the whole report, finding by finding and digest by
digest, of `verify(workers=1)` and `verify(workers=2)`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import cast

import pytest
import sqlalchemy as sa

from ledger.domain.entry import Line
from ledger.domain.fast_hash import stamp
from ledger.domain.roles import Role
from ledger.services import organisation
from ledger.services import verify_parallel as parallel
from ledger.services import verify_stream as stream
from ledger.services.verify import VerifyReport, _verify_compound, verify
from ledger.store import org
from ledger.store.schema import Entry
from tests.conftest import Street
from tests.helpers import BANK, COST, post, receive
from tests.services.test_tamper import behind_the_back

OTHER = "另一花园"
IN_OTHER = "(SELECT id FROM compound WHERE name = '另一花园')"


@pytest.fixture
def two(street: Street) -> Street:
    """June books in the test compound and in a second one, three entries each."""
    organisation.create_compound(
        street.ctx,
        street.admin,
        street="测试街道",
        community="测试社区",
        name=OTHER,
        opened_on=dt.date(2024, 1, 1),
    )
    organisation.grant_role(street.ctx, street.admin, user="t", role=Role.TREASURER, compound=OTHER)
    organisation.grant_role(street.ctx, street.admin, user="c", role=Role.COMMITTEE, compound=OTHER)
    for s in (street, dataclasses.replace(street, compound=OTHER)):
        receive(s, dt.date(2024, 6, 3), 100_000)
        receive(s, dt.date(2024, 6, 5), 50_000)
        post(s, dt.date(2024, 6, 10), [Line(COST, 30_000), Line(BANK, -30_000)], "保洁费")
    return street


def both_ways(s: Street) -> VerifyReport:
    alone = verify(s.ctx, workers=1)
    shared = verify(s.ctx, workers=2)
    assert [str(f) for f in shared.findings] == [str(f) for f in alone.findings]
    assert shared.findings == alone.findings
    assert shared.heads == alone.heads
    assert shared.digest == alone.digest
    assert (shared.compounds, shared.entries, shared.audit_records) == (
        alone.compounds,
        alone.entries,
        alone.audit_records,
    )
    return shared


def test_untouched_street_is_clean_in_workers(two: Street) -> None:
    report = both_ways(two)
    assert report.ok, report.findings
    assert (report.compounds, report.entries) == (2, 6)


CHANGES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "memo in the second compound": (
        ("entry",),
        (f"UPDATE entry SET memo = '改过' WHERE compound_id = {IN_OTHER} AND seq = 2",),
    ),
    "amount in the first compound": (
        ("posting",),
        ("UPDATE posting SET amount_fen = amount_fen + 1 WHERE compound_id = 1 AND entry_seq = 1",),
    ),
    "newest entry of the second compound removed": (
        ("entry", "posting"),
        (
            f"DELETE FROM posting WHERE compound_id = {IN_OTHER} AND entry_seq = 3",
            f"DELETE FROM entry WHERE compound_id = {IN_OTHER} AND seq = 3",
        ),
    ),
    "both compounds changed": (
        ("entry", "posting"),
        (
            f"UPDATE entry SET memo = '改过' WHERE compound_id = {IN_OTHER} AND seq = 1",
            "UPDATE posting SET memo = '改过' WHERE compound_id = 1 AND entry_seq = 3",
        ),
    ),
    "voucher number of the second compound's newest entry": (
        ("entry",),
        (
            f"UPDATE entry SET voucher_no = '记-2024-06-0009' WHERE compound_id = {IN_OTHER} AND seq = 3",
        ),
    ),
}


@pytest.mark.parametrize("case", list(CHANGES))
def test_changed_rows_are_reported_alike_in_workers(two: Street, case: str) -> None:
    tables, statements = CHANGES[case]
    behind_the_back(two, tables, *statements)
    report = both_ways(two)
    assert not report.ok


SQLITE_TEXTS = {
    # Other spellings of the same instants and days: SQLAlchemy reads them as the same values,
    # so the hashes still hold.
    "timestamp without fraction": "UPDATE entry SET drafted_at = substr(drafted_at, 1, 19)",
    "timestamp with T": "UPDATE entry SET posted_at = replace(posted_at, ' ', 'T')",
    "timestamp with zone": "UPDATE entry SET posted_at = substr(posted_at, 1, 19) || '+08:00'",
    # A different instant: the hash breaks.
    "timestamp moved": "UPDATE entry SET drafted_at = '2024-06-03 09:00:00.000001' WHERE seq = 2",
}


@pytest.mark.parametrize("case", list(SQLITE_TEXTS))
def test_stored_text_reads_as_sqlalchemy_reads_it(sqlite_street: Street, case: str) -> None:
    s = sqlite_street
    receive(s, dt.date(2024, 6, 3), 100_000)
    receive(s, dt.date(2024, 6, 5), 50_000)
    behind_the_back(s, ("entry",), SQLITE_TEXTS[case])
    with s.ctx.db.read() as session:
        cid = org.compound_by_name(session, s.compound).id
        rows = session.execute(
            sa.select(Entry.__table__).where(Entry.compound_id == cid).order_by(Entry.seq)
        ).all()
        streamed = [entry for entry, _lines, _files in stream.entries(session, cid)]
    assert [(e[4], e[14], e[15]) for e in streamed] == [
        (r.entry_date, stamp(r.drafted_at), stamp(r.posted_at)) for r in rows
    ]
    report = verify(s.ctx)
    assert report.ok == (case != "timestamp moved"), report.findings


def test_a_worker_that_sees_other_books_leaves_its_compounds_here(two: Street) -> None:
    with two.ctx.db.read() as session:
        seen = parallel.fingerprint(session)
        ids = [c.id for c in org.all_compounds(session)]
    chains, audit = seen
    later = (chains, (*audit, ("compound:999", 1)))
    running = parallel.start(two.ctx.db, two.ctx.rules, [ids], later, _verify_compound)
    assert running is not None
    assert parallel.collect(running) == {}
    running = parallel.start(two.ctx.db, two.ctx.rules, [ids], seen, _verify_compound)
    assert running is not None
    assert sorted(parallel.collect(running)) == sorted(ids)


def test_compounds_split_into_groups_of_about_equal_entries() -> None:
    sizes = {1: 100, 2: 10, 3: 60, 4: 50}
    assert parallel.split(sizes, [1, 2, 3, 4], 2) == [[1, 2], [3, 4]]
    # The lightest group first (this process takes it), each in the compounds' order.
    assert parallel.split(sizes, [1, 2], 3) == [[2], [1]]
    assert parallel.split({1: 100, 2: 10, 3: 60}, [1, 2, 3], 2) == [[2, 3], [1]]


STORED_STAMPS: list[tuple[str, object]] = [
    ("sqlite", "2024-06-03 01:00:00.000000"),
    ("sqlite", "2024-06-03T01:00:00"),
    ("sqlite", "2024-06-03 01:00:00+08:00"),
    ("sqlite", "2024-06-03"),
    ("sqlite", "2024-06-03 01:00:00.5"),
    ("sqlite", "2024-02-30 01:00:00.000000"),
    ("sqlite", "昨天"),
    ("sqlite", 5),
    ("sqlite", None),
    ("postgresql", dt.datetime(2024, 6, 3, 1)),
    ("postgresql", dt.datetime(2024, 6, 3, 1, tzinfo=dt.timezone(dt.timedelta(hours=8)))),
    ("postgresql", None),
]


@pytest.mark.parametrize(("engine", "stored"), STORED_STAMPS)
def test_a_stored_timestamp_reads_as_sqlalchemy_reads_it(engine: str, stored: object) -> None:
    """The shortcut for timestamps gives `stamp` of SQLAlchemy's value, or fails as it does."""
    url = {"sqlite": "sqlite://", "postgresql": "postgresql+psycopg://u@localhost/d"}[engine]
    dialect = sa.create_engine(url).dialect  # no connection is opened
    process = Entry.__table__.c.drafted_at.type.dialect_impl(dialect).result_processor(
        dialect, None
    )
    assert process is not None

    def outcome(read: Callable[[object], str]) -> str:
        try:
            return read(stored)
        except (TypeError, ValueError, AttributeError) as refused:
            return type(refused).__name__

    assert outcome(stream._stamp_reader(dialect)) == outcome(
        lambda v: stamp(cast(dt.datetime, process(v)))
    )
