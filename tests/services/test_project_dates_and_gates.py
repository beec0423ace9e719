"""Holes found by the project tests, closed: steps recorded in date order, no payment dated
before the work started, no editing a payment after its gate or seal, upholding an objection
answers every open one, no reversing a closed project's payment."""

from __future__ import annotations

import datetime as dt

import pytest

from ledger.domain.entry import Line
from ledger.domain.errors import InvalidDate, WrongState
from ledger.services import entries, project_notice, project_payments, projects
from ledger.services.project_views import project_view
from tests.conftest import Street
from tests.helpers import BANK, fingerprint, receive
from tests.services import project_walk as walk

D = dt.date


def started(s: Street, budget: int = 6_000_000) -> int:
    """A project in progress since 2024-03-10, with money in the bank."""
    s.clock.set(D(2024, 3, 1))
    receive(s, D(2024, 3, 1), 10_000_000)
    return walk.started(s, title="道路修补", budget_fen=budget, start=D(2024, 3, 10))


def test_a_step_cannot_be_dated_before_the_previous_one(street: Street) -> None:
    s = street
    s.clock.set(D(2024, 3, 10))
    pid = projects.propose(
        s.ctx,
        s.checker,
        compound=s.compound,
        title="绿化",
        need="补种",
        proposer="钱",
        proposer_kind="resident",
        estimate_fen=100_000,
    )
    before = fingerprint(s)
    with pytest.raises(InvalidDate, match="早于本项目上一步"):
        projects.verify_need(
            s.ctx, s.checker, pid, method="phone", evidence="属实", on_date=D(2024, 3, 1)
        )
    assert fingerprint(s) == before


def test_a_payment_cannot_be_dated_before_the_work_started(street: Street) -> None:
    s = street
    pid = started(s)
    with pytest.raises(WrongState, match="早于项目开工日期"):
        project_payments.pay(
            s.ctx, s.treasurer, project_id=pid, amount_fen=100_000, payee="甲", date=D(2024, 3, 9)
        )


def test_a_gated_and_sealed_payment_cannot_be_edited(street: Street) -> None:
    s = street
    pid = started(s)
    draft = project_payments.pay(
        s.ctx, s.treasurer, project_id=pid, amount_fen=5_000_000, payee="甲", date=D(2024, 3, 10)
    )
    project_payments.gate_payment(s.ctx, s.community, draft, opinion="同意")
    before = fingerprint(s)
    with pytest.raises(WrongState, match="不能再修改"):
        entries.edit_draft(
            s.ctx, s.treasurer, draft, lines=[Line("5101", 5_999_999), Line(BANK, -5_999_999)]
        )
    assert fingerprint(s) == before


def test_upholding_one_objection_answers_every_open_one(street: Street) -> None:
    s = street
    s.clock.set(D(2024, 3, 1))
    receive(s, D(2024, 3, 1), 1_000_000)
    pid = walk.published(s, title="垃圾房改造", budget_fen=300_000)
    first = project_notice.file_objection(
        s.ctx, s.supervisor, pid, resident="甲", content="选址不当"
    )
    project_notice.file_objection(s.ctx, s.supervisor, pid, resident="乙", content="费用偏高")
    project_notice.resolve_objection(
        s.ctx, s.community, first, outcome="revote", answer="重新论证后再表决"
    )
    objections = project_view(s.ctx, pid).objections
    assert [o["state"] for o in objections] == ["upheld", "upheld"]
    assert objections[1]["answer"].startswith(f"与异议 #{first} 一并处理")


def test_a_closed_projects_payment_cannot_be_reversed(street: Street) -> None:
    s = street
    pid = started(s, budget=400_000)
    draft = project_payments.pay(
        s.ctx, s.treasurer, project_id=pid, amount_fen=400_000, payee="甲", date=D(2024, 3, 10)
    )
    voucher = entries.approve_entry(s.ctx, s.checker, draft)
    projects.accept(s.ctx, s.checker, pid, result="合格", accepted_by="业委会")
    projects.close(s.ctx, s.checker, pid)
    with pytest.raises(WrongState, match="已结项"):
        entries.reverse_entry(s.ctx, s.treasurer, voucher, reason="退款", compound=s.compound)
