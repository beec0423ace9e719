"""`verify` finds a month lock whose sign-offs were removed or whose close record was changed
behind the program's back: a locked month must carry its whole close on the same snapshot."""

from __future__ import annotations

import datetime as dt

import pytest

from ledger.domain.period import Month
from ledger.services.verify import verify
from tests.conftest import Street
from tests.helpers import close_month, receive
from tests.services.test_tamper import behind_the_back

SEALS = "控制记录封存"


@pytest.fixture
def s(street: Street) -> Street:
    receive(street, dt.date(2024, 1, 10), 100_000)
    street.clock.set(dt.date(2024, 2, 5))
    close_month(street, Month(2024, 1))
    assert verify(street.ctx).ok
    return street


@pytest.mark.parametrize(
    ("tables", "sql"),
    [
        (("month_signoff",), "DELETE FROM month_signoff WHERE step = 'sign_community'"),
        (("month_signoff",), "DELETE FROM month_signoff WHERE step = 'review'"),
        (
            ("month_signoff",),
            "UPDATE month_signoff SET snapshot_hash = '"
            + "1" * 64
            + "' WHERE step = 'sign_committee'",
        ),
        (("month_close",), "UPDATE month_close SET state = 'community_signed'"),
        (("month_close",), "UPDATE month_close SET snapshot_hash = '" + "2" * 64 + "'"),
        (("month_close",), "DELETE FROM month_close"),
    ],
    ids=[
        "no-community-signature",
        "no-review",
        "signed-another-snapshot",
        "not-published",
        "close-snapshot-changed",
        "close-record-gone",
    ],
)
def test_a_locked_month_without_its_whole_close_is_found(
    s: Street, tables: tuple[str, ...], sql: str
) -> None:
    behind_the_back(s, tables, sql)
    report = verify(s.ctx)
    assert not report.ok
    assert [(f.compound, f.voucher, f.rule) for f in report.findings if f.rule != SEALS] == [
        (s.compound, "2024-01", "月结签字")
    ]
    assert any(f.rule == SEALS for f in report.findings)  # the row seals see it as well
