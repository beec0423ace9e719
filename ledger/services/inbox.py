"""The approvals inbox: a compound's open drafts as the person about to approve them reads
them, with what each still needs (a checker; the community's gate on a major payment).

A read model only. Whether this person may approve, discard or gate a draft is decided by
the services that do it (`entries.approve_entry` refuses the maker, `discard_draft` anyone
but the maker, `project_payments.gate_payment` anyone without the community role); the
flags here only say what to offer first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ledger.domain.roles import Action, roles_for
from ledger.domain.voucher import VoucherLine
from ledger.services.context import Actor, Context
from ledger.store import books, org
from ledger.store.schema import Compound, Draft, DraftLine, Entry, User
from ledger.store.schema_controls import PaymentApproval, Project


@dataclass(frozen=True)
class PendingDraft:
    id: int
    date: dt.date
    memo: str
    kind: str
    amount_fen: int  # total of the debit lines
    maker: str
    mine: bool  # drafted by the person looking: someone else must approve it
    lines: tuple[VoucherLine, ...]
    attachment_count: int
    project: str | None  # "#id title" for a project payment
    reverses: str | None  # voucher number this draft reverses
    reason: str | None
    major_payment: bool  # a project payment at or above the community-gate limit
    gated: bool  # the community has approved it (only meaningful for a major payment)

    @property
    def needs_gate(self) -> bool:
        return self.major_payment and not self.gated


@dataclass(frozen=True)
class Inbox:
    compound: str
    drafts: tuple[PendingDraft, ...]
    may_approve: bool  # the person holds a checker role here
    may_gate: bool  # the person holds the community role here

    @property
    def to_approve(self) -> tuple[PendingDraft, ...]:
        """Drafts this person could post now: not their own, and gated where it must be."""
        if not self.may_approve:
            return ()
        return tuple(d for d in self.drafts if not d.mine and not d.needs_gate)

    @property
    def to_gate(self) -> tuple[PendingDraft, ...]:
        return tuple(d for d in self.drafts if d.needs_gate) if self.may_gate else ()


def inbox(ctx: Context, actor: Actor, compound: str) -> Inbox:
    with ctx.db.read() as session:
        c = org.compound_by_name(session, compound)
        return inbox_in(ctx, session, actor, c)


def inbox_in(ctx: Context, session: Session, actor: Actor, c: Compound) -> Inbox:
    rules = ctx.rules.for_compound(c.name)
    accounts = books.accounts_by_code(session, c.id).values()
    by_id = {a.id: a for a in accounts}
    bank = {a.code for a in accounts if a.role == "bank"}
    names = dict(session.execute(select(User.id, User.display_name)).all())
    drafts = session.execute(
        select(Draft).where(Draft.compound_id == c.id, Draft.state == "open").order_by(Draft.id)
    ).scalars()
    out = []
    for d in drafts:
        rows = session.execute(
            select(DraftLine).where(DraftLine.draft_id == d.id).order_by(DraftLine.line_no)
        ).scalars()
        lines = tuple(
            VoucherLine(by_id[r.account_id].code, by_id[r.account_id].name, r.amount_fen, r.memo)
            for r in rows
        )
        outflow = -sum(x.amount_fen for x in lines if x.code in bank)
        project = session.get(Project, d.project_id) if d.project_id is not None else None
        original = session.get(Entry, (c.id, d.reverses_seq)) if d.reverses_seq else None
        out.append(
            PendingDraft(
                id=d.id,
                date=d.entry_date,
                memo=d.memo,
                kind=d.kind,
                amount_fen=sum(x.amount_fen for x in lines if x.amount_fen > 0),
                maker=names[d.maker_id],
                mine=d.maker_id == actor.id,
                lines=lines,
                attachment_count=d.attachment_count,
                project=f"#{project.id} {project.title}" if project else None,
                reverses=original.voucher_no if original else None,
                reason=d.reason,
                major_payment=project is not None and rules.is_major_payment(outflow),
                gated=session.get(PaymentApproval, d.id) is not None,
            )
        )
    return Inbox(
        compound=c.name,
        drafts=tuple(out),
        may_approve=org.has_role_in_compound(session, actor.id, roles_for(Action.APPROVE_ENTRY), c),
        may_gate=org.has_role_in_compound(session, actor.id, roles_for(Action.GATE_PAYMENT), c),
    )
