"""Months, dates as treasurers type them, and voucher numbers."""

from __future__ import annotations

import datetime as dt
import itertools
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.domain.errors import InvalidDate, InvalidInput
from ledger.domain.period import Month, months_between, parse_date, parse_voucher, voucher_number

# Month(2100, 12).next() does not exist, and neither does Month(2000, 1).prev(); the
# properties below stay one month inside the range (see the report on Month(2100, 12)).
inner_months = st.builds(Month, st.integers(2000, 2099), st.integers(1, 12)).filter(
    lambda m: m != Month(2000, 1)
)
days = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-06", Month(2025, 6)),
        ("2025-6", Month(2025, 6)),
        ("2025/06", Month(2025, 6)),
        ("2025年6月", Month(2025, 6)),
        ("２０２５－０６", Month(2025, 6)),
        ("  2025-12 ", Month(2025, 12)),
        ("2000-01", Month(2000, 1)),
        ("2100-12", Month(2100, 12)),
    ],
)
def test_a_month_parses_from_what_treasurers_type(text: str, expected: Month) -> None:
    assert Month.parse(text) == expected


@pytest.mark.parametrize(
    "text", ["2025-13", "2025-00", "1999-12", "2101-01", "2025", "", "abc", "2025-06-01"]
)
def test_a_month_that_does_not_exist_or_is_malformed_is_refused_naming_the_text(text: str) -> None:
    with pytest.raises(InvalidDate) as caught:
        Month.parse(text, field="结账月份")
    assert "结账月份" in caught.value.message
    assert f"「{text}」" in caught.value.message


def test_a_month_cannot_be_built_out_of_range() -> None:
    for year, month in [(2025, 0), (2025, 13), (1999, 12), (2101, 1)]:
        with pytest.raises(InvalidDate, match="不存在"):
            Month(year, month)


def test_december_is_followed_by_january_of_the_next_year() -> None:
    assert Month(2024, 12).next() == Month(2025, 1)
    assert Month(2025, 1).prev() == Month(2024, 12)
    assert Month(2025, 6).next() == Month(2025, 7)
    assert Month(2025, 6).prev() == Month(2025, 5)


@pytest.mark.parametrize(
    ("month", "last"),
    [
        (Month(2024, 2), dt.date(2024, 2, 29)),
        (Month(2025, 2), dt.date(2025, 2, 28)),
        (Month(2000, 2), dt.date(2000, 2, 29)),
        (Month(2100, 2), dt.date(2100, 2, 28)),
        (Month(2025, 4), dt.date(2025, 4, 30)),
        (Month(2025, 12), dt.date(2025, 12, 31)),
    ],
)
def test_the_last_day_of_a_month_knows_leap_years(month: Month, last: dt.date) -> None:
    assert month.first_day == dt.date(month.year, month.month, 1)
    assert month.last_day == last


def test_a_month_prints_as_iso_and_labels_in_chinese() -> None:
    assert str(Month(2025, 6)) == "2025-06"
    assert Month(2025, 6).label == "2025年6月"


@given(inner_months)
def test_next_and_prev_undo_each_other(month: Month) -> None:
    assert month.next().prev() == month
    assert month.prev().next() == month
    assert month.prev() < month < month.next()


@given(inner_months)
def test_a_month_runs_from_its_first_day_to_the_day_before_the_next_month(month: Month) -> None:
    assert month.last_day + dt.timedelta(days=1) == month.next().first_day
    assert Month.of(month.first_day) == Month.of(month.last_day) == month
    assert Month.parse(str(month)) == month


@given(days)
def test_every_day_lies_in_its_month(day: dt.date) -> None:
    month = Month.of(day)
    assert month.first_day <= day
    if month != Month(2100, 12):
        assert day <= month.last_day


def test_months_between_includes_both_ends_and_crosses_the_year() -> None:
    assert months_between(Month(2024, 11), Month(2025, 2)) == [
        Month(2024, 11),
        Month(2024, 12),
        Month(2025, 1),
        Month(2025, 2),
    ]
    assert months_between(Month(2025, 3), Month(2025, 3)) == [Month(2025, 3)]
    assert months_between(Month(2025, 4), Month(2025, 3)) == []


@given(inner_months, inner_months)
def test_months_between_counts_every_month_once_in_order(a: Month, b: Month) -> None:
    first, last = min(a, b), max(a, b)
    span = months_between(first, last)
    assert len(span) == (last.year - first.year) * 12 + last.month - first.month + 1
    assert span[0] == first and span[-1] == last
    assert all(x.next() == y for x, y in itertools.pairwise(span))


@pytest.mark.parametrize(
    "text",
    [
        "2025-06-01",
        "2025-6-1",
        "2025/6/1",
        "2025/06/01",
        "2025年6月1日",
        "2025年06月01日",
        "２０２５年６月１日",
        "２０２５－０６－０１",
        "２０２５／６／１",
        " 2025-06-01\t",
        "\u30002025-06-01\u3000",
    ],
)
def test_a_date_parses_from_what_treasurers_type(text: str) -> None:
    assert parse_date(text) == dt.date(2025, 6, 1)


def test_the_leap_day_is_a_date_only_in_leap_years() -> None:
    assert parse_date("2024-02-29") == dt.date(2024, 2, 29)
    with pytest.raises(InvalidDate, match="不存在"):
        parse_date("2025-02-29")


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("2025-02-30", "不存在"),
        ("2025-13-01", "不存在"),
        ("2025-00-10", "不存在"),
        ("2025-06-31", "不存在"),
        ("1999-01-01", "超出范围"),
        ("2101-01-01", "超出范围"),
        ("", "格式有误"),
        ("abc", "格式有误"),
        ("2025-06", "格式有误"),
        ("25-06-01", "格式有误"),
        ("2025.06.01", "格式有误"),
        ("2025-06-01 12:00", "格式有误"),
    ],
)
def test_a_date_that_does_not_exist_or_is_malformed_is_refused(text: str, why: str) -> None:
    with pytest.raises(InvalidDate) as caught:
        parse_date(text, field="凭证日期")
    assert why in caught.value.message
    assert caught.value.message.startswith(f"凭证日期「{text}」")


@given(days)
def test_every_date_in_range_round_trips_through_each_typed_form(day: dt.date) -> None:
    for text in (
        day.isoformat(),
        f"{day.year}/{day.month}/{day.day}",
        f"{day.year}年{day.month}月{day.day}日",
    ):
        assert parse_date(text) == day


def test_voucher_numbers_have_four_digit_sequences_that_grow_when_needed() -> None:
    assert voucher_number("记", Month(2025, 6), 1) == "记-2025-06-0001"
    assert voucher_number("记", Month(2025, 12), 10_000) == "记-2025-12-10000"
    assert parse_voucher("记-2025-06-0001") == ("记", Month(2025, 6), 1)
    assert parse_voucher(" 记-2025-06-12345 ") == ("记", Month(2025, 6), 12_345)


@pytest.mark.parametrize(
    "text",
    ["", "记", "记-2025-06", "记-2025-6-0001", "记-2025-06-001", "2025-06-0001", "记-2025-13-0001"],
)
def test_a_malformed_voucher_number_is_refused(text: str) -> None:
    with pytest.raises(InvalidInput, match=r"凭证号|不存在"):
        parse_voucher(text)


prefixes = st.text(
    alphabet=st.characters(categories=["Lo", "Lu", "Ll", "Nd", "Pd"]), min_size=1, max_size=6
).filter(lambda p: unicodedata.normalize("NFKC", p) == p)


@given(
    prefixes, st.builds(Month, st.integers(2000, 2100), st.integers(1, 12)), st.integers(1, 99_999)
)
def test_a_voucher_number_parses_back_to_its_parts(prefix: str, month: Month, seq: int) -> None:
    assert parse_voucher(voucher_number(prefix, month, seq)) == (prefix, month, seq)
