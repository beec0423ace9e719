"""The seal register (公章统一存管) on SQLite and PostgreSQL: a line is requested by the treasurer
or the committee, approved or refused by the community custodian, then used; each step is
recorded with who and when and audited, and every refusal leaves the books exactly as they were.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
import re
from collections.abc import Callable
from functools import partial

import pytest
from sqlalchemy import select

from ledger.domain.entry import Line
from ledger.domain.errors import (
    InvalidDate,
    InvalidInput,
    LedgerError,
    NotFound,
    PermissionDenied,
    WrongState,
)
from ledger.domain.roles import Role
from ledger.domain.seal import SealKind, SealState
from ledger.interop.rules_yaml import load_rules
from ledger.services import entries, organisation, seals
from ledger.services.context import Actor, Context
from ledger.services.verify import verify
from ledger.store import org
from ledger.store import seals as seal_store
from ledger.store.database import Database
from ledger.store.schema import AuditRecord
from ledger.store.schema_controls import Project
from tests.conftest import OPENED, PASSWORD, ROOT, FixedClock, Street
from tests.helpers import BANK, PARKING, PROJECTS, fingerprint, receive, sealed

CJK = re.compile(r"[\u4e00-\u9fff]")
OTHER = "别的小区"


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


def add_project(s: Street, *, state: str = "voted", compound: str | None = None) -> int:
    """A project row as the project services would leave it (their steps are tested there)."""
    with s.ctx.db.write() as session:
        c = org.compound_by_name(session, compound or s.compound)
        now = s.clock()
        p = Project(
            compound_id=c.id,
            title="楼道照明改造",
            need="楼道灯坏了",
            proposer="王大爷",
            proposer_kind="building_head",
            households=60,
            estimate_fen=300_000,
            tier="small",
            state=state,
            created_by=s.checker.id,
            created_at=now,
            updated_at=now,
        )
        session.add(p)
        session.flush()
        sealed(session, c.id, s.checker.id, now, f"project:{p.id}")
        return p.id


def add_other_compound(s: Street, *, grant: bool = True) -> None:
    """A second compound in the same community; our treasurer keeps its books too if `grant`."""
    organisation.create_compound(
        s.ctx,
        s.admin,
        street="测试街道",
        community="测试社区",
        name=OTHER,
        opened_on=OPENED,
        households=100,
    )
    if grant:
        organisation.grant_role(s.ctx, s.admin, user="t", role=Role.TREASURER, compound=OTHER)


def payment_draft(s: Street) -> int:
    receive(s, dt.date(2024, 6, 1), 1_000_000)
    s.clock.set(dt.date(2024, 6, 30))
    return entries.draft_entry(
        s.ctx,
        s.treasurer,
        compound=s.compound,
        date=dt.date(2024, 6, 30),
        memo="付楼道照明工程款",
        lines=[Line(PROJECTS, 300_000), Line(BANK, -300_000)],
    )


def request(s: Street, kind: str = "other", *, by: Actor | None = None, **link: object) -> int:
    return seals.request_seal(
        s.ctx,
        by or s.treasurer,
        compound=s.compound,
        document_kind=kind,
        document="关于楼道照明改造的公示",
        purpose="张贴公示",
        **link,  # type: ignore[arg-type]
    )


def line_of(s: Street, seal_id: int) -> seals.SealLine:
    (line,) = [x for x in seals.list_seals(s.ctx, s.compound) if x.id == seal_id]
    return line


def audit_actions(s: Street, seal_id: int) -> list[str]:
    with s.ctx.db.read() as session:
        rows = session.execute(
            select(AuditRecord).where(AuditRecord.target == f"seal:{seal_id}")
        ).scalars()
        return [r.action for r in sorted(rows, key=lambda r: r.seq)]


# --- the story ------------------------------------------------------------------------------


def test_a_project_notice_is_requested_approved_and_sealed(street: Street) -> None:
    s = street
    pid = add_project(s)
    sid = request(s, "project_notice", by=s.checker, project_id=pid)
    line = line_of(s, sid)
    assert (line.register_no, line.number, line.state) == (1, "1", SealState.REQUESTED)
    assert line.kind is SealKind.PROJECT_NOTICE and line.kind.label == "立项公示"
    assert line.requested_by == "主任乙" and line.link == f"项目 #{pid} 楼道照明改造"
    with s.ctx.db.read() as session:
        c = org.compound_by_name(session, s.compound)
        assert seal_store.granted_seal(session, c.id, kind="project_notice", project_id=pid) is None

    seals.approve_seal(s.ctx, s.community, sid, approve=True, opinion="同意用印")
    line = line_of(s, sid)
    assert (line.state, line.decided_by, line.opinion) == (SealState.APPROVED, "书记丁", "同意用印")
    with s.ctx.db.read() as session:
        granted = seal_store.granted_seal(session, c.id, kind="project_notice", project_id=pid)
        assert granted is not None and granted.id == sid

    seals.use_seal(s.ctx, s.community, sid)
    line = line_of(s, sid)
    assert (line.state, line.used_by) == (SealState.USED, "书记丁")
    assert line.used_at is not None and line.decided_at is not None
    assert line.requested_at < line.decided_at < line.used_at
    assert audit_actions(s, sid) == ["request_seal", "approve_seal", "use_seal"]
    assert verify(s.ctx).ok


def test_the_register_reads_in_local_time_and_as_json(street: Street) -> None:
    s = street
    sid = request(s, "month_notice", month="2024-06")
    seals.approve_seal(s.ctx, s.community, sid, approve=True, opinion="")
    data = line_of(s, sid).as_json()
    # The clock says 02:00 UTC on 2024-06-30: 10:00 in Shanghai.
    assert data["requested_at"].startswith("2024-06-30 10:0")
    assert data["decided_at"].startswith("2024-06-30 10:0")
    assert data["used_at"] is None and data["used_by"] is None
    assert data["opinion"] is None  # approving needs no opinion; none is made up
    assert data["kind"] == "month_notice" and data["kind_label"] == "月度公示"
    assert data["state"] == "approved" and data["state_label"] == "已批准待盖章"
    assert data["month"] == "2024-06" and data["link"] == "2024年6月"
    assert data["register_no"] == 1 and data["requested_by"] == "出纳甲"


def test_register_numbers_run_on_per_compound(street: Street) -> None:
    s = street
    add_other_compound(s)
    first = [request(s, "contract", contract_ref=f"HT-{i}") for i in range(3)]
    seals.request_seal(
        s.ctx,
        s.treasurer,
        compound=OTHER,
        document_kind="其他",
        document="证明",
        purpose="开具证明",
    )
    assert [x.register_no for x in seals.list_seals(s.ctx, s.compound)] == [1, 2, 3]
    assert [x.id for x in seals.list_seals(s.ctx, s.compound)] == first
    (other,) = seals.list_seals(s.ctx, OTHER)
    assert (other.register_no, other.kind) == (1, SealKind.OTHER)


def test_a_refusal_records_the_reason_and_a_new_request_may_follow(street: Street) -> None:
    s = street
    sid = request(s, "month_notice", month="2024-05")
    seals.approve_seal(s.ctx, s.community, sid, approve=False, opinion="公示内容缺少签字")
    line = line_of(s, sid)
    assert (line.state, line.opinion) == (SealState.REFUSED, "公示内容缺少签字")
    assert line.state.label == "不予用印"
    again = request(s, "month_notice", month="2024-05")
    assert line_of(s, again).register_no == 2


def test_a_payment_seal_names_the_voucher_once_the_draft_is_posted(street: Street) -> None:
    s = street
    draft = payment_draft(s)
    sid = request(s, "payment", draft_id=draft)
    seals.approve_seal(s.ctx, s.community, sid, approve=True, opinion="同意")
    voucher = entries.approve_entry(s.ctx, s.checker, draft)
    line = line_of(s, sid)
    assert line.voucher_no == voucher and line.link == f"付款草稿 #{draft}（已过账 {voucher}）"


# --- refusals: what the request must say ------------------------------------------------------


def test_each_kind_must_name_what_it_seals(street: Street) -> None:
    s = street
    for kind, words in {
        "project_notice": ("立项公示", "项目编号"),
        "month_notice": ("月度公示", "公示月份"),
        "payment": ("大额付款", "付款凭证草稿编号"),
        "contract": ("合同", "合同编号"),
    }.items():
        refused(s, InvalidInput, partial(request, s, kind), *words)
    refused(s, InvalidInput, partial(request, s, "contract", contract_ref="  "), "合同编号")


def test_an_unknown_kind_or_empty_text_is_refused(street: Street) -> None:
    s = street
    refused(s, InvalidInput, partial(request, s, "stamp"), "stamp", "立项公示", "其他")
    for document, purpose, word in [("", "张贴", "用印文件名称"), ("公示", " ", "用印事由")]:
        call = partial(
            seals.request_seal,
            s.ctx,
            s.treasurer,
            compound=s.compound,
            document_kind="other",
            document=document,
            purpose=purpose,
        )
        refused(s, InvalidInput, call, word, "不能为空")
    call = partial(
        seals.request_seal,
        s.ctx,
        s.treasurer,
        compound="没有的小区",
        document_kind="other",
        document="公示",
        purpose="张贴",
    )
    refused(s, NotFound, call, "没有的小区")


def test_the_project_must_exist_in_the_compound_and_be_open(street: Street) -> None:
    s = street
    add_other_compound(s)
    elsewhere = add_project(s, compound=OTHER)
    refused(s, NotFound, partial(request, s, "project_notice", project_id=9999), "#9999")
    refused(s, NotFound, partial(request, s, "project_notice", project_id=elsewhere), s.compound)
    for state, label in [("closed", "已结项"), ("rejected", "已否决"), ("withdrawn", "已撤回")]:
        pid = add_project(s, state=state)
        refused(s, WrongState, partial(request, s, "project_notice", project_id=pid), label)


def test_the_payment_draft_must_be_open_and_of_the_compound(street: Street) -> None:
    s = street
    draft = payment_draft(s)
    refused(s, NotFound, partial(request, s, "payment", draft_id=9999), "#9999")
    entries.discard_draft(s.ctx, s.treasurer, draft)
    refused(s, WrongState, partial(request, s, "payment", draft_id=draft), "已作废")
    posted = entries.draft_entry(
        s.ctx,
        s.treasurer,
        compound=s.compound,
        date=dt.date(2024, 6, 30),
        memo="停车费",
        lines=[Line(BANK, 100), Line(PARKING, -100)],
    )
    entries.approve_entry(s.ctx, s.checker, posted)
    refused(s, WrongState, partial(request, s, "payment", draft_id=posted), "已过账")
    add_other_compound(s)
    call = partial(
        seals.request_seal,
        s.ctx,
        s.treasurer,
        compound=OTHER,
        document_kind="payment",
        document="付款",
        purpose="付款",
        draft_id=draft,
    )
    refused(s, NotFound, call, OTHER, f"#{draft}")


def test_the_month_must_be_a_real_month_of_the_open_account(street: Street) -> None:
    s = street
    refused(s, InvalidDate, partial(request, s, "month_notice", month="2024-13"), "2024-13")
    refused(s, InvalidDate, partial(request, s, "month_notice", month="六月"), "YYYY-MM")
    refused(s, InvalidDate, partial(request, s, "month_notice", month="2023-12"), "早于")
    refused(s, InvalidDate, partial(request, s, "month_notice", month="2024-07"), "还没有到")
    assert request(s, "month_notice", month="2024/6") > 0
    assert line_of(s, 1).month == "2024-06"


def test_one_pending_line_per_document(street: Street) -> None:
    s = street
    pid = add_project(s)
    sid = request(s, "project_notice", project_id=pid)
    call = partial(request, s, "project_notice", project_id=pid)
    refused(s, WrongState, call, "第 1 号", "待审批", "不能重复申请")
    seals.approve_seal(s.ctx, s.community, sid, approve=True, opinion="同意")
    refused(s, WrongState, call, "第 1 号", "已批准待盖章")
    seals.use_seal(s.ctx, s.community, sid)
    assert line_of(s, call()).register_no == 2  # sealed once; a re-issue is a new line
    # Contracts and other documents are not matched: two lines for one contract may stand.
    assert request(s, "contract", contract_ref="HT-1") != request(
        s, "contract", contract_ref="HT-1"
    )


# --- refusals: who and in which state ----------------------------------------------------------


def test_only_the_treasurer_or_the_committee_may_request(street: Street) -> None:
    s = street
    for actor in (s.community, s.supervisor, s.auditor, s.admin):
        err = refused(
            s, PermissionDenied, partial(request, s, by=actor), actor.display_name, "申请用印"
        )
        assert err.facts["action"] == "request_seal"
    assert request(s, by=s.checker2) > 0
    add_other_compound(s, grant=False)  # the treasurer's role covers their own compound only
    call = partial(
        seals.request_seal,
        s.ctx,
        s.treasurer,
        compound=OTHER,
        document_kind="other",
        document="证明",
        purpose="开具证明",
    )
    refused(s, PermissionDenied, call, "出纳甲", OTHER, "申请用印")


def test_only_the_community_may_approve_or_use(street: Street) -> None:
    s = street
    sid = request(s)
    for actor in (s.treasurer, s.checker, s.supervisor, s.auditor, s.admin):
        approve = partial(seals.approve_seal, s.ctx, actor, sid, approve=True, opinion="同意")
        refused(s, PermissionDenied, approve, actor.display_name, "审批用印", "社区党委")
    seals.approve_seal(s.ctx, s.community, sid, approve=True, opinion="同意")
    for actor in (s.treasurer, s.checker, s.supervisor, s.auditor, s.admin):
        use = partial(seals.use_seal, s.ctx, actor, sid)
        refused(s, PermissionDenied, use, actor.display_name, "登记盖章", "社区党委")


def test_a_custodian_may_not_approve_their_own_request(street: Street) -> None:
    s = street
    uid = organisation.create_user(
        s.ctx, s.admin, name="both", display_name="兼职庚", password=PASSWORD
    )
    organisation.grant_role(s.ctx, s.admin, user="both", role=Role.COMMITTEE, compound=s.compound)
    organisation.grant_role(s.ctx, s.admin, user="both", role=Role.COMMUNITY, community="测试社区")
    both = Actor(uid, "both", "兼职庚")
    sid = request(s, by=both)
    call = partial(seals.approve_seal, s.ctx, both, sid, approve=True, opinion="同意")
    refused(s, PermissionDenied, call, "兼职庚", "自己申请", "不能自己审批")
    seals.approve_seal(s.ctx, s.community, sid, approve=True, opinion="同意")
    seals.use_seal(s.ctx, both, sid)  # sealing is a record of fact, not a second decision
    assert line_of(s, sid).used_by == "兼职庚"


def test_a_refusal_must_say_why(street: Street) -> None:
    s = street
    sid = request(s)
    for opinion in ("", "   "):
        call = partial(seals.approve_seal, s.ctx, s.community, sid, approve=False, opinion=opinion)
        refused(s, InvalidInput, call, "不予用印的理由", "不能为空")
    call = partial(seals.approve_seal, s.ctx, s.community, sid, approve=True, opinion="意" * 501)
    refused(s, InvalidInput, call, "审批意见太长")


def test_each_step_only_from_its_state(street: Street) -> None:
    s = street
    requested, refused_line, used = request(s), request(s), request(s)
    seals.approve_seal(s.ctx, s.community, refused_line, approve=False, opinion="不合规")
    seals.approve_seal(s.ctx, s.community, used, approve=True, opinion="同意")
    seals.use_seal(s.ctx, s.community, used)
    for sid, label in [(refused_line, "不予用印"), (used, "已盖章")]:
        call = partial(seals.approve_seal, s.ctx, s.community, sid, approve=True, opinion="同意")
        refused(s, WrongState, call, label, "不能审批")
    for sid, label in [(requested, "待审批"), (refused_line, "不予用印"), (used, "已盖章")]:
        refused(s, WrongState, partial(seals.use_seal, s.ctx, s.community, sid), label, "不能盖章")
    call = partial(seals.approve_seal, s.ctx, s.community, 9999, approve=True, opinion="同意")
    refused(s, NotFound, call, "#9999")
    refused(s, NotFound, partial(seals.use_seal, s.ctx, s.community, 9999), "#9999")


def test_a_payment_seal_is_not_approved_once_its_draft_is_discarded(street: Street) -> None:
    s = street
    draft = payment_draft(s)
    sid = request(s, "payment", draft_id=draft)
    entries.discard_draft(s.ctx, s.treasurer, draft)
    call = partial(seals.approve_seal, s.ctx, s.community, sid, approve=True, opinion="同意")
    refused(s, WrongState, call, f"#{draft}", "已作废")
    seals.approve_seal(s.ctx, s.community, sid, approve=False, opinion="付款已取消")


# --- concurrency --------------------------------------------------------------------------------

WORKERS, EACH = 4, 12


def _worker(url: str, compound: str, actor: Actor, n: int, start: object) -> None:
    ctx = Context(
        db=Database(url),
        rules=load_rules(ROOT / "rules.yaml"),
        clock=FixedClock(dt.datetime(2024, 6, 10, 2, tzinfo=dt.UTC)),
    )
    start.wait()  # type: ignore[attr-defined]
    for i in range(n):
        seals.request_seal(
            ctx,
            actor,
            compound=compound,
            document_kind="other",
            document=f"证明 {i}",
            purpose="并发",
        )
    ctx.db.dispose()


def test_concurrent_requests_get_consecutive_register_numbers(street: Street) -> None:
    s = street
    spawn = mp.get_context("spawn")
    start = spawn.Event()
    procs = [
        spawn.Process(target=_worker, args=(s.ctx.db.url, s.compound, s.treasurer, EACH, start))
        for _ in range(WORKERS)
    ]
    for p in procs:
        p.start()
    start.set()
    for p in procs:
        p.join(timeout=300)
        assert p.exitcode == 0
    numbers = [x.register_no for x in seals.list_seals(s.ctx, s.compound)]
    assert numbers == list(range(1, WORKERS * EACH + 1))
    assert verify(s.ctx).ok
