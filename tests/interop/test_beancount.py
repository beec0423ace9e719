"""Beancount export: the file loads without a single error, bean-check accepts it, and every
account's balance at every month end, computed by beancount's side from the file, equals our
trial balance: on small books, on the whole demo street, and on generated books."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
import uuid
from pathlib import Path

import pytest
from beancount.core import data
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger.domain.entry import Line
from ledger.domain.errors import InsufficientFunds, WrongState
from ledger.domain.period import Month, months_between
from ledger.domain.rules import RuleBook
from ledger.services import entries
from ledger.services.context import Context
from ledger.store.database import Database
from tests.conftest import OPENED, FixedClock, Street, demo_books, make_street
from tests.helpers import BANK, COST, FEES, PARKING, post
from tests.interop.beancount_support import (
    bean_check,
    beancount_balances,
    exported,
    load_clean,
    number,
    our_balances,
    small_books,
    transactions,
)

DEMO_UNTIL = Month(2023, 6)
SMALL_MONTHS = months_between(Month.of(OPENED), Month(2024, 6))


def test_small_books_export_loads_clean_and_passes_bean_check(
    street: Street, tmp_path: Path
) -> None:
    vouchers = small_books(street)
    text = exported(street.ctx, street.compound)
    directives = load_clean(text)
    path = tmp_path / "books.beancount"
    path.write_text(text, encoding="utf-8")
    run = bean_check(path)
    assert run.returncode == 0, run.stdout + run.stderr
    opens = [d for d in directives if isinstance(d, data.Open)]
    assert {o.meta["code"] for o in opens} >= {BANK, PARKING, FEES, COST}
    bank = next(o for o in opens if o.meta["code"] == BANK)
    assert bank.account == "Assets:Bank:PublicRevenue" and bank.meta["name"].startswith("银行存款")
    assert all(o.date == OPENED for o in opens)
    txns = transactions(directives)
    assert len(txns) == len(vouchers)
    assert {t.meta["voucher"] for t in txns} == set(vouchers.values())
    for t in txns:
        assert t.payee is None
        assert {"voucher", "seq", "kind", "maker", "checker", "hash"} <= set(t.meta)
        assert len(t.meta["hash"]) == 64 and t.meta["maker"] == "出纳甲"
        assert all(number(p).as_tuple().exponent == -2 for p in t.postings)


def test_chinese_text_survives_and_reversals_are_linked_both_ways(street: Street) -> None:
    vouchers = small_books(street)
    txns = {
        t.meta["voucher"]: t
        for t in transactions(load_clean(exported(street.ctx, street.compound)))
    }
    assert txns[vouchers["fee"]].narration == '银行手续费 "一月"'
    ads = txns[vouchers["ads"]]
    assert ads.narration == "广告收入 2024年2月"
    assert [(p.meta or {}).get("memo") for p in ads.postings] == ["广告费净额", "合理成本", None]
    original, reversal = txns[vouchers["fee"]], txns[vouchers["reversal"]]
    assert original.links == reversal.links and len(original.links) == 1
    (link,) = original.links
    assert link.isascii() and link.startswith("rev-")
    assert reversal.meta["kind"] == "reversal" and reversal.meta["reverses"] == vouchers["fee"]
    assert reversal.meta["reason"] == "重复记账"
    assert not txns[vouchers["parking"]].links


def test_bank_balance_is_asserted_at_every_month_end(street: Street) -> None:
    small_books(street)
    asserted = [
        (d.date, d.amount.number)
        for d in load_clean(exported(street.ctx, street.compound))
        if isinstance(d, data.Balance)
    ]
    # the first day of each next month, as beancount checks a balance at the start of its day
    assert [day for day, _ in asserted] == [dt.date(2024, m, 1) for m in (2, 3, 4)]
    assert [str(n) for _, n in asserted] == ["995.00", "3500.50", "3800.50"]


def test_small_books_balances_equal_ours_every_month(street: Street) -> None:
    small_books(street)
    theirs = beancount_balances(load_clean(exported(street.ctx, street.compound)), SMALL_MONTHS)
    ours = our_balances(
        street.ctx, {street.compound: Month.of(OPENED)}, SMALL_MONTHS[-1], named=False
    )
    assert theirs == ours and ours


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, rules: RuleBook) -> Context:
    db = Database(str(demo_books(tmp_path_factory, rules, DEMO_UNTIL)))
    return Context(db=db, rules=rules)


def test_whole_demo_street_file_passes_bean_check_and_equals_our_balances(
    demo: Context, tmp_path: Path
) -> None:
    text = exported(demo)
    path = tmp_path / "street.beancount"
    path.write_text(text, encoding="utf-8")
    run = bean_check(path)
    assert run.returncode == 0, run.stdout + run.stderr
    directives = load_clean(text)
    opened = {d.meta["compound"]: Month.of(d.date) for d in directives if isinstance(d, data.Open)}
    assert len(opened) == 4
    assert "Assets:C1:Bank:PublicRevenue" in {
        d.account for d in directives if isinstance(d, data.Open)
    }
    months = months_between(min(opened.values()), DEMO_UNTIL)
    theirs = beancount_balances(directives, months)
    ours = our_balances(demo, opened, DEMO_UNTIL, named=True)
    assert theirs == ours
    assert len(ours) > 200
    assert len(transactions(directives)) > 200
    assert sum(isinstance(d, data.Balance) for d in directives) >= sum(
        len(months_between(m, DEMO_UNTIL)) for m in opened.values()
    )


def test_each_demo_compound_exports_on_its_own(demo: Context) -> None:
    for compound in ("迎宾花苑", "汇景台小区"):
        directives = load_clean(exported(demo, compound))
        assert all("compound" not in d.meta for d in directives)
        assert not any(
            re.search(r":C\d+:", d.account) for d in directives if isinstance(d, data.Open)
        )


# --- generated books ---------------------------------------------------------------------

DAYS = (dt.date(2024, 6, 29) - OPENED).days


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory, rules: RuleBook) -> tuple[Street, Path]:
    path = tmp_path_factory.mktemp("template") / "books.db"
    s = make_street(str(path), rules)
    s.ctx.db.dispose()
    return s, path


operations = st.lists(
    st.tuples(
        st.sampled_from(["receive", "fee", "cost", "reverse"]),
        st.integers(0, DAYS),
        st.integers(1, 5_000_000_00),
        st.sampled_from(["停车费", '广告"费"', "反斜杠\\收入", "Parking 停车"]),
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops=operations)
def test_generated_books_balances_equal_ours(
    template: tuple[Street, Path],
    tmp_path_factory: pytest.TempPathFactory,
    ops: list[tuple[str, int, int, str]],
) -> None:
    base, source = template
    path = tmp_path_factory.mktemp("gen") / f"{uuid.uuid4().hex}.db"
    shutil.copyfile(source, path)
    clock = FixedClock(dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    s = dataclasses.replace(
        base, ctx=Context(Database(str(path)), base.ctx.rules, clock), clock=clock
    )
    try:
        posted = _apply(s, ops)
        text = exported(s.ctx, s.compound)
        directives = load_clean(text)
        assert len(transactions(directives)) == len(posted)
        theirs = beancount_balances(directives, SMALL_MONTHS)
        ours = our_balances(s.ctx, {s.compound: Month.of(OPENED)}, SMALL_MONTHS[-1], named=False)
        assert theirs == ours
    finally:
        s.ctx.db.dispose()


def _apply(s: Street, ops: list[tuple[str, int, int, str]]) -> list[str]:
    posted: list[str] = []
    for op, offset, fen, memo in ops:
        day = OPENED + dt.timedelta(days=offset)
        try:
            if op == "receive":
                posted.append(post(s, day, [Line(BANK, fen), Line(PARKING, -fen)], memo))
            elif op in ("fee", "cost"):
                other = FEES if op == "fee" else COST
                posted.append(post(s, day, [Line(BANK, -fen), Line(other, fen)], memo))
            elif posted:
                s.clock.set(dt.date(2024, 6, 29))
                voucher = posted[offset % len(posted)]
                draft = entries.reverse_entry(
                    s.ctx, s.treasurer, voucher, reason="测试", compound=s.compound, date=day
                )
                posted.append(entries.approve_entry(s.ctx, s.checker, draft))
        except (InsufficientFunds, WrongState):
            continue  # the books refused it: the property is about what they accepted
    return posted
