"""`export xlsx`, `export csv`, `export template` and `import xlsx` on the demo street, as a
user runs them."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from ledger.domain.period import Month, months_between
from tests.cli.support import (
    UNTIL,
    YBHY,
    Capsys,
    balance_json,
    cli,
    fingerprint,
    ok,
    verify_json,
)
from tests.cli.test_beancount_cli import NEW, _new_compound
from tests.reports.workbook_support import records, yuan

FIRST = "2021-12"


def _export(capsys: Capsys, db: Path, kind: str, out: Path, *args: str) -> str:
    return ok(capsys, "--db", str(db), "export", kind, *args, "-o", str(out))


def test_workbook_trial_balance_equals_balance_json_every_month(
    books: Path, tmp_path: Path, capsys: Capsys
) -> None:
    path = tmp_path / "ybhy.xlsx"
    said = _export(capsys, books, "xlsx", path, "--compound", YBHY, "--to", UNTIL)
    assert f"已导出审计工作簿到 {path}" in said and "序时账" in said
    rows = records(path, "科目余额表")
    for month in months_between(Month.parse(FIRST), Month.parse(UNTIL)):
        theirs = balance_json(capsys, books, str(month))
        sheet = {
            r["科目代码"]: {
                k: str(yuan(r[h]))
                for k, h in zip(
                    ("opening", "debit", "credit", "closing"),
                    ("期初余额", "借方发生额", "贷方发生额", "期末余额"),
                    strict=True,
                )
            }
            for r in rows
            if r["期间"] == str(month) and r["科目代码"]
        }
        assert sheet == {
            a["code"]: {k: a[k] for k in ("opening", "debit", "credit", "closing")}
            for a in theirs["accounts"]
        }, month
    assert not list(tmp_path.glob(".*partial"))


def test_street_workbook_and_who_generated_it(books: Path, tmp_path: Path, capsys: Capsys) -> None:
    path = tmp_path / "street.xlsx"
    _export(capsys, books, "xlsx", path, "--street", "--user", "auditor")
    cover = {r["项目"]: r["内容"] for r in records(path, "封面")}
    assert cover["生成人"] == "审计 林静" and cover["校验结果（verify）"] == "通过"
    assert {r["小区"] for r in records(path, "序时账")} == {"迎宾花苑", "香榭雅居"}


def test_a_named_user_needs_a_role_over_every_compound_exported(
    books: Path, tmp_path: Path, capsys: Capsys
) -> None:
    target = tmp_path / "x.xlsx"
    base = ("--db", str(books), "export", "xlsx", "-o", str(target), "--user", "xxyj_cn")
    run = cli(capsys, *base, "--compound", YBHY)
    assert run.code != 0 and "没有「导出」的权限" in run.err and not target.exists()
    run = cli(capsys, *base, "--street")
    assert run.code != 0 and "没有「导出」的权限" in run.err and not target.exists()
    assert "已导出" in ok(capsys, *base, "--compound", "香榭雅居")


def test_export_refusals_leave_no_file(books: Path, tmp_path: Path, capsys: Capsys) -> None:
    target = tmp_path / "x.xlsx"
    base = ("--db", str(books), "export", "xlsx")
    run = cli(
        capsys, *base, "--compound", YBHY, "--from", "2022-05", "--to", "2022-01", "-o", str(target)
    )
    assert run.code == 2 and "起始月份 2022-05 晚于截止月份 2022-01" in run.err
    run = cli(capsys, *base, "--compound", "无此小区", "-o", str(target))
    assert run.code != 0 and "无此小区" in run.err
    run = cli(capsys, *base, "--compound", YBHY, "--to", "2022-13", "-o", str(target))
    assert run.code == 2 and "截止月份" in run.err
    run = cli(
        capsys,
        *base,
        "--compound",
        YBHY,
        "--user",
        "auditor",
        "-o",
        str(target),
        "--db",
        str(books),
    )
    assert run.code == 0
    target.unlink()
    missing = tmp_path / "no" / "such" / "dir" / "x.xlsx"
    run = cli(capsys, *base, "--street", "-o", str(missing))
    assert run.code == 2 and "无法写入" in run.err and "Traceback" not in run.err
    assert not target.exists() and not list(tmp_path.glob(".*partial"))


def test_csv_is_the_journal_in_utf8_with_bom(books: Path, tmp_path: Path, capsys: Capsys) -> None:
    path, workbook = tmp_path / "ybhy.csv", tmp_path / "ybhy.xlsx"
    said = _export(capsys, books, "csv", path, "--compound", YBHY)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and "UTF-8 带 BOM" in said
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert rows[0]["科目名称"] == "银行存款-公共收益专户"
    debit = sum(Decimal(r["借方"] or 0) for r in rows)
    assert debit == sum(Decimal(r["贷方"] or 0) for r in rows) > 0
    _export(capsys, books, "xlsx", workbook, "--compound", YBHY)
    journal = records(workbook, "序时账")
    assert len(rows) == len(journal) and f"{len(rows)} 行" in said
    assert [r["凭证哈希"] for r in rows] == [r["凭证哈希"] for r in journal]
    assert all(Decimal(r["借方"] or r["贷方"]).as_tuple().exponent == -2 for r in rows)


def test_round_trip_through_the_workbook_and_reimport_adds_nothing(
    books: Path, tmp_path: Path, capsys: Capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "ybhy.xlsx"
    _export(capsys, books, "xlsx", source, "--compound", YBHY, "--to", UNTIL)
    _new_compound(capsys, books)
    monkeypatch.setenv("LEDGER_PASSWORD_2", "demo")
    args = ("--db", str(books), "import", "xlsx", str(source), "--compound", NEW)
    said = ok(capsys, *args, "--user", "ybhy_cn", "--approve-as", "ybhy_zr")
    assert "新增" in said and "已审核过账" in said
    for month in months_between(Month.parse(FIRST), Month.parse(UNTIL)):
        mine = balance_json(capsys, books, str(month), NEW)["accounts"]
        assert mine == balance_json(capsys, books, str(month))["accounts"], month
    before = fingerprint(capsys, books)
    assert "新增 0 张" in ok(capsys, *args, "--user", "ybhy_cn", "--approve-as", "ybhy_zr")
    assert fingerprint(capsys, books) == before
    assert verify_json(capsys, books)["ok"]


def test_template_then_a_bad_import_names_the_cells(
    books: Path, tmp_path: Path, capsys: Capsys
) -> None:
    path = tmp_path / "template.xlsx"
    said = ok(capsys, "export", "template", "-o", str(path))
    assert "已导出空白序时账模板" in said
    book = openpyxl.load_workbook(path)
    ws = book["序时账"]
    ws.append(["2022-06-10", 1, "1002", None, "六月临时停车费", "120.001", None])
    ws.append(["2022-06-10", 1, "4301", None, "六月临时停车费", None, 120])
    book.save(path)
    before = fingerprint(capsys, books)
    args = (
        "--db",
        str(books),
        "import",
        "xlsx",
        str(path),
        "--compound",
        YBHY,
        "--user",
        "ybhy_cn",
    )
    run = cli(capsys, *args)
    assert run.code == 2 and "未作任何更改" in run.err
    assert "序时账!F2: 借方「120.001」有误：最多两位小数" in run.err
    assert fingerprint(capsys, books) == before
    ws["F2"] = "120.00"
    book.save(path)
    said = ok(capsys, *args)
    assert "新增 1 张" in said and "已存为草稿" in said
    run = cli(
        capsys,
        "--db",
        str(books),
        "import",
        "xlsx",
        str(tmp_path / "无.xlsx"),
        "--compound",
        YBHY,
        "--user",
        "ybhy_cn",
    )
    assert run.code == 2 and "文件不存在" in run.err
