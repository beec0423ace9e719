"""Parts of the monthly statement read from the controls: complaints and sign-offs."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ledger.domain.clock import to_local
from ledger.domain.closing import Decision, Step
from ledger.domain.complaint import Channel
from ledger.domain.period import Month
from ledger.domain.statement import ComplaintLine, SignLine
from ledger.services.month_status import MonthStatus
from ledger.store.schema_controls import Complaint

ROLE_OF_STEP = {
    Step.PREPARE: "编制",
    Step.REVIEW: "监督小组审查",
    Step.SIGN_COMMITTEE: "业委会",
    Step.SIGN_COMMUNITY: "社区党委",
    Step.PUBLISH: "公示",
}


def signatures_of(status: MonthStatus) -> tuple[SignLine, ...]:
    """The sign-offs of the current round, one line per step, in order."""
    out = []
    for s in status.current_round:
        if s.decision is Decision.RETURNED:
            continue
        out.append(SignLine(ROLE_OF_STEP[s.step], s.name, to_local(s.at).date()))
    return tuple(out)


def complaints_of(session: Session, compound_id: int, month: Month) -> tuple[ComplaintLine, ...]:
    """Complaints received or answered during the month."""
    rows = session.execute(
        select(Complaint)
        .where(
            Complaint.compound_id == compound_id,
            or_(
                Complaint.received_on.between(month.first_day, month.last_day),
                Complaint.answered_on.between(month.first_day, month.last_day),
            ),
        )
        .order_by(Complaint.received_on, Complaint.id)
    ).scalars()
    return tuple(
        ComplaintLine(r.received_on, Channel(r.channel).label, r.content, r.answer, r.answered_on)
        for r in rows
    )
