"""Shortcuts for the common entries: income with the property company's cost share, and the
opening balances of books migrated from paper. Both produce ordinary drafts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from ledger.domain.account import AccountRole
from ledger.domain.entry import Line
from ledger.domain.errors import InvalidInput
from ledger.domain.income import income_lines
from ledger.domain.period import Month
from ledger.services.context import Actor, Context
from ledger.services.entries import draft_entry


def draft_income(
    ctx: Context,
    actor: Actor,
    *,
    compound: str,
    date: dt.date,
    category: str,
    gross_fen: int,
    deduction_fen: int | None = None,
    memo: str | None = None,
    attachment_count: int = 0,
) -> int:
    """Gross income, the cost share (the category's default unless given) and net to bank."""
    rules = ctx.rules.for_compound(compound)
    cat = rules.category(category)
    if deduction_fen is None:
        deduction_fen = cat.cost_share_fen(gross_fen)
    text = memo or f"{Month.of(date).label}{cat.name}"
    lines = income_lines(
        gross_fen=gross_fen,
        deduction_fen=deduction_fen,
        income_account=cat.account,
        bank_account=rules.account_by_role(AccountRole.BANK).code,
        cost_account=rules.account_by_role(AccountRole.COST_SHARE).code,
        memo=text,
    )
    return draft_entry(
        ctx,
        actor,
        compound=compound,
        date=date,
        memo=text,
        lines=lines,
        kind="income",
        category=category,
        attachment_count=attachment_count,
    )


def draft_opening(
    ctx: Context,
    actor: Actor,
    *,
    compound: str,
    date: dt.date,
    balances_fen: Mapping[str, int],
    memo: str = "期初余额（纸质账簿迁移）",
) -> int:
    """Opening balances (debit positive) against the opening-balance equity account."""
    rules = ctx.rules.for_compound(compound)
    opening = rules.account_by_role(AccountRole.OPENING).code
    lines = [Line(code, fen, "期初余额") for code, fen in balances_fen.items() if fen]
    if not lines:
        raise InvalidInput("期初余额全部为零，无需建账")
    total = sum(x.amount_fen for x in lines)
    if total:
        lines.append(Line(opening, -total, "期初余额"))
    return draft_entry(
        ctx, actor, compound=compound, date=date, memo=memo, lines=lines, kind="opening"
    )
