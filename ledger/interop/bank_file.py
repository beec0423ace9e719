"""Reading a bank statement file (CSV or XLSX) into bank lines, or refusing it whole.

- Encoding of a CSV: a UTF-8 byte-order mark means UTF-8; otherwise the bytes are tried as
  strict UTF-8, and failing that as GB18030 (a superset of GBK and GB2312, so GBK files read
  the same and characters outside GBK such as 𠀀 still read). Bytes that are neither are
  refused naming the first bad row.
- The header row is the first of the first rows that names every required column of the
  profile; the title rows above it (account name, number, period) are skipped but searched
  for the account number. Without a profile each shipped profile is tried; exactly one must
  fit.
- Every row is read, and every problem is reported with its row number and what is wrong.
  Blank rows and total rows (合计, 小计, 总计) are skipped.
- Amounts go through `parse_fen` (text) or an exact Decimal (spreadsheet numbers), never a
  float; dates are 2023-06-01, 2023/06/01, 20230601 or 2023年6月1日, a time after the date is
  ignored.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import partial

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from ledger.domain.bank import BankLine, where
from ledger.domain.bank_rules import REQUIRED_COLUMNS, BankColumn, BankProfile
from ledger.domain.errors import BatchInvalid, InvalidInput, LedgerError, Problem
from ledger.domain.money import fen_from_decimal, parse_fen
from ledger.domain.period import parse_date

HEADER_SEARCH_ROWS = 20
TEXT_CHARS_MAX = 200
_ACCOUNT_RE = re.compile(r"(?:账号|帐号|账户)\s*[:：]?\s*(\d[\d\s-]{6,}\d)")
_COMPACT_DATE_RE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_TOTAL_WORDS = ("合计", "小计", "总计")

Row = tuple[int, list[object]]


@dataclass(frozen=True)
class BankFile:
    profile: BankProfile
    encoding: str  # utf-8-sig, utf-8, gb18030 or xlsx
    header_row: int
    account_no: str  # digits of an account number found above the header, or ""
    lines: tuple[BankLine, ...]


def read_bank_file(
    data: bytes, source: str, profiles: Sequence[BankProfile], profile: BankProfile | None
) -> BankFile:
    rows, encoding = _rows(data, source)
    if profile is None:
        profile = _detect(rows, profiles, source)
    header_row, columns = _header(rows, profile)
    if not header_row:
        names = "、".join(f"{c.label}（{'/'.join(profile.columns[c])}）" for c in REQUIRED_COLUMNS)
        message = f"在前 {HEADER_SEARCH_ROWS} 行找不到格式「{profile.name}」的表头：应含 {names}"
        raise BatchInvalid(source, [Problem("", message)])
    lines, problems = [], []
    for number, cells in rows:
        if number <= header_row or _skipped(cells, columns):
            continue
        try:
            lines.append(_line(number, cells, columns))
        except LedgerError as err:
            problems.append(Problem(where(number), err.message))
    if problems:
        raise BatchInvalid(source, problems)
    if not lines:
        raise BatchInvalid(source, [Problem("", "表头下面没有任何流水")])
    return BankFile(
        profile,
        encoding,
        header_row,
        _account_no([r for r in rows if r[0] < header_row]),
        tuple(lines),
    )


def decode(data: bytes) -> tuple[str, str]:
    """The text of a CSV file and the encoding it was read with."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data.decode("utf-8-sig"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as err:
        row = data[: err.start].count(b"\n") + 1
        raise BatchInvalid(
            "",
            [Problem(where(row), "既不是 UTF-8 也不是 GBK/GB18030 编码的文字：请从网银重新导出")],
        ) from None


def _rows(data: bytes, source: str) -> tuple[list[Row], str]:
    if data.startswith(b"PK\x03\x04"):
        return _xlsx_rows(data), "xlsx"
    try:
        text, encoding = decode(data)
    except BatchInvalid as err:
        raise BatchInvalid(source, err.problems) from None
    delimiter = "\t" if text.count("\t") > text.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[Row] = []
    try:
        for cells in reader:
            rows.append((reader.line_num, [_csv_cell(c) for c in cells]))
    except csv.Error as err:
        problem = Problem(where(reader.line_num), f"不是有效的 CSV：{err}")
        raise BatchInvalid(source, [problem]) from None
    return rows, encoding


def _csv_cell(text: str) -> str:
    """Banks write ="0123" to keep Excel from eating leading zeros; take the text inside."""
    text = text.strip()
    if text.startswith('="') and text.endswith('"'):
        text = text[2:-1]
    return text.strip()


def _xlsx_rows(data: bytes) -> list[Row]:
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as err:
        raise InvalidInput("文件不是有效的 .xlsx 工作簿：请从网银重新导出") from err
    try:
        ws = book.worksheets[0]
        return [(n, list(values)) for n, values in enumerate(ws.iter_rows(values_only=True), 1)]
    finally:
        book.close()


def _header(rows: Sequence[Row], profile: BankProfile) -> tuple[int, dict[BankColumn, int]]:
    for number, cells in rows[:HEADER_SEARCH_ROWS]:
        columns: dict[BankColumn, int] = {}
        for index, cell in enumerate(cells):
            column = profile.column_for(cell) if isinstance(cell, str) else None
            if column is not None:
                columns.setdefault(column, index)
        if all(c in columns for c in REQUIRED_COLUMNS):
            return number, columns
    return 0, {}


def _detect(rows: Sequence[Row], profiles: Sequence[BankProfile], source: str) -> BankProfile:
    fits = [p for p in profiles if _header(rows, p)[0]]
    if len(fits) == 1:
        return fits[0]
    if not fits:
        known = "、".join(f"{p.key}（{p.name}）" for p in profiles) or "（rules.yaml 中没有）"
        message = f"认不出对账单的格式：前 {HEADER_SEARCH_ROWS} 行没有任何已知格式的表头；已知格式：{known}"
    else:
        names = "、".join(p.key for p in fits)
        message = f"对账单同时符合多个格式（{names}）：请用 --profile 指定"
    raise BatchInvalid(source, [Problem("", message)])


def _skipped(cells: list[object], columns: dict[BankColumn, int]) -> bool:
    if all(_blank(c) for c in cells):
        return True
    first = next((c for c in cells if not _blank(c)), "")
    if isinstance(first, str) and first.startswith(_TOTAL_WORDS):
        return True
    return _blank(_cell(cells, columns, BankColumn.DATE)) and _blank(
        _cell(cells, columns, BankColumn.SERIAL)
    )


def _line(number: int, cells: list[object], columns: dict[BankColumn, int]) -> BankLine:
    errors: list[str] = []

    def read(column: BankColumn, parse: Callable[[object], object]) -> object:
        try:
            return parse(_cell(cells, columns, column))
        except LedgerError as err:
            errors.append(err.message)
            return None

    day = read(BankColumn.DATE, _date)
    money_in = read(BankColumn.MONEY_IN, lambda v: _amount(v, BankColumn.MONEY_IN))
    money_out = read(BankColumn.MONEY_OUT, lambda v: _amount(v, BankColumn.MONEY_OUT))
    balance = read(BankColumn.BALANCE, _balance)
    serial = read(BankColumn.SERIAL, partial(_text, column=BankColumn.SERIAL, required=True))
    texts = [
        read(c, partial(_text, column=c, required=False))
        for c in (BankColumn.COUNTERPARTY, BankColumn.COUNTERPARTY_ACCOUNT, BankColumn.MEMO)
    ]
    if isinstance(money_in, int) and isinstance(money_out, int):
        if money_in and money_out:
            errors.append("同一行既有收入又有支出：每行只能有一个方向的金额")
        elif not money_in and not money_out:
            errors.append("收入和支出都为空或为零")
    if errors:
        raise InvalidInput("；".join(errors))
    assert isinstance(day, dt.date) and isinstance(balance, int) and isinstance(serial, str)
    assert isinstance(money_in, int) and isinstance(money_out, int)
    counterparty, account, memo = (str(t) for t in texts)
    return BankLine(number, serial, day, money_in - money_out, balance, counterparty, account, memo)


def _cell(cells: list[object], columns: dict[BankColumn, int], column: BankColumn) -> object:
    index = columns.get(column)
    return cells[index] if index is not None and index < len(cells) else None


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _date(value: object) -> dt.date:
    label = BankColumn.DATE.label
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(f"{label}为空")
    text = value.strip().split()[0].split("T")[0]
    compact = _COMPACT_DATE_RE.fullmatch(text)
    if compact:
        text = "-".join(compact.groups())
    return parse_date(text, field=label)


def _number(value: object, label: str) -> int:
    if isinstance(value, bool):
        raise InvalidInput(f"{label}「{value}」不是金额")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidInput(f"{label}不是有效的数字")
        return fen_from_decimal(Decimal(str(value)), field=label)
    if isinstance(value, int):
        return fen_from_decimal(Decimal(value), field=label)
    if isinstance(value, str):
        return parse_fen(value, field=label, allow_negative=True)
    raise InvalidInput(f"{label}「{value}」不是金额")


def _amount(value: object, column: BankColumn) -> int:
    if _blank(value) or (isinstance(value, str) and value.strip() in ("-", "--")):
        return 0
    fen = _number(value, column.label)
    if fen < 0:
        raise InvalidInput(f"{column.label}「{value}」为负数：金额应为正数，方向由所在的列表示")
    return fen


def _balance(value: object) -> int:
    if _blank(value):
        raise InvalidInput(f"{BankColumn.BALANCE.label}为空")
    return _number(value, BankColumn.BALANCE.label)


def _text(value: object, column: BankColumn, *, required: bool) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = "" if value is None else str(value).strip()
    if required and not text:
        raise InvalidInput(f"{column.label}为空")
    if len(text) > TEXT_CHARS_MAX:
        raise InvalidInput(f"{column.label}超过 {TEXT_CHARS_MAX} 个字")
    return text


def _account_no(rows: Sequence[Row]) -> str:
    for _, cells in rows:
        for cell in cells:
            found = _ACCOUNT_RE.search(str(cell)) if cell is not None else None
            if found:
                return re.sub(r"\D", "", found.group(1))
    return ""
