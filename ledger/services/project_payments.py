"""Paying a project: a payment draft (Dr project spending, Cr bank) that names the project, and
the community's gate on a major payment. Posting goes through `approve_entry` as any entry."""

from __future__ import annotations

import datetime as dt

from ledger.domain.account import AccountRole
from ledger.domain.entry import Line, check_text
from ledger.domain.errors import InvalidInput, WrongState
from ledger.domain.money import format_fen
from ledger.domain.roles import Action
from ledger.services.access import require
from ledger.services.context import Actor, Context
from ledger.services.entries import draft_entry
from ledger.services.payment_rules import bank_outflow, check_payment
from ledger.store import audit, books
from ledger.store.schema import Compound, Draft, DraftLine
from ledger.store.schema_controls import PaymentApproval, Project

PROJECT_SPENDING = "5101"


def pay(
    ctx: Context,
    actor: Actor,
    *,
    project_id: int,
    amount_fen: int,
    payee: str,
    date: dt.date,
    memo: str | None = None,
    attachment_count: int = 0,
) -> int:
    """Draft a payment to a project; returns the draft id (a checker posts it)."""
    if amount_fen <= 0:
        raise InvalidInput(f"付款金额必须大于零，现在是 {format_fen(amount_fen)}")
    payee = check_text(payee, field="收款人", limit=100)
    with ctx.db.read() as session:
        p = session.get(Project, project_id)
        if p is None:
            raise InvalidInput(f"没有编号为 {project_id} 的项目")
        c = session.get_one(Compound, p.compound_id)
        require(session, actor, Action.DRAFT_PAYMENT, c)
        title = p.title
    rules = ctx.rules.for_compound(c.name)
    bank = rules.account_by_role(AccountRole.BANK).code
    text = memo or f"{title} 付款：{payee}"
    lines = [Line(PROJECT_SPENDING, amount_fen, payee), Line(bank, -amount_fen, payee)]
    return draft_entry(
        ctx,
        actor,
        compound=c.name,
        date=date,
        memo=text,
        lines=lines,
        kind="payment",
        project_id=project_id,
        attachment_count=attachment_count,
    )


def gate_payment(ctx: Context, actor: Actor, draft_id: int, *, opinion: str) -> None:
    """The community approves a major payment before it may post (重大事项统一把关)."""
    with ctx.db.write() as session:
        draft = session.get(Draft, draft_id)
        if draft is None or draft.state != "open":
            raise WrongState(f"草稿 #{draft_id} 不存在或已不是待审核状态")
        c = session.get_one(Compound, draft.compound_id)
        require(session, actor, Action.GATE_PAYMENT, c)
        if draft.project_id is None:
            raise WrongState(f"草稿 #{draft_id} 不是项目付款")
        rules = ctx.rules.for_compound(c.name)
        accounts = books.accounts_by_code(session, c.id)
        by_id = {a.id: a.code for a in accounts.values()}
        rows = session.query(DraftLine).filter(DraftLine.draft_id == draft_id).all()
        amount = bank_outflow([Line(by_id[r.account_id], r.amount_fen) for r in rows], accounts)
        if not rules.is_major_payment(amount):
            raise WrongState(f"这笔 {format_fen(amount)} 未达到重大付款标准，无需社区把关")
        if session.get(PaymentApproval, draft_id) is not None:
            raise WrongState(f"草稿 #{draft_id} 已经社区把关")
        check_payment(session, rules, c, draft.project_id, amount, on_date=draft.entry_date)
        now = ctx.clock()
        session.add(
            PaymentApproval(
                draft_id=draft_id,
                compound_id=c.id,
                approved_by=actor.id,
                approved_at=now,
                opinion=check_text(opinion, field="把关意见", limit=2000),
            )
        )
        session.flush()
        audit.append(
            session,
            scope=audit.compound_scope(c.id),
            at=now,
            actor_id=actor.id,
            compound_id=c.id,
            action="gate_payment",
            target=f"draft:{draft_id}",
            details={"project": draft.project_id, "amount_fen": amount},
        )
