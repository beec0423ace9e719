"""The demo's month closes, through the same services and in the same order as people use.

A month closes in the first days of the next one, before that month's first receipts: the
treasurer imports the bank statement, matches it and reconciles, then prepares on the 1st; the supervisory group reviews and the committee signs on the
2nd; the community signs and approves the month notice's seal on the 3rd; the seal is put on
the notice and the committee publishes on the 4th.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from ledger.domain.period import Month
from ledger.domain.roles import Role
from ledger.services import month_close, seals
from ledger.services.context import Actor, Context

PUBLISH_DAYS = 3  # after the 1st: the last step of a published close is on the 4th


def close_month(
    ctx: Context,
    move_to: Callable[[dt.date], None],
    compound: str,
    month: Month,
    today: dt.date,
    *,
    publish: bool,
    treasurer: Actor,
    supervisor: Actor,
    committee: Actor,
    community: Actor,
    reconcile: Callable[[], None],
) -> bool:
    """Reconcile the bank (`reconcile()`), prepare `month` and, when `publish`, take it to
    publication; False when its days are still ahead of `today`. `move_to(day)` sets the
    replay clock."""
    day = month.next().first_day
    if day + dt.timedelta(days=PUBLISH_DAYS if publish else 0) > today:
        return False
    move_to(day)
    reconcile()
    month_close.prepare_month(
        ctx, treasurer, compound=compound, month=month, comment="对账单已核对"
    )
    if not publish:
        return True
    move_to(day + dt.timedelta(days=1))
    month_close.review_month(
        ctx,
        supervisor,
        compound=compound,
        month=month,
        approve=True,
        comment="凭证、附件与对账单逐笔核对无误",
    )
    month_close.sign_month(ctx, committee, compound=compound, month=month, as_role=Role.COMMITTEE)
    move_to(day + dt.timedelta(days=2))
    month_close.sign_month(ctx, community, compound=compound, month=month, as_role=Role.COMMUNITY)
    seal = seals.request_seal(
        ctx,
        committee,
        compound=compound,
        document_kind="month_notice",
        document=f"{compound}{month.label}公共收益收支明白账",
        purpose="月度公示张贴于小区公示栏",
        month=str(month),
    )
    seals.approve_seal(ctx, community, seal, approve=True, opinion="同意用印")
    move_to(day + dt.timedelta(days=PUBLISH_DAYS))
    seals.use_seal(ctx, community, seal)
    month_close.publish_month(ctx, committee, compound=compound, month=month)
    return True
