"""Reading one spreadsheet cell as what the books need: an amount, a date, a code, a text.

Spreadsheets hand over numbers as floats. An amount never stays a float: a number cell
becomes `Decimal(str(value))` (the shortest text that round-trips, so 1234.5 is 1234.5, not
1234.4999…), which is then taken exactly as fen or refused (more than two decimals, NaN,
infinity, out of range); a text cell goes through `parse_fen`, as if typed at the command
line. Each reader raises `InvalidInput` with a Chinese message saying what is wrong with the
cell; the caller adds where the cell is.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

from ledger.domain.errors import InvalidInput
from ledger.domain.money import fen_from_decimal, parse_fen
from ledger.domain.period import MAX_YEAR, MIN_YEAR, parse_date

Value = object


def is_blank(value: Value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def amount_fen(value: Value, *, field: str) -> int:
    """A positive amount in fen from a number or text cell."""
    if isinstance(value, bool):
        raise InvalidInput(f"{field}「{value}」不是金额")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidInput(f"{field}不是有效的数字")
        fen = fen_from_decimal(Decimal(str(value)), field=field)
    elif isinstance(value, int):
        fen = fen_from_decimal(Decimal(value), field=field)
    elif isinstance(value, Decimal):
        fen = fen_from_decimal(value, field=field)
    elif isinstance(value, str):
        fen = parse_fen(value, field=field, allow_negative=True)
    else:
        raise InvalidInput(f"{field}「{value}」不是金额：请填数字，如 1234.50")
    if fen < 0:
        raise InvalidInput(f"{field}不能为负数：借方、贷方都填正数，方向由所在的列表示")
    if fen == 0:
        raise InvalidInput(f"{field}为零：没有金额的行请删去")
    return fen


def day(value: Value, *, field: str = "日期") -> dt.date:
    """A calendar date from a date cell or from text such as 2024-01-05 or 2024年1月5日."""
    if isinstance(value, dt.datetime):
        if value.time() != dt.time():
            raise InvalidInput(f"{field}「{value}」带有时刻：请只填日期")
        value = value.date()
    if isinstance(value, dt.date):
        if not MIN_YEAR <= value.year <= MAX_YEAR:
            raise InvalidInput(f"{field}「{value}」超出范围（{MIN_YEAR}—{MAX_YEAR} 年）")
        return value
    if isinstance(value, str):
        return parse_date(value.strip(), field=field)
    if isinstance(value, int | float):
        raise InvalidInput(
            f"{field}「{value}」是数字而不是日期：请把单元格设为日期格式，或写成 2024-01-05"
        )
    raise InvalidInput(f"{field}「{value}」不是日期")


def label(value: Value, *, field: str) -> str:
    """An identifier typed as text or as a whole number (a voucher group, an account code)."""
    if isinstance(value, bool):
        raise InvalidInput(f"{field}「{value}」不是有效的编号")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    if isinstance(value, str | type(None)):
        raise InvalidInput(f"{field}为空")
    raise InvalidInput(f"{field}「{value}」不是有效的编号")


def words(value: Value) -> str:
    """Free text of a cell ("" when blank); numbers are written as a person would read them."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    return str(value).strip()


def project_id(value: Value) -> int:
    """A project number: 3, "3", "#3" or "#3 地下车库照明改造" (the journal's own form)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    if isinstance(value, str):
        head = value.strip().removeprefix("#").split(maxsplit=1)
        if head and head[0].isdigit() and head[0].isascii() and int(head[0]) > 0:
            return int(head[0])
    raise InvalidInput(f"项目「{value}」有误：请填项目编号，如 3 或 #3")
