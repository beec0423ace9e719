"""Every refusal of the month close (SQLite and PostgreSQL): a step by someone without its
role, a step out of turn, a month not over or out of order, publishing without the seal, a
signature over a snapshot the books no longer give, one person taking two steps — each the
specific error with a Chinese message saying what to do next, and nothing written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial

import pytest
import sqlalchemy as sa

from ledger.domain.closing import SnapshotMismatch
from ledger.domain.errors import InvalidInput, NotFound, PermissionDenied, WrongState
from ledger.domain.period import Month
from ledger.domain.roles import Role
from ledger.services import month_close, organisation, seals
from ledger.services.context import Actor
from tests.conftest import PASSWORD, Street
from tests.helpers import reconcile_month
from tests.services.month_steps import (
    FEB,
    JAN,
    STEPS,
    grant_seal,
    january,
    prepare,
    publish,
    refused,
    request_seal,
    review,
    sign,
    upto,
)


@pytest.fixture
def s(street: Street) -> Street:
    return january(street)


ALLOWED = {0: {"t"}, 1: {"jd"}, 2: {"c", "c2"}, 3: {"sq"}, 5: {"c", "c2"}}
LABELS = {
    0: "月结编制",
    1: "月结审查",
    2: "月结签字（业委会）",
    3: "月结签字（社区党委）",
    5: "月结公示锁账",
}


@pytest.mark.parametrize("step", sorted(ALLOWED))
def test_each_step_refuses_everyone_without_its_role(s: Street, step: int) -> None:
    upto(s, step)
    people = [s.treasurer, s.checker, s.checker2, s.community, s.supervisor, s.auditor, s.admin]
    calls: dict[int, Callable[[Actor], object]] = {
        0: lambda a: prepare(s, a),
        1: lambda a: review(s, a),
        2: lambda a: sign(s, Role.COMMITTEE, a),
        3: lambda a: sign(s, Role.COMMUNITY, a),
        5: lambda a: publish(s, a),
    }
    for actor in people:
        if actor.name not in ALLOWED[step]:
            refused(
                s, PermissionDenied, partial(calls[step], actor), actor.display_name, LABELS[step]
            )


def test_steps_out_of_turn_are_refused_naming_the_next_step(s: Street) -> None:
    refused(s, WrongState, lambda: review(s), "还没有编制月结", "请出纳先编制")
    refused(s, WrongState, lambda: sign(s, Role.COMMITTEE), "还没有编制月结")
    refused(s, WrongState, lambda: review(s, approve=False, comment="退"), "还没有编制月结")
    prepare(s)
    refused(s, WrongState, lambda: prepare(s), "已经编制过月结", "退回")
    refused(s, WrongState, lambda: sign(s, Role.COMMITTEE), "待监督小组审查", "由监督小组审查")
    refused(s, WrongState, lambda: publish(s), "待监督小组审查")
    review(s)
    refused(s, WrongState, lambda: review(s), "待业委会签字", "不能监督小组审查")
    refused(s, WrongState, lambda: sign(s, Role.COMMUNITY), "由业委会签字")
    sign(s, Role.COMMITTEE)
    refused(s, WrongState, lambda: sign(s, Role.COMMITTEE, s.checker2), "由社区党委签字")
    refused(s, WrongState, lambda: publish(s), "由社区党委签字")
    sign(s, Role.COMMUNITY)
    refused(s, WrongState, lambda: publish(s), "还没有经社区党委批准用印", "seal request")
    pending = request_seal(s)
    refused(s, WrongState, lambda: publish(s), "还没有经社区党委批准用印")
    seals.approve_seal(s.ctx, s.community, pending, approve=False, opinion="公示稿缺少支出明细")
    refused(s, WrongState, lambda: publish(s), "还没有经社区党委批准用印")
    request_seal(s, FEB)  # a seal for another month's notice does not count
    refused(s, WrongState, lambda: publish(s), "还没有经社区党委批准用印")
    grant_seal(s)
    publish(s)
    refused(s, WrongState, lambda: publish(s), "已经公示锁账")
    refused(s, WrongState, lambda: review(s), "已经公示锁账")
    refused(s, WrongState, lambda: review(s, approve=False, comment="晚了"), "已经公示锁账", "退回")


def test_a_month_is_prepared_only_when_over_and_after_the_one_before_is_published(
    s: Street,
) -> None:
    s.clock.set(dt.date(2024, 1, 31))
    refused(s, WrongState, lambda: prepare(s), "2024年1月 还没有结束")
    s.clock.set(dt.date(2024, 3, 1))
    refused(s, WrongState, lambda: prepare(s, month=Month(2023, 12)), "早于")
    refused(s, WrongState, lambda: prepare(s, month=FEB), "请先完成 2024年1月 的月结公示")
    prepare(s)
    refused(s, WrongState, lambda: prepare(s, month=FEB), "请先完成 2024年1月 的月结公示")
    for step in STEPS[1:]:
        step(s)
    refused(s, WrongState, lambda: prepare(s, month=FEB), "还没有银行存款余额调节表", "reconcile")
    reconcile_month(s, FEB)
    prepare(s, month=FEB)
    refused(s, WrongState, lambda: prepare(s), "已经结账公示")
    refused(s, NotFound, lambda: month_close.month_status(s.ctx, "没有这个小区", JAN))


@pytest.mark.parametrize("step", [1, 2, 3, 5])
def test_a_signature_is_refused_when_the_books_no_longer_give_the_snapshot(
    s: Street, step: int
) -> None:
    upto(s, step)
    with s.ctx.db.write() as session:  # the frozen snapshot row altered behind the program's back
        session.execute(sa.text("UPDATE month_close SET snapshot_hash = :z"), {"z": "0" * 64})
    refused(s, SnapshotMismatch, partial(STEPS[step], s), "快照不一致", "verify")


def test_one_person_does_not_take_two_steps_of_the_same_round(s: Street) -> None:
    both = organisation.create_user(
        s.ctx, s.admin, name="jw", display_name="委员兼监督", password=PASSWORD
    )
    for role in (Role.SUPERVISOR, Role.COMMITTEE, Role.COMMUNITY):
        organisation.grant_role(s.ctx, s.admin, user="jw", role=role, compound=s.compound)
    jw = Actor(both, "jw", "委员兼监督")
    prepare(s)
    review(s, jw)
    refused(
        s, PermissionDenied, lambda: sign(s, Role.COMMITTEE, jw), "委员兼监督", "已在本轮月结中"
    )
    sign(s, Role.COMMITTEE)
    refused(s, PermissionDenied, lambda: sign(s, Role.COMMUNITY, jw), "监督小组审查")
    sign(s, Role.COMMUNITY)


def test_only_the_committee_and_the_community_sign(s: Street) -> None:
    upto(s, 2)
    refused(
        s,
        InvalidInput,
        lambda: sign(s, Role.SUPERVISOR, s.supervisor),
        "业委会（committee）或社区党委（community）",
    )
