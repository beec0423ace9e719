"""The audit query (经济责任审计) on a small story: January's income (drafted by 出纳甲,
posted by 主任乙) and its close on 5 February (seal #1); a February bank fee posted by 委员丙;
in March a project (proposed by 主任乙, reviewed and voted by 委员丙, quoted by 出纳甲, its
notice seal #2 requested by 出纳甲) and a complaint (recorded by 监督戊, answered by 书记丁).
Each list holds exactly the right lines, the balances agree with the trial balance, and roles
without the audit permission are refused."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from ledger.domain.audit_report import PersonAudit
from ledger.domain.entry import Line
from ledger.domain.errors import InvalidInput, NotFound, PermissionDenied
from ledger.domain.period import Month
from ledger.services import (
    audit_query,
    balances,
    complaints,
    entries,
    organisation,
    project_notice,
    project_payments,
    project_votes,
    projects,
    seals,
)
from tests.conftest import PASSWORD, Street
from tests.helpers import BANK, FEES, close_month, fingerprint, receive
from tests.services.permission_setups import MAJOR_PAYMENT_FEN, TODAY, granted_seal, project

D = dt.date
JAN, FEB, MAR, JUN = Month(2024, 1), Month(2024, 2), Month(2024, 3), Month(2024, 6)
INCOME_FEN, FEE_FEN = 1_000_000, 2_500


@dataclass(frozen=True)
class Story:
    s: Street
    jan_voucher: str
    feb_voucher: str
    project_id: int
    complaint_id: int


def tell(s: Street) -> Story:
    ctx, c = s.ctx, s.compound
    jan = receive(s, D(2024, 1, 10), INCOME_FEN)
    s.clock.set(D(2024, 2, 5))
    close_month(s, JAN)
    s.clock.set(D(2024, 2, 20))
    fee = [Line(FEES, FEE_FEN), Line(BANK, -FEE_FEN)]
    draft = entries.draft_entry(
        ctx, s.treasurer, compound=c, date=D(2024, 2, 20), memo="手续费", lines=fee
    )
    feb = entries.approve_entry(ctx, s.checker2, draft)
    s.clock.set(D(2024, 3, 1))
    pid = projects.propose(
        ctx,
        s.checker,
        compound=c,
        title="路灯维修",
        need="太暗",
        proposer="王大爷",
        proposer_kind="resident",
        estimate_fen=300_000,
    )
    projects.verify_need(ctx, s.checker, pid, method="phone", evidence="电话询问")
    projects.legal_review(ctx, s.checker2, pid, reviewer="司法所", opinion="合法", passed=True)
    quote = projects.add_quote(
        ctx, s.treasurer, pid, vendor="甲", amount_fen=300_000, document="报价"
    )
    projects.choose_quote(ctx, s.checker, pid, quote)
    project_votes.committee_vote(
        ctx, s.checker2, pid, members=5, present=5, votes_for=4, against=1, abstain=0
    )
    sid = seals.request_seal(
        ctx,
        s.treasurer,
        compound=c,
        document_kind="project_notice",
        document="立项公示",
        purpose="张贴",
        project_id=pid,
    )
    seals.approve_seal(ctx, s.community, sid, approve=True, opinion="同意")
    seals.use_seal(ctx, s.community, sid)
    project_notice.publish(ctx, s.checker, pid)
    s.clock.set(D(2024, 3, 5))
    cid = complaints.record_complaint(
        ctx,
        s.supervisor,
        compound=c,
        channel="hotline",
        received_on=D(2024, 3, 5),
        resident="匿名",
        content="路灯什么时候修",
    )
    s.clock.set(D(2024, 3, 6))
    complaints.answer_complaint(ctx, s.community, cid, answer="已公示", answered_on=D(2024, 3, 6))
    s.clock.set(TODAY)
    return Story(s, jan, feb, pid, cid)


@pytest.fixture
def story(street: Street) -> Story:
    return tell(street)


@pytest.fixture
def small_story(sqlite_street: Street) -> Story:
    return tell(sqlite_street)


def test_a_period_holds_exactly_what_happened_in_it(story: Story) -> None:
    s = story.s
    jan = audit_query.audit_period(s.ctx, s.auditor, compound=s.compound, first=JAN, last=JAN)
    assert [e.voucher_no for e in jan.entries] == [story.jan_voucher]
    assert (jan.entries[0].maker, jan.entries[0].checker) == ("出纳甲", "主任乙")
    assert jan.entries[0].amount_fen == INCOME_FEN
    # January's close was done in February, and belongs to January.
    assert [(x.step, x.person) for x in jan.records.signoffs] == [
        ("prepare", "出纳甲"),
        ("review", "监督戊"),
        ("sign_committee", "主任乙"),
        ("sign_community", "书记丁"),
        ("publish", "主任乙"),
    ]
    assert not (jan.records.seals or jan.records.project_steps or jan.records.complaints)
    mar = audit_query.audit_period(s.ctx, s.auditor, compound=s.compound, first=MAR, last=MAR)
    assert not (mar.entries or mar.records.signoffs)
    assert [(x.action, x.person) for x in mar.records.project_steps] == [
        ("propose", "主任乙"),
        ("verify", "主任乙"),
        ("review", "委员丙"),
        ("quote", "出纳甲"),
        ("choose", "主任乙"),
        ("vote", "委员丙"),
        ("publish", "主任乙"),
    ]
    assert [(v.project_id, v.recorded_by, v.passed) for v in mar.records.votes] == [
        (story.project_id, "委员丙", True)
    ]
    assert [(x.register_no, x.kind, x.requested_by, x.used_by) for x in mar.records.seals] == [
        (2, "project_notice", "出纳甲", "书记丁")
    ]
    assert [(x.id, x.recorded_by, x.answered_by) for x in mar.records.complaints] == [
        (story.complaint_id, "监督戊", "书记丁")
    ]
    whole = audit_query.audit_period(s.ctx, s.auditor, compound=s.compound, first=JAN, last=JUN)
    assert [e.voucher_no for e in whole.entries] == [story.jan_voucher, story.feb_voucher]
    assert [x.register_no for x in whole.records.seals] == [1, 2]
    assert whole.counts() == {
        "entries": 2,
        "project_steps": 7,
        "votes": 1,
        "seals": 2,
        "signoffs": 5,
        "complaints": 1,
        "payment_approvals": 0,
    }


def test_a_period_begins_and_ends_with_the_trial_balance(small_story: Story) -> None:
    s = small_story.s
    for first, last in [(JAN, JAN), (FEB, MAR), (JAN, JUN), (Month(2023, 12), FEB)]:
        report = audit_query.audit_period(
            s.ctx, s.auditor, compound=s.compound, first=first, last=last
        )
        start, end = (balances.trial_balance(s.ctx, s.compound, m) for m in (first, last))
        opening = {a.code: a.opening_fen for a in start.accounts}
        closing = {a.code: a.closing_fen for a in end.accounts}
        got = {a.code: (a.opening_fen, a.closing_fen) for a in report.balances.accounts}
        for code in set(opening) | set(closing) | set(got):
            assert got.get(code, (0, 0)) == (opening.get(code, 0), closing.get(code, 0)), code
    feb = audit_query.audit_period(s.ctx, s.auditor, compound=s.compound, first=FEB, last=FEB)
    assert (feb.balances.bank_opening_fen, feb.balances.bank_closing_fen) == (
        INCOME_FEN,
        INCOME_FEN - FEE_FEN,
    )
    assert (feb.balances.income_fen, feb.balances.expense_fen) == (0, FEE_FEN)
    data = feb.as_json()
    assert data["balances"]["bank"] == {"code": BANK, "opening": "10000.00", "closing": "9975.00"}
    assert data["balances"]["totals"] == {"income": "0.00", "expense": "25.00", "net": "-25.00"}


def test_a_persons_audit_holds_exactly_what_they_did(story: Story) -> None:
    s = story.s

    def audit(person: str) -> PersonAudit:
        return audit_query.audit_person(s.ctx, s.auditor, compound=s.compound, person=person)

    t = audit(s.treasurer.name)
    assert [e.voucher_no for e in t.drafted] == [story.jan_voucher, story.feb_voucher]
    assert not (t.approved or t.records.votes or t.records.complaints)
    assert [x.action for x in t.records.project_steps] == ["quote"]
    assert [(x.register_no, x.capacities) for x in t.records.seals] == [(2, ("申请",))]
    assert [(x.month, x.step) for x in t.records.signoffs] == [("2024-01", "prepare")]
    c2 = audit(s.checker2.name)
    assert c2.drafted == () and [e.voucher_no for e in c2.approved] == [story.feb_voucher]
    assert [x.action for x in c2.records.project_steps] == ["review", "vote"]
    assert [v.project_id for v in c2.records.votes] == [story.project_id]
    sq = audit(s.community.name)
    assert sq.counts() == {
        "drafted": 0,
        "approved": 0,
        "project_steps": 0,
        "votes": 0,
        "seals": 2,
        "signoffs": 1,
        "complaints": 1,
        "payment_approvals": 0,
    }
    assert [x.capacities for x in sq.records.seals] == [("审批", "盖章"), ("审批", "盖章")]
    assert sq.records.complaints[0].capacities == ("答复",)
    assert [(g.role, g.scope_kind, g.scope) for g in sq.grants] == [
        ("community", "community", "测试社区")
    ]
    jd = audit("监督戊")  # a display name only one user has will do
    assert jd.person == s.supervisor.name
    assert [x.capacities for x in jd.records.complaints] == [("登记",)]


def test_a_term_runs_from_the_grant_to_today_with_the_balances_at_both_ends(
    small_story: Story,
) -> None:
    s = small_story.s
    t = audit_query.audit_person(s.ctx, s.auditor, compound=s.compound, person="t")
    assert (t.term_start, t.term_end, t.term_open) == (D(2024, 1, 1), D(2024, 6, 30), True)
    assert (t.balances.bank_opening_fen, t.balances.bank_closing_fen) == (
        0,
        INCOME_FEN - FEE_FEN,
    )
    june = balances.trial_balance(s.ctx, s.compound, JUN)
    assert {a.code: a.closing_fen for a in t.balances.accounts} == {
        a.code: a.closing_fen for a in june.accounts
    }
    data = t.as_json()
    assert data["term"] == {"start": "2024-01-01", "end": "2024-06-30", "open": True}
    assert data["counts"]["drafted"] == 2 and len(data["drafted"]) == 2
    assert data["drafted"][0]["amount"] == "10000.00"
    assert data["drafted"][0]["date"] == "2024-01-10"
    # Grants made 2024-01-01 01:00 UTC show as 09:00 local time.
    assert data["person"]["roles"][0]["granted_at"] == "2024-01-01 09:00"


def test_roles_without_the_audit_permission_are_refused_and_nothing_is_written(
    small_story: Story,
) -> None:
    s = small_story.s
    before = fingerprint(s)
    for actor in (s.treasurer, s.checker):
        with pytest.raises(PermissionDenied, match="经济责任审计查询"):
            audit_query.audit_period(s.ctx, actor, compound=s.compound, first=JAN, last=JUN)
        with pytest.raises(PermissionDenied, match="经济责任审计查询"):
            audit_query.audit_person(s.ctx, actor, compound=s.compound, person="t")
    for actor in (s.auditor, s.community, s.supervisor, s.admin):
        audit_query.audit_period(s.ctx, actor, compound=s.compound, first=JAN, last=JUN)
    assert fingerprint(s) == before


def test_an_unknown_person_a_person_without_a_role_here_and_a_reversed_period_are_refused(
    small_story: Story,
) -> None:
    s = small_story.s
    with pytest.raises(NotFound, match="没有用户「nobody」"):
        audit_query.audit_person(s.ctx, s.auditor, compound=s.compound, person="nobody")
    organisation.create_user(s.ctx, s.admin, name="idle", display_name="闲人", password=PASSWORD)
    with pytest.raises(NotFound, match="没有任职记录"):
        audit_query.audit_person(s.ctx, s.auditor, compound=s.compound, person="idle")
    with pytest.raises(InvalidInput, match="晚于"):
        audit_query.audit_period(s.ctx, s.auditor, compound=s.compound, first=MAR, last=JAN)
    with pytest.raises(NotFound, match="没有名为"):
        audit_query.audit_period(s.ctx, s.auditor, compound="无此小区", first=JAN, last=JAN)


def test_a_major_payment_approval_is_in_its_period_and_its_approvers_term(street: Street) -> None:
    s = street
    receive(s, TODAY, 2 * MAJOR_PAYMENT_FEN)
    pid = project(s, "started", large=True)
    draft = project_payments.pay(
        s.ctx, s.treasurer, project_id=pid, amount_fen=MAJOR_PAYMENT_FEN, payee="甲", date=TODAY
    )
    project_payments.gate_payment(s.ctx, s.community, draft, opinion="首期款，同意")
    granted_seal(s, "payment", draft_id=draft)
    voucher = entries.approve_entry(s.ctx, s.checker, draft)
    june = audit_query.audit_period(s.ctx, s.auditor, compound=s.compound, first=JUN, last=JUN)
    sq = audit_query.audit_person(s.ctx, s.auditor, compound=s.compound, person="sq")
    for got in (june.records.payment_approvals, sq.records.payment_approvals):
        row = [(a.draft_id, a.project_id, a.amount_fen, a.voucher_no, a.approved_by) for a in got]
        assert row == [(draft, pid, MAJOR_PAYMENT_FEN, voucher, "书记丁")]
    assert june.as_json()["payment_approvals"][0]["amount"] == "50000.00"
    assert [x.action for x in sq.records.project_steps] == ["approve"]  # the project's gate
    assert voucher in [e.voucher_no for e in june.entries]
