"""The month close (月结, 财务收支统一监督): prepare → review → sign → sign → publish.

Each step is one unit of work: the actor's permission, the month's state and the books are
checked first, then the new state, an append-only `month_signoff` row and the audit record
are written together — or nothing is (invariant 9).

- Preparing needs the month's bank reconciliation showing no difference, and still what the
  books and bank lines give (`reconcile.require_reconciled`).
- Preparing freezes the month: the chain head and a snapshot hash over the month's figures.
  From then on nothing is posted into it (`entries._check_open`); sending back reopens it.
- Every review and signature names the snapshot it signed and is refused if the books no
  longer give that snapshot. The supervisory group may send the month back at any point
  before publication; a new preparation starts a new round, so earlier sign-offs never
  carry over. Within a round the preparer, the reviewer and the two signers are four
  different people (maker ≠ checker).
- Publishing needs both signatures and an approved month-notice seal line, and writes the
  month's lock with the snapshot frozen at preparation (invariant 4).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from ledger.domain.clock import local_today
from ledger.domain.closing import (
    RETURNABLE,
    SEPARATE_STEPS,
    SIGNATURES,
    Decision,
    MonthState,
    SnapshotMismatch,
    Step,
)
from ledger.domain.entry import check_text
from ledger.domain.errors import InvalidInput, PermissionDenied, WrongState
from ledger.domain.period import Month
from ledger.domain.roles import Action, Role
from ledger.domain.seal import SealKind
from ledger.services import periods, reconcile
from ledger.services.access import require
from ledger.services.context import Actor, Context
from ledger.services.month_status import MonthStatus as MonthStatus
from ledger.services.month_status import Signoff as Signoff
from ledger.services.month_status import month_status as month_status
from ledger.services.month_status import state_of
from ledger.store import audit, books, org
from ledger.store.database import lock_compound
from ledger.store.schema import Compound
from ledger.store.schema_controls import MonthClose, MonthSignoff
from ledger.store.seals import granted_seal

COMMENT_CHARS_MAX = 500


def prepare_month(
    ctx: Context, actor: Actor, *, compound: str, month: Month, comment: str = ""
) -> str:
    """Freeze the month's figures for review; returns the snapshot hash."""
    text = check_text(comment, field="编制说明", required=False, limit=COMMENT_CHARS_MAX)
    with ctx.db.write() as session:
        c = org.compound_by_name(session, compound)
        require(session, actor, Action.PREPARE_MONTH, c)
        lock_compound(session, c.id)
        row = session.get(MonthClose, (c.id, str(month)))
        state = state_of(session, c, month, row)
        if state not in (MonthState.OPEN, MonthState.PUBLISHED):
            raise WrongState(
                f"{c.name} {month.label} 已经编制过月结（{state.label}），不能重复编制；"
                "如需更正，请监督小组退回后重新编制",
                month=str(month),
                state=state.value,
            )
        periods.check_closable(session, c, month, local_today(ctx.clock))
        reconcile.require_reconciled(session, ctx.rules, c, month)
        last_seq, _ = books.chain_head(session, c.id)
        digest = periods.snapshot_hash(session, c, month, last_seq)
        now = ctx.clock()
        if row is None:
            row = MonthClose(compound_id=c.id, month=str(month))
            session.add(row)
        row.state, row.last_seq, row.snapshot_hash = MonthState.PREPARED.value, last_seq, digest
        row.updated_at = now
        _record(session, c, row, actor, now, Step.PREPARE, Decision.SUBMITTED, text)
        return digest


def review_month(
    ctx: Context, actor: Actor, *, compound: str, month: Month, approve: bool, comment: str
) -> None:
    """The supervisory group passes the prepared month, or sends it back with its reasons —
    at any time before publication, so a problem found after the review can still be fixed."""
    field = "审查意见" if approve else "退回理由"
    text = check_text(comment, field=field, required=not approve, limit=COMMENT_CHARS_MAX)
    with ctx.db.write() as session:
        c = org.compound_by_name(session, compound)
        require(session, actor, Action.REVIEW_MONTH, c)
        lock_compound(session, c.id)
        if approve:
            row = _in_state(session, c, month, {MonthState.PREPARED}, Step.REVIEW.label)
            _require_new_person(session, row, actor, Step.REVIEW)
            _check_snapshot(session, c, month, row)
        else:
            row = _in_state(session, c, month, RETURNABLE, "退回")
        now = ctx.clock()
        row.state = (MonthState.REVIEWED if approve else MonthState.OPEN).value
        row.updated_at = now
        decision = Decision.APPROVED if approve else Decision.RETURNED
        _record(session, c, row, actor, now, Step.REVIEW, decision, text)


def sign_month(
    ctx: Context, actor: Actor, *, compound: str, month: Month, as_role: Role, comment: str = ""
) -> None:
    """Sign the reviewed month as the committee, then as the community."""
    if as_role not in SIGNATURES:
        raise InvalidInput(
            f"月结只能以业委会（committee）或社区党委（community）身份签字，不能以「{as_role.label}」身份签",
            role=as_role.value,
        )
    step, action, wanted, result = SIGNATURES[as_role]
    text = check_text(comment, field="签字意见", required=False, limit=COMMENT_CHARS_MAX)
    with ctx.db.write() as session:
        c = org.compound_by_name(session, compound)
        require(session, actor, action, c)
        lock_compound(session, c.id)
        row = _in_state(session, c, month, {wanted}, step.label)
        _require_new_person(session, row, actor, step)
        _check_snapshot(session, c, month, row)
        now = ctx.clock()
        row.state, row.updated_at = result.value, now
        _record(session, c, row, actor, now, step, Decision.SIGNED, text)


def publish_month(ctx: Context, actor: Actor, *, compound: str, month: Month) -> str:
    """Publish the signed and sealed month and lock it; returns its snapshot hash."""
    with ctx.db.write() as session:
        c = org.compound_by_name(session, compound)
        require(session, actor, Action.PUBLISH_MONTH, c)
        lock_compound(session, c.id)
        row = _in_state(session, c, month, {MonthState.COMMUNITY_SIGNED}, Step.PUBLISH.label)
        seal = granted_seal(session, c.id, kind=SealKind.MONTH_NOTICE.value, month=str(month))
        if seal is None:
            raise WrongState(
                f"{c.name} {month.label} 的月度公示还没有经社区党委批准用印，不能公示：请业委会或出纳"
                f"申请用印（seal request --kind month_notice --month {month}），社区党委批准后再公示",
                month=str(month),
            )
        _check_snapshot(session, c, month, row)
        now = ctx.clock()
        periods.write_lock(
            session,
            c,
            month,
            actor_id=actor.id,
            at=now,
            last_seq=row.last_seq,
            digest=row.snapshot_hash,
        )
        row.state, row.updated_at = MonthState.PUBLISHED.value, now
        _record(session, c, row, actor, now, Step.PUBLISH, Decision.PUBLISHED, "", seal=seal.id)
        return row.snapshot_hash


def _in_state(
    session: Session, c: Compound, month: Month, wanted: Collection[MonthState], verb: str
) -> MonthClose:
    row = session.get(MonthClose, (c.id, str(month)))
    state = state_of(session, c, month, row)
    if state in wanted and row is not None:
        return row
    where = f"{c.name} {month.label}"
    if state is MonthState.PUBLISHED:
        message = f"{where} 已经公示锁账，不能再{verb}"
    elif state is MonthState.OPEN:
        message = (
            f"{where} 还没有编制月结（或已被退回），不能{verb}：请出纳先编制月结（month prepare）"
        )
    else:
        message = f"{where} 现在「{state.label}」，不能{verb}：下一步应{state.next_step}"
    raise WrongState(message, month=str(month), state=state.value)


def _require_new_person(session: Session, row: MonthClose, actor: Actor, step: Step) -> None:
    """Within one round, each of the four sign-offs is made by a different person."""
    done = session.execute(
        select(MonthSignoff.step, MonthSignoff.actor_id)
        .where(MonthSignoff.compound_id == row.compound_id, MonthSignoff.month == row.month)
        .order_by(MonthSignoff.id)
    ).all()
    starts = [i for i, (s, _) in enumerate(done) if s == Step.PREPARE.value]
    current = done[starts[-1] :] if starts else []
    for earlier, actor_id in current:
        if actor_id == actor.id and Step(earlier) in SEPARATE_STEPS:
            raise PermissionDenied(
                f"「{actor.display_name}」已在本轮月结中{Step(earlier).label}，不能再{step.label}："
                "同一人不能兼任月结的两道手续，请另一位有权限的人办理",
                user=actor.name,
                step=step.value,
                action=f"month_{step.value}",
                compound_id=row.compound_id,
            )


def _check_snapshot(session: Session, c: Compound, month: Month, row: MonthClose) -> None:
    now = periods.snapshot_hash(session, c, month, row.last_seq)
    if now != row.snapshot_hash:
        raise SnapshotMismatch(
            f"{c.name} {month.label} 的账簿与编制月结时冻结的快照不一致（快照 {row.snapshot_hash[:12]}…，"
            f"现在 {now[:12]}…），不能签字：请运行 verify 查明原因，由监督小组退回后重新编制",
            month=str(month),
        )


def _record(
    session: Session,
    c: Compound,
    row: MonthClose,
    actor: Actor,
    now: dt.datetime,
    step: Step,
    decision: Decision,
    comment: str,
    **details: object,
) -> None:
    session.add(
        MonthSignoff(
            compound_id=c.id,
            month=row.month,
            step=step.value,
            decision=decision.value,
            actor_id=actor.id,
            at=now,
            comment=comment,
            snapshot_hash=row.snapshot_hash,
        )
    )
    session.flush()
    audit.append(
        session,
        scope=audit.compound_scope(c.id),
        at=now,
        actor_id=actor.id,
        compound_id=c.id,
        action=f"month_{step.value}",
        target=f"month:{row.month}",
        details={
            "decision": decision.value,
            "state": row.state,
            "last_seq": row.last_seq,
            "snapshot": row.snapshot_hash,
            "comment": comment,
            **details,
        },
    )
