"""Contract schedules: calendar periods, pro rata first and last periods, due dates."""

from __future__ import annotations

import datetime as dt

import pytest

from ledger.domain.contract import ContractKind, Terms, period_for, prorate, schedule
from ledger.domain.errors import InvalidInput
from ledger.domain.period import Month
from ledger.domain.rules import Frequency

D = dt.date


def direct(
    freq: Frequency, amount: int, start: dt.date, end: dt.date | None, due: int = 5
) -> Terms:
    return Terms(ContractKind.DIRECT, freq, amount, start, end, due)


def test_monthly_starting_mid_month_is_pro_rata_and_due_on_its_first_day() -> None:
    periods = schedule(direct(Frequency.MONTHLY, 300_000, D(2024, 3, 10), None), Month(2024, 5))
    assert [p.key for p in periods] == ["2024-03", "2024-04", "2024-05"]
    first = periods[0]
    # 22 of March's 31 days: 300,000 × 22 / 31 = 212,903.2 → 212,903 fen.
    assert first.expected_fen == 212_903 and first.partial
    # Due on the 5th, but never before the contract covers the period: the 10th.
    assert first.due_on == D(2024, 3, 10)
    assert periods[1].expected_fen == 300_000 and periods[1].due_on == D(2024, 4, 5)
    assert not periods[1].partial


def test_quarterly_ending_mid_quarter_stops_there_pro_rata() -> None:
    terms = direct(Frequency.QUARTERLY, 900_000, D(2024, 1, 1), D(2024, 5, 15), due=20)
    periods = schedule(terms, Month(2025, 12))
    assert [(p.key, p.covers_to) for p in periods] == [
        ("2024-01", D(2024, 3, 31)),
        ("2024-04", D(2024, 5, 15)),
    ]
    assert periods[0].expected_fen == 900_000 and periods[0].due_on == D(2024, 1, 20)
    # 45 of the second quarter's 91 days: 900,000 × 45 / 91 = 445,054.9 → 445,055.
    assert periods[1].expected_fen == 445_055
    assert periods[1].label(Frequency.QUARTERLY) == "2024年第2季度"


def test_yearly_starting_and_ending_mid_year() -> None:
    terms = direct(Frequency.YEARLY, 3_660_000, D(2024, 7, 1), D(2026, 6, 30), due=1)
    periods = schedule(terms, Month(2030, 1))
    assert [p.key for p in periods] == ["2024-01", "2025-01", "2026-01"]
    # 2024 is a leap year: 184 of 366 days.
    assert periods[0].expected_fen == 1_840_000
    assert periods[0].due_on == D(2024, 7, 1)
    assert periods[1].expected_fen == 3_660_000 and periods[1].due_on == D(2025, 1, 1)
    # 181 of 2026's 365 days: 3,660,000 × 181 / 365 = 1,814,958.9 → 1,814,959.
    assert periods[2].expected_fen == 1_814_959
    assert periods[2].label(Frequency.YEARLY) == "2026年度"


def test_a_collection_month_is_due_on_the_transfer_day_of_the_next_month() -> None:
    terms = Terms(ContractKind.COLLECTION, Frequency.MONTHLY, 0, D(2024, 1, 1), None, 15)
    periods = schedule(terms, Month(2024, 12))
    assert periods[0].due_on == D(2024, 2, 15)
    assert periods[-1].due_on == D(2025, 1, 15)
    assert all(p.expected_fen == 0 for p in periods)


def test_prorate_rounds_half_up_and_a_whole_period_is_exact() -> None:
    assert prorate(100, 1, 2) == 50
    assert prorate(1, 1, 2) == 1  # 0.5 → 1
    assert prorate(1, 1, 3) == 0
    assert prorate(999_999, 30, 30) == 999_999


def test_period_for_names_a_period_inside_the_term_or_refuses() -> None:
    terms = direct(Frequency.QUARTERLY, 100, D(2024, 1, 1), D(2024, 12, 31))
    assert period_for(terms, "2024-05").key == "2024-04"
    with pytest.raises(InvalidInput, match="不在合同期限内"):
        period_for(terms, "2025-01")


@pytest.mark.parametrize(
    ("terms", "message"),
    [
        (direct(Frequency.MONTHLY, 0, D(2024, 1, 1), None), "每期金额必须大于零"),
        (direct(Frequency.MONTHLY, 100, D(2024, 1, 1), None, due=29), "付款日"),
        (direct(Frequency.MONTHLY, 100, D(2024, 2, 1), D(2024, 1, 31)), "早于开始日"),
        (
            Terms(ContractKind.COLLECTION, Frequency.QUARTERLY, 0, D(2024, 1, 1), None, 15),
            "只能是 monthly",
        ),
    ],
)
def test_impossible_terms_are_refused_in_chinese(terms: Terms, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        terms.check()
