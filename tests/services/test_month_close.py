"""The month close as a story (SQLite and PostgreSQL): the treasurer prepares, the
supervisory group reviews or sends back, the committee and the community sign, the seal is
granted, the committee publishes and the month is locked; what `month_status` reports on the
way. The refusals are in test_month_close_refusals.py."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from ledger.domain.closing import MonthState
from ledger.domain.entry import Line
from ledger.domain.errors import InvalidInput, PeriodClosed, WrongState
from ledger.domain.roles import Role
from ledger.services import entries
from ledger.services.verify import verify
from ledger.store import books, org
from tests.conftest import Street
from tests.helpers import BANK, PARKING, receive, reconcile_month
from tests.services.month_steps import (
    FEB_2,
    JAN,
    STEPS,
    grant_seal,
    january,
    prepare,
    publish,
    refused,
    review,
    sign,
    status,
    upto,
)


@pytest.fixture
def s(street: Street) -> Street:
    return january(street)


def test_the_whole_close_freezes_signs_seals_publishes_and_locks(s: Street) -> None:
    frozen = prepare(s)
    assert status(s).state is MonthState.PREPARED and status(s).snapshot_hash == frozen
    review(s)
    assert status(s).state is MonthState.REVIEWED
    sign(s, Role.COMMITTEE)
    assert status(s).state is MonthState.COMMITTEE_SIGNED
    sign(s, Role.COMMUNITY)
    assert status(s).state is MonthState.COMMUNITY_SIGNED
    grant_seal(s)
    assert publish(s) == frozen
    st = status(s)
    assert st.state is MonthState.PUBLISHED and st.state_label == "已公示锁账"
    with s.ctx.db.read() as session:
        lock = books.lock_of(session, org.compound_by_name(session, s.compound).id, JAN)
        assert lock is not None and lock.snapshot_hash == frozen and lock.locked_by == s.checker.id
        actions = session.execute(
            sa.text("SELECT action FROM audit_log WHERE action LIKE 'month_%' ORDER BY seq")
        ).scalars()
        assert list(actions) == [
            "month_prepare",
            "month_review",
            "month_sign_committee",
            "month_sign_community",
            "month_publish",
        ]
    report = verify(s.ctx)
    assert report.ok, report.findings
    refused(s, PeriodClosed, lambda: receive(s, dt.date(2024, 1, 31), 100), "已经结账")


def test_month_status_names_every_signoff_with_person_local_time_and_comment(s: Street) -> None:
    assert status(s).state is MonthState.OPEN and status(s).snapshot_hash is None
    assert status(s).signoffs == ()
    upto(s, len(STEPS))
    data = status(s).as_json()
    assert set(data) == {"compound", "month", "state", "state_label", "snapshot_hash", "signoffs"}
    assert (data["compound"], data["month"], data["state"]) == (s.compound, "2024-01", "published")
    assert len(data["snapshot_hash"]) == 64
    rows = [(x["step"], x["decision"], x["user"], x["name"]) for x in data["signoffs"]]
    assert rows == [
        ("prepare", "submitted", "t", "出纳甲"),
        ("review", "approved", "jd", "监督戊"),
        ("sign_committee", "signed", "c", "主任乙"),
        ("sign_community", "signed", "sq", "书记丁"),
        ("publish", "published", "c", "主任乙"),
    ]
    assert [x["comment"] for x in data["signoffs"][:2]] == ["对账相符", "核对无误"]
    assert {x["at"] for x in data["signoffs"]} == {"2024-02-02 10:00"}  # local time, UTC+8
    assert set(data["signoffs"][0]) == {"step", "decision", "user", "name", "at", "comment"}


def test_posting_is_refused_while_prepared_and_allowed_again_after_sending_back(
    s: Street,
) -> None:
    late = entries.draft_entry(
        s.ctx,
        s.treasurer,
        compound=s.compound,
        date=dt.date(2024, 1, 28),
        memo="一月补记停车费",
        lines=[Line(BANK, 5_000), Line(PARKING, -5_000)],
    )
    first = prepare(s)
    refused(s, PeriodClosed, lambda: entries.approve_entry(s.ctx, s.checker, late), "数字已冻结")
    refused(s, PeriodClosed, lambda: receive(s, dt.date(2024, 1, 29), 100), "退回月结")
    s.clock.set(FEB_2)
    refused(s, InvalidInput, lambda: review(s, approve=False, comment=" "), "退回理由不能为空")
    review(s, approve=False, comment="1月28日停车费尚未入账，请补记后重新编制")
    assert status(s).state is MonthState.OPEN
    entries.approve_entry(s.ctx, s.checker, late)
    # The books changed since the bank reconciliation: it is made again before preparing.
    refused(s, WrongState, lambda: prepare(s), "对账之后账簿或银行流水有了变动", "reconcile")
    reconcile_month(s, JAN)
    second = prepare(s)
    assert second != first
    # The earlier round's review does not carry over: the new snapshot needs its own.
    refused(s, WrongState, lambda: sign(s, Role.COMMITTEE), "待监督小组审查")
    st = status(s)
    assert [(x.step.value, x.decision.value) for x in st.signoffs] == [
        ("prepare", "submitted"),
        ("review", "returned"),
        ("prepare", "submitted"),
    ]
    assert [x.snapshot_hash for x in st.signoffs] == [first, first, second]
    assert [x.step.value for x in st.current_round] == ["prepare"]
    for step in STEPS[1:]:
        step(s)
    assert status(s).snapshot_hash == second and verify(s.ctx).ok


def test_the_supervisors_may_send_back_until_publication_and_signatures_do_not_carry_over(
    s: Street,
) -> None:
    upto(s, 4)  # signed by the committee and the community
    review(s, approve=False, comment="社区反映1月保洁费票据有误，请核实")
    assert status(s).state is MonthState.OPEN
    prepare(s)
    refused(s, WrongState, lambda: sign(s, Role.COMMITTEE), "待监督小组审查")
    refused(s, WrongState, lambda: sign(s, Role.COMMUNITY), "待监督小组审查")
    steps = [(x.step.value, x.decision.value) for x in status(s).signoffs]
    assert steps[3:] == [
        ("sign_community", "signed"),
        ("review", "returned"),
        ("prepare", "submitted"),
    ]
    assert len(status(s).current_round) == 1


def test_posting_into_a_later_month_does_not_disturb_the_prepared_snapshot(s: Street) -> None:
    frozen = prepare(s)
    receive(s, dt.date(2024, 2, 1), 7_000)
    s.clock.set(FEB_2)
    for step in STEPS[1:]:
        step(s)
    assert status(s).snapshot_hash == frozen
    assert verify(s.ctx).ok
