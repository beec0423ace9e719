"""Money: parsing what treasurers type, refusing what they should not, and sharing exactly."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.domain.errors import InvalidAmount
from ledger.domain.money import (
    MAX_ABS_FEN,
    Money,
    allocate,
    bp_share,
    fen_from_decimal,
    fen_to_decimal,
    format_fen,
    format_plain,
    parse_fen,
)

fens = st.integers(min_value=-MAX_ABS_FEN, max_value=MAX_ABS_FEN)


@pytest.mark.parametrize(
    ("text", "fen"),
    [
        ("1234.5", 123450),
        ("1234.50", 123450),
        ("1234", 123400),
        ("0", 0),
        ("0.00", 0),
        ("0.05", 5),
        ("007.10", 710),
        ("1,234.50", 123450),
        ("1,234,567.89", 123456789),
        ("¥1,234.50", 123450),
        ("¥ 12", 1200),
        ("￥1234", 123400),
        ("1234.50元", 123450),
        ("12 元", 1200),
        ("¥12.3元", 1230),
        ("１２３４.５０", 123450),
        ("１２３４．５０", 123450),
        ("１，２３４．５", 123450),
        ("￥１，２３４", 123400),
        ("  12.30\t", 1230),
        ("\u300012.30\u3000", 1230),
        ("10000000000000", MAX_ABS_FEN),
        ("10,000,000,000,000.00", MAX_ABS_FEN),
    ],
)
def test_parse_accepts_what_treasurers_type(text: str, fen: int) -> None:
    assert parse_fen(text) == fen
    assert Money.parse(text) == Money(fen)


@pytest.mark.parametrize(
    ("text", "fen"),
    [
        ("-12.5", -1250),
        ("−12.50", -1250),
        ("－１２．５", -1250),
        ("-¥1,234.50", -123450),
        ("¥-1,234.50", -123450),
        ("- 3元", -300),
        ("-0", 0),
        ("-10,000,000,000,000.00", -MAX_ABS_FEN),
    ],
)
def test_parse_accepts_negative_when_allowed(text: str, fen: int) -> None:
    assert parse_fen(text, allow_negative=True) == fen


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "不能为空"),
        ("   ", "不能为空"),
        ("\u3000", "不能为空"),
        ("12.345", "最多两位小数"),
        ("12.340", "最多两位小数"),
        ("0.001", "最多两位小数"),
        ("1e5", "科学计数法"),
        ("1.5E+3", "科学计数法"),
        ("NaN", "不是有效的数字"),
        ("nan", "不是有效的数字"),
        ("inf", "不是有效的数字"),
        ("-Infinity", "不是有效的数字"),
        ("INF", "不是有效的数字"),
        ("abc", "无法识别的字符"),
        ("12a", "无法识别的字符"),
        ("RMB 12", "无法识别的字符"),
        ("12块", "无法识别的字符"),
        ("0x1F", "无法识别的字符"),
        ("1.2.3", "只能有一个小数点"),
        ("1..2", "只能有一个小数点"),
        ("1,23,4", "千位分隔符"),
        ("1234,567", "千位分隔符"),
        ("12,34", "千位分隔符"),
        (",123", "千位分隔符"),
        ("0,123", "千位分隔符"),
        ("1,234.5,6", "千位分隔符"),
        ("12.", "小数点前后都要有数字"),
        (".5", "小数点前后都要有数字"),
        ("10000000000000.01", "超过上限"),
        ("99999999999999999999999999999", "超过上限"),
        ("9" * 5000, "超过上限"),
        ("-5", "不能为负数"),
        ("−5", "不能为负数"),
        ("-0", "不能为负数"),
        ("--5", "格式不对"),
        ("-¥-5", "格式不对"),
        ("¥¥5", "格式不对"),
        ("1 234", "格式不对"),
        ("12元元", "格式不对"),
        ("1²", "格式不对"),
    ],
)
def test_parse_refuses_with_reason(text: str, reason: str) -> None:
    with pytest.raises(InvalidAmount) as caught:
        parse_fen(text, field="收入金额")
    message = caught.value.message
    assert message.startswith("收入金额「")
    assert text[:40] in message
    assert reason in message
    assert caught.value.facts["field"] == "收入金额"
    assert caught.value.facts["text"] == text


def test_parse_out_of_range_names_the_limit() -> None:
    with pytest.raises(InvalidAmount) as caught:
        parse_fen("10000000000000.01")
    assert "超过上限 ¥10,000,000,000,000.00" in caught.value.message


def test_parse_quotes_very_long_text_shortened() -> None:
    with pytest.raises(InvalidAmount) as caught:
        parse_fen("1" * 100)
    assert "…" in caught.value.message
    assert len(caught.value.message) < 80


@pytest.mark.parametrize("text", ["0", "0.00", "¥0", "-0"])
def test_parse_refuses_zero_when_not_allowed(text: str) -> None:
    with pytest.raises(InvalidAmount, match="不能为零"):
        parse_fen(text, allow_zero=False, allow_negative=True)


def test_parse_accepts_non_zero_when_zero_not_allowed() -> None:
    assert parse_fen("0.01", allow_zero=False) == 1


@pytest.mark.parametrize(
    ("fen", "grouped", "plain", "with_symbol"),
    [
        (0, "0.00", "0.00", "¥0.00"),
        (5, "0.05", "0.05", "¥0.05"),
        (-5, "-0.05", "-0.05", "-¥0.05"),
        (123450, "1,234.50", "1234.50", "¥1,234.50"),
        (-123450, "-1,234.50", "-1234.50", "-¥1,234.50"),
        (100000, "1,000.00", "1000.00", "¥1,000.00"),
        (MAX_ABS_FEN, "10,000,000,000,000.00", "10000000000000.00", "¥10,000,000,000,000.00"),
    ],
)
def test_format(fen: int, grouped: str, plain: str, with_symbol: str) -> None:
    assert format_fen(fen) == grouped
    assert format_plain(fen) == plain
    assert format_fen(fen, grouping=False) == plain
    assert format_fen(fen, symbol=True) == with_symbol
    assert str(Money(fen)) == grouped


@pytest.mark.parametrize("bad", [1.5, True, Decimal("1"), "12"])
def test_format_refuses_non_int(bad: object) -> None:
    with pytest.raises(TypeError):
        format_fen(bad)  # type: ignore[arg-type]


@given(fens)
def test_format_then_parse_round_trips(fen: int) -> None:
    assert parse_fen(format_fen(fen), allow_negative=True) == fen
    assert parse_fen(format_fen(fen, symbol=True), allow_negative=True) == fen
    assert parse_fen(format_plain(fen), allow_negative=True) == fen


@given(fens)
def test_decimal_round_trips(fen: int) -> None:
    value = fen_to_decimal(fen)
    assert value.as_tuple().exponent == -2
    assert fen_from_decimal(value) == fen
    assert str(value) == format_plain(fen)


@pytest.mark.parametrize(
    ("value", "fen"),
    [
        (Decimal("12.3"), 1230),
        (Decimal("12.340"), 1234),
        (Decimal("1E+2"), 10000),
        (Decimal("-0.01"), -1),
        (Decimal("-0"), 0),
        (Decimal("10000000000000.00"), MAX_ABS_FEN),
    ],
)
def test_fen_from_decimal_accepts_whole_fen(value: Decimal, fen: int) -> None:
    assert fen_from_decimal(value) == fen


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (Decimal("12.345"), "最多两位小数"),
        (Decimal("1E-3"), "最多两位小数"),
        (Decimal("NaN"), "不是有效的数字"),
        (Decimal("sNaN"), "不是有效的数字"),
        (Decimal("Infinity"), "不是有效的数字"),
        (Decimal("-Infinity"), "不是有效的数字"),
        (Decimal("10000000000000.01"), "超过上限"),
        (Decimal("1E+40"), "超过上限"),
        (Decimal("12345678901234567890123456789012345.01"), "超过上限"),
    ],
)
def test_fen_from_decimal_refuses(value: Decimal, reason: str) -> None:
    with pytest.raises(InvalidAmount) as caught:
        fen_from_decimal(value, field="拨付金额")
    assert "拨付金额" in caught.value.message
    assert reason in caught.value.message
    assert caught.value.facts["field"] == "拨付金额"


def test_fen_from_decimal_refuses_float() -> None:
    with pytest.raises(TypeError):
        fen_from_decimal(12.5)  # type: ignore[arg-type]


def test_fen_to_decimal_has_two_places() -> None:
    assert str(fen_to_decimal(0)) == "0.00"
    assert str(fen_to_decimal(-5)) == "-0.05"
    assert fen_to_decimal(123450) == Decimal("1234.5")


@pytest.mark.parametrize("bad", [1.0, 0.1, True, False, Decimal("1"), "1", None])
def test_money_refuses_anything_but_int(bad: object) -> None:
    with pytest.raises(TypeError):
        Money(bad)  # type: ignore[arg-type]


def test_money_refuses_out_of_range() -> None:
    Money(MAX_ABS_FEN)
    with pytest.raises(InvalidAmount, match="超过上限"):
        Money(MAX_ABS_FEN + 1)
    with pytest.raises(InvalidAmount, match="超过上限"):
        Money(MAX_ABS_FEN) + Money(1)


def test_money_arithmetic() -> None:
    a, b = Money(1050), Money(-300)
    assert a + b == Money(750)
    assert a - b == Money(1350)
    assert -a == Money(-1050)
    assert abs(b) == Money(300)
    assert b < Money.zero() < a
    assert sorted([a, b, Money.zero()]) == [b, Money.zero(), a]
    assert Money.zero().is_zero() and not a.is_zero()
    assert not Money.zero() and a
    assert a.to_decimal() == Decimal("10.50")
    assert Money.parse("-1,234.5", allow_negative=True) == Money(-123450)
    assert len({Money(1), Money(1)}) == 1


def test_money_does_not_mix_with_plain_numbers() -> None:
    with pytest.raises(TypeError):
        Money(1) + 1  # type: ignore[operator]
    with pytest.raises(TypeError):
        Money(1) - 0.5  # type: ignore[operator]
    with pytest.raises(TypeError):
        Money(1) < 2  # type: ignore[operator]  # noqa: B015
    assert Money(100) != 100  # type: ignore[comparison-overlap]


def test_money_is_immutable() -> None:
    money = Money(1)
    with pytest.raises(AttributeError):
        money.fen = 2  # type: ignore[misc]


@pytest.mark.parametrize(
    ("total", "share_bp", "expected"),
    [
        (10000, 3000, 3000),
        (1, 5000, 1),  # 0.5 fen rounds up
        (-1, 5000, -1),  # and mirrors for negatives
        (1, 4999, 0),
        (3, 5000, 2),  # 1.5 → 2
        (-3, 5000, -2),
        (12345, 3333, 4115),  # 4114.5885 → 4115
        (99999, 0, 0),
        (99999, 10000, 99999),
    ],
)
def test_bp_share(total: int, share_bp: int, expected: int) -> None:
    assert bp_share(total, share_bp) == expected


@pytest.mark.parametrize("share_bp", [-1, 10001])
def test_bp_share_refuses_out_of_range(share_bp: int) -> None:
    with pytest.raises(ValueError):
        bp_share(100, share_bp)


@given(fens, st.integers(min_value=0, max_value=10000))
def test_bp_share_within_half_a_fen(total: int, share_bp: int) -> None:
    exact = Fraction(total * share_bp, 10000)
    share = bp_share(total, share_bp)
    assert abs(share - exact) <= Fraction(1, 2)
    assert bp_share(-total, share_bp) == -share


@pytest.mark.parametrize(
    ("total", "weights", "expected"),
    [
        (100, [1, 1, 1], [34, 33, 33]),  # tie: earliest index gets the extra fen
        (-100, [1, 1, 1], [-34, -33, -33]),
        (100, [0, 1, 1], [0, 50, 50]),
        (101, [0, 1, 1], [0, 51, 50]),
        (10, [7000, 3000], [7, 3]),
        (1, [1, 2], [0, 1]),  # larger remainder wins over earlier index
        (0, [1, 2], [0, 0]),
        (5, [5], [5]),
    ],
)
def test_allocate(total: int, weights: list[int], expected: list[int]) -> None:
    assert allocate(total, weights) == expected


@pytest.mark.parametrize("weights", [[], [0, 0], [1, -1], [1.5, 1], [True, 1]])
def test_allocate_refuses_bad_weights(weights: list[int]) -> None:
    with pytest.raises(ValueError):
        allocate(100, weights)


@given(fens, st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=20))
def test_allocate_preserves_total_and_stays_within_a_fen(total: int, weights: list[int]) -> None:
    if sum(weights) == 0:
        weights = [*weights, 1]
    parts = allocate(total, weights)
    assert sum(parts) == total
    assert len(parts) == len(weights)
    for part, weight in zip(parts, weights, strict=True):
        assert abs(part - Fraction(total * weight, sum(weights))) < 1
        if weight == 0:
            assert part == 0
