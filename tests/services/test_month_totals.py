"""`month_total` stays equal to the postings' sums whichever way entries are posted (one by
one, in bulk, reversed); a total changed or removed behind the program's back is named by
`verify` with its compound and month; the statement's figures read from it equal those summed
from the postings themselves."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import sqlalchemy as sa

from ledger.domain.entry import Line
from ledger.domain.period import Month
from ledger.services import entries
from ledger.services.bulk_post import BulkEntry, post_bulk
from ledger.services.statement import monthly_statement
from ledger.services.verify import verify
from ledger.store import books, migrate, org
from ledger.store.statement_queries import AccountSums, account_sums
from tests.conftest import Street
from tests.helpers import BANK, COST, FEES, PARKING, post, receive

Totals = dict[tuple[str, int], tuple[int, int, int]]


def _postings(s: Street) -> list[tuple[str, int, int]]:
    with s.ctx.db.writer.connect() as conn:
        rows = conn.execute(sa.text("SELECT voucher_month, account_id, amount_fen FROM posting"))
        return [(m, a, int(x)) for m, a, x in rows]


def _from_postings(s: Street) -> Totals:
    sums: dict[tuple[str, int], list[int]] = defaultdict(lambda: [0, 0, 0])
    for month, account, amount in _postings(s):
        t = sums[(month, account)]
        t[0 if amount > 0 else 1] += abs(amount)
        t[2] += 1
    return {k: (d, c, n) for k, (d, c, n) in sums.items()}


def _stored(s: Street) -> Totals:
    with s.ctx.db.writer.connect() as conn:
        rows = conn.execute(
            sa.text(
                "SELECT voucher_month, account_id, debit_fen, credit_fen, count FROM month_total"
            )
        )
        return {(m, a): (int(d), int(c), int(n)) for m, a, d, c, n in rows}


def _sums_from_postings(s: Street, month: Month) -> dict[int, AccountSums]:
    """The statement's figures as the posting-only query computed them before month_total."""
    m, first = str(month), str(Month(month.year, 1))
    out: dict[int, list[int]] = defaultdict(lambda: [0] * 7)
    for pm, account, amount in _postings(s):
        if pm > m:
            continue
        f, side = out[account], (max(amount, 0), max(-amount, 0))
        if pm < m:
            f[0] += amount
        if pm == m:
            f[1], f[2] = f[1] + side[0], f[2] + side[1]
        if pm >= first:
            f[3], f[4] = f[3] + side[0], f[4] + side[1]
        f[5], f[6] = f[5] + side[0], f[6] + side[1]
    return {a: AccountSums(f[0], (f[1], f[2]), (f[3], f[4]), (f[5], f[6])) for a, f in out.items()}


def _books(s: Street) -> None:
    """Entries one by one and in bulk over three months, and a reversal."""
    receive(s, dt.date(2024, 3, 5), 120_000)
    post(s, dt.date(2024, 3, 9), [Line(FEES, 1_500), Line(BANK, -1_500)], "手续费")
    bulk = [
        BulkEntry(
            day,
            f"{day}停车费",
            (
                Line(BANK, gross - gross * 3 // 10),
                Line(COST, gross * 3 // 10),
                Line(PARKING, -gross),
            ),
            s.treasurer,
            kind="income",
            category="parking",
        )
        for day, gross in [(dt.date(2024, 4, d), 10_000 + 37 * d) for d in range(1, 21)]
        + [(dt.date(2024, 5, d), 20_000 + 11 * d) for d in range(1, 6)]
    ]
    s.clock.set(dt.date(2024, 6, 30))
    post_bulk(s.ctx, s.checker, compound=s.compound, entries=bulk)
    wrong = receive(s, dt.date(2024, 5, 10), 9_900)
    s.clock.set(dt.date(2024, 5, 12))
    draft = entries.reverse_entry(s.ctx, s.treasurer, wrong, reason="金额录错", compound=s.compound)
    entries.approve_entry(s.ctx, s.checker, draft)
    s.clock.set(dt.date(2024, 6, 30))


def _tamper(s: Street, sql: str) -> None:
    with s.ctx.db.writer.begin() as conn:
        conn.execute(sa.text(sql))


def _bank_id(s: Street) -> int:
    with s.ctx.db.read() as session:
        c = org.compound_by_name(session, s.compound)
        return books.accounts_by_code(session, c.id)[BANK].id


def test_totals_follow_every_posting_path(street: Street) -> None:
    _books(street)
    stored = _stored(street)
    assert stored == _from_postings(street)
    bank = _bank_id(street)
    assert stored[("2024-05", bank)][2] == 5 + 2  # five in bulk, the wrong receipt, its reversal
    assert verify(street.ctx).ok


def test_statement_figures_equal_the_postings_sums(street: Street) -> None:
    _books(street)
    bank = _bank_id(street)
    with street.ctx.db.read() as session:
        c = org.compound_by_name(session, street.compound)
        for month in (Month(2024, 2), Month(2024, 3), Month(2024, 4), Month(2024, 5)):
            assert account_sums(session, c.id, month) == _sums_from_postings(street, month)
    for month in (Month(2024, 4), Month(2024, 5)):
        want = _sums_from_postings(street, month)[bank]
        st = monthly_statement(street.ctx, street.compound, month)
        assert st.opening_fen == want.before
        assert (st.income_fen, st.spending_fen) == want.month
        assert (st.income_ytd_fen, st.spending_ytd_fen) == want.ytd
        assert (st.income_total_fen, st.spending_total_fen) == want.total


def test_a_changed_total_is_named_by_verify(street: Street) -> None:
    _books(street)
    bank = _bank_id(street)
    _tamper(
        street,
        f"UPDATE month_total SET debit_fen = debit_fen + 100"
        f" WHERE voucher_month = '2024-04' AND account_id = {bank}",
    )
    findings = [f for f in verify(street.ctx).findings if f.rule == "月度合计"]
    assert [(f.compound, f.voucher) for f in findings] == [(street.compound, "2024-04")]
    assert f"科目 {BANK} " in findings[0].message


def test_a_removed_or_added_total_is_named_by_verify(street: Street) -> None:
    _books(street)
    bank = _bank_id(street)
    _tamper(
        street,
        f"DELETE FROM month_total WHERE voucher_month = '2024-03' AND account_id = {bank}",
    )
    _tamper(
        street,
        "INSERT INTO month_total (compound_id, voucher_month, account_id, debit_fen,"
        f" credit_fen, count) SELECT compound_id, '2024-06', {bank}, 1, 0, 1"
        " FROM month_total WHERE voucher_month = '2024-04' AND account_id = "
        f"{bank}",
    )
    findings = [f for f in verify(street.ctx).findings if f.rule == "月度合计"]
    assert [(f.compound, f.voucher) for f in findings] == [
        (street.compound, "2024-03"),
        (street.compound, "2024-06"),
    ]
    assert "没有月度合计" in findings[0].message
    assert "没有分录" in findings[1].message


def test_the_migration_fills_the_totals_from_the_existing_postings(street: Street) -> None:
    _books(street)
    want = _stored(street)
    migrate.downgrade(street.ctx.db, "0009")
    migrate.upgrade(street.ctx.db)
    assert _stored(street) == want == _from_postings(street)
    assert verify(street.ctx).ok
