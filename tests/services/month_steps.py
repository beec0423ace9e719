"""The month close's steps in one call each, for the month-close tests: January of the test
street, closed by its own people, and a refusal check that also watches the close rows and
the seal register (a refused step must leave them exactly as they were)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import partial

import pytest
import sqlalchemy as sa

from ledger.domain.entry import Line
from ledger.domain.errors import LedgerError
from ledger.domain.period import Month
from ledger.domain.roles import Role
from ledger.services import month_close, seals
from ledger.services.context import Actor
from tests.conftest import Street
from tests.helpers import BANK, COST, fingerprint, post, receive, reconcile_month

JAN, FEB = Month(2024, 1), Month(2024, 2)
FEB_2 = dt.date(2024, 2, 2)
CJK = re.compile(r"[\u4e00-\u9fff]")


def state_of(s: Street) -> tuple[object, ...]:
    """Everything a refused step must leave alone: the books, the close rows, the register."""
    with s.ctx.db.read() as session:
        closes = session.execute(sa.text("SELECT * FROM month_close ORDER BY month")).all()
        register = session.execute(sa.text("SELECT id, state FROM seal_use ORDER BY id")).all()
    return fingerprint(s), tuple(map(tuple, closes)), tuple(map(tuple, register))


def refused(
    s: Street, error: type[LedgerError], action: Callable[[], object], *words: str
) -> LedgerError:
    before = state_of(s)
    with pytest.raises(LedgerError) as caught:
        action()
    err = caught.value
    assert type(err) is error, f"{type(err).__name__}: {err}"
    assert CJK.search(err.message), err.message
    for word in words:
        assert word in err.message, (word, err.message)
    assert state_of(s) == before
    return err


def prepare(s: Street, by: Actor | None = None, month: Month = JAN) -> str:
    actor = by or s.treasurer
    return month_close.prepare_month(
        s.ctx, actor, compound=s.compound, month=month, comment="对账相符"
    )


def review(
    s: Street, by: Actor | None = None, *, approve: bool = True, comment: str = "核对无误"
) -> None:
    month_close.review_month(
        s.ctx, by or s.supervisor, compound=s.compound, month=JAN, approve=approve, comment=comment
    )


def sign(s: Street, role: Role, by: Actor | None = None) -> None:
    actor = by or (s.checker if role is Role.COMMITTEE else s.community)
    month_close.sign_month(s.ctx, actor, compound=s.compound, month=JAN, as_role=role)


def request_seal(s: Street, month: Month = JAN) -> int:
    return seals.request_seal(
        s.ctx,
        s.checker,
        compound=s.compound,
        document_kind="month_notice",
        document=f"{month.label}收支公示",
        purpose="张贴公示",
        month=str(month),
    )


def grant_seal(s: Street) -> None:
    seals.approve_seal(s.ctx, s.community, request_seal(s), approve=True, opinion="同意")


def publish(s: Street, by: Actor | None = None) -> str:
    return month_close.publish_month(s.ctx, by or s.checker, compound=s.compound, month=JAN)


# The steps in order; `upto(s, n)` performs the first n of them.
STEPS: list[Callable[[Street], object]] = [
    prepare,
    review,
    partial(sign, role=Role.COMMITTEE),
    partial(sign, role=Role.COMMUNITY),
    grant_seal,
    publish,
]


def upto(s: Street, n: int) -> None:
    for step in STEPS[:n]:
        step(s)


def status(s: Street, month: Month = JAN) -> month_close.MonthStatus:
    return month_close.month_status(s.ctx, s.compound, month)


def january(street: Street) -> Street:
    """January with two receipts and a cost, reconciled with the bank; the clock on 2 February."""
    receive(street, dt.date(2024, 1, 10), 100_000)
    post(street, dt.date(2024, 1, 20), [Line(COST, 30_000), Line(BANK, -30_000)], "保洁费")
    street.clock.set(FEB_2)
    reconcile_month(street, JAN)
    return street
