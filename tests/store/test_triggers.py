"""The database's own defences (DESIGN.md §3, invariants 2–6), on SQLite and PostgreSQL.

Each test goes around the services with raw SQL in a `Database.write()` unit of work and
shows that the triggers refuse it with an `IntegrityError` naming the rule, and that the
books are exactly as they were afterwards.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, replace
from typing import Any

import pytest
from sqlalchemy import text

from ledger.domain.entry import Attachment, Line
from ledger.domain.errors import IntegrityError
from ledger.domain.hashing import GENESIS_HASH
from ledger.domain.period import Month
from ledger.services import entries
from tests.conftest import Street
from tests.helpers import BANK, COST, PARKING, close_month, fingerprint, receive

JUNE_20 = dt.date(2024, 6, 20)
SEALED_TABLES = ("entry", "posting", "entry_attachment", "audit_log", "period_lock")


@dataclass(frozen=True)
class Books:
    """What the tests aim at: the compound's id, its chain head and a few row keys."""

    compound_id: int
    last_seq: int
    last_hash: str
    june_vouchers: int
    bank_id: int
    parking_id: int
    maker_id: int
    checker_id: int
    posted_draft: int
    discarded_draft: int
    open_draft: int


@dataclass(frozen=True)
class RawEntry:
    """A hand-made entry row with its postings; the defaults are the next well-formed one."""

    seq: int
    voucher_seq: int
    prev_hash: str
    amounts: tuple[int, ...] = (500, -500)
    day: dt.date = JUNE_20
    posting_month: str | None = None


def rows(s: Street, sql: str, /, **params: Any) -> list[Any]:
    with s.ctx.db.read() as session:
        return list(session.execute(text(sql), params).all())


def snapshot(s: Street) -> tuple[object, ...]:
    """The fingerprint, plus every row of the protected tables and the drafts."""
    tables = {t: rows(s, f"SELECT * FROM {t}") for t in (*SEALED_TABLES, "draft", "draft_line")}
    return fingerprint(s), tuple(sorted((t, sorted(map(repr, r))) for t, r in tables.items()))


@pytest.fixture
def books(street: Street) -> Books:
    """January locked; three June vouchers, the last with an attachment; drafts in every state."""
    s = street
    close_month(s, Month(2024, 1))
    receive(s, dt.date(2024, 6, 3), 100_000)
    receive(s, dt.date(2024, 6, 5), 50_000)
    s.clock.set(dt.date(2024, 6, 10))
    scan = Attachment(hashlib.sha256(b"invoice").hexdigest(), "发票.pdf")
    lines = [Line(COST, 30_000), Line(BANK, -30_000)]
    posted = entries.draft_entry(
        s.ctx,
        s.treasurer,
        compound=s.compound,
        date=dt.date(2024, 6, 10),
        memo="保洁费",
        lines=lines,
        attachment_count=1,
        attachments=[scan],
    )
    entries.approve_entry(s.ctx, s.checker, posted)
    discarded = entries.draft_entry(
        s.ctx, s.treasurer, compound=s.compound, date=dt.date(2024, 6, 10), memo="作废", lines=lines
    )
    entries.discard_draft(s.ctx, s.treasurer, discarded)
    still_open = entries.draft_entry(
        s.ctx, s.treasurer, compound=s.compound, date=dt.date(2024, 6, 10), memo="待审", lines=lines
    )
    s.clock.set(JUNE_20)
    (cid,) = rows(s, "SELECT id FROM compound WHERE name = :n", n=s.compound)[0]
    seq, last_hash = rows(
        s, "SELECT seq, hash FROM entry WHERE compound_id = :c ORDER BY seq DESC LIMIT 1", c=cid
    )[0]
    accounts = dict(rows(s, "SELECT code, id FROM account WHERE compound_id = :c", c=cid))
    return Books(
        compound_id=cid,
        last_seq=seq,
        last_hash=last_hash,
        june_vouchers=3,
        bank_id=accounts[BANK],
        parking_id=accounts[PARKING],
        maker_id=s.treasurer.id,
        checker_id=s.checker.id,
        posted_draft=posted,
        discarded_draft=discarded,
        open_draft=still_open,
    )


def next_entry(b: Books) -> RawEntry:
    return RawEntry(seq=b.last_seq + 1, voucher_seq=b.june_vouchers + 1, prev_hash=b.last_hash)


def insert_raw(s: Street, b: Books, e: RawEntry) -> None:
    """Postings first, the sealing entry row last, as ledger/store/books.py insert_entry does."""
    month = f"{e.day:%Y-%m}"
    stamp = dt.datetime(e.day.year, e.day.month, e.day.day, 3, 0)
    with s.ctx.db.write() as session:
        for line_no, fen in enumerate(e.amounts, 1):
            session.execute(
                text(
                    "INSERT INTO posting (compound_id, entry_seq, line_no, voucher_month,"
                    " account_id, amount_fen, memo) VALUES (:c, :seq, :n, :m, :a, :fen, '')"
                ),
                {
                    "c": b.compound_id,
                    "seq": e.seq,
                    "n": line_no,
                    "m": e.posting_month or month,
                    "a": b.bank_id if fen > 0 else b.parking_id,
                    "fen": fen,
                },
            )
        session.execute(
            text(
                "INSERT INTO entry (compound_id, seq, voucher_month, voucher_seq, voucher_no,"
                " entry_date, kind, memo, attachment_count, maker_id, checker_id, drafted_at,"
                " posted_at, prev_hash, hash) VALUES (:c, :seq, :m, :vseq, :vno, :day, 'general',"
                " '手工插入', 0, :maker, :checker, :at, :at, :prev, :hash)"
            ),
            {
                "c": b.compound_id,
                "seq": e.seq,
                "m": month,
                "vseq": e.voucher_seq,
                "vno": f"记-{month}-{e.voucher_seq:04d}",
                "day": e.day,
                "maker": b.maker_id,
                "checker": b.checker_id,
                "at": stamp,
                "prev": e.prev_hash,
                "hash": "a" * 64,
            },
        )


def refused(s: Street, sql: str, /, **params: Any) -> IntegrityError:
    """Run `sql` in one unit of work; it must be refused and change nothing."""
    before = snapshot(s)
    with pytest.raises(IntegrityError) as caught, s.ctx.db.write() as session:
        session.execute(text(sql), params)
    assert snapshot(s) == before
    return caught.value


# --- posted rows never change -------------------------------------------------------------

CHANGES = [
    ("UPDATE", "entry", "UPDATE entry SET memo = '改过' WHERE compound_id = :c AND seq = 2"),
    ("DELETE", "entry", "DELETE FROM entry WHERE compound_id = :c AND seq = 3"),
    ("UPDATE", "posting", "UPDATE posting SET amount_fen = amount_fen * 2 WHERE compound_id = :c"),
    ("DELETE", "posting", "DELETE FROM posting WHERE compound_id = :c AND entry_seq = 1"),
    (
        "UPDATE",
        "entry_attachment",
        "UPDATE entry_attachment SET filename = 'x.pdf' WHERE compound_id = :c",
    ),
    ("DELETE", "entry_attachment", "DELETE FROM entry_attachment WHERE compound_id = :c"),
    ("UPDATE", "audit_log", "UPDATE audit_log SET details = '{}' WHERE compound_id = :c"),
    (
        "DELETE",
        "audit_log",
        "DELETE FROM audit_log WHERE compound_id = :c AND action = 'draft_entry'",
    ),
    (
        "UPDATE",
        "period_lock",
        "UPDATE period_lock SET snapshot_hash = :zero WHERE compound_id = :c",
    ),
    ("DELETE", "period_lock", "DELETE FROM period_lock WHERE compound_id = :c"),
]


@pytest.mark.parametrize(("op", "table", "sql"), CHANGES, ids=[f"{o}-{t}" for o, t, _ in CHANGES])
def test_posted_rows_cannot_be_updated_or_deleted(
    street: Street, books: Books, op: str, table: str, sql: str
) -> None:
    err = refused(street, sql, c=books.compound_id, zero=GENESIS_HASH)
    assert err.facts["rule"] == f"{op} of {table} is refused (append-only)"


POSTGRESQL_ONLY = pytest.mark.parametrize(
    "db_url", [pytest.param("postgresql", marks=pytest.mark.pg)], indirect=True
)


@POSTGRESQL_ONLY
@pytest.mark.parametrize("table", SEALED_TABLES)
def test_append_only_tables_cannot_be_truncated_on_postgresql(
    street: Street, books: Books, table: str
) -> None:
    err = refused(street, f"TRUNCATE {table} CASCADE")
    assert str(err.facts["rule"]).startswith("TRUNCATE of ")


# --- an entry row is accepted only when it seals a well-formed posting set ----------------


def test_a_well_formed_raw_entry_is_accepted(street: Street, books: Books) -> None:
    insert_raw(street, books, next_entry(books))
    head = rows(
        street,
        "SELECT MAX(entry_seq), COUNT(*) FROM posting WHERE compound_id = :c",
        c=books.compound_id,
    )[0]
    assert tuple(head) == (books.last_seq + 1, 8)


BROKEN = {
    "unbalanced": ({"amounts": (500, -400)}, "entry is not balanced"),
    "one-posting": ({"amounts": (500,)}, "entry has fewer than two postings"),
    "seq-gap": ({"seq": 5}, "chain sequence is not consecutive"),
    "voucher-gap": ({"voucher_seq": 5}, "voucher number is not consecutive"),
    "wrong-prev-hash": ({"prev_hash": "f" * 64}, "prev_hash does not link to the previous entry"),
    "locked-month": ({"day": dt.date(2024, 1, 20), "voucher_seq": 1}, "month is closed"),
    "posting-month": ({"posting_month": "2024-05"}, "posting month differs from voucher month"),
}


@pytest.mark.parametrize(("change", "rule"), BROKEN.values(), ids=BROKEN.keys())
def test_an_entry_breaking_one_rule_is_refused(
    street: Street, books: Books, change: dict[str, Any], rule: str
) -> None:
    before = snapshot(street)
    with pytest.raises(IntegrityError) as caught:
        insert_raw(street, books, replace(next_entry(books), **change))
    assert caught.value.facts["rule"] == rule
    assert snapshot(street) == before


def test_a_posting_cannot_be_added_to_a_sealed_entry(street: Street, books: Books) -> None:
    err = refused(
        street,
        "INSERT INTO posting (compound_id, entry_seq, line_no, voucher_month,"
        " account_id, amount_fen, memo) VALUES (:c, 1, 3, '2024-06', :a, 1, '')",
        c=books.compound_id,
        a=books.bank_id,
    )
    assert err.facts["rule"] == "entry is already sealed"


def test_an_attachment_cannot_be_added_to_a_sealed_entry(street: Street, books: Books) -> None:
    err = refused(
        street,
        "INSERT INTO entry_attachment (compound_id, entry_seq, line_no, sha256,"
        " filename) VALUES (:c, 3, 2, :sha, 'late.pdf')",
        c=books.compound_id,
        sha="b" * 64,
    )
    assert err.facts["rule"] == "entry is already sealed"


def test_audit_records_must_follow_the_chain(street: Street, books: Books) -> None:
    scope = f"compound:{books.compound_id}"
    (last,) = rows(street, "SELECT MAX(seq) FROM audit_log WHERE scope = :s", s=scope)[0]
    insert = (
        "INSERT INTO audit_log (scope, seq, at, action, target, details, prev_hash, hash)"
        " VALUES (:s, :seq, :at, 'forged', 'x', '{}', :prev, :h)"
    )
    at = dt.datetime(2024, 6, 20, 3, 0)
    gap = refused(street, insert, s=scope, seq=last + 2, at=at, prev=GENESIS_HASH, h="c" * 64)
    unlinked = refused(street, insert, s=scope, seq=last + 1, at=at, prev="f" * 64, h="c" * 64)
    assert gap.facts["rule"] == "audit sequence is not consecutive"
    assert unlinked.facts["rule"] == "audit prev_hash does not link"


# --- drafts change only while open --------------------------------------------------------

DRAFT_CHANGES = {
    "update-draft": "UPDATE draft SET memo = '改过' WHERE id = :d",
    "delete-draft": "DELETE FROM draft WHERE id = :d",
    "update-line": "UPDATE draft_line SET amount_fen = amount_fen * 2 WHERE draft_id = :d",
    "delete-line": "DELETE FROM draft_line WHERE draft_id = :d",
    "insert-line": "INSERT INTO draft_line (draft_id, line_no, account_id, amount_fen, memo)"
    " VALUES (:d, 9, :a, 1, '')",
}


@pytest.mark.parametrize("state", ["posted", "discarded"])
@pytest.mark.parametrize("sql", DRAFT_CHANGES.values(), ids=DRAFT_CHANGES.keys())
def test_a_posted_or_discarded_draft_cannot_change(
    street: Street, books: Books, state: str, sql: str
) -> None:
    draft = books.posted_draft if state == "posted" else books.discarded_draft
    assert rows(street, "SELECT state FROM draft WHERE id = :d", d=draft) == [(state,)]
    err = refused(street, sql, d=draft, a=books.bank_id)
    assert err.facts["rule"] == "a posted or discarded draft cannot change"


def test_an_open_draft_can_still_be_changed(street: Street, books: Books) -> None:
    with street.ctx.db.write() as session:
        session.execute(
            text("UPDATE draft SET memo = '改过' WHERE id = :d"), {"d": books.open_draft}
        )
        session.execute(
            text("UPDATE draft_line SET memo = '改过' WHERE draft_id = :d"), {"d": books.open_draft}
        )
    assert rows(street, "SELECT memo FROM draft WHERE id = :d", d=books.open_draft) == [("改过",)]
