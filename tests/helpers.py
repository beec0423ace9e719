"""Helpers for tests: book entries in one call, close a month through all its sign-offs, and a
fingerprint of the whole database."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ledger.domain.entry import Line
from ledger.domain.period import Month
from ledger.domain.roles import Role
from ledger.services import balances, entries, month_close, reconcile, seals
from ledger.services.verify import verify
from ledger.store import audit
from ledger.store.schema import Base
from tests.conftest import Street

BANK, PARKING, COST, PROJECTS, FEES = "1002", "4301", "5102", "5101", "5301"


def post(s: Street, day: dt.date, lines: list[Line], memo: str = "测试凭证") -> str:
    s.clock.set(day)
    draft = entries.draft_entry(
        s.ctx, s.treasurer, compound=s.compound, date=day, memo=memo, lines=lines
    )
    return entries.approve_entry(s.ctx, s.checker, draft)


def receive(s: Street, day: dt.date, fen: int) -> str:
    return post(s, day, [Line(BANK, fen), Line(PARKING, -fen)], "停车费")


def ledger_bank_fen(s: Street, month: Month) -> int:
    """The bank account's balance in the books at the end of `month`."""
    tb = balances.trial_balance(s.ctx, s.compound, month)
    return next((a.closing_fen for a in tb.accounts if a.code == BANK), 0)


def reconcile_month(s: Street, month: Month) -> None:
    """Reconcile `month` against a paper statement agreeing with the books (the test street's
    bank gives no files unless a test imports one)."""
    reconcile.reconcile(
        s.ctx,
        s.treasurer,
        compound=s.compound,
        month=month,
        bank_balance_fen=ledger_bank_fen(s, month),
    )


def close_month(s: Street, month: Month) -> str:
    """Reconcile, prepare, review, sign, seal and publish `month` with the street's people (the
    clock must already be past the month's end); returns the snapshot hash the lock carries."""
    c, ctx = s.compound, s.ctx
    reconcile_month(s, month)
    month_close.prepare_month(ctx, s.treasurer, compound=c, month=month)
    month_close.review_month(
        ctx, s.supervisor, compound=c, month=month, approve=True, comment="核对无误"
    )
    month_close.sign_month(ctx, s.checker, compound=c, month=month, as_role=Role.COMMITTEE)
    month_close.sign_month(ctx, s.community, compound=c, month=month, as_role=Role.COMMUNITY)
    seal = seals.request_seal(
        ctx,
        s.checker,
        compound=c,
        document_kind="month_notice",
        document=f"{month.label}公共收益收支公示",
        purpose="月度公示张贴",
        month=str(month),
    )
    seals.approve_seal(ctx, s.community, seal, approve=True, opinion="同意")
    seals.use_seal(ctx, s.community, seal)
    return month_close.publish_month(ctx, s.checker, compound=c, month=month)


def fingerprint(s: Street) -> tuple[str, tuple[tuple[str, int], ...]]:
    """The verify digest and every table's row count: equal fingerprints, untouched books.
    The refusal log is left out: a refusal is recorded there by design (RELIABILITY.md)."""
    counts = []
    with s.ctx.db.read() as session:
        for table in Base.metadata.sorted_tables:
            if table.name == "refusal_log":
                continue
            n = session.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
            counts.append((table.name, int(n)))
    return verify(s.ctx).digest, tuple(counts)


def sealed(session: Session, compound_id: int, actor_id: int, at: dt.datetime, target: str) -> None:
    """Record a control row a test wrote directly as a service would: with an audit record,
    which seals it (see ledger/store/row_seals.py), so `verify` accepts it."""
    audit.append(
        session,
        scope=audit.compound_scope(compound_id),
        at=at,
        actor_id=actor_id,
        compound_id=compound_id,
        action="test_fixture",
        target=target,
        details={},
    )
