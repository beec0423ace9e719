"""The auditor workbook of the demo street, read back with openpyxl: the figures agree with the
books, every sheet is a filterable table with numbers as numbers, and the same data gives the
same cells (a golden dump)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from ledger.domain.money import fen_to_decimal
from ledger.domain.period import Month, months_between
from ledger.domain.rules import RuleBook
from ledger.domain.workbook import JOURNAL, LEDGERS, TRIAL_BALANCE
from ledger.services import balances
from ledger.services.context import Context
from ledger.services.workbook_data import open_workbook
from ledger.store import books, org
from ledger.store.database import Database
from reports.workbook import write_workbook
from tests.conftest import demo_books
from tests.reports.workbook_support import check_golden, dump, records, yuan

UNTIL = Month(2023, 3)
YBHY = "迎宾花苑"
GENERATED = dt.datetime(2023, 4, 1, 2, 0, tzinfo=dt.UTC)
SHEETS = [
    "封面",
    "科目余额表",
    "序时账",
    "明细账",
    "项目台账",
    "表决记录",
    "比价记录",
    "用印登记",
    "审批轨迹",
    "月结签字",
    "意见与异议",
]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, rules: RuleBook) -> Iterator[Context]:
    """The demo street up to 2023-03 (three compounds), built once for this module. Read only."""
    db = Database(str(demo_books(tmp_path_factory, rules, UNTIL)))
    yield Context(db=db, rules=rules, clock=lambda: GENERATED)  # the same moment every call
    db.dispose()


def export(
    ctx: Context,
    path: Path,
    compound: str | None = YBHY,
    *,
    first: Month | None = None,
    last: Month | None = None,
) -> Path:
    with open_workbook(ctx, compound=compound, first=first, last=last) as book:
        write_workbook(book, path)
    return path


@pytest.fixture(scope="module")
def ybhy(demo: Context, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return export(demo, tmp_path_factory.mktemp("xlsx") / "ybhy.xlsx", last=UNTIL)


def test_sheets_in_order_each_a_frozen_filtered_table_with_its_dimension(ybhy: Path) -> None:
    book = openpyxl.load_workbook(ybhy)
    assert book.sheetnames == SHEETS
    counts = {r["项目"].removeprefix("行数："): r["内容"] for r in records(ybhy, "封面")}
    fast = openpyxl.load_workbook(ybhy, read_only=True)
    for ws in book.worksheets:
        assert ws.freeze_panes == "A2", ws.title
        assert (
            ws.auto_filter.ref
            == ws.dimensions
            == f"A1:{ws.cell(1, ws.max_column).column_letter}{ws.max_row}"
        )
        assert all(ws.cell(1, c).font.bold for c in range(1, ws.max_column + 1))
        # the dimension is declared, so a streaming reader knows the size without a scan
        assert fast[ws.title].max_row == ws.max_row
        if ws.title != "封面":
            assert counts[ws.title] == ws.max_row - 1, ws.title
    assert book.properties.created == book.properties.modified == GENERATED.replace(tzinfo=None)


def test_journal_debits_equal_credits_and_equal_the_books(ybhy: Path, demo: Context) -> None:
    rows = records(ybhy, JOURNAL)
    debit = sum(yuan(r["借方"]) for r in rows)
    credit = sum(yuan(r["贷方"]) for r in rows)
    assert debit == credit > 0
    turnover = sum(
        (
            balances.trial_balance(demo, YBHY, m).debit_fen
            for m in months_between(Month(2021, 12), UNTIL)
        ),
        0,
    )
    assert debit == fen_to_decimal(turnover)
    by_voucher: dict[str, Decimal] = defaultdict(Decimal)
    for r in rows:
        by_voucher[r["凭证号"]] += yuan(r["借方"]) - yuan(r["贷方"])
        assert (r["借方"] is None) != (r["贷方"] is None)
    assert set(by_voucher.values()) == {Decimal("0.00")}


def test_trial_balance_sheet_equals_the_trial_balance_of_every_month(
    ybhy: Path, demo: Context
) -> None:
    rows = records(ybhy, TRIAL_BALANCE)
    months = months_between(Month(2021, 12), UNTIL)
    assert {r["期间"] for r in rows} == {str(m) for m in months} | {"2021-12至2023-03"}
    for month in months:
        ours = balances.trial_balance(demo, YBHY, month)
        sheet = [r for r in rows if r["期间"] == str(month)]
        lines = [
            (
                r["科目代码"],
                r["科目名称"],
                *(yuan(r[k]) for k in ("期初余额", "借方发生额", "贷方发生额", "期末余额")),
            )
            for r in sheet
            if r["科目代码"] is not None
        ]
        expected = [
            (
                a.code,
                a.name,
                *map(fen_to_decimal, (a.opening_fen, a.debit_fen, a.credit_fen, a.closing_fen)),
            )
            for a in ours.accounts
        ]
        assert lines == expected, month
        (total,) = [r for r in sheet if r["科目名称"] == "合计"]
        assert (
            yuan(total["借方发生额"]) == yuan(total["贷方发生额"]) == fen_to_decimal(ours.debit_fen)
        )
        assert yuan(total["期末余额"]) == yuan(total["期初余额"]) == 0


def test_ledgers_run_each_account_from_opening_to_the_period_closing(ybhy: Path) -> None:
    period = {
        r["科目代码"]: yuan(r["期末余额"])
        for r in records(ybhy, TRIAL_BALANCE)
        if r["期间"] == "2021-12至2023-03" and r["科目代码"]
    }
    closing: dict[str, Decimal] = {}
    balance = Decimal(0)
    for r in records(ybhy, LEDGERS):
        if r["摘要"] == "期初余额":
            balance = yuan(r["余额"])
        elif r["摘要"] == "本期合计":
            closing[r["科目代码"]] = yuan(r["余额"])
            assert yuan(r["余额"]) == balance
        else:
            balance += yuan(r["借方"]) - yuan(r["贷方"])
            assert yuan(r["余额"]) == balance
    assert closing == period


def test_numbers_are_numbers_with_fixed_formats_and_dates_are_dates(ybhy: Path) -> None:
    ws = openpyxl.load_workbook(ybhy)[JOURNAL]
    header = [c.value for c in ws[1]]
    row = ws[2]
    date, debit, posted = (row[header.index(h)] for h in ("日期", "借方", "过账时间"))
    assert isinstance(date.value, dt.datetime) and date.number_format == "yyyy-mm-dd"
    assert isinstance(posted.value, dt.datetime) and posted.number_format == "yyyy-mm-dd hh:mm:ss"
    for money in (header.index("借方"), header.index("贷方")):
        for cells in ws.iter_rows(min_row=2, min_col=money + 1, max_col=money + 1):
            cell = cells[0]
            if cell.value is not None:
                assert cell.data_type == "n" and cell.number_format == "#,##0.00"
    assert debit.value is not None or row[header.index("贷方")].value is not None
    widths = {k: d.width for k, d in ws.column_dimensions.items()}
    assert widths["D"] >= 2 * len("银行存款-公共收益专户") - 2  # Chinese counted double


def test_cover_states_the_chain_head_at_the_period_end_and_the_verify_result(
    ybhy: Path, demo: Context
) -> None:
    cover = {r["项目"]: r for r in records(ybhy, "封面")}
    with demo.db.read() as session:
        c = org.compound_by_name(session, YBHY)
        seq, head = books.chain_head(session, c.id)
    assert cover[f"哈希链头：{YBHY}"]["内容"] == head
    assert f"第 {seq} 号凭证" in cover[f"哈希链头：{YBHY}"]["说明"]
    assert cover["校验结果（verify）"]["内容"] == "通过"
    assert cover["期间"]["内容"] == "2021年12月至2023年3月"
    assert cover["生成时间"]["内容"] == dt.datetime(2023, 4, 1, 10, 0)  # Beijing time
    assert cover["生成人"]["内容"] == "（未登录）"


def test_the_same_data_gives_the_same_cells_golden(demo: Context, tmp_path: Path) -> None:
    period = (Month(2022, 12), UNTIL)
    one = dump(export(demo, tmp_path / "one.xlsx", first=period[0], last=period[1]))
    two = dump(export(demo, tmp_path / "two.xlsx", first=period[0], last=period[1]))
    assert one == two
    check_golden("workbook_ybhy_2022-12_2023-03.txt", one)


def test_street_workbook_has_every_compound_under_a_compound_column(
    demo: Context, ybhy: Path, tmp_path: Path
) -> None:
    street = export(demo, tmp_path / "street.xlsx", compound=None, last=UNTIL)
    book = openpyxl.load_workbook(street)
    for ws in book.worksheets[1:]:
        assert ws.cell(1, 1).value == "小区", ws.title
    journal = records(street, JOURNAL)
    assert {r["小区"] for r in journal} == {"迎宾花苑", "香榭雅居", "冠农小区"}
    mine = [{k: v for k, v in r.items() if k != "小区"} for r in journal if r["小区"] == YBHY]
    assert mine == records(ybhy, JOURNAL)
    cover = {r["项目"]: r["内容"] for r in records(street, "封面")}
    assert cover["范围"] == "迎宾街道（全部 3 个小区）"
    assert cover["行数：序时账"] == len(journal)
    assert {k for k in cover if k.startswith("哈希链头")} == {
        f"哈希链头：{n}" for n in ("迎宾花苑", "香榭雅居", "冠农小区")
    }


def test_a_period_before_any_entry_gives_empty_tables_not_errors(
    demo: Context, tmp_path: Path
) -> None:
    path = export(demo, tmp_path / "early.xlsx", first=Month(2021, 1), last=Month(2021, 6))
    assert records(path, JOURNAL) == [] and records(path, LEDGERS) == []
    cover = {r["项目"]: r for r in records(path, "封面")}
    assert "期末前无已过账凭证" in cover[f"哈希链头：{YBHY}"]["说明"]
