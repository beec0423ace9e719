"""Money the property company collects on the compound's behalf (parking especially).

Each month the property company reports what it collected (gross) under a collection
contract; recording it raises the receivable for the net it must transfer: Dr 应收款-物业代收
(net), Dr 物业合理成本分成 (its cost share), Cr income (gross) — so the notice shows gross,
deduction and net (民法典 §282). The transfer is due by the contract's transfer day (the
rules' `property_transfer_day`, default the 15th) of the next month; `receivables.receive`
records it, and a transfer not made by then is an arrear.
"""

from __future__ import annotations

import datetime as dt

from ledger.domain.account import AccountRole
from ledger.domain.clock import local_today
from ledger.domain.contract import ContractKind, period_for
from ledger.domain.errors import AlreadyExists, InvalidAmount, InvalidDate, WrongState
from ledger.domain.income import income_lines
from ledger.domain.money import bp_share, format_fen
from ledger.domain.period import Month
from ledger.domain.roles import Action
from ledger.services.access import require
from ledger.services.context import Actor, Context
from ledger.services.contract_drafts import write_draft
from ledger.services.contracts import find_contract, terms_of
from ledger.services.receivables import receivable_code
from ledger.store import contracts as store
from ledger.store import org
from ledger.store.database import lock_compound
from ledger.store.schema_contracts import ContractAllocation


def record_collection(
    ctx: Context,
    actor: Actor,
    *,
    compound: str,
    ref: str,
    month: Month,
    gross_fen: int,
    cost_share_fen: int | None = None,
    date: dt.date | None = None,
    attachment_count: int = 0,
) -> int:
    """Draft what the property company collected in `month`; returns the draft id."""
    with ctx.db.write() as session:
        c = org.compound_by_name(session, compound)
        require(session, actor, Action.DRAFT_ENTRY, c)
        lock_compound(session, c.id)
        rules = ctx.rules.for_compound(c.name)
        row = find_contract(session, c, ref)
        if row.kind != ContractKind.COLLECTION.value:
            raise WrongState(
                f"合同「{row.ref}」是直接收款合同，不是物业代收：收款请用 contract receive"
            )
        period = period_for(terms_of(row), str(month))
        today = local_today(ctx.clock)
        if month.last_day > today:
            raise InvalidDate(f"{month.label}还没有结束：物业代收情况在月末之后登记")
        taken = [
            a
            for a in store.allocations(session, c.id, row.id)
            if a.period == period.key and a.kind == "accrual" and a.standing != "void"
        ]
        if taken:
            raise AlreadyExists(
                f"合同「{row.ref}」{month.label}的代收情况已登记（草稿 #{taken[0].draft_id}）："
                "如有错误请冲销或作废后重新登记"
            )
        category = rules.category(row.category)
        share_bp = row.cost_share_bp if row.cost_share_bp is not None else category.cost_share_bp
        share = bp_share(gross_fen, share_bp) if cost_share_fen is None else cost_share_fen
        lines = income_lines(
            gross_fen=gross_fen,
            deduction_fen=share,
            income_account=category.account,
            bank_account=receivable_code(rules, row),
            cost_account=rules.account_by_role(AccountRole.COST_SHARE).code,
            memo=f"{row.ref} {month.label}{category.name}（{row.counterparty}代收）"[:200],
        )
        net = gross_fen - share
        if net <= 0:
            raise InvalidAmount(f"扣除物业合理成本 {format_fen(share)} 后没有应转入的净额")
        draft = write_draft(
            ctx,
            session,
            actor,
            c,
            date=date or month.last_day,
            memo=f"{month.label}{category.name}物业代收报送：总额 {format_fen(gross_fen)}",
            lines=lines,
            kind="collection",
            category=row.category,
            attachment_count=attachment_count,
        )
        session.add(
            ContractAllocation(
                compound_id=c.id,
                contract_id=row.id,
                period=period.key,
                kind="accrual",
                amount_fen=net,
                gross_fen=gross_fen,
                cost_share_fen=share,
                draft_id=draft.id,
                created_at=ctx.clock(),
            )
        )
        session.flush()
        return draft.id
