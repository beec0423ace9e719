"""Drafts for the routine entries a treasurer types from a form: income with the payer named,
a transfer to the maintenance fund, a bank fee and bank interest; and what the forms offer
to pick from (the chart of accounts, the income categories). Each draft is an ordinary draft
that another person approves; the accounts come from the rules by their role, never by code
typed in a screen."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ledger.domain.account import AccountRole
from ledger.domain.entry import Line, check_text
from ledger.domain.errors import InvalidAmount
from ledger.domain.money import format_fen
from ledger.domain.period import Month
from ledger.domain.rules import IncomeCategory
from ledger.services.context import Actor, Context
from ledger.services.entries import draft_entry
from ledger.services.shortcuts import draft_income


@dataclass(frozen=True)
class AccountChoice:
    code: str
    name: str
    kind_label: str

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}"


def chart(ctx: Context, compound: str) -> list[AccountChoice]:
    """The compound's chart of accounts, in code order."""
    rules = ctx.rules.for_compound(compound)
    return [
        AccountChoice(a.code, a.name, a.kind.label)
        for a in sorted(rules.accounts, key=lambda a: a.code)
    ]


def income_categories(ctx: Context, compound: str) -> tuple[IncomeCategory, ...]:
    return ctx.rules.for_compound(compound).income_categories


def draft_income_from(
    ctx: Context,
    actor: Actor,
    *,
    compound: str,
    date: dt.date,
    category: str,
    gross_fen: int,
    deduction_fen: int | None = None,
    payer: str = "",
    memo: str = "",
) -> int:
    """Income as `shortcuts.draft_income` records it; the payer, if named, ends the memo."""
    payer = check_text(payer, field="付款方", required=False, limit=60)
    text = check_text(memo, field="摘要", required=False)
    if payer:
        cat = ctx.rules.for_compound(compound).category(category)
        text = f"{text or Month.of(date).label + cat.name}（{payer}）"
    return draft_income(
        ctx,
        actor,
        compound=compound,
        date=date,
        category=category,
        gross_fen=gross_fen,
        deduction_fen=deduction_fen,
        memo=text or None,
    )


def _bank_draft(
    ctx: Context,
    actor: Actor,
    *,
    compound: str,
    date: dt.date,
    amount_fen: int,
    other: AccountRole,
    into_bank: bool,
    memo: str,
    what: str,
) -> int:
    if amount_fen <= 0:
        raise InvalidAmount(f"{what}金额必须大于零，现在是 {format_fen(amount_fen)}", field=what)
    rules = ctx.rules.for_compound(compound)
    bank = rules.account_by_role(AccountRole.BANK).code
    account = rules.account_by_role(other).code
    sign = 1 if into_bank else -1
    lines = [Line(bank, sign * amount_fen, memo), Line(account, -sign * amount_fen, memo)]
    if not into_bank:
        lines.reverse()  # debit line first, as on a paper voucher
    return draft_entry(ctx, actor, compound=compound, date=date, memo=memo, lines=lines)


def draft_fund_transfer(
    ctx: Context, actor: Actor, *, compound: str, date: dt.date, amount_fen: int, memo: str = ""
) -> int:
    """Money out of the public-revenue account into the maintenance fund (专项维修资金)."""
    text = check_text(memo, field="摘要", required=False) or "划转专项维修资金"
    return _bank_draft(
        ctx,
        actor,
        compound=compound,
        date=date,
        amount_fen=amount_fen,
        other=AccountRole.MAINTENANCE_FUND,
        into_bank=False,
        memo=text,
        what="划转",
    )


def draft_bank_fee(
    ctx: Context, actor: Actor, *, compound: str, date: dt.date, amount_fen: int, memo: str = ""
) -> int:
    text = check_text(memo, field="摘要", required=False) or "银行手续费"
    return _bank_draft(
        ctx,
        actor,
        compound=compound,
        date=date,
        amount_fen=amount_fen,
        other=AccountRole.BANK_FEE,
        into_bank=False,
        memo=text,
        what="手续费",
    )


def draft_interest(
    ctx: Context, actor: Actor, *, compound: str, date: dt.date, amount_fen: int, memo: str = ""
) -> int:
    text = check_text(memo, field="摘要", required=False) or "银行存款结息"
    return _bank_draft(
        ctx,
        actor,
        compound=compound,
        date=date,
        amount_fen=amount_fen,
        other=AccountRole.INTEREST,
        into_bank=True,
        memo=text,
        what="利息",
    )
