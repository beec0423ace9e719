"""大写金额: the standard's worked examples, and a round trip through an independent reader."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.domain.capital import capital_amount
from ledger.domain.errors import InvalidAmount
from ledger.domain.money import MAX_ABS_FEN


@pytest.mark.parametrize(
    ("fen", "expected"),
    [
        (0, "零元整"),
        (5, "伍分"),
        (50, "伍角整"),
        (53, "伍角叁分"),
        (1000, "壹拾元整"),
        (1500, "壹拾伍元整"),
        (32504, "叁佰贰拾伍元零肆分"),
        (140950, "壹仟肆佰零玖元伍角整"),
        (600714, "陆仟零柒元壹角肆分"),
        (100001, "壹仟元零壹分"),
        (1001000, "壹万零壹拾元整"),
        (1234567, "壹万贰仟叁佰肆拾伍元陆角柒分"),
        (10000500, "壹拾万零伍元整"),
        (100000000, "壹佰万元整"),
        (2000000000, "贰仟万元整"),
        (10000000000, "壹亿元整"),
        (10000000100, "壹亿零壹元整"),
        (10010000000, "壹亿零壹拾万元整"),
        (10100000000, "壹亿零壹佰万元整"),
        (11000000000, "壹亿壹仟万元整"),
        (1000000000000, "壹佰亿元整"),
        (100000000000000, "壹万亿元整"),
        (100010000000000, "壹万零壹亿元整"),
        (MAX_ABS_FEN, "壹拾万亿元整"),
        (MAX_ABS_FEN - 1, "玖万玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
        # Where the standard allows both, we write 零 after 元 (see capital.py's docstring).
        (168032, "壹仟陆佰捌拾元零叁角贰分"),
        (10700053, "壹拾万柒仟元零伍角叁分"),
        (101010, "壹仟零壹拾元零壹角整"),
        (10020030040, "壹亿零贰拾万零叁佰元零肆角整"),
        (1090095, "壹万零玖佰元零玖角伍分"),
        (-5, "负伍分"),
        (-1234567, "负壹万贰仟叁佰肆拾伍元陆角柒分"),
    ],
)
def test_capital_amount(fen: int, expected: str) -> None:
    assert capital_amount(fen) == expected


def test_capital_amount_refuses_beyond_the_limit() -> None:
    with pytest.raises(InvalidAmount, match="超过上限"):
        capital_amount(MAX_ABS_FEN + 1)


@pytest.mark.parametrize("bad", [1.0, True])
def test_capital_amount_refuses_non_int(bad: object) -> None:
    with pytest.raises(TypeError):
        capital_amount(bad)  # type: ignore[arg-type]


_DIGIT_VALUES = {ch: i for i, ch in enumerate("零壹贰叁肆伍陆柒捌玖")}
_SMALL_UNITS = {"拾": 10, "佰": 100, "仟": 1000}
_ALLOWED = set(_DIGIT_VALUES) | set(_SMALL_UNITS) | set("万亿元角分整负")


def _read_whole(text: str) -> int:
    """Chinese capital numerals (no 元) → int, by the usual section-by-section reading."""
    total = section = 0
    digit = 0
    for ch in text:
        if ch in _DIGIT_VALUES:
            digit = _DIGIT_VALUES[ch]
        elif ch in _SMALL_UNITS:
            section += digit * _SMALL_UNITS[ch]
            digit = 0
        elif ch == "万":
            total += (section + digit) * 10**4
            section = digit = 0
        elif ch == "亿":
            # 亿 multiplies everything read so far, including a preceding 万 section.
            total = (total + section + digit) * 10**8
            section = digit = 0
        else:
            raise ValueError(ch)
    return total + section + digit


def _read_capital(text: str) -> int:
    """An independent inverse of capital_amount: 大写金额 → fen."""
    sign = -1 if text.startswith("负") else 1
    text = text.removeprefix("负").removesuffix("整")
    yuan_text, _, cents_text = text.rpartition("元")
    cents_text = cents_text.lstrip("零")
    jiao_text, _, fen_text = cents_text.rpartition("角") if "角" in cents_text else ("", "", "")
    if "角" not in cents_text:
        fen_text = cents_text
    jiao = _DIGIT_VALUES[jiao_text] if jiao_text else 0
    fen = _DIGIT_VALUES[fen_text.removesuffix("分")] if fen_text else 0
    return sign * (_read_whole(yuan_text) * 100 + jiao * 10 + fen)


@given(st.integers(min_value=-MAX_ABS_FEN, max_value=MAX_ABS_FEN))
def test_capital_amount_reads_back(fen: int) -> None:
    text = capital_amount(fen)
    assert set(text) <= _ALLOWED
    assert text.endswith(("整", "分"))
    assert "零零" not in text
    assert _read_capital(text) == fen


sparse_fens = st.lists(st.sampled_from("0000019"), min_size=15, max_size=15).map(
    lambda digits: int("".join(digits))
)


@given(sparse_fens)
def test_capital_amount_reads_back_mostly_zeros(fen: int) -> None:
    """Amounts full of zeros, where the zero rules do their work, read back too."""
    assert _read_capital(capital_amount(fen)) == fen
    assert "零零" not in capital_amount(fen)


def test_reader_reads_the_worked_examples() -> None:
    assert _read_capital("壹拾万柒仟元零伍角叁分") == 10700053
    assert _read_capital("壹拾万零柒仟元伍角叁分") == 10700053
    assert _read_capital("伍分") == 5
    assert _read_capital("零元整") == 0
