"""Worked stories of the residents' process: a small repair voted by the committee, and a
large water-mains project through the owners' assembly, the community gate, the notice with
an objection, the seal, a major payment, acceptance and closing."""

from __future__ import annotations

import datetime as dt

import pytest

from ledger.domain.errors import InsufficientFunds, InvalidInput, WrongState
from ledger.domain.tally import AssemblyTally
from ledger.services import (
    entries,
    project_notice,
    project_payments,
    project_votes,
    projects,
)
from ledger.services.project_views import project_list, project_view
from ledger.services.verify import verify
from tests.conftest import Street
from tests.helpers import fingerprint, receive
from tests.services import project_walk as walk
from tests.services.project_walk import seal_for

D = dt.date


def at(s: Street, day: dt.date) -> None:
    s.clock.set(day)


def test_a_small_lift_repair_from_request_to_payment(street: Street) -> None:
    s = street
    at(s, D(2024, 3, 1))
    receive(s, D(2024, 3, 1), 2_000_000)
    pid = projects.propose(
        s.ctx,
        s.checker,
        compound=s.compound,
        title="3号楼电梯维修",
        need="钢丝绳磨损，电梯频繁停运",
        proposer="王大爷",
        proposer_kind="building_head",
        estimate_fen=400_000,
        households=180,
    )
    assert project_view(s.ctx, pid).line.tier == "small"
    projects.verify_need(
        s.ctx, s.checker, pid, method="door_to_door", evidence="走访 3 号楼 60 户，58 户反映"
    )
    projects.legal_review(
        s.ctx, s.checker, pid, reviewer="街道司法所", opinion="属共有部分维修，合法", passed=True
    )
    q = projects.add_quote(
        s.ctx, s.treasurer, pid, vendor="迅达电梯维保站", amount_fen=400_000, document="报价单 A"
    )
    projects.choose_quote(s.ctx, s.checker, pid, q)
    # Paying before the vote, the notice and the start is refused, and writes nothing.
    before = fingerprint(s)
    with pytest.raises(WrongState, match="不能付款"):
        project_payments.pay(
            s.ctx, s.treasurer, project_id=pid, amount_fen=400_000, payee="迅达", date=D(2024, 3, 1)
        )
    assert fingerprint(s) == before
    with pytest.raises(WrongState, match="业委会表决"):
        project_votes.assembly_vote(
            s.ctx, s.checker, pid, tally=AssemblyTally(10, 10, 10, 10, 10, 10)
        )
    assert project_votes.committee_vote(
        s.ctx, s.checker, pid, members=5, present=4, votes_for=3, against=1, abstain=0
    )
    with pytest.raises(WrongState, match="公章"):
        project_notice.publish(s.ctx, s.checker, pid)
    seal_for(s, "project_notice", project_id=pid)
    assert project_notice.publish(s.ctx, s.checker, pid) == D(2024, 3, 7)
    at(s, D(2024, 3, 7))
    with pytest.raises(WrongState, match="公示期到 2024-03-07"):
        project_notice.start_work(s.ctx, s.checker, pid)
    at(s, D(2024, 3, 8))
    project_notice.start_work(s.ctx, s.checker, pid)
    draft = project_payments.pay(
        s.ctx,
        s.treasurer,
        project_id=pid,
        amount_fen=400_000,
        payee="迅达电梯维保站",
        date=D(2024, 3, 8),
    )
    with pytest.raises(InsufficientFunds, match="超出"):
        project_payments.pay(
            s.ctx, s.treasurer, project_id=pid, amount_fen=400_001, payee="迅达", date=D(2024, 3, 8)
        )
    entries.approve_entry(s.ctx, s.checker, draft)
    line = project_view(s.ctx, pid).line
    assert (line.paid_fen, line.remaining_fen) == (400_000, 0)
    with pytest.raises(InsufficientFunds):
        project_payments.pay(
            s.ctx, s.treasurer, project_id=pid, amount_fen=1, payee="迅达", date=D(2024, 3, 8)
        )
    projects.accept(s.ctx, s.checker, pid, result="运行正常", accepted_by="业委会、监督小组")
    assert projects.close(s.ctx, s.checker, pid) == 400_000
    assert [p.state for p in project_list(s.ctx, s.compound)] == ["closed"]
    report = verify(s.ctx)
    assert report.ok, report.findings


def test_a_large_project_through_the_assembly_the_gate_an_objection_and_a_major_payment(
    street: Street,
) -> None:
    s = street
    at(s, D(2024, 2, 1))
    receive(s, D(2024, 2, 1), 30_000_000)
    pid = projects.propose(
        s.ctx,
        s.checker,
        compound=s.compound,
        title="供水主管道更换",
        need="管道老化爆裂",
        proposer="李党员",
        proposer_kind="party_member",
        estimate_fen=25_000_000,
        households=530,
    )
    projects.verify_need(s.ctx, s.checker, pid, method="online", evidence="线上问卷 412 户支持")
    projects.legal_review(s.ctx, s.checker, pid, reviewer="律师事务所", opinion="合法", passed=True)
    ids = [
        projects.add_quote(s.ctx, s.treasurer, pid, vendor=v, amount_fen=a, document=f"报价{i}")
        for i, (v, a) in enumerate([("甲", 25_680_000), ("乙", 24_900_000), ("丙", 26_100_000)])
    ]
    with pytest.raises(InvalidInput, match="不是最低价"):
        projects.choose_quote(s.ctx, s.checker, pid, ids[0])
    projects.choose_quote(s.ctx, s.checker, pid, ids[0], reason="乙无市政管网资质")
    # 530 owners, 45,000.00 m²: exactly 2/3 take part — the boundary counts as reached.
    tally = AssemblyTally(
        owners_total=531,
        area_total=4_500_000,
        owners_voted=354,
        area_voted=3_000_000,
        owners_for=300,
        area_for=2_600_000,
        owners_against=40,
        owners_abstain=14,
    )
    assert project_votes.assembly_vote(s.ctx, s.checker, pid, tally=tally)
    vote = project_view(s.ctx, pid).votes[0]["result"]["checks"]
    assert [c["margin"] for c in vote] == [0, 0, 1_099_999, 122]
    seal_for(s, "project_notice", project_id=pid)
    with pytest.raises(WrongState, match="社区党委把关"):
        project_notice.publish(s.ctx, s.checker, pid)
    projects.gate(s.ctx, s.community, pid, approve=True, opinion="程序完备，同意")
    project_notice.publish(s.ctx, s.checker, pid)
    at(s, D(2024, 2, 3))
    oid = project_notice.file_objection(
        s.ctx, s.supervisor, pid, resident="5栋 张女士", content="施工期停水太久"
    )
    at(s, D(2024, 2, 9))
    with pytest.raises(WrongState, match="异议处理中"):
        project_notice.start_work(s.ctx, s.checker, pid)
    project_notice.resolve_objection(
        s.ctx, s.community, oid, outcome="dismissed", answer="分段施工，每段停水不超过 8 小时"
    )
    project_notice.start_work(s.ctx, s.checker, pid)
    draft = project_payments.pay(
        s.ctx, s.treasurer, project_id=pid, amount_fen=7_704_000, payee="甲", date=D(2024, 2, 9)
    )
    with pytest.raises(WrongState, match="社区党委把关"):
        entries.approve_entry(s.ctx, s.checker, draft)
    project_payments.gate_payment(s.ctx, s.community, draft, opinion="首期款 30%，同意")
    with pytest.raises(WrongState, match="公章"):
        entries.approve_entry(s.ctx, s.checker, draft)
    seal_for(s, "payment", draft_id=draft)
    entries.approve_entry(s.ctx, s.checker, draft)
    assert project_view(s.ctx, pid).line.paid_fen == 7_704_000
    report = verify(s.ctx)
    assert report.ok, report.findings


def test_verify_finds_a_project_paid_past_its_budget_after_a_change_behind_its_back(
    street: Street,
) -> None:
    from sqlalchemy import text

    s = street
    at(s, D(2024, 3, 1))
    receive(s, D(2024, 3, 1), 1_000_000)
    pid = walk.published(s, title="门禁维修", budget_fen=300_000)
    at(s, D(2024, 3, 10))
    project_notice.start_work(s.ctx, s.checker, pid)
    draft = project_payments.pay(
        s.ctx, s.treasurer, project_id=pid, amount_fen=300_000, payee="某公司", date=D(2024, 3, 10)
    )
    entries.approve_entry(s.ctx, s.checker, draft)
    assert verify(s.ctx).ok
    with s.ctx.db.write() as session:
        session.execute(text("UPDATE project SET budget_fen = 200000 WHERE id = :p"), {"p": pid})
    findings = verify(s.ctx).findings
    # The changed row no longer matches its seal either (ledger/store/row_seals.py).
    assert [(f.voucher, f.rule) for f in findings] == [
        (f"项目#{pid}", "项目限额"),
        (f"项目#{pid}", "控制记录封存"),
    ]
