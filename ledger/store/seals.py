"""Queries over the seal register: is there an approved (or used) seal line for a document?"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ledger.store.schema_controls import SealUse

GRANTED = ("approved", "used")


def granted_seal(
    session: Session,
    compound_id: int,
    *,
    kind: str,
    project_id: int | None = None,
    draft_id: int | None = None,
    month: str | None = None,
) -> SealUse | None:
    """The newest approved or used register line for that document, if any."""
    q = select(SealUse).where(
        SealUse.compound_id == compound_id,
        SealUse.document_kind == kind,
        SealUse.state.in_(GRANTED),
    )
    if project_id is not None:
        q = q.where(SealUse.project_id == project_id)
    if draft_id is not None:
        q = q.where(SealUse.draft_id == draft_id)
    if month is not None:
        q = q.where(SealUse.month == month)
    return session.execute(q.order_by(SealUse.id.desc()).limit(1)).scalar_one_or_none()


def next_register_no(session: Session, compound_id: int) -> int:
    value = session.execute(
        select(func.max(SealUse.register_no)).where(SealUse.compound_id == compound_id)
    ).scalar_one()
    return int(value or 0) + 1
