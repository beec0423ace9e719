"""大写金额: the amount in Chinese capital numerals, as written on vouchers and receipts.

Rules (《支付结算办法》附件一 and 《会计基础工作规范》 conventions):
- Digits 零壹贰叁肆伍陆柒捌玖; units 拾佰仟 inside a four-digit section, sections 万 and 亿
  (¥10 trillion, the ledger's maximum, is 壹拾万亿); then 元, 角, 分. 10 is 壹拾, never 拾.
- 整 follows 元 when there are no 角 and 分, and follows 角 when there is no 分 (伍角整).
  Nothing follows 分.
- A run of zeros between non-zero digits is written as one 零 (壹仟零玖, 壹亿零壹).
- Zeros at the end of a section are dropped with their unit (壹佰万, not 壹佰零拾零万).
- A section whose leading (仟) position is zero gets a 零 when a higher section precedes it
  and it is not all zero (100,005 → 壹拾万零伍; 100,200,300 → 壹亿零贰拾万零叁佰).
- Below one yuan nothing precedes the 角 or 分 (0.05 → 伍分, 0.50 → 伍角整); 0 → 零元整.
- When 元 is non-zero and 角 is zero but 分 is not, 零 is written (325.04 → 叁佰贰拾伍元零肆分).
- Where the standard allows either form — the 元位 is zero while 角 is not — we always write
  the 零 after 元, the first form the standard gives in both its examples:
  1,680.32 → 壹仟陆佰捌拾元零叁角贰分, 107,000.53 → 壹拾万柒仟元零伍角叁分.
  Its other permitted form (壹拾万零柒仟元伍角叁分) is never produced.
- A negative amount is prefixed with 负.
"""

from __future__ import annotations

from ledger.domain.errors import InvalidAmount
from ledger.domain.money import MAX_ABS_FEN, format_fen

DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SECTION_UNITS = ((1000, "仟"), (100, "佰"), (10, "拾"), (1, ""))
_WAN = 10**4
_YI = 10**8


def capital_amount(fen: int) -> str:
    """The 大写金额 of `fen`: 12,345.67 → 壹万贰仟叁佰肆拾伍元陆角柒分."""
    if type(fen) is not int:
        raise TypeError(f"capital_amount needs an int of fen, got {type(fen).__name__}")
    if abs(fen) > MAX_ABS_FEN:
        raise InvalidAmount(
            f"金额「{format_fen(fen)}」有误：超过上限", field="金额", text=format_fen(fen)
        )
    sign = "负" if fen < 0 else ""
    yuan, cents = divmod(abs(fen), 100)
    if yuan == 0 and cents == 0:
        return "零元整"
    jiao, fen_digit = divmod(cents, 10)
    return sign + _yuan_part(yuan, jiao) + _cents_part(yuan, jiao, fen_digit)


def _yuan_part(yuan: int, jiao: int) -> str:
    if yuan == 0:
        return ""
    text = _integer(yuan) + "元"
    if yuan % 10 == 0 and jiao:
        text += "零"  # the standard's optional 零 (see module docstring)
    return text


def _cents_part(yuan: int, jiao: int, fen_digit: int) -> str:
    if jiao == 0 and fen_digit == 0:
        return "整"
    if jiao == 0:
        return ("零" if yuan else "") + DIGITS[fen_digit] + "分"
    if fen_digit == 0:
        return DIGITS[jiao] + "角整"
    return DIGITS[jiao] + "角" + DIGITS[fen_digit] + "分"


def _integer(n: int) -> str:
    """A positive whole number of yuan in capital numerals, without 元."""
    if n >= _YI:
        return _join(_integer(n // _YI) + "亿", n % _YI, _YI // 10)
    if n >= _WAN:
        return _join(_section(n // _WAN) + "万", n % _WAN, _WAN // 10)
    return _section(n)


def _join(high: str, low: int, low_leading: int) -> str:
    """`high` followed by the lower part `low`, with 零 if low's leading position is zero."""
    if low == 0:
        return high
    return high + ("零" if low < low_leading else "") + _integer(low)


def _section(n: int) -> str:
    """1..9999 as 仟佰拾 digits: inner zero runs become one 零, trailing zeros are dropped."""
    parts: list[str] = []
    zero_pending = False
    for place, unit in _SECTION_UNITS:
        digit = n // place % 10
        if digit == 0:
            zero_pending = bool(parts)
            continue
        if zero_pending:
            parts.append("零")
            zero_pending = False
        parts.append(DIGITS[digit] + unit)
    return "".join(parts)
