"""The append-only audit log, hash-chained per scope (a compound, or the organisation).

Every service writes its audit record inside its own transaction (invariant 9), so an
action and its record happen together or not at all.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from ledger.domain.hashing import GENESIS_HASH, chain_hash
from ledger.store import row_seals
from ledger.store.schema import AuditRecord

ORG_SCOPE = "org"


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
    return row


def count(session: Session) -> int:
    return session.execute(select(func.count()).select_from(AuditRecord)).scalar_one()
