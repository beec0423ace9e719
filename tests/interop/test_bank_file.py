"""Reading bank statement files: both shipped layouts, CSV in UTF-8 (with and without BOM),
GBK and GB18030, XLSX, title rows above the header, the date forms banks write, and garbled
files refused whole with every bad row named."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from ledger.domain.bank_rules import BankProfile
from ledger.domain.errors import BatchInvalid
from ledger.domain.rules import RuleBook
from ledger.interop.bank_file import BankFile, decode, read_bank_file

TITLE = "中国工商银行账户明细\n户名：测试花园业主委员会,,,\n账号：6222 0296 1100 4471 021,,,\n"
INCOME_EXPENSE = (
    "交易日期,摘要,收入金额,支出金额,余额,对方户名,对方账号,流水号\n"
    '2024-01-10,停车费转入,"1,000.00",,1000.00,测试物业公司,6222000011112222,A001\n'
    "2024/01/21,支付保洁费 𠀀,,300.00,700.00,保洁公司,,A002\n"
    "20240131,账户管理费,,5.00,695.00,,,A003\n"
)
DEBIT_CREDIT = (
    "对公账户对账单\n"
    "交易日期,借方发生额,贷方发生额,余额,摘要,对方户名,流水号\n"
    "2024-01-10,,1000.00,1000.00,停车费,测试物业公司,B001\n"
    "2024-01-21 10:31:02,300.00,,700.00,保洁费,保洁公司,B002\n"
)


def read(rules: RuleBook, data: bytes, profile: str | None = None) -> BankFile:
    chosen = rules.bank.profile(profile) if profile else None
    return read_bank_file(data, "对账单", rules.bank.profiles, chosen)


def amounts(f: BankFile) -> list[tuple[str, dt.date, int, int]]:
    return [(x.serial, x.date, x.amount_fen, x.balance_fen) for x in f.lines]


EXPECTED = [
    ("A001", dt.date(2024, 1, 10), 100_000, 100_000),
    ("A002", dt.date(2024, 1, 21), -30_000, 70_000),
    ("A003", dt.date(2024, 1, 31), -500, 69_500),
]


@pytest.mark.parametrize(
    ("encoding", "bom", "read_as"),
    [
        ("utf-8", b"", "utf-8"),
        ("utf-8", b"\xef\xbb\xbf", "utf-8-sig"),
        ("gb18030", b"", "gb18030"),
    ],
)
def test_income_expense_layout_in_each_encoding_with_title_rows(
    rules: RuleBook, encoding: str, bom: bytes, read_as: str
) -> None:
    f = read(rules, bom + (TITLE + INCOME_EXPENSE).encode(encoding))
    assert f.profile.key == "income_expense" and f.encoding == read_as
    assert f.header_row == 4 and f.account_no == "6222029611004471021"
    assert amounts(f) == EXPECTED
    assert f.lines[1].memo == "支付保洁费 𠀀"  # a character outside GBK survives GB18030
    assert f.lines[0].counterparty == "测试物业公司"
    assert f.lines[0].counterparty_account == "6222000011112222"


def test_a_gbk_file_reads_as_gb18030(rules: RuleBook) -> None:
    text = (TITLE + INCOME_EXPENSE).replace(" 𠀀", "")
    data = text.encode("gbk")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    f = read(rules, data)
    assert f.encoding == "gb18030" and amounts(f) == EXPECTED
    assert decode(data) == (text, "gb18030")


def test_debit_credit_layout_debit_is_money_out(rules: RuleBook) -> None:
    f = read(rules, DEBIT_CREDIT.encode("utf-8"))
    assert f.profile.key == "debit_credit" and f.header_row == 2
    assert amounts(f) == [
        ("B001", dt.date(2024, 1, 10), 100_000, 100_000),
        ("B002", dt.date(2024, 1, 21), -30_000, 70_000),
    ]


def test_xlsx_with_numbers_dates_and_a_total_row(rules: RuleBook) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["账户明细查询"])
    ws.append(["账号：6222029611004471021"])
    ws.append(["交易日期", "摘要", "收入金额（元）", "支出金额（元）", "余额（元）", "流水号"])
    ws.append([dt.datetime(2024, 1, 10), "停车费", 1000.1, None, 1000.1, "X1"])
    ws.append(["2024-01-21", "保洁费", None, "300.00", 700.1, 20240121001])
    ws.append(["合计", None, 1000.1, 300, None, None])
    buf = io.BytesIO()
    wb.save(buf)
    f = read(rules, buf.getvalue())
    assert f.encoding == "xlsx" and f.account_no == "6222029611004471021"
    assert amounts(f) == [
        ("X1", dt.date(2024, 1, 10), 100_010, 100_010),
        ("20240121001", dt.date(2024, 1, 21), -30_000, 70_010),
    ]


def test_a_garbled_file_is_refused_whole_naming_every_bad_row(rules: RuleBook) -> None:
    text = (
        "交易日期,摘要,收入金额,支出金额,余额,流水号\n"
        "2024-01-10,停车费,1000.00,,1000.00,A1\n"
        "2024-13-01,坏日期,1.00,,1001.00,A2\n"
        "2024-01-12,两个方向,1.00,2.00,999.00,A3\n"
        "2024-01-13,金额,1.234,,1000.23,A4\n"
        "2024-01-14,没有流水号,1.00,,1001.00,\n"
        "2024-01-15,负数,-1.00,,1000.00,A6\n"
    )
    with pytest.raises(BatchInvalid) as caught:
        read(rules, text.encode("utf-8"))
    where = [p.where for p in caught.value.problems]
    assert where == ["第 3 行", "第 4 行", "第 5 行", "第 6 行", "第 7 行"]
    messages = [p.message for p in caught.value.problems]
    assert "交易日期" in messages[0]
    assert "既有收入又有支出" in messages[1]
    assert "最多两位小数" in messages[2]
    assert "流水号为空" in messages[3]
    assert "为负数" in messages[4]
    assert "5 处错误" in caught.value.message


def test_unknown_layout_and_bytes_that_are_no_text_are_refused(rules: RuleBook) -> None:
    with pytest.raises(BatchInvalid, match="认不出对账单的格式"):
        read(rules, "日期,金额\n2024-01-01,1\n".encode())
    with pytest.raises(BatchInvalid, match="既不是 UTF-8"):
        read(rules, b"\x81\x30\xff\xff\n")
    with pytest.raises(BatchInvalid, match="找不到格式"):
        read(rules, DEBIT_CREDIT.encode(), profile="income_expense")


def test_two_profiles_fitting_one_file_ask_for_profile(rules: RuleBook) -> None:
    twin = BankProfile("twin", "同样的列", rules.bank.profiles[0].columns)
    data = INCOME_EXPENSE.encode()
    with pytest.raises(BatchInvalid, match="--profile"):
        read_bank_file(data, "x", (*rules.bank.profiles, twin), None)
    f = read_bank_file(data, "x", (*rules.bank.profiles, twin), twin)
    assert f.profile.key == "twin"
