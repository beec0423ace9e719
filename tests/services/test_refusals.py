"""Every refusal of the services: the specific error, a Chinese message that names what is
wrong, and books left exactly as they were (on SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import partial

import pytest

from ledger.domain.entry import Line
from ledger.domain.errors import (
    AlreadyExists,
    InsufficientFunds,
    InvalidAmount,
    InvalidDate,
    InvalidInput,
    LedgerError,
    MakerIsChecker,
    NotFound,
    PeriodClosed,
    PermissionDenied,
    TooFewPostings,
    UnbalancedEntry,
    UnknownAccount,
    WrongState,
)
from ledger.domain.period import Month
from ledger.domain.roles import Role
from ledger.domain.rules import UnknownCategory
from ledger.services import balances, entries, journal, month_close, organisation, shortcuts
from ledger.services.context import Actor
from ledger.services.verify import verify
from tests.conftest import OPENED, PASSWORD, Street
from tests.helpers import BANK, COST, PARKING, PROJECTS, close_month, fingerprint, post, receive

JUNE_5 = dt.date(2024, 6, 5)
TODAY = dt.date(2024, 6, 30)
CJK = re.compile(r"[\u4e00-\u9fff]")


def refused(
    s: Street, error: type[LedgerError], action: Callable[[], object], *words: str
) -> LedgerError:
    """Run `action`, expect exactly `error` naming every word, and no change to the books."""
    before = fingerprint(s)
    with pytest.raises(LedgerError) as caught:
        action()
    err = caught.value
    assert type(err) is error, f"{type(err).__name__}: {err}"
    assert CJK.search(err.message), err.message
    for word in words:
        assert word in err.message, (word, err.message)
    assert fingerprint(s) == before
    return err


def draft(
    s: Street,
    lines: list[Line],
    *,
    day: dt.date = JUNE_5,
    memo: str = "停车费",
    by: Actor | None = None,
) -> int:
    return entries.draft_entry(
        s.ctx, by or s.treasurer, compound=s.compound, date=day, memo=memo, lines=lines
    )


def parking(fen: int) -> list[Line]:
    return [Line(BANK, fen), Line(PARKING, -fen)]


def payment(fen: int) -> list[Line]:
    return [Line(PROJECTS, fen), Line(BANK, -fen)]


def lock(s: Street, *months: Month) -> None:
    for month in months:
        close_month(s, month)


def jan_to(last: Month) -> list[Month]:
    return [Month(2024, m) for m in range(1, last.month + 1)]


def add_treasurer(s: Street, user: str, name: str) -> Actor:
    uid = organisation.create_user(s.ctx, s.admin, name=user, display_name=name, password=PASSWORD)
    organisation.grant_role(s.ctx, s.admin, user=user, role=Role.TREASURER, compound=s.compound)
    return Actor(uid, user, name)


# --- drafting: what the lines and the text must be ---------------------------------------------


def test_a_draft_with_an_unknown_account_is_refused_naming_the_code(street: Street) -> None:
    err = refused(
        street,
        UnknownAccount,
        lambda: draft(street, [Line("9999", 100), Line(PARKING, -100)]),
        "9999",
        "未知科目",
    )
    assert err.facts["code"] == "9999"


def test_an_unbalanced_draft_is_refused_with_the_difference(street: Street) -> None:
    err = refused(
        street,
        UnbalancedEntry,
        lambda: draft(street, [Line(BANK, 10_000), Line(PARKING, -9_000)]),
        "借贷不平",
        "100.00",
        "90.00",
        "借方多 10.00",
    )
    assert err.facts["difference_fen"] == 1_000


def test_a_draft_of_one_line_is_refused(street: Street) -> None:
    refused(
        street,
        TooFewPostings,
        lambda: draft(street, [Line(BANK, 100)]),
        "至少要有两行",
        "只有 1 行",
    )


def test_a_draft_with_a_zero_line_is_refused_naming_the_line(street: Street) -> None:
    lines = [Line(BANK, 100), Line(COST, 0), Line(PARKING, -100)]
    refused(street, InvalidInput, lambda: draft(street, lines), "第 2 行", COST, "金额为零")


BAD_MEMOS = {
    "": ("摘要不能为空",),
    "   ": ("摘要不能为空",),
    "停车\x07费": ("摘要", "控制字符"),
    "停车\u0085费": ("摘要", "控制字符"),
    "停" * 201: ("摘要太长", "最多 200 个字", "现在 201 个"),
}


def test_a_memo_that_is_empty_has_control_characters_or_is_too_long_is_refused(
    street: Street,
) -> None:
    for memo, words in BAD_MEMOS.items():
        refused(street, InvalidInput, partial(draft, street, parking(100), memo=memo), *words)
    assert draft(street, parking(100), memo="停" * 200) > 0


def test_a_draft_dated_before_the_compound_opened_or_after_today_is_refused(street: Street) -> None:
    refused(
        street,
        InvalidDate,
        lambda: draft(street, parking(100), day=OPENED - dt.timedelta(days=1)),
        "2023-12-31",
        "早于",
        "2024-01-01",
    )
    refused(
        street,
        InvalidDate,
        lambda: draft(street, parking(100), day=TODAY + dt.timedelta(days=1)),
        "2024-07-01",
        "晚于今天",
        "2024-06-30",
    )
    # Today itself is fine, and "today" is the local date in Shanghai, not UTC.
    assert draft(street, parking(100), day=TODAY) > 0
    street.clock.now = dt.datetime(2024, 6, 30, 17, 0, tzinfo=dt.UTC)  # 01:00 on 1 July in Shanghai
    assert draft(street, parking(100), day=TODAY + dt.timedelta(days=1)) > 0


# --- who may do what ------------------------------------------------------------------------------


def test_only_a_treasurer_may_draft(street: Street) -> None:
    s = street
    for actor in (s.auditor, s.supervisor, s.community, s.checker, s.admin):
        err = refused(
            s,
            PermissionDenied,
            partial(draft, s, parking(100), by=actor),
            actor.display_name,
            "编制凭证草稿",
            "出纳/记账",
        )
        assert err.facts["action"] == "draft_entry"


def test_a_treasurer_or_an_auditor_may_not_approve(street: Street) -> None:
    s = street
    d = draft(s, parking(100))
    for actor in (s.treasurer, s.auditor, s.supervisor, s.community):
        refused(
            s,
            PermissionDenied,
            partial(entries.approve_entry, s.ctx, actor, d),
            actor.display_name,
            "审核过账",
        )
    assert entries.approve_entry(s.ctx, s.checker, d) == "记-2024-06-0001"


def test_a_committee_member_who_is_also_treasurer_cannot_approve_their_own_draft(
    street: Street,
) -> None:
    s = street
    organisation.grant_role(s.ctx, s.admin, user="c", role=Role.TREASURER, compound=s.compound)
    d = draft(s, parking(100), by=s.checker)
    refused(
        s,
        MakerIsChecker,
        lambda: entries.approve_entry(s.ctx, s.checker, d),
        f"#{d}",
        s.checker.display_name,
        "自己编制",
    )
    assert entries.approve_entry(s.ctx, s.checker2, d) == "记-2024-06-0001"


def test_only_the_maker_may_edit_or_discard_a_draft(street: Street) -> None:
    s = street
    other = add_treasurer(s, "t2", "出纳庚")
    d = draft(s, parking(100))
    refused(
        s,
        PermissionDenied,
        lambda: entries.edit_draft(s.ctx, other, d, memo="改一下"),
        "只有编制人可以修改",
        f"#{d}",
    )
    refused(
        s,
        PermissionDenied,
        lambda: entries.discard_draft(s.ctx, other, d),
        "只有编制人可以作废",
        f"#{d}",
    )
    refused(
        s,
        PermissionDenied,
        lambda: entries.discard_draft(s.ctx, s.checker, d),
        "只有编制人可以作废",
    )
    assert entries.approve_entry(s.ctx, s.checker, d) == "记-2024-06-0001"


# --- the state of a draft ---------------------------------------------------------------------------


def test_a_posted_draft_cannot_be_approved_edited_or_discarded(street: Street) -> None:
    s = street
    d = draft(s, parking(100))
    entries.approve_entry(s.ctx, s.checker, d)
    refused(s, WrongState, lambda: entries.approve_entry(s.ctx, s.checker2, d), f"#{d}", "已过账")
    refused(s, WrongState, lambda: entries.edit_draft(s.ctx, s.treasurer, d, memo="改"), "已过账")
    refused(s, WrongState, lambda: entries.discard_draft(s.ctx, s.treasurer, d), "已过账")


def test_a_discarded_draft_cannot_be_approved_or_discarded_again(street: Street) -> None:
    s = street
    d = draft(s, parking(100))
    entries.discard_draft(s.ctx, s.treasurer, d)
    refused(s, WrongState, lambda: entries.approve_entry(s.ctx, s.checker, d), f"#{d}", "已作废")
    refused(s, WrongState, lambda: entries.discard_draft(s.ctx, s.treasurer, d), "已作废")


def test_approving_a_draft_that_does_not_exist_is_refused(street: Street) -> None:
    refused(
        street,
        NotFound,
        lambda: entries.approve_entry(street.ctx, street.checker, 999_999),
        "#999999",
    )


# --- closed months ------------------------------------------------------------------------------------


def test_an_old_draft_dated_in_a_locked_month_cannot_be_posted(street: Street) -> None:
    s = street
    old = draft(s, parking(100), day=dt.date(2024, 5, 20))
    lock(s, *jan_to(Month(2024, 5)))
    refused(
        s,
        PeriodClosed,
        lambda: entries.approve_entry(s.ctx, s.checker, old),
        "2024年5月",
        "已经结账",
    )
    # The advice in the message works: moved to an open month, the same draft posts.
    entries.edit_draft(s.ctx, s.treasurer, old, date=JUNE_5)
    assert entries.approve_entry(s.ctx, s.checker, old) == "记-2024-06-0001"


def test_a_new_entry_dated_in_a_locked_month_cannot_be_posted(street: Street) -> None:
    s = street
    lock(s, *jan_to(Month(2024, 5)))
    refused(
        s,
        PeriodClosed,
        lambda: draft(s, parking(100), day=dt.date(2024, 5, 31)),
        "2024年5月",
        "已经结账",
    )


def test_months_are_locked_in_order_once_and_only_after_they_end(street: Street) -> None:
    s = street

    def locking(month: Month) -> Callable[[], object]:
        return partial(
            month_close.prepare_month, s.ctx, s.treasurer, compound=s.compound, month=month
        )

    refused(s, WrongState, locking(Month(2024, 3)), "请先完成 2024年2月 的月结公示")
    lock(s, Month(2024, 1))
    refused(s, WrongState, locking(Month(2024, 1)), "2024年1月", "已经结账")
    refused(s, WrongState, locking(Month(2023, 12)), "早于")
    lock(s, *jan_to(Month(2024, 5))[1:])
    refused(s, WrongState, locking(Month(2024, 6)), "2024年6月 还没有结束")
    refused(s, WrongState, locking(Month(2024, 7)), "2024年7月 还没有结束")
    s.clock.set(dt.date(2024, 7, 1))
    assert len(close_month(s, Month(2024, 6))) == 64


def test_only_the_committee_may_publish_a_month(street: Street) -> None:
    s = street
    for actor in (s.treasurer, s.community, s.supervisor, s.auditor, s.admin):
        refused(
            s,
            PermissionDenied,
            partial(
                month_close.publish_month, s.ctx, actor, compound=s.compound, month=Month(2024, 1)
            ),
            actor.display_name,
            "月结公示锁账",
            "业委会",
        )


# --- the bank account never goes below zero --------------------------------------------------------


def test_paying_more_than_the_bank_holds_is_refused(street: Street) -> None:
    s = street
    receive(s, dt.date(2024, 6, 10), 100_000)
    s.clock.set(TODAY)
    d = draft(s, payment(100_001), day=dt.date(2024, 6, 12))
    err = refused(
        s,
        InsufficientFunds,
        lambda: entries.approve_entry(s.ctx, s.checker, d),
        BANK,
        "余额不足",
        "会透支 0.01",
    )
    assert err.facts == {"account": BANK, "shortfall_fen": 1}


def test_a_back_dated_payment_is_refused_when_an_earlier_day_would_go_negative(
    street: Street,
) -> None:
    s = street
    receive(s, dt.date(2024, 6, 10), 100_000)
    post(s, dt.date(2024, 6, 20), payment(60_000), "维修款")
    s.clock.set(TODAY)
    # Today's balance (¥400.00) would cover ¥300.00, but on 5 June the account held nothing.
    d = draft(s, payment(30_000), day=JUNE_5)
    err = refused(
        s,
        InsufficientFunds,
        lambda: entries.approve_entry(s.ctx, s.checker, d),
        "2024-06-05",
        "余额只有 0.00",
        "会透支 300.00",
    )
    assert err.facts["shortfall_fen"] == 30_000
    # Dated after the receipt it fits.
    entries.edit_draft(s.ctx, s.treasurer, d, date=dt.date(2024, 6, 21))
    assert entries.approve_entry(s.ctx, s.checker, d) == "记-2024-06-0003"


def test_a_back_dated_payment_is_refused_when_a_later_day_would_go_negative(street: Street) -> None:
    s = street
    receive(s, dt.date(2024, 6, 10), 100_000)
    post(s, dt.date(2024, 6, 20), payment(60_000), "维修款")
    s.clock.set(TODAY)
    # On 15 June ¥1,000.00 would cover ¥500.00, but the payment of 20 June would then bounce.
    d = draft(s, payment(50_000), day=dt.date(2024, 6, 15))
    refused(
        s,
        InsufficientFunds,
        lambda: entries.approve_entry(s.ctx, s.checker, d),
        "2024-06-20",
        "余额只有 400.00",
        "会透支 100.00",
    )


def test_reversing_a_receipt_that_was_already_spent_is_refused(street: Street) -> None:
    s = street
    income = receive(s, dt.date(2024, 6, 10), 100_000)
    post(s, dt.date(2024, 6, 20), payment(60_000), "维修款")
    s.clock.set(TODAY)
    rev = entries.reverse_entry(s.ctx, s.treasurer, income, reason="收错了", compound=s.compound)
    refused(
        s, InsufficientFunds, lambda: entries.approve_entry(s.ctx, s.checker, rev), "会透支 600.00"
    )


# --- reversals -----------------------------------------------------------------------------------------


def test_a_voucher_cannot_be_reversed_twice_nor_a_reversal_reversed(street: Street) -> None:
    s = street
    voucher = receive(s, JUNE_5, 10_000)
    s.clock.set(TODAY)
    rev = entries.reverse_entry(s.ctx, s.treasurer, voucher, reason="录错", compound=s.compound)
    refused(
        s,
        WrongState,
        lambda: entries.reverse_entry(
            s.ctx, s.treasurer, voucher, reason="再冲", compound=s.compound
        ),
        voucher,
        "待审核的冲销草稿",
        f"#{rev}",
    )
    rev_voucher = entries.approve_entry(s.ctx, s.checker, rev)
    refused(
        s,
        WrongState,
        lambda: entries.reverse_entry(
            s.ctx, s.treasurer, voucher, reason="再冲", compound=s.compound
        ),
        voucher,
        "已经被冲销过",
    )
    refused(
        s,
        WrongState,
        lambda: entries.reverse_entry(
            s.ctx, s.treasurer, rev_voucher, reason="冲冲销", compound=s.compound
        ),
        rev_voucher,
        "本身是冲销凭证",
    )


def test_a_reversal_without_a_reason_is_refused(street: Street) -> None:
    s = street
    voucher = receive(s, JUNE_5, 10_000)
    for reason in ("", "  \u3000 "):
        refused(
            s,
            InvalidInput,
            partial(
                entries.reverse_entry,
                s.ctx,
                s.treasurer,
                voucher,
                reason=reason,
                compound=s.compound,
            ),
            "冲销原因不能为空",
        )


def test_reversing_a_voucher_that_does_not_exist_is_refused(street: Street) -> None:
    s = street
    refused(
        s,
        NotFound,
        lambda: entries.reverse_entry(s.ctx, s.treasurer, "记-2024-06-0099", reason="录错"),
        "记-2024-06-0099",
    )


# --- income shortcuts -------------------------------------------------------------------------------------


def income(
    s: Street, category: str = "parking", gross_fen: int = 100_000, deduction_fen: int | None = None
) -> Callable[[], object]:
    return lambda: shortcuts.draft_income(
        s.ctx,
        s.treasurer,
        compound=s.compound,
        date=JUNE_5,
        category=category,
        gross_fen=gross_fen,
        deduction_fen=deduction_fen,
    )


def test_income_of_an_unknown_category_is_refused_listing_the_known_ones(street: Street) -> None:
    refused(
        street,
        UnknownCategory,
        income(street, category="lottery"),
        "lottery",
        "parking",
        "advertising",
    )


def test_income_of_zero_or_less_is_refused(street: Street) -> None:
    for gross in (0, -1, -100_000):
        refused(
            street,
            InvalidAmount,
            income(street, gross_fen=gross, deduction_fen=0),
            "总收入必须大于零",
        )
    refused(street, InvalidAmount, income(street, gross_fen=0), "总收入必须大于零")


def test_a_deduction_above_gross_or_below_zero_is_refused(street: Street) -> None:
    for deduction in (100_001, -1):
        refused(
            street,
            InvalidAmount,
            income(street, deduction_fen=deduction),
            "合理成本",
            "不能超过总收入 1,000.00",
        )
    assert isinstance(income(street, deduction_fen=100_000)(), int)  # the whole gross may go


# --- organisation -----------------------------------------------------------------------------------------


def test_only_the_street_may_create_users(street: Street) -> None:
    s = street
    for actor in (s.treasurer, s.checker, s.community, s.supervisor, s.auditor):
        refused(
            s,
            PermissionDenied,
            partial(
                organisation.create_user,
                s.ctx,
                actor,
                name="x",
                display_name="某人",
                password=PASSWORD,
            ),
            actor.display_name,
            "管理用户和角色",
            "街道",
        )


def test_a_user_name_already_taken_is_refused(street: Street) -> None:
    s = street
    refused(
        s,
        AlreadyExists,
        lambda: organisation.create_user(
            s.ctx, s.admin, name="t", display_name="另一个出纳", password=PASSWORD
        ),
        "用户名「t」已被使用",
    )


def test_a_compound_name_already_taken_is_refused(street: Street) -> None:
    s = street
    for name in (s.compound, f" {s.compound} "):
        refused(
            s,
            AlreadyExists,
            partial(
                organisation.create_compound,
                s.ctx,
                s.admin,
                street="测试街道",
                community="测试社区",
                name=name,
                opened_on=OPENED,
            ),
            f"「{s.compound}」",
        )


def test_a_grant_must_name_exactly_one_scope(street: Street) -> None:
    s = street
    for scopes in (
        {"compound": s.compound, "community": "测试社区"},
        {"compound": s.compound, "street": "测试街道"},
        {},
    ):
        refused(
            s,
            InvalidInput,
            partial(
                organisation.grant_role, s.ctx, s.admin, user="t", role=Role.COMMITTEE, **scopes
            ),
            "授权范围只能是一个",
        )


# --- what does work -----------------------------------------------------------------------------------------


def test_the_maker_may_edit_a_draft_and_the_voucher_shows_the_edit(street: Street) -> None:
    s = street
    d = draft(s, parking(10_000), memo="停车费")
    entries.edit_draft(
        s.ctx,
        s.treasurer,
        d,
        date=dt.date(2024, 6, 7),
        memo="六月停车费（更正）",
        lines=[Line(BANK, 12_000), Line(COST, 3_000), Line(PARKING, -15_000)],
    )
    voucher = entries.approve_entry(s.ctx, s.checker, d)
    [row] = journal.list_rows(s.ctx, s.compound, month=Month(2024, 6), drafts=False)
    assert (row.number, row.date, row.memo, row.debit_fen) == (
        voucher,
        dt.date(2024, 6, 7),
        "六月停车费（更正）",
        15_000,
    )
    tb = balances.trial_balance(s.ctx, s.compound, Month(2024, 6))
    assert {a.code: a.closing_fen for a in tb.accounts} == {
        BANK: 12_000,
        PARKING: -15_000,
        COST: 3_000,
    }
    assert verify(s.ctx).ok


def test_an_edit_that_breaks_a_rule_leaves_the_draft_as_it_was(street: Street) -> None:
    s = street
    d = draft(s, parking(10_000))
    refused(
        s,
        UnbalancedEntry,
        lambda: entries.edit_draft(s.ctx, s.treasurer, d, lines=[Line(BANK, 1), Line(PARKING, -2)]),
        "借贷不平",
    )
    refused(
        s,
        InvalidDate,
        lambda: entries.edit_draft(s.ctx, s.treasurer, d, date=dt.date(2024, 7, 1)),
        "晚于今天",
    )
    refused(
        s, InvalidInput, lambda: entries.edit_draft(s.ctx, s.treasurer, d, memo=""), "摘要不能为空"
    )
    entries.approve_entry(s.ctx, s.checker, d)
    [row] = journal.list_rows(s.ctx, s.compound, month=None, drafts=False)
    assert (row.date, row.memo, row.debit_fen) == (JUNE_5, "停车费", 10_000)


def test_a_discarded_draft_leaves_the_open_list_and_takes_no_voucher_number(street: Street) -> None:
    s = street
    first, dropped, third = (draft(s, parking(fen)) for fen in (100, 200, 300))
    entries.discard_draft(s.ctx, s.treasurer, dropped)
    assert [r.number for r in journal.list_rows(s.ctx, s.compound, month=None, drafts=True)] == [
        f"#{first}",
        f"#{third}",
    ]
    assert entries.approve_entry(s.ctx, s.checker, third) == "记-2024-06-0001"
    assert entries.approve_entry(s.ctx, s.checker2, first) == "记-2024-06-0002"
    numbers = [
        r.number for r in journal.list_rows(s.ctx, s.compound, month=Month(2024, 6), drafts=False)
    ]
    assert numbers == ["记-2024-06-0001", "记-2024-06-0002"]
    assert verify(s.ctx).ok
