"""Complaints and suggestions (财务收支统一监督) on SQLite and PostgreSQL: logged with their
channel and date by the people who hear them, answered once by the committee or the
community, listed by month or still unanswered; every refusal leaves the books as they were.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import partial

import pytest
from sqlalchemy import select

from ledger.domain.complaint import Channel
from ledger.domain.errors import (
    InvalidDate,
    InvalidInput,
    LedgerError,
    NotFound,
    PermissionDenied,
    WrongState,
)
from ledger.domain.period import Month
from ledger.services import complaints, organisation
from ledger.services.context import Actor
from ledger.services.verify import verify
from ledger.store import org
from ledger.store.schema import AuditRecord
from ledger.store.schema_controls import Project
from tests.conftest import OPENED, Street
from tests.helpers import fingerprint, sealed

CJK = re.compile(r"[\u4e00-\u9fff]")
TODAY = dt.date(2024, 6, 30)
JUNE_3 = dt.date(2024, 6, 3)


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


def record(
    s: Street,
    *,
    by: Actor | None = None,
    channel: str = "hotline",
    day: dt.date = JUNE_3,
    resident: str = "3号楼王女士",
    content: str = "停车费收入去向不清楚，希望公示明细",
    compound: str | None = None,
    project_id: int | None = None,
) -> int:
    return complaints.record_complaint(
        s.ctx,
        by or s.supervisor,
        compound=compound or s.compound,
        channel=channel,
        received_on=day,
        resident=resident,
        content=content,
        project_id=project_id,
    )


def answer(
    s: Street, cid: int, *, by: Actor | None = None, day: dt.date = TODAY, text: str = "已张贴明细"
) -> None:
    complaints.answer_complaint(s.ctx, by or s.checker, cid, answer=text, answered_on=day)


def add_project(s: Street, compound: str | None = None) -> int:
    with s.ctx.db.write() as session:
        c = org.compound_by_name(session, compound or s.compound)
        now = s.clock()
        p = Project(
            compound_id=c.id,
            title="电梯维修",
            need="电梯停运",
            proposer="楼栋长",
            proposer_kind="building_head",
            estimate_fen=400_000,
            tier="small",
            state="in_progress",
            created_by=s.checker.id,
            created_at=now,
            updated_at=now,
        )
        session.add(p)
        session.flush()
        sealed(session, c.id, s.checker.id, now, f"project:{p.id}")
        return p.id


def only(s: Street, cid: int) -> complaints.ComplaintView:
    (view,) = [v for v in complaints.list_complaints(s.ctx, s.compound) if v.id == cid]
    return view


# --- the story ------------------------------------------------------------------------------


def test_a_complaint_is_logged_answered_and_listed(street: Street) -> None:
    s = street
    pid = add_project(s)
    cid = record(s, channel="意见箱", project_id=pid)
    view = only(s, cid)
    assert (view.channel, view.channel.label, view.received_on) == (Channel.BOX, "意见箱", JUNE_3)
    assert (view.resident, view.recorded_by, view.project_title) == (
        "3号楼王女士",
        "监督戊",
        "电梯维修",
    )
    assert (view.answered, view.state_label, view.answer, view.days_to_answer) == (
        False,
        "待答复",
        None,
        None,
    )
    answer(s, cid, day=dt.date(2024, 6, 10))
    view = only(s, cid)
    assert (view.answered, view.state_label, view.answer) == (True, "已答复", "已张贴明细")
    assert (view.answered_by, view.answered_on, view.days_to_answer) == (
        "主任乙",
        dt.date(2024, 6, 10),
        7,
    )
    data = view.as_json()
    assert data["channel"] == "box" and data["channel_label"] == "意见箱"
    assert data["received_on"] == "2024-06-03" and data["answered_on"] == "2024-06-10"
    assert data["recorded_at"].startswith("2024-06-30 10:00")  # 02:00 UTC is 10:00 local
    assert data["project_id"] == pid and data["days_to_answer"] == 7
    with s.ctx.db.read() as session:
        actions = session.execute(
            select(AuditRecord.action)
            .where(AuditRecord.target == f"complaint:{cid}")
            .order_by(AuditRecord.seq)
        ).scalars()
        assert list(actions) == ["record_complaint", "answer_complaint"]
    assert verify(s.ctx).ok


def test_every_channel_by_code_or_label_and_every_recorder(street: Street) -> None:
    s = street
    people = [s.treasurer, s.checker, s.supervisor, s.community, s.treasurer]
    for channel, actor in zip(Channel, people, strict=True):
        record(s, channel=channel.value, by=actor)
        record(s, channel=channel.label, by=actor)
    views = complaints.list_complaints(s.ctx, s.compound)
    assert [v.channel for v in views] == [c for c in Channel for _ in range(2)]


def test_the_list_by_month_and_unanswered(street: Street) -> None:
    s = street
    may = record(s, day=dt.date(2024, 5, 31))
    june = record(s, day=dt.date(2024, 6, 1))
    june_late = record(s, day=TODAY)
    answer(s, june)
    ids = [v.id for v in complaints.list_complaints(s.ctx, s.compound, month=Month(2024, 6))]
    assert ids == [june, june_late]
    assert [v.id for v in complaints.list_complaints(s.ctx, s.compound, month=Month(2024, 5))] == [
        may
    ]
    assert [v.id for v in complaints.list_complaints(s.ctx, s.compound, unanswered=True)] == [
        may,
        june_late,
    ]
    both = complaints.list_complaints(s.ctx, s.compound, month=Month(2024, 6), unanswered=True)
    assert [v.id for v in both] == [june_late]
    assert complaints.list_complaints(s.ctx, s.compound, month=Month(2024, 4)) == []


def test_an_answer_on_the_day_received_and_today_is_fine(street: Street) -> None:
    s = street
    cid = record(s, day=TODAY)
    answer(s, cid, day=TODAY, by=s.community)
    assert only(s, cid).answered_by == "书记丁" and only(s, cid).days_to_answer == 0


# --- refusals -----------------------------------------------------------------------------------


def test_an_unknown_channel_or_empty_text_is_refused(street: Street) -> None:
    s = street
    refused(s, InvalidInput, partial(record, s, channel="wechat"), "wechat", "热线", "意见箱")
    refused(s, InvalidInput, partial(record, s, resident=" "), "反映人不能为空")
    refused(s, InvalidInput, partial(record, s, content=""), "反映内容不能为空")
    refused(s, InvalidInput, partial(record, s, content="坏\x00了"), "控制字符")
    refused(s, InvalidInput, partial(record, s, resident="王" * 101), "反映人太长")
    refused(s, NotFound, partial(record, s, compound="没有的小区"), "没有的小区")


def test_the_date_received_is_neither_in_the_future_nor_before_the_account(street: Street) -> None:
    s = street
    early = OPENED - dt.timedelta(days=1)
    refused(s, InvalidDate, partial(record, s, day=early), "2023-12-31", "早于", "2024-01-01")
    late = TODAY + dt.timedelta(days=1)
    refused(s, InvalidDate, partial(record, s, day=late), "2024-07-01", "晚于今天")
    assert record(s, day=OPENED) > 0


def test_the_project_must_be_of_the_compound(street: Street) -> None:
    s = street
    organisation.create_compound(
        s.ctx,
        s.admin,
        street="测试街道",
        community="测试社区",
        name="别的小区",
        opened_on=OPENED,
        households=10,
    )
    elsewhere = add_project(s, "别的小区")
    refused(s, NotFound, partial(record, s, project_id=elsewhere), s.compound, f"#{elsewhere}")
    refused(s, NotFound, partial(record, s, project_id=9999), "#9999")


def test_who_may_record_and_who_may_answer(street: Street) -> None:
    s = street
    for actor in (s.auditor, s.admin):
        err = refused(
            s, PermissionDenied, partial(record, s, by=actor), actor.display_name, "登记投诉建议"
        )
        assert err.facts["action"] == "record_complaint"
    cid = record(s)
    for actor in (s.treasurer, s.supervisor, s.auditor, s.admin):
        err = refused(
            s,
            PermissionDenied,
            partial(answer, s, cid, by=actor),
            actor.display_name,
            "答复投诉建议",
            "业委会",
            "社区党委",
        )
        assert err.facts["action"] == "answer_complaint"


def test_an_answer_is_given_once_dated_between_receipt_and_today(street: Street) -> None:
    s = street
    cid = record(s)
    refused(s, InvalidInput, partial(answer, s, cid, text="  "), "答复内容不能为空")
    day = JUNE_3 - dt.timedelta(days=1)
    refused(
        s, InvalidDate, partial(answer, s, cid, day=day), "2024-06-02", "早于收到日期 2024-06-03"
    )
    day = TODAY + dt.timedelta(days=1)
    refused(s, InvalidDate, partial(answer, s, cid, day=day), "2024-07-01", "晚于今天")
    answer(s, cid)
    refused(
        s,
        WrongState,
        partial(answer, s, cid, by=s.community, text="再答一次"),
        f"#{cid}",
        "已于 2024-06-30 答复过",
    )
    assert only(s, cid).answer == "已张贴明细"
    refused(s, NotFound, partial(answer, s, 9999), "#9999")
