"""Importing a journal kept in Excel: a round trip through the workbook gives the same trial
balance, importing twice adds nothing, and a bad sheet is refused whole with every bad cell
named by its address."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from pathlib import Path

import openpyxl
import pytest

from ledger.domain.entry import Line
from ledger.domain.errors import BatchInvalid, MakerIsChecker, PermissionDenied
from ledger.domain.journal_layout import template_of
from ledger.domain.period import Month
from ledger.domain.roles import Role
from ledger.services import balances, organisation
from ledger.services.xlsx_import import import_xlsx
from reports.workbook_template import write_template
from tests.conftest import Street
from tests.helpers import BANK, PARKING, close_month, fingerprint, post
from tests.interop.beancount_support import SECOND, second_compound, small_books
from tests.interop.xlsx_support import (
    HEADER,
    JAN,
    line,
    refused,
    run,
    sheet,
    trial_balances,
    workbook_bytes,
)


def test_round_trip_through_the_workbook_gives_the_same_trial_balance(
    street: Street, tmp_path: Path
) -> None:
    small_books(street)
    data = workbook_bytes(street, tmp_path)
    second_compound(street)
    result = run(street, data, SECOND)
    assert result.added == result.read == 5 and result.skipped == 0 and len(result.vouchers) == 5
    assert trial_balances(street, SECOND) == trial_balances(street, street.compound)
    before = fingerprint(street)
    again = run(street, data, SECOND)
    assert (again.added, again.skipped) == (0, 5) and fingerprint(street) == before
    own = run(street, data)  # the compound's own export: every entry is already its own
    assert own.added == 0 and fingerprint(street) == before


def test_without_a_checker_entries_wait_as_drafts_and_are_not_imported_twice(
    street: Street,
) -> None:
    data = sheet(
        line(JAN, 1, BANK, "一月停车费", 1200),
        line(None, 1, PARKING, None, credit=1200),
        line(JAN, 2, BANK, "一月停车费（补）", "30.50"),
        line(JAN, 2, PARKING, "一月停车费（补）", credit="30.50"),
    )
    before = fingerprint(street)
    result = run(street, data, approve=False)
    assert len(result.draft_ids) == 2 and not result.vouchers
    assert balances.trial_balance(street.ctx, street.compound, Month(2024, 1)).accounts == ()
    assert fingerprint(street) != before
    assert run(street, data, approve=False).added == 0


def test_amounts_as_numbers_or_text_and_groups_wherever_their_rows_are(street: Street) -> None:
    data = sheet(
        line("2024-01-05", "A", BANK, "停车费", 1234.5),
        line("2024年1月6日", "B", BANK, "广告费", "１２３４．５０"),
        line(None, "A", PARKING, None, credit="1,234.50"),
        line(None, "B", "4302", None, credit=1234.5, 科目名称="广告收入", 行摘要="电梯广告"),
        [],
        line(dt.datetime(2024, 1, 7), 3.0, 1002, "手续费", credit=0.5),
        line(None, 3, 5301, "银行手续费", 0.5, 收入类别=None),
    )
    result = run(street, data)
    assert result.added == 3
    tb = balances.trial_balance(street.ctx, street.compound, Month(2024, 1))
    assert {a.code: (a.debit_fen, a.credit_fen) for a in tb.accounts} == {
        BANK: (246900, 50),
        PARKING: (0, 123450),
        "4302": (0, 123450),
        "5301": (50, 0),
    }


def test_every_bad_cell_is_named_by_its_address_and_nothing_is_written(street: Street) -> None:
    data = sheet(
        line(JAN, 1, BANK, "停车费", 12.345),  # A2…: three decimals
        line(JAN, 1, "9999", "停车费", credit=12),
        line("2024-02-30", 2, BANK, "x", -5),
        line(JAN, 2, PARKING, "x", credit=5, 科目名称="广告收入"),
        line(JAN, 3, BANK, "不平", 5),
        line(JAN, 3, PARKING, "不平", credit=6),
        line(JAN, 4, BANK, "两边", 5, 5),
        line(JAN, 4, PARKING, "两边", credit=5),
        line(JAN, None, BANK, "没有组号", 1),
        line(JAN, 5, BANK, "类别", 1, 收入类别="不存在"),
        line(dt.date(2024, 1, 11), 5, PARKING, "类别", credit=1),
    )
    assert refused(street, data) == [
        "序时账!F2: 借方「12.345」有误：最多两位小数",
        "序时账!C3: 科目代码「9999」不在科目表里（见模板的「科目表」或 rules.yaml）",
        "序时账!A4: 日期「2024-02-30」不存在",
        "序时账!F4: 借方不能为负数：借方、贷方都填正数，方向由所在的列表示",
        "序时账!D5: 科目名称「广告收入」与科目代码 4301 的名称「停车费收入」不符",
        "序时账 第 6—7 行（凭证号 3）: 借贷不平：借方合计 5.00，贷方合计 6.00，贷方多 1.00",
        "序时账!G8: 借方、贷方只能填一边",
        "序时账!B10: 凭证号为空",
        "序时账!I11: 收入类别「不存在」不存在：可选 停车费、其他、利息、广告、摊位费、设施使用费（快递柜、充电桩等）、通信基站租金、闲置用房及场地租金",
    ]


def test_group_level_problems_point_at_the_cell_that_disagrees(street: Street) -> None:
    data = sheet(
        line(JAN, 1, BANK, "停车费", 10),
        line(dt.date(2024, 1, 11), 1, PARKING, "停车费", credit=10),
        line(None, 2, BANK, None, 10),
        line(None, 2, PARKING, None, credit=10),
        line(JAN, 3, BANK, "只有一行", 10),
    )
    assert refused(street, data) == [
        "序时账!A3: 同一张凭证（凭证号 1）的日期不一致：第 2 行是「2024-01-10」，这一行是「2024-01-11」",
        "序时账!A4: 日期为空：同一张凭证至少在一行填写日期",
        "序时账!E4: 摘要为空：同一张凭证至少在一行填写摘要",
        "序时账 第 6 行（凭证号 3）: 一张凭证至少要有两行分录，现在只有 1 行",
    ]


def test_the_books_own_rules_are_checked_before_anything_is_written(street: Street) -> None:
    post(street, JAN, [Line(BANK, 100), Line(PARKING, -100)])
    street.clock.set(dt.date(2024, 2, 5))
    close_month(street, Month(2024, 1))
    data = sheet(
        line(JAN, 1, BANK, "结账后补记", 10),
        line(JAN, 1, PARKING, "结账后补记", credit=10),
        line(dt.date(2023, 12, 31), 2, BANK, "开户前", 10),
        line(None, 2, PARKING, None, credit=10),
        line(dt.date(2024, 2, 1), 3, "5101", "项目付款", 10, 项目="#99 不存在"),
        line(None, 3, BANK, None, credit=10),
    )
    assert refused(street, data) == [
        "序时账!A2: 2024年1月已经结账公示，不能再记入",
        "序时账!A4: 日期 2023-12-31 早于测试花园公共收益专户开立日期 2024-01-01",
        "序时账!H6: 测试花园没有编号为 #99 的项目",
    ]


def test_a_refusal_half_way_rolls_the_whole_import_back(street: Street) -> None:
    data = sheet(
        line(JAN, 1, BANK, "停车费", 100),
        line(JAN, 1, PARKING, "停车费", credit=100),
        line(JAN, 2, "5301", "手续费", 500),
        line(JAN, 2, BANK, "手续费", credit=500),
    )
    (problem,) = refused(street, data)
    assert problem.startswith("序时账 第 4—5 行（凭证号 2）: 1002 银行存款")
    assert "余额不足" in problem and "透支 400.00" in problem


def test_who_may_import(street: Street) -> None:
    data = sheet(line(JAN, 1, BANK, "停车费", 1), line(JAN, 1, PARKING, "停车费", credit=1))
    with pytest.raises(PermissionDenied):
        import_xlsx(street.ctx, street.auditor, compound=street.compound, data=data, source="x")
    # one person holding both roles still cannot sign twice
    organisation.grant_role(
        street.ctx, street.admin, user="c", role=Role.TREASURER, compound=street.compound
    )
    with pytest.raises(MakerIsChecker):
        import_xlsx(
            street.ctx,
            street.checker,
            compound=street.compound,
            data=data,
            source="x",
            checker=street.checker,
        )


def test_sheet_structure_problems(street: Street) -> None:
    no_debit = [h for h in HEADER if h != "借方"]
    assert refused(street, sheet(header=no_debit)) == ["序时账!A1: 表头缺少「借方」列"]
    assert refused(street, sheet(header=["甲", "乙"])) == [
        "序时账!A1: 找不到表头：第一行应是「日期、凭证号、科目代码、摘要、借方、贷方」等列名"
        "（可用 `python main.py export template` 生成模板）"
    ]
    formula = sheet(
        line(JAN, 1, BANK, "停车费", "=2*5"), line(JAN, 1, PARKING, "停车费", credit=10)
    )
    assert refused(street, formula) == [
        "序时账!F2: 公式没有保存计算结果：请在 Excel/WPS 中打开后保存，或改填数值"
    ]
    with pytest.raises(BatchInvalid.__mro__[1]):  # InvalidInput: not a workbook at all
        run(street, b"not a zip file")


def test_a_title_row_and_unknown_columns_do_no_harm(street: Street) -> None:
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "我的账本"
    ws.append(["2024 年停车费流水"])
    ws.append(["备注", "凭证组号", "日期", "科目编码", "摘要", "借方金额", "贷方金额"])
    ws.append(["x", 1, JAN, 1002, "停车费", 10, None])
    ws.append(["y", 1, JAN, 4301, "停车费", None, 10])
    out = BytesIO()
    book.save(out)
    assert run(street, out.getvalue()).added == 1


def test_the_template_filled_in_imports(street: Street, tmp_path: Path) -> None:
    path = tmp_path / "template.xlsx"
    write_template(
        template_of(street.ctx.rules.defaults, dt.datetime(2024, 1, 1, tzinfo=dt.UTC)), path
    )
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["序时账", "填写说明", "科目表"]
    ws = book["序时账"]
    assert [c.value for c in ws[1]] == HEADER and ws.freeze_panes == "A2"
    assert {str(v.sqref).split(":")[0] for v in ws.data_validations.dataValidation} >= {
        "A2",
        "C2",
        "F2",
        "G2",
    }
    assert run(street, path.read_bytes()).read == 0  # blank: nothing to import
    ws.append(line(JAN, 1, BANK, "停车费", 10))
    ws.append(line(JAN, 1, PARKING, "停车费", credit=10))
    book.save(path)
    assert run(street, path.read_bytes()).added == 1


def test_a_memo_that_looks_like_a_formula_stays_text_both_ways(
    street: Street, tmp_path: Path
) -> None:
    post(street, JAN, [Line(BANK, 100), Line(PARKING, -100)], '=HYPERLINK("x")')
    data = workbook_bytes(street, tmp_path)
    ws = openpyxl.load_workbook(BytesIO(data))["序时账"]
    cell = ws["E2"]
    assert cell.value == '=HYPERLINK("x")' and cell.data_type == "s"
    second_compound(street)
    assert run(street, data, SECOND).added == 1
