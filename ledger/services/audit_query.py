"""The audit query (经济责任审计统一规范): for any period of a compound's books, or for one
person's term in a compound (离任审计), everything drafted, approved, signed, voted and sealed,
and the balances at the start and the end. Read only; needs the AUDIT permission.

A period is whole months. Its lines are what happened in it: vouchers dated in it, project
steps and votes on its days, seal lines requested, decided or used in it, complaints received
or answered in it, major payments approved in it; and the close of its months (sign-offs of
those months, whenever they were made).

A person's term starts on the local day of their earliest role grant covering the compound
(the compound, its community or its street) and ends today: nothing revokes a role yet, so
every term is still open (see `ledger.domain.audit_report`). Their lines are everything they
did in the compound, whatever the date — no service lets anyone act there before a covering
grant, so nothing falls outside the term.

Balances are to the day, from the entries' dates, in one grouped query over the postings:
the opening at the end of the day before the first day, the closing at the end of the last.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import QueryableAttribute, Session

from ledger.domain.audit_report import AuditReport, Balances, GrantItem, PersonAudit, Records
from ledger.domain.clock import LOCAL_TZ, local_today, to_local
from ledger.domain.errors import InvalidInput, NotFound
from ledger.domain.period import Month
from ledger.domain.roles import Action, Role
from ledger.domain.trial_balance import AccountLine
from ledger.services import audit_rows as rows
from ledger.services.access import require
from ledger.services.context import Actor, Context
from ledger.store import org
from ledger.store.schema import Account, Compound, Entry, Posting, RoleGrant, User
from ledger.store.schema_controls import (
    Complaint,
    MonthSignoff,
    PaymentApproval,
    ProjectStep,
    ProjectVote,
    SealUse,
)

__all__ = ["audit_period", "audit_person"]


def audit_period(
    ctx: Context, actor: Actor, *, compound: str, first: Month, last: Month
) -> AuditReport:
    """The compound's books and controls over the months `first`…`last`, both included."""
    if last < first:
        raise InvalidInput(f"审计期间有误：起始月份 {first} 晚于截止月份 {last}")
    with ctx.db.read() as session:
        c = org.compound_by_name(session, compound)
        require(session, actor, Action.AUDIT, c)
        names = rows.user_names(session)
        start, end = first.first_day, last.last_day
        lo, hi = _local_day_bounds(start, end)

        def during(column: QueryableAttribute[Any]) -> rows.Where:
            return and_(column >= lo, column < hi)

        records = Records(
            project_steps=rows.steps(session, c, names, ProjectStep.on_date.between(start, end)),
            votes=rows.votes(session, c, names, ProjectVote.held_on.between(start, end)),
            seals=rows.seals(
                session,
                c,
                names,
                or_(
                    during(SealUse.requested_at),
                    during(SealUse.decided_at),
                    during(SealUse.used_at),
                ),
            ),
            signoffs=rows.signoffs(
                session, c, names, MonthSignoff.month.between(str(first), str(last))
            ),
            complaints=rows.complaints(
                session,
                c,
                names,
                or_(
                    Complaint.received_on.between(start, end),
                    Complaint.answered_on.between(start, end),
                ),
            ),
            payment_approvals=rows.payment_approvals(
                session, c, names, during(PaymentApproval.approved_at)
            ),
        )
        return AuditReport(
            compound=c.name,
            first=first,
            last=last,
            balances=_balances(session, c, start, end),
            entries=rows.entries(session, c, names, Entry.entry_date.between(start, end)),
            records=records,
        )


def audit_person(ctx: Context, actor: Actor, *, compound: str, person: str) -> PersonAudit:
    """One person's term in the compound: everything they did there, and the balances."""
    with ctx.db.read() as session:
        c = org.compound_by_name(session, compound)
        require(session, actor, Action.AUDIT, c)
        user = _person(session, person)
        grants = _covering_grants(session, user, c)
        start = min(to_local(g.granted_at).date() for g in grants)
        end = max(start, local_today(ctx.clock))
        names = rows.user_names(session)
        uid = user.id
        records = Records(
            project_steps=rows.steps(session, c, names, ProjectStep.actor_id == uid),
            votes=rows.votes(session, c, names, ProjectVote.recorded_by == uid),
            seals=rows.seals(
                session,
                c,
                names,
                or_(SealUse.requested_by == uid, SealUse.decided_by == uid, SealUse.used_by == uid),
                person=uid,
            ),
            signoffs=rows.signoffs(session, c, names, MonthSignoff.actor_id == uid),
            complaints=rows.complaints(
                session,
                c,
                names,
                or_(Complaint.recorded_by == uid, Complaint.answered_by == uid),
                person=uid,
            ),
            payment_approvals=rows.payment_approvals(
                session, c, names, PaymentApproval.approved_by == uid
            ),
        )
        return PersonAudit(
            compound=c.name,
            person=user.name,
            display_name=user.display_name,
            grants=tuple(_grant_item(session, g) for g in grants),
            term_start=start,
            term_end=end,
            balances=_balances(session, c, start, end),
            drafted=rows.entries(session, c, names, Entry.maker_id == uid),
            approved=rows.entries(session, c, names, Entry.checker_id == uid),
            records=records,
        )


def _person(session: Session, text: str) -> User:
    """The user named `text` (user name, or a display name only one user has)."""
    key = text.strip()
    user = org.user_by_name(session, key)
    if user is not None:
        return user
    matches = list(session.execute(select(User).where(User.display_name == key)).scalars())
    if len(matches) == 1:
        return matches[0]
    if matches:
        users = "、".join(u.name for u in matches)
        raise InvalidInput(
            f"有 {len(matches)} 个用户都叫「{key}」（{users}）：请用用户名指明被审计人"
        )
    raise NotFound(
        f"没有用户「{key}」：请用用户名（如 ybhy_cn）或姓名指明被审计人，"
        "`python main.py users` 列出全部用户",
        person=key,
    )


def _covering_grants(session: Session, user: User, c: Compound) -> list[RoleGrant]:
    grants = list(
        session.execute(
            select(RoleGrant)
            .where(
                RoleGrant.user_id == user.id,
                or_(
                    RoleGrant.compound_id == c.id,
                    RoleGrant.community_id == c.community_id,
                    RoleGrant.street_id == c.street_id,
                ),
            )
            .order_by(RoleGrant.granted_at, RoleGrant.id)
        ).scalars()
    )
    if not grants:
        raise NotFound(
            f"「{user.display_name}」（{user.name}）在{c.name}没有任职记录（没有覆盖该小区的角色），"
            "无从进行离任审计",
            person=user.name,
            compound=c.name,
        )
    return grants


def _grant_item(session: Session, g: RoleGrant) -> GrantItem:
    kind, scope = org.scope_name(session, g)
    return GrantItem(g.role, Role(g.role).label, kind, scope, g.granted_at)


def _local_day_bounds(first: dt.date, last: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """UTC instants of local midnight starting `first` and local midnight after `last`."""

    def midnight(day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(), tzinfo=LOCAL_TZ).astimezone(dt.UTC)

    return midnight(first), midnight(last + dt.timedelta(days=1))


def _balances(session: Session, c: Compound, first: dt.date, last: dt.date) -> Balances:
    """Every account's balance before `first`, its turnover through `last`, to the day."""
    amount = Posting.amount_fen
    before = Entry.entry_date < first
    q = (
        select(
            Posting.account_id,
            func.sum(case((before, amount), else_=0)),
            func.sum(case((and_(~before, amount > 0), amount), else_=0)),
            func.sum(case((and_(~before, amount < 0), -amount), else_=0)),
        )
        .join(Entry, (Entry.compound_id == Posting.compound_id) & (Entry.seq == Posting.entry_seq))
        .where(Posting.compound_id == c.id, Entry.entry_date <= last)
        .group_by(Posting.account_id)
    )
    sums = {a: (int(o), int(d), int(cr)) for a, o, d, cr in session.execute(q)}
    accounts = session.execute(
        select(Account).where(Account.compound_id == c.id).order_by(Account.code)
    ).scalars()
    lines, bank = [], None
    for a in accounts:
        if a.role == "bank":
            bank = a.code
        opening, debit, credit = sums.get(a.id, (0, 0, 0))
        if opening or debit or credit:
            lines.append(AccountLine(a.code, a.name, a.kind, opening, debit, credit))
    return Balances(first, last, tuple(lines), bank)
