"""Locking a month (the last step of publishing it): afterwards nothing is posted into it.

The lock records the last entry of the chain at that moment and a snapshot hash over the
month's trial balance and the chain head, which `verify` recomputes; the snapshot hash is the
verification code printed on the month's notice.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ledger.domain.clock import local_today
from ledger.domain.errors import WrongState
from ledger.domain.hashing import GENESIS_HASH, chain_hash
from ledger.domain.period import Month
from ledger.domain.roles import Action
from ledger.services.access import require
from ledger.services.balances import trial_balance_in
from ledger.services.context import Actor, Context
from ledger.store import audit, books, org
from ledger.store.database import lock_compound
from ledger.store.schema import Compound, Entry, PeriodLock


def snapshot_hash(session: Session, c: Compound, month: Month, last_seq: int) -> str:
    head = GENESIS_HASH
    if last_seq:
        head = session.execute(
            select(Entry.hash).where(Entry.compound_id == c.id, Entry.seq == last_seq)
        ).scalar_one()
    tb = trial_balance_in(session, c, month)
    payload = {
        "compound": c.id,
        "month": str(month),
        "last_seq": last_seq,
        "head": head,
        "balances": tb.as_json()["accounts"],
    }
    return chain_hash(GENESIS_HASH, payload)


def lock_month(ctx: Context, actor: Actor, *, compound: str, month: Month) -> str:
    """Close `month` for posting; returns its snapshot hash (the notice's verification code)."""
    with ctx.db.write() as session:
        c = org.compound_by_name(session, compound)
        require(session, actor, Action.PUBLISH_MONTH, c)
        lock_compound(session, c.id)
        if books.lock_of(session, c.id, month) is not None:
            raise WrongState(f"{c.name} {month.label} 已经结账，无需重复")
        if month.last_day >= local_today(ctx.clock):
            raise WrongState(f"{month.label} 还没有结束，不能结账")
        first = Month.of(c.opened_on)
        if month < first:
            raise WrongState(f"{month.label} 早于{c.name}专户开立的月份")
        if month > first and books.lock_of(session, c.id, month.prev()) is None:
            raise WrongState(f"请先结 {month.prev().label} 的账：月结要按月份顺序进行")
        last_seq, _ = books.chain_head(session, c.id)
        digest = snapshot_hash(session, c, month, last_seq)
        now = ctx.clock()
        session.add(
            PeriodLock(
                compound_id=c.id,
                month=str(month),
                locked_at=now,
                locked_by=actor.id,
                last_seq=last_seq,
                snapshot_hash=digest,
            )
        )
        session.flush()
        audit.append(
            session,
            scope=audit.compound_scope(c.id),
            at=now,
            actor_id=actor.id,
            compound_id=c.id,
            action="lock_month",
            target=str(month),
            details={"last_seq": last_seq, "snapshot": digest},
        )
        return digest
