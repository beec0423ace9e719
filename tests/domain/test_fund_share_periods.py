"""The maintenance-fund share: periods, what is due from net revenue, and when it is late."""

from __future__ import annotations

from ledger.domain.fund_share import fund_period, period_of, periods_through, share_due
from ledger.domain.period import Month
from ledger.domain.rules import Frequency, MaintenanceFundRule

QUARTERLY = MaintenanceFundRule(5000, Frequency.QUARTERLY, "shanghai")
MONTHLY = MaintenanceFundRule(6000, Frequency.MONTHLY)


def test_the_share_is_rounded_half_away_from_zero_and_a_loss_owes_nothing() -> None:
    assert share_due(100_001, 5000) == 50_001  # 50,000.5 → 50,001
    assert share_due(0, 5000) == 0
    assert share_due(-10_000, 5000) == 0
    assert share_due(12_345, 0) == 0


def test_periods_are_calendar_quarters_or_months() -> None:
    assert period_of(Month(2026, 5), Frequency.QUARTERLY) == (Month(2026, 4), Month(2026, 6))
    assert period_of(Month(2026, 5), Frequency.MONTHLY) == (Month(2026, 5), Month(2026, 5))
    assert periods_through(QUARTERLY, Month(2025, 11), Month(2026, 4)) == [
        Month(2025, 10),
        Month(2026, 1),
        Month(2026, 4),
    ]


def test_a_period_is_late_once_it_has_ended_with_the_share_not_all_transferred() -> None:
    running = fund_period(QUARTERLY, Month(2026, 4), Month(2026, 5), 200_000, 0)
    assert not running.complete and not running.late and running.due_fen == 100_000
    ended = fund_period(QUARTERLY, Month(2026, 4), Month(2026, 6), 200_000, 40_000)
    assert ended.complete and ended.late and ended.outstanding_fen == 60_000
    paid = fund_period(MONTHLY, Month(2026, 4), Month(2026, 4), 200_000, 120_000)
    assert paid.complete and not paid.late and paid.as_json()["due"] == "1200.00"
