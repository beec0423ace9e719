"""Money as integer fen (分): parse what treasurers type, format it back, share it out.

Invariants kept here:
- Inside the ledger an amount is an `int` of fen; a float never becomes money, and `Decimal`
  appears only at the edges (`fen_from_decimal`, `fen_to_decimal`).
- Every amount has |fen| <= MAX_ABS_FEN (¥10 trillion), so it always formats and parses back.
- Text with more than two decimals, an exponent, NaN or infinity is refused, never rounded.
- Shares are integer basis points; rounding is explicit (half away from zero) and an
  allocation always sums exactly to its total (largest remainder, earliest index wins ties).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Context, Decimal, localcontext

from ledger.domain.errors import InvalidAmount

MAX_ABS_FEN = 10**13 * 100
BP_WHOLE = 10_000

_LIMIT_TEXT = "¥10,000,000,000,000.00"
_QUOTE_MAX_CHARS = 40

# Full-width forms typed with a Chinese IME, mapped to their ASCII meaning. Deliberately not
# NFKC: that would also turn "1²" into "12" or "１⁄２" into "1/2" and accept them silently.
_FULL_WIDTH = str.maketrans(
    {
        **{chr(0xFF10 + d): str(d) for d in range(10)},
        "，": ",",
        "．": ".",
        "￥": "¥",
        "－": "-",
        "−": "-",
        "\u3000": " ",
    }
)

_SHAPE = re.compile(
    r"(?P<sign1>-)?\s*(?P<yen>¥)?\s*(?P<sign2>-)?\s*(?P<number>[0-9.,]+)\s*(?:元)?",
)
_GROUPED = re.compile(r"[1-9][0-9]{0,2}(?:,[0-9]{3})+")
_EXPONENT = re.compile(r"[0-9.][eE][-+]?[0-9]")
_NOT_A_NUMBER = ("nan", "inf")
# More integer digits than this is out of range anyway; checked before int() sees the text.
_MAX_INT_DIGITS = len(str(MAX_ABS_FEN // 100))


def _refuse(field: str, text: str, reason: str) -> InvalidAmount:
    quoted = text if len(text) <= _QUOTE_MAX_CHARS else text[:_QUOTE_MAX_CHARS] + "…"
    return InvalidAmount(
        f"{field}「{quoted}」有误：{reason}", field=field, text=text, reason=reason
    )


def _why_shapeless(s: str) -> str:
    if _EXPONENT.search(s):
        return "不能使用科学计数法"
    if any(ch.isalpha() and ch != "元" for ch in s):
        return "含有无法识别的字符"
    return "格式不对，应如 1,234.50"


def parse_fen(
    text: str, *, field: str = "金额", allow_negative: bool = False, allow_zero: bool = True
) -> int:
    """Parse a typed amount such as `¥1,234.50`, `１２３４．５元` or `-12` into fen."""
    s = text.translate(_FULL_WIDTH).strip()
    if not s:
        raise _refuse(field, text, "不能为空")
    if any(word in s.casefold() for word in _NOT_A_NUMBER):
        raise _refuse(field, text, "不是有效的数字")
    shape = _SHAPE.fullmatch(s)
    if shape is None or (shape["sign1"] and shape["sign2"]):
        raise _refuse(field, text, _why_shapeless(s))
    number = shape["number"]
    if number.count(".") > 1:
        raise _refuse(field, text, "只能有一个小数点")
    whole, dot, frac = number.partition(".")
    if not whole or (dot and not frac):
        raise _refuse(field, text, "小数点前后都要有数字")
    if "," in frac or ("," in whole and not _GROUPED.fullmatch(whole)):
        raise _refuse(field, text, "千位分隔符位置不对")
    if len(frac) > 2:
        raise _refuse(field, text, "最多两位小数")
    digits = whole.replace(",", "").lstrip("0")
    if len(digits) > _MAX_INT_DIGITS:
        raise _refuse(field, text, f"超过上限 {_LIMIT_TEXT}")
    fen = int(digits or "0") * 100 + int(frac.ljust(2, "0"))
    if fen > MAX_ABS_FEN:
        raise _refuse(field, text, f"超过上限 {_LIMIT_TEXT}")
    negative = bool(shape["sign1"] or shape["sign2"])
    if negative and not allow_negative:
        raise _refuse(field, text, "不能为负数")
    if fen == 0 and not allow_zero:
        raise _refuse(field, text, "不能为零")
    return -fen if negative else fen


def fen_from_decimal(value: Decimal, *, field: str = "金额") -> int:
    """Exact fen of a Decimal; refuses fractions of a fen instead of rounding them."""
    if not isinstance(value, Decimal):
        raise TypeError(f"fen_from_decimal needs a Decimal, got {type(value).__name__}")
    if not value.is_finite():
        raise _refuse(field, str(value), "不是有效的数字")
    # Comparisons are exact; the generous precision keeps quantize and * 100 exact too,
    # whatever the caller did to the thread's decimal context.
    with localcontext(Context(prec=40)):
        if abs(value) > Decimal(MAX_ABS_FEN) / 100:
            raise _refuse(field, str(value), f"超过上限 {_LIMIT_TEXT}")
        cents = value.quantize(Decimal("0.01"))
        if cents != value:
            raise _refuse(field, str(value), "最多两位小数")
        return int(cents * 100)


def fen_to_decimal(fen: int) -> Decimal:
    """Fen as a Decimal with exactly two places (`Decimal('12.30')`)."""
    _require_int(fen)
    return Decimal(f"{fen}E-2")


def format_fen(fen: int, *, grouping: bool = True, symbol: bool = False) -> str:
    """`1,234.50`, `-1,234.50`, `¥1,234.50` (symbol=True), `-¥1,234.50`, `0.00`."""
    _require_int(fen)
    yuan, cents = divmod(abs(fen), 100)
    sign = "-" if fen < 0 else ""
    yen = "¥" if symbol else ""
    whole = f"{yuan:,}" if grouping else str(yuan)
    return f"{sign}{yen}{whole}.{cents:02d}"


def format_plain(fen: int) -> str:
    """`1234.50`: no grouping, no symbol; for JSON, CSV and beancount."""
    return format_fen(fen, grouping=False)


def _require_int(value: object) -> None:
    # bool is an int subclass, and True fen is always a bug.
    if type(value) is not int:
        raise TypeError(f"money needs an int of fen, got {type(value).__name__}: {value!r}")


@dataclass(frozen=True, slots=True, order=True)
class Money:
    """An amount in fen. Only an `int` builds one; |fen| <= MAX_ABS_FEN."""

    fen: int

    def __post_init__(self) -> None:
        _require_int(self.fen)
        if abs(self.fen) > MAX_ABS_FEN:
            raise _refuse("金额", format_fen(self.fen), f"超过上限 {_LIMIT_TEXT}")

    @classmethod
    def parse(
        cls,
        text: str,
        *,
        field: str = "金额",
        allow_negative: bool = False,
        allow_zero: bool = True,
    ) -> Money:
        return cls(
            parse_fen(text, field=field, allow_negative=allow_negative, allow_zero=allow_zero)
        )

    @classmethod
    def zero(cls) -> Money:
        return cls(0)

    def __add__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        return Money(self.fen + other.fen)

    def __sub__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        return Money(self.fen - other.fen)

    def __neg__(self) -> Money:
        return Money(-self.fen)

    def __abs__(self) -> Money:
        return Money(abs(self.fen))

    def __bool__(self) -> bool:
        return self.fen != 0

    def is_zero(self) -> bool:
        return self.fen == 0

    def to_decimal(self) -> Decimal:
        return fen_to_decimal(self.fen)

    def __str__(self) -> str:
        return format_fen(self.fen)


def bp_share(total_fen: int, share_bp: int) -> int:
    """total × share_bp / 10000, rounded half away from zero (so -x gives exactly -share(x))."""
    _require_int(total_fen)
    if type(share_bp) is not int or not 0 <= share_bp <= BP_WHOLE:
        raise ValueError(f"share_bp must be an int in 0..{BP_WHOLE}, got {share_bp!r}")
    quotient, remainder = divmod(abs(total_fen) * share_bp, BP_WHOLE)
    if 2 * remainder >= BP_WHOLE:
        quotient += 1
    return -quotient if total_fen < 0 else quotient


def allocate(total_fen: int, weights: Sequence[int]) -> list[int]:
    """Split total_fen in proportion to weights; the parts always sum exactly to total_fen.

    Each part gets the floor of its exact share; the fen left over go one each to the parts
    with the largest remainders, the earliest index first on a tie. A part with weight 0 gets
    0. A negative total is split as its absolute value and negated, so it mirrors exactly.
    """
    _require_int(total_fen)
    if any(type(w) is not int or w < 0 for w in weights):
        raise ValueError(f"weights must be non-negative ints, got {list(weights)!r}")
    weight_sum = sum(weights)
    if weight_sum <= 0:
        raise ValueError("weights must have a positive sum")
    magnitude = abs(total_fen)
    floors_and_rests = [divmod(magnitude * w, weight_sum) for w in weights]
    parts = [floor for floor, _ in floors_and_rests]
    leftover = magnitude - sum(parts)
    by_remainder = sorted(range(len(parts)), key=lambda i: (-floors_and_rests[i][1], i))
    for i in by_remainder[:leftover]:
        parts[i] += 1
    return [-p for p in parts] if total_fen < 0 else parts
