"""Entry use cases: draft, edit, discard, approve (post), reverse; each one unit of work.

Approving posts the draft: the compound's writers are serialised, the month must be open
(invariant 4), the checker must not be the maker (7), the lines must balance (2), accounts
that may not go negative stay at or above zero on every day (8); the entry gets the next
voucher number of its month (5) and the next link of the hash chain (6), and its audit
record is written in the same transaction (9). Posted entries never change (3): a
correction is a reversal entry, drafted and approved like any other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ledger.domain.clock import local_today
from ledger.domain.entry import Attachment, EntryRecord, Line, check_lines, check_text
from ledger.domain.errors import (
    MakerIsChecker,
    NotFound,
    PermissionDenied,
    WrongState,
)
from ledger.domain.period import Month, voucher_number
from ledger.domain.roles import Action
from ledger.services import draft_checks
from ledger.services.access import require
from ledger.services.context import Actor, Context
from ledger.services.funds import check_not_negative
from ledger.services.payment_rules import bank_outflow, check_payment
from ledger.store import audit, books, org, seals
from ledger.store.database import lock_compound
from ledger.store.schema import Compound, Draft, DraftAttachment, DraftLine
from ledger.store.schema_controls import PaymentApproval


def draft_entry(
    ctx: Context,
    actor: Actor,
    *,
    compound: str,
    date: dt.date,
    memo: str,
    lines: Sequence[Line],
    kind: str = "general",
    category: str | None = None,
    project_id: int | None = None,
    attachment_count: int = 0,
    attachments: Sequence[Attachment] = (),
    reverses_seq: int | None = None,
    reason: str | None = None,
) -> int:
    """Record a draft entry for a checker to approve; returns the draft id."""
    with ctx.db.write() as session:
        c = org.compound_by_name(session, compound)
        require(session, actor, Action.DRAFT_ENTRY, c)
        rules = ctx.rules.for_compound(c.name)
        memo = check_text(memo, field="摘要")
        draft_checks.check_date(ctx, session, c, date)
        draft_checks.check_lines_known(rules, lines)
        check_lines(lines)
        draft_checks.check_attachments(attachment_count, attachments)
        accounts = draft_checks.ensure_accounts(session, c, rules, lines)
        if project_id is not None:
            check_payment(
                session, rules, c, project_id, bank_outflow(lines, accounts), on_date=date
            )
        now = ctx.clock()
        draft = Draft(
            compound_id=c.id,
            kind=kind,
            entry_date=date,
            memo=memo,
            category=category,
            project_id=project_id,
            attachment_count=attachment_count,
            reverses_seq=reverses_seq,
            reason=reason,
            maker_id=actor.id,
            created_at=now,
            updated_at=now,
            state="open",
        )
        session.add(draft)
        session.flush()
        draft_checks.write_lines(session, draft, accounts, lines, attachments)
        audit.append(
            session,
            scope=audit.compound_scope(c.id),
            at=now,
            actor_id=actor.id,
            compound_id=c.id,
            action="draft_entry",
            target=f"draft:{draft.id}",
            details={"date": date, "memo": memo, "kind": kind, "lines": _plain(lines)},
        )
        return draft.id


def edit_draft(
    ctx: Context,
    actor: Actor,
    draft_id: int,
    *,
    date: dt.date | None = None,
    memo: str | None = None,
    lines: Sequence[Line] | None = None,
) -> None:
    """Change an open draft; only its maker may."""
    with ctx.db.write() as session:
        draft, c = _open_draft(session, draft_id)
        _require_maker(actor, draft, "修改")
        rules = ctx.rules.for_compound(c.name)
        if session.get(PaymentApproval, draft.id) is not None or seals.granted_seal(
            session, c.id, kind="payment", draft_id=draft.id
        ):
            raise WrongState(
                f"草稿 #{draft.id} 已经社区把关或批准用印，不能再修改：如需改动请作废后重新编制"
            )
        if date is not None:
            draft_checks.check_date(ctx, session, c, date)
            draft.entry_date = date
        if memo is not None:
            draft.memo = check_text(memo, field="摘要")
        if lines is not None:
            draft_checks.check_lines_known(rules, lines)
            check_lines(lines)
            accounts = draft_checks.ensure_accounts(session, c, rules, lines)
            if draft.project_id is not None:
                check_payment(
                    session,
                    rules,
                    c,
                    draft.project_id,
                    bank_outflow(lines, accounts),
                    on_date=date or draft.entry_date,
                )
            session.execute(delete(DraftLine).where(DraftLine.draft_id == draft.id))
            draft_checks.write_lines(session, draft, accounts, lines, ())
        draft.updated_at = ctx.clock()
        audit.append(
            session,
            scope=audit.compound_scope(c.id),
            at=draft.updated_at,
            actor_id=actor.id,
            compound_id=c.id,
            action="edit_draft",
            target=f"draft:{draft.id}",
            details={"date": date, "memo": memo, "lines": _plain(lines) if lines else None},
        )


def discard_draft(ctx: Context, actor: Actor, draft_id: int) -> None:
    with ctx.db.write() as session:
        draft, c = _open_draft(session, draft_id)
        _require_maker(actor, draft, "作废")
        draft.state = "discarded"
        draft.updated_at = ctx.clock()
        audit.append(
            session,
            scope=audit.compound_scope(c.id),
            at=draft.updated_at,
            actor_id=actor.id,
            compound_id=c.id,
            action="discard_draft",
            target=f"draft:{draft.id}",
            details={},
        )


def approve_entry(ctx: Context, actor: Actor, draft_id: int) -> str:
    """Post a draft as the checker; returns its voucher number (e.g. 记-2025-06-0001)."""
    with ctx.db.write() as session:
        draft, c = _open_draft(session, draft_id)
        require(session, actor, Action.APPROVE_ENTRY, c)
        if draft.maker_id == actor.id:
            raise MakerIsChecker(
                f"草稿 #{draft.id} 是「{actor.display_name}」自己编制的，不能自己审核：请另一位审核人批准",
                draft=draft.id,
                action=Action.APPROVE_ENTRY.value,
                user=actor.name,
                compound_id=c.id,
            )
        lock_compound(session, c.id)
        # Another checker may have posted this draft while we waited for the lock (PostgreSQL,
        # READ COMMITTED): read it again under the lock so the loser hears 已过账, not a
        # constraint error.
        session.refresh(draft)
        draft, c = _open_draft(session, draft_id)
        return _post(ctx, session, c, draft, actor)


def reverse_entry(
    ctx: Context,
    actor: Actor,
    voucher_no: str,
    *,
    reason: str,
    compound: str | None = None,
    date: dt.date | None = None,
) -> int:
    """Draft the mirror entry of a posted one; returns the draft id (a checker approves it)."""
    reason = check_text(reason, field="冲销原因")
    with ctx.db.read() as session:
        c, entry = draft_checks.find_voucher(session, voucher_no, compound)
        require(session, actor, Action.REVERSE_ENTRY, c)
        if books.reversal_of(session, c.id, entry.seq) is not None:
            raise WrongState(f"凭证 {voucher_no} 已经被冲销过，不能再次冲销")
        if entry.reverses_seq is not None:
            raise WrongState(
                f"凭证 {voucher_no} 本身是冲销凭证，不能再冲销；如有错误请重新编制正确凭证"
            )
        codes = {a.id: a.code for a in books.accounts_by_code(session, c.id).values()}
        record = books.record_of(session, entry, codes)
        pending = session.execute(
            select(Draft.id).where(
                Draft.compound_id == c.id, Draft.reverses_seq == entry.seq, Draft.state == "open"
            )
        ).first()
        if pending is not None:
            raise WrongState(f"凭证 {voucher_no} 已有待审核的冲销草稿 #{pending[0]}")
        name = c.name
    when = date or local_today(ctx.clock)
    return draft_entry(
        ctx,
        actor,
        compound=name,
        date=when,
        memo=f"冲销 {voucher_no}：{record.memo}"[:200],
        lines=[Line(x.account_code, -x.amount_fen, x.memo) for x in record.lines],
        kind="reversal",
        category=record.category,
        project_id=record.project_id,
        reverses_seq=entry.seq,
        reason=reason,
    )


def _post(ctx: Context, session: Session, c: Compound, draft: Draft, checker: Actor) -> str:
    rules = ctx.rules.for_compound(c.name)
    month = Month.of(draft.entry_date)
    draft_checks.check_open(session, c, month)
    accounts = books.accounts_by_code(session, c.id)
    by_id = {a.id: a for a in accounts.values()}
    rows = session.execute(
        select(DraftLine).where(DraftLine.draft_id == draft.id).order_by(DraftLine.line_no)
    ).scalars()
    lines = tuple(Line(by_id[r.account_id].code, r.amount_fen, r.memo) for r in rows)
    check_lines(lines)
    if draft.reverses_seq is not None:
        draft_checks.check_reversal(session, c, draft, lines)
    if draft.project_id is not None:
        amount = bank_outflow(lines, accounts)
        check_payment(
            session, rules, c, draft.project_id, amount, on_date=draft.entry_date, draft_id=draft.id
        )
    check_not_negative(session, c.id, accounts, lines, draft.entry_date)
    files = session.execute(
        select(DraftAttachment.sha256, DraftAttachment.filename)
        .where(DraftAttachment.draft_id == draft.id)
        .order_by(DraftAttachment.id)
    ).all()
    seq, prev = books.chain_head(session, c.id)
    vseq = books.last_voucher_seq(session, c.id, month) + 1
    now = ctx.clock()
    record = EntryRecord(
        compound_id=c.id,
        seq=seq + 1,
        voucher_no=voucher_number(rules.voucher_prefix, month, vseq),
        entry_date=draft.entry_date,
        kind=draft.kind,
        memo=draft.memo,
        category=draft.category,
        project_id=draft.project_id,
        attachment_count=draft.attachment_count,
        reverses_seq=draft.reverses_seq,
        reason=draft.reason,
        maker_id=draft.maker_id,
        checker_id=checker.id,
        drafted_at=draft.created_at,
        posted_at=now,
        lines=lines,
        attachments=tuple(Attachment(h, f) for h, f in files),
    )
    entry_hash = record.hash(prev)
    books.insert_entry(
        session,
        record,
        accounts=accounts,
        voucher_month=month,
        voucher_seq=vseq,
        draft_id=draft.id,
        prev_hash=prev,
        entry_hash=entry_hash,
    )
    draft.state = "posted"
    draft.posted_seq = record.seq
    draft.updated_at = now
    audit.append(
        session,
        scope=audit.compound_scope(c.id),
        at=now,
        actor_id=checker.id,
        compound_id=c.id,
        action="approve_entry",
        target=record.voucher_no,
        details={"draft": draft.id, "seq": record.seq, "hash": entry_hash},
    )
    return record.voucher_no


def _open_draft(session: Session, draft_id: int) -> tuple[Draft, Compound]:
    draft = session.get(Draft, draft_id)
    if draft is None:
        raise NotFound(f"没有编号为 #{draft_id} 的凭证草稿", draft=draft_id)
    if draft.state != "open":
        state = "已过账" if draft.state == "posted" else "已作废"
        raise WrongState(f"草稿 #{draft_id} {state}，不能再操作", draft=draft_id, state=draft.state)
    return draft, session.get_one(Compound, draft.compound_id)


def _require_maker(actor: Actor, draft: Draft, verb: str) -> None:
    if draft.maker_id != actor.id:
        raise PermissionDenied(f"只有编制人可以{verb}草稿 #{draft.id}")


def _plain(lines: Sequence[Line]) -> list[list[object]]:
    return [[x.account_code, x.amount_fen] for x in lines]
