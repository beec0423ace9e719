"""Revenue contracts: add one (its terms are then fixed), end one (once), and read them with
what each period expected, received and still owes.

Who: the treasurer or the committee records and ends contracts (`MANAGE_CONTRACT`); anyone
may read. A contract names the seal-register line that sealed it, when there is one: that
line must be a used contract seal of the same compound and, when it names a contract, this one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ledger.domain.clock import local_today
from ledger.domain.contract import ContractKind, Terms
from ledger.domain.contract_view import AllocationLine, ContractView, period_balances
from ledger.domain.entry import check_text
from ledger.domain.errors import AlreadyExists, InvalidDate, InvalidInput, NotFound, WrongState
from ledger.domain.money import BP_WHOLE, MAX_ABS_FEN, format_fen
from ledger.domain.period import Month
from ledger.domain.roles import Action
from ledger.domain.rules import Frequency, Rules
from ledger.domain.seal import SealKind, SealState
from ledger.services.access import require
from ledger.services.context import Actor, Context
from ledger.store import audit, org
from ledger.store import contracts as store
from ledger.store.database import lock_compound
from ledger.store.schema import Compound
from ledger.store.schema_contracts import RevenueContract
from ledger.store.schema_controls import SealUse

DIRECT_DUE_DAY = 1  # rent is paid in advance, on the first of the period unless agreed


@dataclass(frozen=True)
class NewContract:
    ref: str
    counterparty: str
    kind: ContractKind
    category: str
    frequency: Frequency
    amount_fen: int
    start: dt.date
    end: dt.date | None = None
    due_day: int | None = None  # None: the 1st (direct) or the rules' transfer day (collection)
    deposit_fen: int = 0
    cost_share_bp: int | None = None  # collection only; None: the category's share
    seal_register_no: int | None = None
    note: str = ""


def terms_of(row: RevenueContract) -> Terms:
    """The terms in force: an ended contract covers nothing after the day it ended."""
    end = row.end_on
    if row.ended_on is not None:
        end = row.ended_on if end is None else min(end, row.ended_on)
    return Terms(
        ContractKind(row.kind),
        Frequency(row.frequency),
        row.amount_fen,
        row.start_on,
        end,
        row.due_day,
    )


def find_contract(session: Session, c: Compound, ref: str) -> RevenueContract:
    row = store.contract_by_ref(session, c.id, ref.strip())
    if row is None:
        raise NotFound(f"{c.name}没有编号为「{ref}」的合同：请用 contract list 查看", ref=ref)
    return row


def add_contract(ctx: Context, actor: Actor, *, compound: str, new: NewContract) -> int:
    """Record a contract; returns its id."""
    ref = check_text(new.ref, field="合同编号", limit=100)
    counterparty = check_text(new.counterparty, field="合同对方", limit=200)
    note = check_text(new.note, field="备注", required=False, limit=2000)
    with ctx.db.write() as session:
        c = org.compound_by_name(session, compound)
        require(session, actor, Action.MANAGE_CONTRACT, c)
        lock_compound(session, c.id)
        rules = ctx.rules.for_compound(c.name)
        terms = _checked_terms(rules, c, new)
        if store.contract_by_ref(session, c.id, ref) is not None:
            raise AlreadyExists(f"{c.name}已有编号为「{ref}」的合同", ref=ref)
        seal_id = _seal(session, c, ref, new.seal_register_no)
        now = ctx.clock()
        row = RevenueContract(
            compound_id=c.id,
            ref=ref,
            counterparty=counterparty,
            kind=terms.kind.value,
            category=new.category,
            frequency=terms.frequency.value,
            amount_fen=terms.amount_fen,
            start_on=terms.start,
            end_on=terms.end,
            due_day=terms.due_day,
            deposit_fen=new.deposit_fen,
            cost_share_bp=new.cost_share_bp,
            seal_use_id=seal_id,
            note=note,
            created_by=actor.id,
            created_at=now,
        )
        session.add(row)
        session.flush()
        audit.append(
            session,
            scope=audit.compound_scope(c.id),
            at=now,
            actor_id=actor.id,
            compound_id=c.id,
            action="add_contract",
            target=f"contract:{ref}",
            details={
                "counterparty": counterparty,
                "kind": terms.kind.value,
                "category": new.category,
                "frequency": terms.frequency.value,
                "amount_fen": terms.amount_fen,
                "start": terms.start,
                "end": terms.end,
                "due_day": terms.due_day,
                "deposit_fen": new.deposit_fen,
                "seal": new.seal_register_no,
            },
        )
        return row.id


def _checked_terms(rules: Rules, c: Compound, new: NewContract) -> Terms:
    category = rules.category(new.category)
    if new.kind is ContractKind.DIRECT and category.receivable is None:
        raise InvalidInput(
            f"收入类别「{category.name}」在规则文件中没有应收科目（receivable），不能登记直接收款合同"
        )
    if new.kind is ContractKind.DIRECT and new.cost_share_bp is not None:
        raise InvalidInput("直接收款合同由对方直接付给小区，没有物业合理成本分成：请去掉分成比例")
    if new.cost_share_bp is not None and not 0 <= new.cost_share_bp <= BP_WHOLE:
        raise InvalidInput(f"物业分成比例应在 0—{BP_WHOLE} 基点之间，现在是 {new.cost_share_bp}")
    if not 0 <= new.deposit_fen <= MAX_ABS_FEN:
        raise InvalidInput(f"押金不能为负，现在是 {format_fen(new.deposit_fen)}")
    if new.start < c.opened_on:
        raise InvalidDate(
            f"合同开始日 {new.start} 早于{c.name}公共收益专户开立日 {c.opened_on}："
            "请以开立日作为本账簿中的合同起始日"
        )
    due_day = new.due_day
    if due_day is None:
        collection = new.kind is ContractKind.COLLECTION
        due_day = rules.property_transfer_day if collection else DIRECT_DUE_DAY
    amount = new.amount_fen if new.kind is ContractKind.DIRECT else 0
    terms = Terms(new.kind, new.frequency, amount, new.start, new.end, due_day)
    terms.check()
    return terms


def _seal(session: Session, c: Compound, ref: str, register_no: int | None) -> int | None:
    if register_no is None:
        return None
    seal = session.execute(
        select(SealUse).where(SealUse.compound_id == c.id, SealUse.register_no == register_no)
    ).scalar_one_or_none()
    if seal is None:
        raise NotFound(f"{c.name}的用印登记簿没有第 {register_no} 号", register_no=register_no)
    if seal.document_kind != SealKind.CONTRACT.value or seal.state != SealState.USED.value:
        raise InvalidInput(
            f"用印登记第 {register_no} 号不是已盖章的合同用印（{seal.document}）：请核对登记号"
        )
    if seal.contract_ref and seal.contract_ref != ref:
        raise InvalidInput(
            f"用印登记第 {register_no} 号盖的是合同「{seal.contract_ref}」，不是「{ref}」"
        )
    return seal.id


def end_contract(
    ctx: Context, actor: Actor, *, compound: str, ref: str, on: dt.date, reason: str
) -> None:
    """End a contract early (or record that it ended): nothing is expected after `on`."""
    reason = check_text(reason, field="终止原因", limit=2000)
    with ctx.db.write() as session:
        c = org.compound_by_name(session, compound)
        require(session, actor, Action.MANAGE_CONTRACT, c)
        lock_compound(session, c.id)
        row = find_contract(session, c, ref)
        if row.ended_on is not None:
            raise WrongState(f"合同「{row.ref}」已于 {row.ended_on} 终止，不能再次终止", ref=ref)
        if on < row.start_on:
            raise InvalidDate(f"终止日 {on} 早于合同开始日 {row.start_on}")
        if row.end_on is not None and on > row.end_on:
            raise InvalidDate(f"合同「{row.ref}」{row.end_on} 到期，终止日不能晚于到期日")
        later = [
            a
            for a in store.allocations(session, c.id, row.id)
            if a.standing != "void" and Month.parse(a.period).first_day > on
        ]
        if later:
            raise WrongState(
                f"合同「{row.ref}」在 {on} 以后的期间已有计提或收款（草稿 #{later[0].draft_id}）："
                "请先冲销或作废后再终止"
            )
        now = ctx.clock()
        row.ended_on, row.end_reason, row.ended_by, row.ended_at = on, reason, actor.id, now
        session.flush()
        audit.append(
            session,
            scope=audit.compound_scope(c.id),
            at=now,
            actor_id=actor.id,
            compound_id=c.id,
            action="end_contract",
            target=f"contract:{row.ref}",
            details={"on": on, "reason": reason},
        )


def view_of(
    session: Session, rules: Rules, c: Compound, row: RevenueContract, as_of: dt.date
) -> ContractView:
    lines = [
        AllocationLine(a.period, a.kind, a.amount_fen, a.standing)
        for a in store.allocations(session, c.id, row.id)
    ]
    terms = terms_of(row)
    periods = period_balances(terms, lines, Month.of(as_of))
    seal = session.get(SealUse, row.seal_use_id) if row.seal_use_id else None
    return ContractView(
        ref=row.ref,
        counterparty=row.counterparty,
        kind=terms.kind,
        category_key=row.category,
        category_name=rules.category(row.category).name,
        frequency_label=terms.frequency.label,
        amount_fen=row.amount_fen,
        start=row.start_on,
        end=row.end_on,
        ended_on=row.ended_on,
        end_reason=row.end_reason,
        due_day=row.due_day,
        deposit_fen=row.deposit_fen,
        cost_share_bp=row.cost_share_bp,
        seal_register_no=seal.register_no if seal else None,
        note=row.note,
        periods=tuple(periods),
        as_of=as_of,
    )


def list_contracts(ctx: Context, compound: str, as_of: dt.date | None = None) -> list[ContractView]:
    day = as_of or local_today(ctx.clock)
    with ctx.db.read() as session:
        c = org.compound_by_name(session, compound)
        rules = ctx.rules.for_compound(c.name)
        return [view_of(session, rules, c, row, day) for row in store.contracts_of(session, c.id)]


def show_contract(
    ctx: Context, compound: str, ref: str, as_of: dt.date | None = None
) -> ContractView:
    day = as_of or local_today(ctx.clock)
    with ctx.db.read() as session:
        c = org.compound_by_name(session, compound)
        return view_of(
            session, ctx.rules.for_compound(c.name), c, find_contract(session, c, ref), day
        )
