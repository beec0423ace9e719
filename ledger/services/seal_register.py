"""The seal register read model (用印登记簿): every line of a compound, in register order.

Each line names the document, what it seals (project, payment draft and the voucher it
became, month, contract), who asked, who decided with what opinion, who sealed it and when.
Times are kept as aware UTC datetimes and shown in local time. The register number is a
plain number per compound (see `ledger.services.seals`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from ledger.domain.clock import format_local
from ledger.domain.period import Month
from ledger.domain.seal import SealKind, SealState
from ledger.services.context import Context
from ledger.store import org
from ledger.store.schema import Draft, Entry, User
from ledger.store.schema_controls import Project, SealUse


@dataclass(frozen=True)
class SealLine:
    """One line of the seal register as a person reads it."""

    id: int
    register_no: int
    kind: SealKind
    document: str
    purpose: str
    project_id: int | None
    project_title: str | None
    draft_id: int | None
    voucher_no: str | None  # the entry the payment draft became, once posted
    month: str | None
    contract_ref: str | None
    requested_by: str
    requested_at: dt.datetime
    state: SealState
    decided_by: str | None
    decided_at: dt.datetime | None
    opinion: str | None
    used_by: str | None
    used_at: dt.datetime | None

    @property
    def number(self) -> str:
        return str(self.register_no)

    @property
    def link(self) -> str:
        """What the seal is for, in words: project, payment draft, month, contract."""
        parts = []
        if self.project_id is not None:
            parts.append(f"项目 #{self.project_id} {self.project_title or ''}".rstrip())
        if self.draft_id is not None:
            posted = f"（已过账 {self.voucher_no}）" if self.voucher_no else ""
            parts.append(f"付款草稿 #{self.draft_id}{posted}")
        if self.month is not None:
            parts.append(Month.parse(self.month).label)
        if self.contract_ref is not None:
            parts.append(f"合同 {self.contract_ref}")
        return "；".join(parts)

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "register_no": self.register_no,
            "kind": self.kind.value,
            "kind_label": self.kind.label,
            "document": self.document,
            "purpose": self.purpose,
            "project_id": self.project_id,
            "project_title": self.project_title,
            "draft_id": self.draft_id,
            "voucher_no": self.voucher_no,
            "month": self.month,
            "contract_ref": self.contract_ref,
            "link": self.link,
            "requested_by": self.requested_by,
            "requested_at": format_local(self.requested_at),
            "state": self.state.value,
            "state_label": self.state.label,
            "decided_by": self.decided_by,
            "decided_at": _local(self.decided_at),
            "opinion": self.opinion,
            "used_by": self.used_by,
            "used_at": _local(self.used_at),
        }


def _local(ts: dt.datetime | None) -> str | None:
    return format_local(ts) if ts is not None else None


def list_seals(ctx: Context, compound: str) -> list[SealLine]:
    """The compound's seal register in register order."""
    with ctx.db.read() as session:
        c = org.compound_by_name(session, compound)
        names: dict[int, str] = dict(session.execute(select(User.id, User.display_name)).all())
        q = (
            select(SealUse, Project.title, Entry.voucher_no)
            .outerjoin(Project, Project.id == SealUse.project_id)
            .outerjoin(Draft, Draft.id == SealUse.draft_id)
            .outerjoin(
                Entry, (Entry.compound_id == Draft.compound_id) & (Entry.seq == Draft.posted_seq)
            )
            .where(SealUse.compound_id == c.id)
            .order_by(SealUse.register_no)
        )

        def name(uid: int | None) -> str | None:
            return names[uid] if uid is not None else None

        return [
            SealLine(
                id=r.id,
                register_no=r.register_no,
                kind=SealKind(r.document_kind),
                document=r.document,
                purpose=r.purpose,
                project_id=r.project_id,
                project_title=title,
                draft_id=r.draft_id,
                voucher_no=voucher,
                month=r.month,
                contract_ref=r.contract_ref,
                requested_by=names[r.requested_by],
                requested_at=r.requested_at,
                state=SealState(r.state),
                decided_by=name(r.decided_by),
                decided_at=r.decided_at,
                opinion=r.opinion,
                used_by=name(r.used_by),
                used_at=r.used_at,
            )
            for r, title, voucher in session.execute(q).all()
        ]
