"""The refusal log: every permission refusal, kept although the refused action left nothing.

A refused action's own transaction is rolled back whole, so its refusal is written afterwards
in a short transaction of its own (see `Database.write`). The log is append-only (triggers) and
hash-chained like the audit log; it is kept apart from the books and the audit log so a
refused command leaves the books and their `verify` digest exactly as they were.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, Integer, String, Text, select, text
from sqlalchemy.orm import Mapped, Session, mapped_column

from ledger.domain.hashing import GENESIS_HASH, chain_hash
from ledger.store.schema import Base, UtcDateTime


class RefusalRecord(Base):
    """One refused attempt: who, when, which action, in which compound, and why."""

    __tablename__ = "refusal_log"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    user_name: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(40))
    compound_id: Mapped[int | None] = mapped_column(ForeignKey("compound.id"))
    rule: Mapped[str] = mapped_column(String(40))
    message: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


def refusal_payload(row: RefusalRecord) -> dict[str, Any]:
    return {
        "seq": row.seq,
        "at": row.at,
        "user": row.user_name,
        "action": row.action,
        "compound": row.compound_id,
        "rule": row.rule,
        "message": row.message,
    }


def append_refusal(
    session: Session,
    *,
    at: dt.datetime,
    user_name: str,
    action: str,
    compound_id: int | None,
    rule: str,
    message: str,
) -> RefusalRecord:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext('refusal_log'))"))
    last = session.execute(
        select(RefusalRecord.seq, RefusalRecord.hash).order_by(RefusalRecord.seq.desc()).limit(1)
    ).first()
    seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)
    row = RefusalRecord(
        seq=seq,
        at=at,
        user_name=user_name[:64],
        action=action[:40],
        compound_id=compound_id,
        rule=rule[:40],
        message=message,
        prev_hash=prev,
    )
    row.hash = chain_hash(prev, refusal_payload(row))
    session.add(row)
    session.flush()
    return row
