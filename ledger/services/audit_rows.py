"""Queries behind the audit packages: each loads one kind of line of one compound, filtered by
the caller's conditions (a period, or one person), in a fixed order. People are named by
their display names (`names`: user id → display name).
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session, aliased

from ledger.domain.audit_items import (
    ComplaintItem,
    EntryItem,
    PaymentApprovalItem,
    SealItem,
    SignoffItem,
    StepItem,
    VoteItem,
)
from ledger.domain.closing import Decision, Step
from ledger.domain.complaint import Channel
from ledger.domain.project import ProjectAction, ProjectState
from ledger.domain.seal import SealKind, SealState
from ledger.domain.vote_rules import VoteBody
from ledger.store.schema import Compound, Draft, DraftLine, Entry, Posting, User
from ledger.store.schema_controls import (
    Complaint,
    MonthSignoff,
    PaymentApproval,
    Project,
    ProjectStep,
    ProjectVote,
    SealUse,
)

Names = Mapping[int, str]
Where = ColumnElement[bool]


def user_names(session: Session) -> dict[int, str]:
    return dict(session.execute(select(User.id, User.display_name)).all())


def entries(session: Session, c: Compound, names: Names, *where: Where) -> tuple[EntryItem, ...]:
    debit = (
        select(func.coalesce(func.sum(Posting.amount_fen), 0))
        .where(
            Posting.compound_id == Entry.compound_id,
            Posting.entry_seq == Entry.seq,
            Posting.amount_fen > 0,
        )
        .scalar_subquery()
    )
    original = aliased(Entry)
    q = (
        select(Entry, debit, original.voucher_no)
        .outerjoin(
            original,
            (original.compound_id == Entry.compound_id) & (original.seq == Entry.reverses_seq),
        )
        .where(Entry.compound_id == c.id, *where)
        .order_by(Entry.seq)
    )
    return tuple(
        EntryItem(
            voucher_no=e.voucher_no,
            date=e.entry_date,
            kind=e.kind,
            memo=e.memo,
            amount_fen=int(amount),
            maker=names[e.maker_id],
            checker=names[e.checker_id],
            drafted_at=e.drafted_at,
            posted_at=e.posted_at,
            project_id=e.project_id,
            reverses=reverses,
        )
        for e, amount, reverses in session.execute(q)
    )


def steps(session: Session, c: Compound, names: Names, *where: Where) -> tuple[StepItem, ...]:
    q = (
        select(ProjectStep, Project.title)
        .join(Project, Project.id == ProjectStep.project_id)
        .where(ProjectStep.compound_id == c.id, *where)
        .order_by(ProjectStep.at, ProjectStep.project_id, ProjectStep.seq)
    )
    return tuple(
        StepItem(
            project_id=s.project_id,
            project_title=title,
            action=s.action,
            action_label=ProjectAction(s.action).label,
            to_state=s.to_state,
            to_state_label=ProjectState(s.to_state).label,
            person=names[s.actor_id],
            on_date=s.on_date,
            at=s.at,
            evidence=s.evidence,
        )
        for s, title in session.execute(q)
    )


def votes(session: Session, c: Compound, names: Names, *where: Where) -> tuple[VoteItem, ...]:
    q = (
        select(ProjectVote, Project.title)
        .join(Project, Project.id == ProjectVote.project_id)
        .where(ProjectVote.compound_id == c.id, *where)
        .order_by(ProjectVote.held_on, ProjectVote.id)
    )
    return tuple(
        VoteItem(
            id=v.id,
            project_id=v.project_id,
            project_title=title,
            body=v.body,
            body_label=VoteBody(v.body).label,
            held_on=v.held_on,
            votes_for=v.votes_for,
            votes_against=v.votes_against,
            abstain=v.abstain,
            passed=v.passed,
            recorded_by=names[v.recorded_by],
            recorded_at=v.recorded_at,
        )
        for v, title in session.execute(q)
    )


def seals(
    session: Session, c: Compound, names: Names, *where: Where, person: int | None = None
) -> tuple[SealItem, ...]:
    """Seal-register lines; with `person`, each says whether they requested, decided, used."""
    q = select(SealUse).where(SealUse.compound_id == c.id, *where).order_by(SealUse.register_no)

    def name(uid: int | None) -> str | None:
        return names[uid] if uid is not None else None

    def capacities(r: SealUse) -> tuple[str, ...]:
        if person is None:
            return ()
        done = [("申请", r.requested_by), ("审批", r.decided_by), ("盖章", r.used_by)]
        return tuple(label for label, uid in done if uid == person)

    return tuple(
        SealItem(
            register_no=r.register_no,
            kind=r.document_kind,
            kind_label=SealKind(r.document_kind).label,
            document=r.document,
            purpose=r.purpose,
            state=r.state,
            state_label=SealState(r.state).label,
            project_id=r.project_id,
            draft_id=r.draft_id,
            month=r.month,
            requested_by=names[r.requested_by],
            requested_at=r.requested_at,
            decided_by=name(r.decided_by),
            decided_at=r.decided_at,
            opinion=r.opinion,
            used_by=name(r.used_by),
            used_at=r.used_at,
            capacities=capacities(r),
        )
        for r in session.execute(q).scalars()
    )


def signoffs(session: Session, c: Compound, names: Names, *where: Where) -> tuple[SignoffItem, ...]:
    q = (
        select(MonthSignoff)
        .where(MonthSignoff.compound_id == c.id, *where)
        .order_by(MonthSignoff.month, MonthSignoff.id)
    )
    return tuple(
        SignoffItem(
            month=r.month,
            step=r.step,
            step_label=Step(r.step).label,
            decision=r.decision,
            decision_label=Decision(r.decision).label,
            person=names[r.actor_id],
            at=r.at,
            comment=r.comment,
        )
        for r in session.execute(q).scalars()
    )


def complaints(
    session: Session, c: Compound, names: Names, *where: Where, person: int | None = None
) -> tuple[ComplaintItem, ...]:
    """Complaints; with `person`, each says whether they recorded it, answered it, or both."""
    q = (
        select(Complaint)
        .where(Complaint.compound_id == c.id, *where)
        .order_by(Complaint.received_on, Complaint.id)
    )

    def capacities(r: Complaint) -> tuple[str, ...]:
        if person is None:
            return ()
        done = [("登记", r.recorded_by), ("答复", r.answered_by)]
        return tuple(label for label, uid in done if uid == person)

    return tuple(
        ComplaintItem(
            id=r.id,
            channel=r.channel,
            channel_label=Channel(r.channel).label,
            received_on=r.received_on,
            resident=r.resident,
            content=r.content,
            recorded_by=names[r.recorded_by],
            recorded_at=r.recorded_at,
            answer=r.answer,
            answered_by=names[r.answered_by] if r.answered_by is not None else None,
            answered_on=r.answered_on,
            capacities=capacities(r),
        )
        for r in session.execute(q).scalars()
    )


def payment_approvals(
    session: Session, c: Compound, names: Names, *where: Where
) -> tuple[PaymentApprovalItem, ...]:
    debit = (
        select(func.coalesce(func.sum(DraftLine.amount_fen), 0))
        .where(DraftLine.draft_id == Draft.id, DraftLine.amount_fen > 0)
        .scalar_subquery()
    )
    q = (
        select(PaymentApproval, Draft.project_id, Project.title, debit, Entry.voucher_no)
        .join(Draft, Draft.id == PaymentApproval.draft_id)
        .outerjoin(Project, Project.id == Draft.project_id)
        .outerjoin(
            Entry, (Entry.compound_id == Draft.compound_id) & (Entry.seq == Draft.posted_seq)
        )
        .where(PaymentApproval.compound_id == c.id, *where)
        .order_by(PaymentApproval.approved_at, PaymentApproval.draft_id)
    )
    return tuple(
        PaymentApprovalItem(
            draft_id=a.draft_id,
            project_id=project_id,
            project_title=title,
            amount_fen=int(amount),
            voucher_no=voucher,
            approved_by=names[a.approved_by],
            approved_at=a.approved_at,
            opinion=a.opinion,
        )
        for a, project_id, title, amount, voucher in session.execute(q)
    )
