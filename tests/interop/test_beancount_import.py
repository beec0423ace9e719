"""Beancount import: a round trip gives the same transactions, importing twice adds nothing,
and a bad file is refused whole with every problem named by its line."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from ledger.domain.errors import BatchInvalid, MakerIsChecker, PermissionDenied
from ledger.domain.period import Month
from ledger.domain.roles import Role
from ledger.services import entries, organisation
from ledger.services.beancount_import import ImportResult, import_beancount
from ledger.services.verify import verify
from tests.conftest import Street
from tests.helpers import close_month, fingerprint, receive
from tests.interop.beancount_support import (
    SECOND,
    comparable,
    exported,
    load_clean,
    second_compound,
    small_books,
    transactions,
)

HEAD = """\
option "operating_currency" "CNY"
2020-01-01 open Assets:Bank:PublicRevenue CNY
  code: "1002"
2020-01-01 open Income:Parking CNY
  code: "4301"
2020-01-01 open Expenses:BankFees
"""


def _import(s: Street, text: str, compound: str, *, approve: bool = True) -> ImportResult:
    return import_beancount(
        s.ctx,
        s.treasurer,
        compound=compound,
        text=text,
        source="books.beancount",
        checker=s.checker if approve else None,
    )


def test_round_trip_into_an_empty_compound_gives_the_same_transactions(street: Street) -> None:
    small_books(street)
    first = exported(street.ctx, street.compound)
    second_compound(street)
    empty = load_clean(exported(street.ctx, SECOND))  # an empty book is a valid file too
    assert not transactions(empty) and len(empty) > 20
    result = import_beancount(
        street.ctx,
        street.treasurer,
        compound=SECOND,
        text=first,
        source="books.beancount",
        checker=street.checker,
    )
    assert (result.read, result.added, result.skipped) == (5, 5, 0)
    assert result.reversals_linked == 1 and not result.draft_ids
    again = exported(street.ctx, SECOND)
    assert comparable(again) == comparable(first)
    # replayed in the order first posted, the vouchers come out the same too
    vouchers = [
        sorted(t.meta["voucher"] for t in transactions(load_clean(x))) for x in (first, again)
    ]
    assert vouchers[0] == vouchers[1] == sorted(result.vouchers)
    report = verify(street.ctx)
    assert report.ok, report.findings


def test_importing_twice_or_our_own_export_adds_nothing(street: Street) -> None:
    small_books(street)
    text = exported(street.ctx, street.compound)
    before = fingerprint(street)
    own = _import(street, text, street.compound)
    assert (own.added, own.skipped) == (0, 5)
    assert fingerprint(street) == before
    second_compound(street)
    assert _import(street, text, SECOND).added == 5
    after_first = fingerprint(street)
    assert _import(street, text, SECOND).added == 0
    # the second compound's own export names the keys it was imported under
    assert _import(street, exported(street.ctx, SECOND), SECOND).added == 0
    assert _import(street, exported(street.ctx, SECOND), street.compound).added == 0
    assert fingerprint(street) == after_first


def test_without_a_checker_entries_wait_as_drafts_and_stay_idempotent(street: Street) -> None:
    small_books(street)
    text = exported(street.ctx, street.compound)
    second_compound(street)
    result = import_beancount(
        street.ctx, street.treasurer, compound=SECOND, text=text, source="a.beancount"
    )
    assert len(result.draft_ids) == 5 and not result.vouchers
    assert result.reversals_linked == 0  # its original is only a draft yet
    assert _import(street, text, SECOND, approve=False).added == 0
    for draft in result.draft_ids:
        entries.approve_entry(street.ctx, street.checker, draft)
    assert _import(street, text, SECOND).added == 0
    assert len(transactions(load_clean(exported(street.ctx, SECOND)))) == 5


BAD = HEAD + textwrap.dedent(
    """\
    2020-01-01 open Assets:Crypto

    2024-02-01 * "未知科目"
      Assets:Crypto  10.00 CNY
      Income:Parking  -10.00 CNY

    2024-02-02 * "三位小数"
      Assets:Bank:PublicRevenue  10.005 CNY
      Income:Parking  -10.005 CNY

    2024-02-03 * "借贷不平"
      Assets:Bank:PublicRevenue  10.00 CNY
      Income:Parking  -9.00 CNY

    2024-02-04 * "美元"
      Assets:Bank:PublicRevenue  10.00 USD
      Expenses:BankFees  -10.00 USD

    2023-12-01 * "开户之前"
      Assets:Bank:PublicRevenue  10.00 CNY
      Income:Parking  -10.00 CNY

    2024-02-05 * "语法错误" ^坏链接
      Assets:Bank:PublicRevenue  10.00 CNY
      Income:Parking  -10.00 CNY

    2024-02-06 * "好的一笔"
      Assets:Bank:PublicRevenue  10.00 CNY
      Income:Parking  -10.00 CNY
    """
)


def test_a_bad_file_reports_every_problem_with_its_line_and_writes_nothing(
    street: Street,
) -> None:
    before = fingerprint(street)
    with pytest.raises(BatchInvalid) as caught:
        _import(street, BAD, street.compound)
    found = {p.where: p.message for p in caught.value.problems}
    expected = {
        7: "Assets:Crypto",  # the open directive that maps to nothing
        10: "Assets:Crypto",  # and the posting that uses it
        14: "两位小数",
        15: "两位小数",
        17: "借贷不平",
        22: "USD",
        23: "USD",
        25: "早于",
        29: "语法错误",  # a Chinese link: beancount drops the transaction and says so
    }
    for line, words in expected.items():
        assert words in found.get(f"第 {line} 行", ""), (line, found)
    assert all(p.where.startswith("第 ") for p in caught.value.problems)
    assert "第 33 行" not in found  # the good one is fine, and still not written
    assert fingerprint(street) == before


def test_months_closed_or_in_the_future_are_refused(street: Street) -> None:
    receive(street, dt.date(2024, 1, 5), 100_00)
    street.clock.set(dt.date(2024, 2, 20))
    close_month(street, Month(2024, 1))
    text = HEAD + textwrap.dedent(
        """\
        2024-01-15 * "已结账的月份"
          Assets:Bank:PublicRevenue  10.00 CNY
          Income:Parking  -10.00 CNY

        2024-03-01 * "未来"
          Assets:Bank:PublicRevenue  10.00 CNY
          Income:Parking  -10.00 CNY
        """
    )
    before = fingerprint(street)
    with pytest.raises(BatchInvalid) as caught:
        _import(street, text, street.compound)
    messages = [str(p) for p in caught.value.problems]
    assert len(messages) == 2
    assert "第 7 行" in messages[0] and "结账" in messages[0]
    assert "第 11 行" in messages[1] and "晚于今天" in messages[1]
    assert fingerprint(street) == before


def test_a_refusal_while_posting_rolls_the_whole_import_back(street: Street) -> None:
    text = HEAD + textwrap.dedent(
        """\
        2024-02-01 * "收入"
          Assets:Bank:PublicRevenue  100.00 CNY
          Income:Parking  -100.00 CNY

        2024-02-02 * "透支"
          Assets:Bank:PublicRevenue  -500.00 CNY
          Expenses:BankFees  500.00 CNY
        """
    )
    before = fingerprint(street)
    with pytest.raises(BatchInvalid) as caught:
        _import(street, text, street.compound)
    (problem,) = caught.value.problems
    assert problem.where == "第 11 行" and "余额不足" in problem.message
    assert fingerprint(street) == before


def test_plugins_includes_and_other_compounds_are_refused(street: Street) -> None:
    small_books(street)
    second_compound(street)
    text = 'plugin "beancount.plugins.auto_accounts"\ninclude "/etc/passwd"\n' + HEAD
    with pytest.raises(BatchInvalid) as caught:
        _import(street, text, street.compound)
    assert [p.where for p in caught.value.problems] == ["第 1 行", "第 2 行"]
    with pytest.raises(BatchInvalid) as caught:
        _import(street, exported(street.ctx), SECOND)  # the street file: 测试花园's entries
    assert all("测试花园" in p.message for p in caught.value.problems)


def test_who_may_import(street: Street) -> None:
    text = HEAD
    with pytest.raises(PermissionDenied):
        import_beancount(
            street.ctx, street.auditor, compound=street.compound, text=text, source="x"
        )
    # one person holding both roles still cannot sign twice
    organisation.grant_role(
        street.ctx, street.admin, user="c", role=Role.TREASURER, compound=street.compound
    )
    with pytest.raises(MakerIsChecker):
        import_beancount(
            street.ctx,
            street.checker,
            compound=street.compound,
            text=text,
            source="x",
            checker=street.checker,
        )
