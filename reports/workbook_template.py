"""The blank journal template (`export template`): a 序时账 sheet laid out like the workbook's,
ready to fill in Excel or WPS and bring in with `import xlsx`, plus 填写说明 (how to fill it)
and 科目表 (the chart and the income categories the drop-downs offer).

Cheap data validation guards the typing: dates between 2000 and 2100, amounts zero or more,
account codes and income categories from drop-down lists. It only helps; the importer checks
every cell again and reports each bad one by its address.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation

from ledger.domain import journal_layout as col
from ledger.domain.journal_layout import IMPORT_COLUMNS, JournalTemplate
from ledger.domain.workbook import JOURNAL, Column
from reports.xlsx_style import FORMATS, HEADER_ALIGNMENT, HEADER_FILL, HEADER_FONT, save_fixed

TEMPLATE_ROWS = 2000  # rows the validation covers; typing below them still imports
CHART_SHEET = "科目表"
HELP_SHEET = "填写说明"
WIDTHS = {
    col.DATE: 12,
    col.VOUCHER: 10,
    col.CODE: 10,
    col.NAME: 24,
    col.MEMO: 36,
    col.DEBIT: 14,
    col.CREDIT: 14,
    col.PROJECT: 12,
    col.CATEGORY: 12,
    col.LINE_MEMO: 24,
}

HELP = (
    "一、用途：把 Excel/WPS 里记的账导入公共收益明白账。填好「序时账」工作表后运行：",
    "    python main.py import xlsx 文件.xlsx --compound 小区名称 --user 出纳用户名",
    "    加上 --approve-as 审核人用户名，由审核人作为第二个签字一并审核过账；不加则导入为草稿，等待审核。",
    "二、一行是一条分录。同一张凭证的各行填同一个「凭证号」（组号，如 1、2、3，或原账本的凭证号）；"
    "导入后按月份重新编凭证号。",
    "三、日期：日期格式，或写成 2024-01-05。同一张凭证各行日期相同，后面的行可以留空。",
    "四、科目代码：见「科目表」，可从下拉列表选择。科目名称可以不填，填了须与代码一致。",
    "五、摘要：必填，同一张凭证可以只在第一行填。某一行的摘要与凭证摘要不同时，作为这一行的行摘要；"
    "也可以在「行摘要」列单独填写。",
    "六、借方、贷方：每行只填一边，填正数，最多两位小数，可以是数字或文字（如 1,234.50）。"
    "同一张凭证的借方合计必须等于贷方合计。",
    "七、项目：付给某个项目的款项填项目编号（如 3 或 #3），须是本小区正在实施的项目，且不超过批准预算。",
    "八、收入类别：收入凭证可以填收入类别（见「科目表」右侧），月度公示按类别列出总收入和物业合理成本。",
    "九、全部成功或全部不导入：先整体检查，任何单元格有错都按「工作表!列行」（如 序时账!F7）一次列出，"
    "不写入任何内容；改好后重新导入即可。",
    "十、可以重复导入：已经导入过的凭证会被跳过，不会重复记账。",
    "十一、本系统导出的审计工作簿（export xlsx）里的「序时账」可以直接导入：多出的列（制单人、审核人等）会被忽略。",
    "十二、公式：含公式的单元格按 Excel/WPS 保存时算出的结果读取；请用 Excel/WPS 保存后再导入。",
)


def write_template(template: JournalTemplate, path: Path) -> None:
    book = Workbook()
    journal: Any = book.active
    journal.title = JOURNAL
    _journal_sheet(journal, len(template.accounts), len(template.categories))
    _help_sheet(book.create_sheet(HELP_SHEET))
    _chart_sheet(book.create_sheet(CHART_SHEET), template)
    at = template.generated_at.astimezone(dt.UTC)
    save_fixed(book, path, at=at, title="公共收益明白账 序时账导入模板")


def _header(ws: Any, columns: tuple[Column, ...] | list[str]) -> None:
    for i, column in enumerate(columns, 1):
        title = column.title if isinstance(column, Column) else column
        cell = ws.cell(row=1, column=i, value=title)
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, HEADER_ALIGNMENT
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}1"


def _journal_sheet(ws: Any, accounts: int, categories: int) -> None:
    _header(ws, IMPORT_COLUMNS)
    letters = {}
    for i, column in enumerate(IMPORT_COLUMNS, 1):
        letter = get_column_letter(i)
        letters[column.title] = letter
        ws.column_dimensions[letter].width = WIDTHS.get(column.title, 14)
        number_format = FORMATS.get(column.kind)
        if number_format is not None:  # the column's style: what Excel gives a typed cell
            ws.column_dimensions[letter].number_format = number_format

    def cover(name: str, rule: DataValidation) -> None:
        letter = letters[name]
        rule.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
        ws.add_data_validation(rule)

    cover(
        col.DATE,
        DataValidation(
            type="date",
            operator="between",
            formula1="DATE(2000,1,1)",
            formula2="DATE(2100,12,31)",
            error="请填日期，如 2024-01-05",
            showErrorMessage=True,
        ),
    )
    for name in (col.DEBIT, col.CREDIT):
        cover(
            name,
            DataValidation(
                type="decimal",
                operator="greaterThanOrEqual",
                formula1="0",
                error="请填正数金额，最多两位小数；方向由借方、贷方列表示",
                showErrorMessage=True,
            ),
        )
    codes = f"'{CHART_SHEET}'!$A$2:$A${accounts + 1}"
    cover(col.CODE, DataValidation(type="list", formula1=codes, allow_blank=True))
    if categories:
        names = f"'{CHART_SHEET}'!$D$2:$D${categories + 1}"
        cover(col.CATEGORY, DataValidation(type="list", formula1=names, allow_blank=True))


def _help_sheet(ws: Any) -> None:
    _header(ws, ["填写说明"])
    ws.column_dimensions["A"].width = 120
    for i, line in enumerate(HELP, 2):
        ws.cell(row=i, column=1, value=line)
    ws.auto_filter.ref = f"A1:A{len(HELP) + 1}"


def _chart_sheet(ws: Any, template: JournalTemplate) -> None:
    _header(ws, ["科目代码", "科目名称", "科目类别", "收入类别", "类别代码"])
    for i, (code, name, kind) in enumerate(template.accounts, 2):
        ws.cell(row=i, column=1, value=code)
        ws.cell(row=i, column=2, value=name)
        ws.cell(row=i, column=3, value=kind)
    for i, (name, key) in enumerate(template.categories, 2):
        ws.cell(row=i, column=4, value=name)
        ws.cell(row=i, column=5, value=key)
    for letter, width in zip("ABCDE", (10, 28, 10, 34, 14), strict=True):
        ws.column_dimensions[letter].width = width
    rows = max(len(template.accounts), len(template.categories)) + 1
    ws.auto_filter.ref = f"A1:E{rows}"
