"""What a payment naming a project must satisfy, checked when it is drafted and again when
it is posted: the project is in progress, the cumulative payments stay within the approved
budget plus the rules' tolerance (invariant 8), and a payment at or above the major-payment
limit carries the community's approval and an approved seal line before it posts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from sqlalchemy.orm import Session

from ledger.domain.entry import Line
from ledger.domain.errors import InsufficientFunds, NotFound, WrongState
from ledger.domain.money import format_fen
from ledger.domain.project import PAYABLE, ProjectState
from ledger.domain.rules import Rules
from ledger.store import projects as repo
from ledger.store import seals
from ledger.store.schema import Account, Compound
from ledger.store.schema_controls import PaymentApproval, Project


def bank_outflow(lines: Sequence[Line], accounts: Mapping[str, Account]) -> int:
    """How much the lines take out of the bank account (negative: money comes back)."""
    return -sum(x.amount_fen for x in lines if accounts[x.account_code].role == "bank")


def check_payment(
    session: Session,
    rules: Rules,
    c: Compound,
    project_id: int,
    amount_fen: int,
    *,
    on_date: dt.date,
    draft_id: int | None = None,
) -> Project:
    """Refuse a payment the project's process does not allow; `draft_id` given: at posting."""
    p = session.get(Project, project_id)
    if p is None or p.compound_id != c.id:
        raise NotFound(f"{c.name}没有编号为 {project_id} 的项目", project=project_id)
    if amount_fen < 0 and p.state == ProjectState.CLOSED.value:
        raise WrongState(
            f"项目 #{p.id}「{p.title}」已结项、决算已定，不能再冲销其付款；退款请作为其他收入入账"
        )
    if amount_fen <= 0:
        return p
    state = ProjectState(p.state)
    if state not in PAYABLE:
        raise WrongState(
            f"项目 #{p.id}「{p.title}」现在「{state.label}」，不能付款：只有公示期满、已开工实施的项目才能付款",
            state=state.value,
        )
    started = repo.step_date(session, p.id, "start")
    if started is not None and on_date < started:
        raise WrongState(f"付款日期 {on_date} 早于项目开工日期 {started}：只能付给已开工的项目")
    budget = p.budget_fen or 0
    ceiling = rules.payment_ceiling_fen(budget)
    paid = repo.paid_fen(session, c.id, p.id)
    if paid + amount_fen > ceiling:
        raise InsufficientFunds(
            f"项目 #{p.id} 批准预算 {format_fen(budget)}（可付上限 {format_fen(ceiling)}），已付 "
            f"{format_fen(paid)}，这笔 {format_fen(amount_fen)} 会超出 {format_fen(paid + amount_fen - ceiling)}："
            "追加预算须重新表决",
            project=p.id,
        )
    if draft_id is not None and rules.is_major_payment(amount_fen):
        if session.get(PaymentApproval, draft_id) is None:
            raise WrongState(
                f"单笔 {format_fen(amount_fen)} 达到重大付款标准（{format_fen(rules.major_payment_limit_fen)}），"
                "须先经社区党委把关（pay approve）才能过账"
            )
        if seals.granted_seal(session, c.id, kind="payment", draft_id=draft_id) is None:
            raise WrongState("大额付款须加盖业委会公章：请先登记用印申请并经社区审批")
    return p
