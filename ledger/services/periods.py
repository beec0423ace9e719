"""Month locks: the snapshot of a month's figures, the order months close in, and the lock.

A month is locked only as the last step of publishing it (`month_close.publish_month`), after
the treasurer prepared it and the supervisory group, the committee and the community signed;
nothing here is a use case of its own. The lock records the last entry of the chain when the
month was prepared and a snapshot hash over the month's trial balance and that chain head,
which `verify` recomputes; the snapshot hash is the verification code printed on the notice.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from ledger.domain.errors import WrongState
from ledger.domain.hashing import GENESIS_HASH, chain_hash
from ledger.domain.period import Month
from ledger.services.balances import trial_balance_in
from ledger.store import books
from ledger.store.schema import Compound, Entry, PeriodLock


def snapshot_hash(session: Session, c: Compound, month: Month, last_seq: int) -> str:
    head = GENESIS_HASH
    if last_seq:
        # A missing entry (the books were cut behind our back) gives a snapshot that cannot match.
        head = (
            session.execute(
                select(Entry.hash).where(Entry.compound_id == c.id, Entry.seq == last_seq)
            ).scalar_one_or_none()
            or ""
        )
    tb = trial_balance_in(session, c, month)
    payload = {
        "compound": c.id,
        "month": str(month),
        "last_seq": last_seq,
        "head": head,
        "balances": tb.as_json()["accounts"],
    }
    return chain_hash(GENESIS_HASH, payload)


def check_closable(session: Session, c: Compound, month: Month, today: dt.date) -> None:
    """Refuse unless `month` is over, not yet locked, and every month before it is locked."""
    if books.lock_of(session, c.id, month) is not None:
        raise WrongState(f"{c.name} {month.label} 已经结账公示，无需重复", month=str(month))
    if month.last_day >= today:
        raise WrongState(
            f"{month.label} 还没有结束，不能月结：请在 {month.next().first_day} 以后再编制",
            month=str(month),
        )
    first = Month.of(c.opened_on)
    if month < first:
        raise WrongState(
            f"{month.label} 早于{c.name}公共收益专户开立的月份（{first.label}），没有账可结",
            month=str(month),
        )
    if month > first and books.lock_of(session, c.id, month.prev()) is None:
        raise WrongState(
            f"请先完成 {month.prev().label} 的月结公示，再编制 {month.label}：月结要按月份顺序进行",
            month=str(month),
        )


def write_lock(
    session: Session,
    c: Compound,
    month: Month,
    *,
    actor_id: int,
    at: dt.datetime,
    last_seq: int,
    digest: str,
) -> None:
    """Lock `month` with the snapshot frozen when it was prepared (inside the publishing step)."""
    session.add(
        PeriodLock(
            compound_id=c.id,
            month=str(month),
            locked_at=at,
            locked_by=actor_id,
            last_seq=last_seq,
            snapshot_hash=digest,
        )
    )
    session.flush()
