"""Migration 0002: an account's code, kind and limits are frozen, accounts are never deleted,
and a closed draft's attachments are frozen — on both engines."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from ledger.domain.entry import Attachment, Line
from ledger.domain.errors import IntegrityError
from ledger.services import entries
from ledger.store import migrate
from tests.conftest import Street
from tests.helpers import BANK, PARKING, fingerprint

REFUSED = [
    "UPDATE account SET may_go_negative = TRUE WHERE code = '1002'",
    "UPDATE account SET kind = 'liability' WHERE code = '1002'",
    "UPDATE account SET code = '1009' WHERE code = '1002'",
    "DELETE FROM account WHERE code = '1001'",
]


@pytest.mark.parametrize("sql", REFUSED)
def test_an_accounts_code_kind_and_limits_cannot_change(street: Street, sql: str) -> None:
    before = fingerprint(street)
    with pytest.raises(IntegrityError), street.ctx.db.write() as session:
        session.execute(text(sql))
    assert fingerprint(street) == before


def test_an_accounts_display_name_may_be_corrected(street: Street) -> None:
    with street.ctx.db.write() as session:
        session.execute(text("UPDATE account SET name = '银行存款-专户' WHERE code = '1002'"))


def test_a_posted_drafts_attachments_are_frozen(street: Street) -> None:
    s = street
    day = dt.date(2024, 6, 3)
    s.clock.set(day)
    draft = entries.draft_entry(
        s.ctx,
        s.treasurer,
        compound=s.compound,
        date=day,
        memo="收款",
        lines=[Line(BANK, 100), Line(PARKING, -100)],
        attachments=[Attachment("a" * 64, "发票.pdf")],
    )
    entries.approve_entry(s.ctx, s.checker, draft)
    for sql in (
        "UPDATE draft_attachment SET filename = 'x.pdf'",
        "DELETE FROM draft_attachment",
        f"INSERT INTO draft_attachment (draft_id, sha256, filename) VALUES ({draft}, '{'b' * 64}', 'y')",
    ):
        with pytest.raises(IntegrityError), s.ctx.db.write() as session:
            session.execute(text(sql))


def test_the_schema_is_at_the_newest_revision(street: Street) -> None:
    assert migrate.current_revision(street.ctx.db) == migrate.head_revision()
