"""The maintenance-fund share (专项维修资金): what each period owes from net public revenue
under the rules, what was transferred, what is outstanding; and the one-step transfer draft
(Dr 划转专项维修资金, Cr the bank account), which names the period it pays.

Net public revenue = income − the property company's cost share − taxes (rules.yaml), from
the posted books. A period's share is due once the period has ended.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from ledger.domain.account import AccountKind, AccountRole
from ledger.domain.clock import local_today
from ledger.domain.entry import Line
from ledger.domain.errors import InvalidAmount, InvalidDate, WrongState
from ledger.domain.fund_share import (
    FundSharePeriod,
    FundShareReport,
    fund_period,
    period_of,
    periods_through,
)
from ledger.domain.money import format_fen
from ledger.domain.period import Month
from ledger.domain.roles import Action
from ledger.domain.rules import Rules
from ledger.services.access import require
from ledger.services.context import Actor, Context
from ledger.services.contract_drafts import write_draft
from ledger.store import contracts as store
from ledger.store import org
from ledger.store.database import lock_compound
from ledger.store.schema import Compound
from ledger.store.schema_contracts import FundTransfer

TAXES = "5103"  # 税费: deducted from income with the cost share (rules.yaml's comment)
PRESET_BASIS = {
    "shanghai": "参照上海市办法（不低于 50%）",
    "guangxi": "参照广西壮族自治区办法（不低于 50%）",
}


def net_revenue(session: Session, rules: Rules, c: Compound, first: Month, last: Month) -> int:
    income = [a.code for a in rules.accounts if a.kind is AccountKind.INCOME]
    costs = [rules.account_by_role(AccountRole.COST_SHARE).code]
    costs += [TAXES] if rules.has_account(TAXES) else []
    return -store.net_movements(session, c.id, first, last, income) - store.net_movements(
        session, c.id, first, last, costs
    )


def _period(
    session: Session, rules: Rules, c: Compound, first: Month, month: Month, *, pending: bool
) -> FundSharePeriod:
    rule = rules.maintenance_fund
    _, last = period_of(first, rule.frequency)
    net = net_revenue(session, rules, c, first, min(last, month))
    counted = ("posted", "pending") if pending else ("posted",)
    day = month.last_day
    transferred = sum(
        t.amount_fen
        for t in store.fund_transfers(session, c.id)
        if t.first_month == str(first) and t.standing_on(day) in counted
    )
    return fund_period(rule, first, month, net, transferred)


def _basis(rules: Rules) -> str:
    rule = rules.maintenance_fund
    if not rule.enabled:
        return "规则未要求划转"
    text = f"净公共收益的 {rule.share_bp / 100:g}%，{rule.frequency.label}划转"
    return f"{text}，{PRESET_BASIS[rule.preset]}" if rule.preset else text


def report_in(session: Session, rules: Rules, c: Compound, month: Month) -> FundShareReport:
    rule = rules.maintenance_fund
    periods: list[FundSharePeriod] = []
    if rule.enabled:
        for first in periods_through(rule, Month.of(c.opened_on), month):
            p = _period(session, rules, c, first, month, pending=False)
            if p.late or not p.complete or p.last == month:
                periods.append(p)
    return FundShareReport(
        c.name,
        str(month),
        rule.enabled,
        rule.share_bp,
        rule.frequency.label,
        _basis(rules),
        tuple(periods),
    )


def fund_share_report(ctx: Context, compound: str, month: Month) -> FundShareReport:
    with ctx.db.read() as session:
        c = org.compound_by_name(session, compound)
        return report_in(session, ctx.rules.for_compound(c.name), c, month)


def transfer(
    ctx: Context,
    actor: Actor,
    *,
    compound: str,
    period: Month,
    date: dt.date | None = None,
    amount_fen: int | None = None,
) -> int:
    """Draft the transfer of a period's share to the maintenance fund; returns the draft id."""
    with ctx.db.write() as session:
        c = org.compound_by_name(session, compound)
        require(session, actor, Action.DRAFT_ENTRY, c)
        lock_compound(session, c.id)
        rules = ctx.rules.for_compound(c.name)
        rule = rules.maintenance_fund
        if not rule.enabled:
            raise WrongState(
                f"{c.name}的规则没有要求划转专项维修资金（maintenance_fund.share_bp 为 0）"
            )
        first, last = period_of(period, rule.frequency)
        day = date or local_today(ctx.clock)
        if day <= last.last_day:
            raise InvalidDate(f"{first.label}起的划转期间到 {last.last_day} 才结束，结束后再划转")
        p = _period(session, rules, c, first, Month.of(day), pending=True)
        if p.outstanding_fen <= 0:
            raise WrongState(
                f"{p.label}应划转 {format_fen(p.due_fen)}，已划转（含待审核）{format_fen(p.transferred_fen)}，无需再划转"
            )
        amount = p.outstanding_fen if amount_fen is None else amount_fen
        if not 0 < amount <= p.outstanding_fen:
            raise InvalidAmount(
                f"划转金额 {format_fen(amount)} 应大于零且不超过尚欠的 {format_fen(p.outstanding_fen)}"
            )
        memo = f"划转专项维修资金：{p.label}净公共收益 {format_fen(p.net_fen)} 的 {rule.share_bp / 100:g}%"
        lines = [
            Line(rules.account_by_role(AccountRole.MAINTENANCE_FUND).code, amount, p.label),
            Line(rules.account_by_role(AccountRole.BANK).code, -amount, "专项维修资金账户"),
        ]
        draft = write_draft(
            ctx, session, actor, c, date=day, memo=memo, lines=lines, kind="fund_transfer"
        )
        session.add(
            FundTransfer(
                compound_id=c.id,
                first_month=str(first),
                last_month=str(last),
                amount_fen=amount,
                draft_id=draft.id,
                created_at=ctx.clock(),
            )
        )
        session.flush()
        return draft.id
