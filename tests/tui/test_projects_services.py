"""The read models behind the payment form and the project detail's keys, on the demo books:
which projects may be paid and why not, a project's payments, and the steps offered."""

from __future__ import annotations

import datetime as dt

from ledger.domain.errors import WrongState
from ledger.domain.project import ProjectAction
from ledger.domain.vote_rules import VoteBody
from ledger.services.context import Context
from ledger.services.payable_projects import payable_projects, payment_refusal, project_payments
from ledger.services.project_offers import may_propose, project_offer
from ledger.services.project_views import project_list
from tests.tui.conftest import TODAY, session_for

A = ProjectAction


def test_payable_projects_and_the_rule_that_refuses_the_others(tui_ctx: Context) -> None:
    rules = tui_ctx.rules.for_compound("香榭雅居")
    [item] = payable_projects(tui_ctx, "香榭雅居", TODAY)
    assert item.line.state == "in_progress"
    assert item.ceiling_fen == rules.payment_ceiling_fen(item.line.budget_fen or 0)
    assert item.payable_fen == item.ceiling_fen - item.line.paid_fen
    assert payable_projects(tui_ctx, "迎宾花苑", TODAY) == []
    refusal = payment_refusal(tui_ctx, "迎宾花苑", 3, TODAY)
    assert isinstance(refusal, WrongState)
    assert "现在「公示中」，不能付款" in refusal.message
    before_start = payment_refusal(tui_ctx, "香榭雅居", item.line.id, dt.date(2023, 4, 1))
    assert isinstance(before_start, WrongState)
    assert "早于项目开工日期" in before_start.message
    assert payment_refusal(tui_ctx, "香榭雅居", item.line.id, TODAY) is None


def test_project_payments_are_the_posted_bank_outflows(tui_ctx: Context) -> None:
    line = next(ln for ln in project_list(tui_ctx, "香榭雅居") if ln.state == "in_progress")
    payments = project_payments(tui_ctx, line.id)
    assert payments and all(p.voucher.startswith("记-") for p in payments)
    assert sum(p.amount_fen for p in payments) == line.paid_fen


def test_offer_follows_state_role_and_preconditions(tui_ctx: Context) -> None:
    member = session_for(tui_ctx, "ybhy_zr")
    treasurer = session_for(tui_ctx, "ybhy_cn")
    supervisor = session_for(tui_ctx, "ybhy_jd")
    large = project_offer(tui_ctx, member.actor, 2)
    assert large.actions == (A.QUOTE, A.CHOOSE, A.VOTE, A.REJECT, A.WITHDRAW)
    assert large.vote_body is VoteBody.ASSEMBLY and not large.may_pay
    assert project_offer(tui_ctx, treasurer.actor, 2).actions == (A.QUOTE,)
    assert project_offer(tui_ctx, treasurer.actor, 2).may_pay
    assert project_offer(tui_ctx, supervisor.actor, 3).actions == ()  # objection days over
    assert may_propose(tui_ctx, treasurer.actor, "迎宾花苑")
    assert not may_propose(tui_ctx, supervisor.actor, "迎宾花苑")
