"""Bulk posting keeps every invariant: balanced, known accounts, open months, consecutive
voucher numbers, one hash chain with the entries posted one by one before and after, one audit
record approving the range (which `verify` holds the entries to), no overdraft, maker ≠
checker; and a refused batch writes nothing."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import json
import sqlite3
from contextlib import closing

import pytest
from sqlalchemy import select

from ledger.domain.entry import Line
from ledger.domain.errors import (
    InsufficientFunds,
    InvalidDate,
    LedgerError,
    MakerIsChecker,
    PeriodClosed,
    PermissionDenied,
    UnbalancedEntry,
    UnknownAccount,
)
from ledger.domain.period import Month
from ledger.services.bulk_post import BulkEntry, post_bulk
from ledger.services.verify import verify
from ledger.store.schema import AuditRecord, Entry
from tests.conftest import Street
from tests.helpers import BANK, COST, FEES, PARKING, close_month, fingerprint, receive


def _books(s: Street) -> tuple[str, tuple[tuple[str, int], ...]]:
    """The fingerprint of the books; permission refusals are logged apart, on purpose."""
    digest, counts = fingerprint(s)
    return digest, tuple(c for c in counts if c[0] != "refusal_log")


def _income(s: Street, day: dt.date, gross: int) -> BulkEntry:
    cost = gross * 3 // 10
    lines = (Line(BANK, gross - cost), Line(COST, cost, "物业合理成本"), Line(PARKING, -gross))
    return BulkEntry(day, f"{day}停车费", lines, s.treasurer, kind="income", category="parking")


def _batch(s: Street, months: list[Month], per_month: int) -> list[BulkEntry]:
    return [
        _income(s, m.first_day + dt.timedelta(days=i % 28), 10_000 + 37 * i)
        for m in months
        for i in range(per_month)
    ]


def test_bulk_joins_the_chain_between_entries_posted_one_by_one(street: Street) -> None:
    first = receive(street, dt.date(2024, 3, 2), 50_000)
    batch = _batch(street, [Month(2024, 3), Month(2024, 4)], 30)
    street.clock.set(dt.date(2024, 6, 30))
    result = post_bulk(street.ctx, street.checker, compound=street.compound, entries=batch)
    last = receive(street, dt.date(2024, 3, 20), 1_000)

    assert first == "记-2024-03-0001"
    assert (result.count, result.first_voucher, result.last_voucher) == (
        60,
        "记-2024-03-0002",
        "记-2024-04-0030",
    )
    assert last == "记-2024-03-0032"
    report = verify(street.ctx)
    assert report.ok, report.findings
    assert report.entries == 62
    with street.ctx.db.read() as session:
        rows = session.execute(
            select(
                Entry.seq, Entry.voucher_month, Entry.voucher_seq, Entry.prev_hash, Entry.hash
            ).order_by(Entry.seq)
        ).all()
        approvals = (
            session.execute(select(AuditRecord.target).where(AuditRecord.action == "approve_entry"))
            .scalars()
            .all()
        )
        summary = session.execute(
            select(AuditRecord.actor_id, AuditRecord.details).where(
                AuditRecord.action == "bulk_post"
            )
        ).all()
    assert [r.seq for r in rows] == list(range(1, 63))
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(rows))
    march = [r.voucher_seq for r in rows if r.voucher_month == "2024-03"]
    assert march == list(range(1, 33))
    assert approvals == ["记-2024-03-0001", "记-2024-03-0032"]  # the two posted one by one
    [(actor, details)] = summary
    said = json.loads(details)
    assert actor == street.checker.id
    assert (said["first_seq"], said["head_seq"], said["count"]) == (2, 61, 60)
    assert (said["first"], said["last"]) == ("记-2024-03-0002", "记-2024-04-0030")
    assert result.head_hash == rows[60].hash == said["head_hash"]


@pytest.mark.parametrize("where", ["first", "middle", "last"])
def test_an_entry_of_a_bulk_range_removed_behind_the_back_is_found(
    sqlite_street: Street, where: str
) -> None:
    """The range's record pins its last entry; the chain pins the others to it. A removed entry
    (triggers dropped) is found whichever it was — the last one, which no later link covers,
    by the audit cross-check alone."""
    s = sqlite_street
    s.clock.set(dt.date(2024, 6, 30))
    post_bulk(s.ctx, s.checker, compound=s.compound, entries=_batch(s, [Month(2024, 5)], 6))
    seq = {"first": 1, "middle": 3, "last": 6}[where]
    with closing(sqlite3.connect(s.ctx.db.url.removeprefix("sqlite:///"))) as conn:
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'"):
            conn.execute(f"DROP TRIGGER {name}")
        conn.execute("DELETE FROM posting WHERE entry_seq = ?", (seq,))
        conn.execute("DELETE FROM entry WHERE seq = ?", (seq,))
        conn.commit()
    rules = {f.rule for f in verify(s.ctx).findings}
    assert ("审计对账" in rules) if where == "last" else ("链条连续" in rules), rules


def test_bulk_in_chunks_is_the_same_as_in_one(street: Street) -> None:
    batch = _batch(street, [Month(2024, 5)], 25)
    post_bulk(street.ctx, street.checker, compound=street.compound, entries=batch, chunk=7)
    assert verify(street.ctx).ok


def _refusals(s: Street) -> dict[str, tuple[list[BulkEntry], type[LedgerError], str]]:
    good = _batch(s, [Month(2024, 2)], 3)
    day = dt.date(2024, 2, 10)
    return {
        "unbalanced": (
            [*good, BulkEntry(day, "错账", (Line(BANK, 100), Line(PARKING, -90)), s.treasurer)],
            UnbalancedEntry,
            "第 4 张凭证",
        ),
        "unknown account": (
            [
                *good,
                BulkEntry(day, "错科目", (Line("9999", 100), Line(PARKING, -100)), s.treasurer),
            ],
            UnknownAccount,
            "9999",
        ),
        "closed month": (
            [*good, _income(s, dt.date(2024, 1, 15), 5000)],
            PeriodClosed,
            "已经结账",
        ),
        "overdraft": (
            [
                *good,
                BulkEntry(day, "手续费", (Line(FEES, 10**9), Line(BANK, -(10**9))), s.treasurer),
            ],
            InsufficientFunds,
            "余额不足",
        ),
        "maker is checker": (
            [*good, dataclasses.replace(good[0], maker=s.checker)],
            MakerIsChecker,
            "不能审核自己",
        ),
        "future date": ([*good, _income(s, dt.date(2024, 7, 1), 5000)], InvalidDate, "晚于今天"),
    }


@pytest.mark.parametrize(
    "case",
    [
        "unbalanced",
        "unknown account",
        "closed month",
        "overdraft",
        "maker is checker",
        "future date",
    ],
)
def test_refused_batch_writes_nothing(street: Street, case: str) -> None:
    receive(street, dt.date(2024, 1, 5), 20_000)
    street.clock.set(dt.date(2024, 2, 5))
    close_month(street, Month(2024, 1))
    street.clock.set(dt.date(2024, 6, 30))
    batch, error, words = _refusals(street)[case]
    before = _books(street)
    with pytest.raises(error) as caught:
        post_bulk(street.ctx, street.checker, compound=street.compound, entries=batch)
    assert words in caught.value.message
    assert _books(street) == before
    assert verify(street.ctx).ok


def test_only_a_checker_may_post_in_bulk(street: Street) -> None:
    batch = _batch(street, [Month(2024, 2)], 2)
    before = _books(street)
    with pytest.raises(PermissionDenied):
        post_bulk(street.ctx, street.treasurer, compound=street.compound, entries=batch)
    assert _books(street) == before


def test_overdraft_counts_later_entries_already_in_the_books(street: Street) -> None:
    receive(street, dt.date(2024, 3, 1), 10_000)
    street.clock.set(dt.date(2024, 6, 30))
    day = dt.date(2024, 3, 20)
    spend = BulkEntry(day, "手续费", (Line(FEES, 8_000), Line(BANK, -8_000)), street.treasurer)
    post_bulk(street.ctx, street.checker, compound=street.compound, entries=[spend])
    early = dataclasses.replace(spend, date=dt.date(2024, 3, 10), lines=spend.lines)
    # 10,000 − 8,000 = 2,000 left on the 20th; another 8,000 on the 10th overdraws the 20th.
    with pytest.raises(InsufficientFunds):
        post_bulk(street.ctx, street.checker, compound=street.compound, entries=[early])
    assert verify(street.ctx).ok
