"""Reading the journal sheet row by row: each known cell as what the books need, or a problem
located at that cell (`序时账!F7`).

A `RowReader` collects every problem of the sheet; a row with any bad cell is marked `bad`
so the voucher it belongs to is not judged as a whole on figures that are known wrong.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ledger.domain import journal_layout as col
from ledger.domain.account import Account
from ledger.domain.errors import InvalidInput, LedgerError, Problem
from ledger.domain.rules import IncomeCategory
from ledger.interop import xlsx_cells as cells
from ledger.interop.xlsx_sheet import NO_CACHED_VALUE, SheetTable

T = TypeVar("T")
Located = tuple[tuple[int, int], Problem]
_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass
class SheetRow:
    number: int
    values: dict[str, Any]
    bad: bool = False
    got: dict[str, Any] = field(default_factory=dict)


class RowReader:
    def __init__(
        self,
        table: SheetTable,
        chart: Sequence[Account],
        categories: Collection[IncomeCategory],
        compound: str,
    ) -> None:
        self.table, self.compound = table, compound
        self.chart = {a.code: a for a in chart}
        self.categories = {c.key: c.key for c in categories} | {c.name: c.key for c in categories}
        self.found: list[Located] = list(table.problems)

    def problem(self, row: int, column: str | None, message: str) -> None:
        number = self.table.columns.get(column, 0) if column else 0
        where = self.table.address(row, column) if column else self.table.sheet
        self.found.append(((row, number), Problem(where, message)))

    def cell(self, row: SheetRow, column: str, read: Callable[[Any], T]) -> T | None:
        value = row.values.get(column)
        if value is NO_CACHED_VALUE:
            self.problem(
                row.number, column, "公式没有保存计算结果：请在 Excel/WPS 中打开后保存，或改填数值"
            )
        else:
            try:
                return read(value)
            except LedgerError as err:
                self.problem(row.number, column, err.message)
        row.bad = True
        return None

    def read_row(self, row: SheetRow) -> None:
        got = row.got
        got["group"] = self.cell(row, col.VOUCHER, lambda v: cells.label(v, field="凭证号"))
        got["date"] = self.cell(
            row, col.DATE, lambda v: None if cells.is_blank(v) else cells.day(v)
        )
        got["code"] = self.cell(row, col.CODE, self._code)
        got["memo"] = self.cell(row, col.MEMO, cells.words) or ""
        got["line_memo"] = self.cell(row, col.LINE_MEMO, cells.words) or ""
        got["project"] = self.cell(
            row, col.PROJECT, lambda v: None if cells.is_blank(v) else cells.project_id(v)
        )
        got["category"] = self.cell(row, col.CATEGORY, self._category)
        got["hash"] = self.cell(row, col.HASH, self._hash)
        self.cell(row, col.COMPOUND, self._compound)
        self.cell(row, col.NAME, lambda v: self._name(v, got["code"]))
        debit = self.cell(
            row,
            col.DEBIT,
            lambda v: None if cells.is_blank(v) else cells.amount_fen(v, field="借方"),
        )
        credit = self.cell(
            row,
            col.CREDIT,
            lambda v: None if cells.is_blank(v) else cells.amount_fen(v, field="贷方"),
        )
        if row.bad:
            return
        if debit is None and credit is None:
            self.problem(row.number, col.DEBIT, "借方、贷方都没有金额")
            row.bad = True
        elif debit is not None and credit is not None:
            self.problem(row.number, col.CREDIT, "借方、贷方只能填一边")
            row.bad = True
        got["fen"] = debit if debit is not None else -(credit or 0)

    def _code(self, value: Any) -> str:
        code = cells.label(value, field="科目代码")
        if code not in self.chart:
            raise InvalidInput(f"科目代码「{code}」不在科目表里（见模板的「科目表」或 rules.yaml）")
        return code

    def _name(self, value: Any, code: str | None) -> None:
        given = cells.words(value)
        account = self.chart.get(code or "")
        if given and account is not None and given != account.name:
            raise InvalidInput(f"科目名称「{given}」与科目代码 {code} 的名称「{account.name}」不符")

    def _category(self, value: Any) -> str | None:
        given = cells.words(value)
        if not given:
            return None
        if given not in self.categories:
            names = "、".join(sorted({k for k in self.categories if not k.isascii()}))
            raise InvalidInput(f"收入类别「{given}」不存在：可选 {names}")
        return self.categories[given]

    def _hash(self, value: Any) -> str | None:
        given = cells.words(value).lower()
        if given and not _SHA256.fullmatch(given):
            raise InvalidInput("凭证哈希应是 64 位十六进制数字（本系统导出的原样），或留空")
        return given or None

    def _compound(self, value: Any) -> None:
        given = cells.words(value)
        if given and given != self.compound:
            raise InvalidInput(f"这一行属于小区「{given}」，不能导入「{self.compound}」")
