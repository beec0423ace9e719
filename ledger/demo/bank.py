"""The demo's bank: each compound's monthly statement, generated from what moved through its
bank account with the bank's own timing, written as the bytes a bank exports (CSV in UTF-8
with BOM, one month in GBK, one as XLSX; two column layouts) and taken through the same
import, matching and reconciliation a treasurer runs before preparing the month.

The bank's timing differs from the books' in the ways that make items in transit: a transfer
the treasurer books on day D leaves the account on D+1 (so one booked on the month's last day
is 企业已付、银行未付 at the month's end), and the bank takes its account fee on the month's
last day while the treasurer books it from the receipt on the 2nd of the next month (银行已付、
企业未付). The books' own correction (a receipt reversed and booked again) never reached the
bank.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from openpyxl import Workbook
from openpyxl.writer.excel import ExcelWriter

from ledger.demo.data import DemoCompound
from ledger.domain.account import AccountRole
from ledger.domain.money import fen_to_decimal
from ledger.domain.period import Month
from ledger.services import bank_import, bank_match, reconcile
from ledger.services.context import Actor, Context
from ledger.store import bank as store
from ledger.store import books, org

DEBIT_CREDIT = ("香榭雅居", "冠农小区")  # their bank exports 借方/贷方发生额
GBK_MONTH = ("迎宾花苑", Month(2022, 3))  # exported by an old branch terminal in GBK
XLSX_MONTH = ("迎宾花苑", Month(2022, 4))  # downloaded from online banking as .xlsx
COUNTERPARTIES = {
    "parking": "{compound}物业服务中心",
    "stall": "{compound}物业服务中心",
    "advertising": "新疆天山传媒广告有限公司",
    "base_station": "中国铁塔股份有限公司巴州分公司",
    "venue_rent": "库尔勒市便民服务社",
    "facility": "深圳市丰巢网络技术有限公司",
}


@dataclass
class BankLedger:
    """The bank's side of one compound: its balance, serials and the fee it takes at month end."""

    balance_fen: int = 0
    serial: int = 0
    month_end_fee: int = 0
    fee_vouchers: set[str] = field(default_factory=set)  # the books' entries of those fees


@dataclass(frozen=True)
class _Row:
    day: dt.date
    fen: int
    memo: str
    counterparty: str


def reconcile_month(
    ctx: Context, bank: BankLedger, spec: DemoCompound, month: Month, treasurer: Actor
) -> None:
    """Import `month`'s statement, match it and reconcile, as the treasurer does on the 1st."""
    rows = _rows(ctx, bank, spec, month)
    if rows:
        data, name = _export(bank, spec, month, rows)
        bank_import.import_statement(ctx, treasurer, compound=spec.name, data=data, filename=name)
        bank_match.match_bank(ctx, treasurer, compound=spec.name, month=month, suggest=False)
        reconcile.reconcile(ctx, treasurer, compound=spec.name, month=month)
    else:  # nothing moved: the branch hands over a paper statement with the balance
        reconcile.reconcile(
            ctx, treasurer, compound=spec.name, month=month, bank_balance_fen=bank.balance_fen
        )


def _rows(ctx: Context, bank: BankLedger, spec: DemoCompound, month: Month) -> list[_Row]:
    code = ctx.rules.for_compound(spec.name).account_by_role(AccountRole.BANK).code
    with ctx.db.read() as session:
        c = org.compound_by_name(session, spec.name)
        bank_id = books.accounts_by_code(session, c.id)[code].id
        moved = store.bank_entries_between(
            session, c.id, bank_id, month.first_day - dt.timedelta(days=1), month.last_day
        )
        details = store.entry_kinds(session, c.id, [e.seq for e in moved])
    never = store.cancelling(moved)
    rows = []
    for e in moved:
        kind, category = details[e.seq]
        if e.seq in never or e.voucher in bank.fee_vouchers:
            continue
        day = e.date + dt.timedelta(days=1) if kind == "payment" else e.date
        if Month.of(day) != month:
            continue
        who = COUNTERPARTIES.get(category or "", "").format(compound=spec.name)
        memo = "结息" if category == "interest" else e.memo[:40]
        memo = "公共收益专户开户转入" if kind == "opening" else memo
        rows.append(_Row(day, e.net_fen, memo, who if kind != "payment" else e.memo[:30]))
    if bank.month_end_fee:
        rows.append(_Row(month.last_day, -bank.month_end_fee, "账户管理费及转账手续费", ""))
    return sorted(rows, key=lambda r: r.day)


def _export(
    bank: BankLedger, spec: DemoCompound, month: Month, rows: list[_Row]
) -> tuple[bytes, str]:
    table: list[list[object]] = []
    debit_credit = spec.name in DEBIT_CREDIT
    for r in rows:
        bank.serial += 1
        bank.balance_fen += r.fen
        serial = f"{r.day:%Y%m%d}{spec.bank_account_no[-3:]}{bank.serial:06d}"
        money_in = fen_to_decimal(r.fen) if r.fen > 0 else None
        money_out = fen_to_decimal(-r.fen) if r.fen < 0 else None
        balance = fen_to_decimal(bank.balance_fen)
        if debit_credit:
            table.append(
                [f"{r.day:%Y%m%d}", money_out, money_in, balance, r.memo, r.counterparty, serial]
            )
        else:
            table.append(
                [
                    r.day.isoformat(),
                    r.memo,
                    money_in,
                    money_out,
                    balance,
                    r.counterparty,
                    "",
                    serial,
                ]
            )
    header: list[object] = (
        ["交易日期", "借方发生额", "贷方发生额", "余额", "摘要", "对方户名", "流水号"]
        if debit_credit
        else ["交易日期", "摘要", "收入金额", "支出金额", "余额", "对方户名", "对方账号", "流水号"]
    )
    title: list[list[object]] = [
        ["中国工商银行 对公账户对账单" if debit_credit else "中国工商银行 账户明细"],
        [f"户名：{spec.name}业主委员会（公共收益专户）"],
        [f"账号：{spec.bank_account_no}"],
        [f"起止日期：{month.first_day} 至 {month.last_day}"],
    ]
    stem = f"{spec.name}-{month}-对账单"
    if (spec.name, month) == XLSX_MONTH:
        return _xlsx([*title, header, *table], month), f"{stem}.xlsx"
    cells: list[list[object]] = [*title, header, *table]
    text = "\n".join(",".join(_csv(v) for v in row) for row in cells) + "\n"
    if (spec.name, month) == GBK_MONTH:
        return text.encode("gbk"), f"{stem}.csv"
    return text.encode("utf-8-sig"), f"{stem}.csv"


def _csv(value: object) -> str:
    if value is None:
        return ""
    text = str(value)
    return f'"{text}"' if "," in text else text


def _xlsx(rows: list[list[object]], month: Month) -> bytes:
    """The workbook's bytes, the same for the same rows: openpyxl stamps the save time into
    the document properties and the zip entries, so both are set to the month's end."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    stamp = dt.datetime.combine(month.last_day, dt.time(18, 0))
    props: Any = book.properties
    props.created = props.modified = stamp
    first = io.BytesIO()
    with ZipFile(first, "w", ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()
    out = io.BytesIO()
    with ZipFile(first) as source, ZipFile(out, "w", ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            fixed.compress_type = ZIP_DEFLATED
            target.writestr(fixed, source.read(info))
    return out.getvalue()
