"""The layout of the journal sheet (序时账): one row per posting line.

The same layout is written three ways — the workbook's 序时账 sheet, the csv export and the
blank import template (`export template`) — and read back by `import xlsx`, which finds its
columns by their header text, so a 序时账 sheet copied out of an exported workbook, or the
exported workbook itself, imports as it is. Columns the importer does not know (制单人,
审核人, …) are ignored; of the ones it knows, only the first six are required.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ledger.domain.rules import Rules
from ledger.domain.workbook import Column, date, money, stamp, text

DATE = "日期"
VOUCHER = "凭证号"
CODE = "科目代码"
NAME = "科目名称"
MEMO = "摘要"
DEBIT = "借方"
CREDIT = "贷方"
PROJECT = "项目"
CATEGORY = "收入类别"
LINE_MEMO = "行摘要"
HASH = "凭证哈希"
COMPOUND = "小区"

# What the importer reads: the template's columns, in the template's order.
IMPORT_COLUMNS: tuple[Column, ...] = (
    date(DATE),
    text(VOUCHER),
    text(CODE),
    text(NAME),
    text(MEMO),
    money(DEBIT),
    money(CREDIT),
    text(PROJECT),
    text(CATEGORY),
    text(LINE_MEMO),
)

JOURNAL_COLUMNS: tuple[Column, ...] = (
    *IMPORT_COLUMNS,
    text("制单人"),
    text("审核人"),
    stamp("过账时间"),
    text("冲销凭证"),
    text("被冲销凭证"),
    text(HASH, 66),
)

REQUIRED = (DATE, VOUCHER, CODE, MEMO, DEBIT, CREDIT)
OPTIONAL = (NAME, PROJECT, CATEGORY, LINE_MEMO, HASH, COMPOUND)
# Other header texts a treasurer's own sheet may use for the same column.
SYNONYMS = {
    "凭证组号": VOUCHER,
    "凭证编号": VOUCHER,
    "凭证字号": VOUCHER,
    "借方金额": DEBIT,
    "贷方金额": CREDIT,
    "科目编码": CODE,
    "项目编号": PROJECT,
    "类别": CATEGORY,
}


def canonical_header(title: object) -> str | None:
    """The column a header cell names, or None for a column the importer does not read."""
    if not isinstance(title, str):
        return None
    name = "".join(title.split())
    name = SYNONYMS.get(name, name)
    return name if name in REQUIRED or name in OPTIONAL else None


@dataclass(frozen=True)
class JournalTemplate:
    """What the blank import template needs: the chart and the income categories."""

    accounts: tuple[tuple[str, str, str], ...]  # code, name, kind label
    categories: tuple[tuple[str, str], ...]  # name, key
    generated_at: dt.datetime  # aware UTC


def template_of(rules: Rules, at: dt.datetime) -> JournalTemplate:
    return JournalTemplate(
        accounts=tuple((a.code, a.name, a.kind.label) for a in rules.accounts),
        categories=tuple((c.name, c.key) for c in rules.income_categories),
        generated_at=at,
    )
