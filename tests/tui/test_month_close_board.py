"""The read models behind the month close, seal, export and user screens, on SQLite and
PostgreSQL: the month board (state, latest step, the month notice's seal line it would use),
the reconciliation status, the users for the street administrator, default file names."""

from __future__ import annotations

import pytest

from ledger.domain.closing import MonthState
from ledger.domain.errors import PermissionDenied
from ledger.domain.period import Month
from ledger.domain.seal import SealState
from ledger.services import month_close, seals
from ledger.services.file_names import compound_tag, file_name
from ledger.services.month_board import MonthLine, month_board
from ledger.services.reconcile_status import reconcile_status
from ledger.services.user_admin import grant_scopes, managed_users
from tests.conftest import Street
from tests.services.month_steps import FEB, JAN, january, prepare, request_seal, review, upto


def line(s: Street, month: Month) -> MonthLine:
    return next(x for x in month_board(s.ctx, s.compound).months if x.month == month)


def test_board_lists_the_months_newest_first_with_their_latest_step(street: Street) -> None:
    s = january(street)
    board = month_board(s.ctx, s.compound)
    assert [x.month for x in board.months] == [FEB, JAN]  # opened in January, today 2 February
    assert (board.months[1].state, board.months[1].latest_label) == (MonthState.OPEN, "")
    prepare(s)
    assert (line(s, JAN).state, line(s, JAN).latest_label) == (
        MonthState.PREPARED,
        "出纳编制 出纳甲",
    )
    review(s)
    assert line(s, JAN).latest_label == "监督小组审查通过 监督戊"
    review(s, approve=False, comment="少记一笔")
    assert (line(s, JAN).state, line(s, JAN).latest_label) == (
        MonthState.OPEN,
        "监督小组退回 监督戊",
    )
    assert line(s, FEB).state is MonthState.OPEN


def test_board_shows_the_seal_line_publishing_would_use(street: Street) -> None:
    s = january(street)
    upto(s, 4)  # prepared, reviewed, signed twice
    assert (line(s, JAN).seal_label, line(s, JAN).seal_granted) == ("未申请", False)
    first = request_seal(s)
    seals.approve_seal(s.ctx, s.community, first, approve=False, opinion="文件名称有误")
    assert line(s, JAN).seal is not None
    assert line(s, JAN).seal_label.endswith("不予用印")
    assert not line(s, JAN).seal_granted
    second = request_seal(s)
    seals.approve_seal(s.ctx, s.community, second, approve=True, opinion="同意")
    seals.use_seal(s.ctx, s.community, second)
    third = request_seal(s)  # a newer request, refused: the used line still counts
    seals.approve_seal(s.ctx, s.community, third, approve=False, opinion="重复申请")
    shown = line(s, JAN).seal
    assert shown is not None and (shown.id, shown.state) == (second, SealState.USED)
    assert line(s, JAN).seal_granted
    month_close.publish_month(s.ctx, s.checker, compound=s.compound, month=JAN)
    assert line(s, JAN).state is MonthState.PUBLISHED
    assert line(s, JAN).latest_label == "公示锁账 主任乙"


def test_reconcile_status_of_the_month(street: Street) -> None:
    s = street
    s.clock.set(FEB.first_day)
    assert reconcile_status(s.ctx, s.compound, JAN) is None
    january(s)  # reconciles January
    found = reconcile_status(s.ctx, s.compound, JAN)
    assert found is not None and found.balanced
    assert found.label.startswith("银行对账：调节后相符，银行 700.00，账面 700.00（出纳甲 ")


def test_users_are_for_the_street_administrator_only(street: Street) -> None:
    s = street
    for who in (s.treasurer, s.community, s.auditor):
        with pytest.raises(PermissionDenied) as caught:
            managed_users(s.ctx, who)
        assert "管理用户和角色" in caught.value.message
        with pytest.raises(PermissionDenied):
            grant_scopes(s.ctx, who)
    users = {u.name: u for u in managed_users(s.ctx, s.admin)}
    assert [(r.role, r.scope_kind, r.scope) for r in users["sq"].roles] == [
        ("community", "community", "测试社区")
    ]
    scopes = grant_scopes(s.ctx, s.admin)
    assert (scopes.streets, scopes.communities, scopes.compounds) == (
        ("测试街道",),
        ("测试社区",),
        (s.compound,),
    )


def test_default_file_names_are_ascii_and_say_what_they_hold(street: Street) -> None:
    tag = compound_tag(street.ctx, street.compound)
    assert tag.startswith("c") and tag[1:].isdigit()
    assert file_name(tag, "notice", "pdf", JAN) == f"notice-{tag}-2024-01.pdf"
    assert file_name(tag, "workbook", "xlsx", JAN, FEB) == f"workbook-{tag}-2024-01_2024-02.xlsx"
    assert file_name(tag, "beancount", "beancount") == f"beancount-{tag}.beancount"
    assert file_name(tag, "workbook", "xlsx", None, FEB) == f"workbook-{tag}-2024-02.xlsx"
