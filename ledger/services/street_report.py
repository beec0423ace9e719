"""The street summary read model: one `CompoundSummary` per compound, from each compound's
monthly statement (the same figures its notice prints) and month status, plus counts of the
objections still open and complaints still unanswered as of today."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ledger.domain.clock import local_today, to_local
from ledger.domain.closing import Decision, MonthState, Step
from ledger.domain.period import Month
from ledger.domain.statement import MonthlyStatement
from ledger.domain.street_report import CompoundSummary, StreetReport, StreetTotals
from ledger.services.context import Context
from ledger.services.month_status import MonthStatus, month_status
from ledger.services.statement import compound_names, monthly_statement
from ledger.store import org
from ledger.store.schema import Street
from ledger.store.schema_controls import Complaint, ProjectObjection, ProjectStep

SIGNING_STEPS = frozenset({Step.REVIEW, Step.SIGN_COMMITTEE, Step.SIGN_COMMUNITY})
FINISHING_ACTIONS = ("accept", "close")


def street_report(ctx: Context, month: Month) -> StreetReport:
    names = compound_names(ctx)
    statements = [monthly_statement(ctx, name, month) for name in names]
    statuses = [month_status(ctx, name, month) for name in names]
    with ctx.db.read() as session:
        street = session.execute(select(Street.name).order_by(Street.id).limit(1)).scalar()
        rows = []
        for st, status in zip(statements, statuses, strict=True):
            c = org.compound_by_name(session, st.compound)
            deadline = ctx.rules.for_compound(c.name).month_close.publish_deadline_day
            rows.append(
                _summary(
                    st,
                    status,
                    deadline=month.next().first_day.replace(day=deadline),
                    finished=_finished_this_year(session, c.id, month),
                    objections=_open_objections(session, c.id),
                    complaints=_unanswered_complaints(session, c.id),
                )
            )
    compounds = tuple(rows)
    return StreetReport(
        street=street or "",
        month=str(month),
        month_label=month.label,
        as_of=local_today(ctx.clock),
        compounds=compounds,
        totals=StreetTotals.of(compounds),
    )


def _summary(
    st: MonthlyStatement,
    status: MonthStatus,
    *,
    deadline: dt.date,
    finished: int,
    objections: int,
    complaints: int,
) -> CompoundSummary:
    current = [s for s in status.current_round if s.decision is not Decision.RETURNED]
    publish = next((s for s in current if s.step is Step.PUBLISH), None)
    published_on = to_local(publish.at).date() if publish is not None else None
    published = status.state is MonthState.PUBLISHED
    return CompoundSummary(
        compound=st.compound,
        opened_on=st.opened_on,
        income_fen=st.income_fen,
        spending_fen=st.spending_fen,
        closing_fen=st.closing_fen,
        income_ytd_fen=st.income_ytd_fen,
        spending_ytd_fen=st.spending_ytd_fen,
        income_total_fen=st.income_total_fen,
        spending_total_fen=st.spending_total_fen,
        projects_finished=finished,
        projects_in_progress=len(st.in_progress),
        published=published,
        published_on=published_on,
        on_time=published and published_on is not None and published_on <= deadline,
        fully_signed={s.step for s in current} >= SIGNING_STEPS,
        open_objections=objections,
        open_complaints=complaints,
    )


def _finished_this_year(session: Session, compound_id: int, month: Month) -> int:
    """Projects accepted or closed from 1 January to the month's end (each counted once)."""
    count = session.execute(
        select(func.count(func.distinct(ProjectStep.project_id))).where(
            ProjectStep.compound_id == compound_id,
            ProjectStep.action.in_(FINISHING_ACTIONS),
            ProjectStep.on_date >= Month(month.year, 1).first_day,
            ProjectStep.on_date <= month.last_day,
        )
    ).scalar_one()
    return int(count)


def _open_objections(session: Session, compound_id: int) -> int:
    count = session.execute(
        select(func.count()).where(
            ProjectObjection.compound_id == compound_id, ProjectObjection.state == "open"
        )
    ).scalar_one()
    return int(count)


def _unanswered_complaints(session: Session, compound_id: int) -> int:
    count = session.execute(
        select(func.count()).where(Complaint.compound_id == compound_id, Complaint.answer.is_(None))
    ).scalar_one()
    return int(count)
