"""The append-only audit log, hash-chained per scope (a compound, or the organisation).

Every service writes its audit record inside its own transaction (invariant 9), so an
action and its record happen together or not at all.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import event, func, select, text
from sqlalchemy.orm import Session

from ledger.domain.hashing import GENESIS_HASH, chain_hash
from ledger.store import row_seals
from ledger.store.schema import AuditRecord

ORG_SCOPE = "org"
_LAST = "ledger_last_audit"
SEAL_ROWS = "seal_rows"


def compound_scope(compound_id: int) -> str:
    return f"compound:{compound_id}"


def record_payload(row: AuditRecord) -> dict[str, Any]:
    return {
        "scope": row.scope,
        "seq": row.seq,
        "at": row.at,
        "actor": row.actor_id,
        "compound": row.compound_id,
        "action": row.action,
        "target": row.target,
        "details": row.details,
    }


def append(
    session: Session,
    *,
    scope: str,
    at: dt.datetime,
    actor_id: int | None,
    action: str,
    target: str,
    details: Mapping[str, Any],
    compound_id: int | None = None,
) -> AuditRecord:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:s))"), {"s": scope})
    last = session.execute(
        select(AuditRecord.seq, AuditRecord.hash)
        .where(AuditRecord.scope == scope)
        .order_by(AuditRecord.seq.desc())
        .limit(1)
    ).first()
    seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)
    row = AuditRecord(
        scope=scope,
        seq=seq,
        at=at,
        actor_id=actor_id,
        compound_id=compound_id,
        action=action,
        target=target,
        details=json.dumps(
            row_seals.with_seals(session, details), ensure_ascii=False, sort_keys=True, default=str
        ),
        prev_hash=prev,
    )
    row.hash = chain_hash(prev, record_payload(row))
    session.add(row)
    session.flush()
    session.info[_LAST] = {
        "scope": scope,
        "at": at,
        "actor_id": actor_id,
        "compound_id": compound_id,
        "target": target,
    }
    return row


@event.listens_for(Session, "before_commit")
def _seal_the_rest(session: Session) -> None:
    """Rows a service wrote after its audit record (an allocation that needs the id of the
    draft whose record was just written, say) are sealed by one more record of the same
    actor, scope and target before the transaction commits. A transaction that wrote sealed
    rows and no audit record at all is left alone: `verify` reports those rows as written
    outside the program, which is what they are."""
    session.flush()
    last = session.info.get(_LAST)
    if last is not None and row_seals.pending(session):
        append(session, action=SEAL_ROWS, details={}, **last)


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(_LAST, None)


def count(session: Session) -> int:
    return session.execute(select(func.count()).select_from(AuditRecord)).scalar_one()
