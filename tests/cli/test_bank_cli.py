"""`bank import`, `bank match` and `reconcile` on the demo street (built to 2022-06: its May
statements imported and reconciled, May prepared, June open): a GBK statement for June with
title rows, its re-import, a garbled file refused whole, an unmatched line drafted for a
checker, a typed paper balance that leaves a difference, and a prepared month that keeps its
reconciliation."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

from tests.cli.support import CHINESE, YBHY, Capsys, cli, fingerprint, ok

JUNE = ("--compound", YBHY, "--month", "2022-06")
TREASURER = ("--user", "ybhy_cn")


def last_balance(db: Path) -> int:
    with closing(sqlite3.connect(db)) as conn:
        row = conn.execute(
            "SELECT balance_fen FROM bank_line JOIN compound ON compound.id = bank_line.compound_id"
            " WHERE compound.name = ? ORDER BY seq DESC LIMIT 1",
            (YBHY,),
        ).fetchone()
    return int(row[0])


def june_statement(tmp: Path, db: Path, *, garble: bool = False) -> Path:
    balance = last_balance(db) + 1_234_567
    yuan = f"{balance // 100}.{balance % 100:02d}"
    rows = [
        "中国工商银行 账户明细",
        "账号：6222 0296 1100 4471 021",
        "交易日期,摘要,收入金额,支出金额,余额,对方户名,对方账号,流水号",
        f'2022-06-29,停车费补缴,"12,345.67",,{yuan},迎宾花苑物业服务中心,,T20220629001',
    ]
    if garble:
        rows += ["2022-06-30,利息,abc,,1.00,,,T2", "2022/06/31,手续费,,1.00,0.00,,,T3"]
    path = tmp / ("bad.csv" if garble else "6月对账单.csv")
    path.write_bytes(("\n".join(rows) + "\n").encode("gbk"))
    return path


def test_import_match_and_reconcile_june(capsys: Capsys, books: Path, tmp_path: Path) -> None:
    db = ("--db", str(books))
    statement = june_statement(tmp_path, books)
    out = ok(capsys, *db, "bank", "import", "--compound", YBHY, str(statement), *TREASURER)
    assert "导入 1 笔新流水" in out and "编码 gb18030" in out
    before = fingerprint(capsys, books)
    out = ok(capsys, *db, "bank", "import", "--compound", YBHY, str(statement), *TREASURER)
    assert "没有新的流水" in out and fingerprint(capsys, books) == before

    out = ok(capsys, *db, "bank", "match", "--compound", YBHY, "--month", "2022-06", *TREASURER)
    assert "T20220629001" in out and "停车费" in out and "须另一人审核" in out
    with closing(sqlite3.connect(books)) as conn:
        state = conn.execute(
            "SELECT draft.state FROM bank_suggestion JOIN draft ON draft.id = bank_suggestion.draft_id"
        ).fetchall()
    assert state == [("open",)]  # drafted for a checker, never posted

    run = cli(capsys, *db, "reconcile", *JUNE, "--json", *TREASURER)
    assert run.code == 0, run.err
    data = json.loads(run.out)
    assert data["balanced"] and data["difference"] == "0.00"
    assert data["bank_balance_source"] == "statement"
    assert any(i["ref"] == "T20220629001" and i["kind"] == "bank_in" for i in data["items"])
    text = ok(capsys, *db, "reconcile", *JUNE, *TREASURER)
    assert "银行存款余额调节表" in text and "调节后相符" in text


def test_garbled_file_and_a_difference_are_refused(
    capsys: Capsys, books: Path, tmp_path: Path
) -> None:
    db = ("--db", str(books))
    before = fingerprint(capsys, books)
    bad = june_statement(tmp_path, books, garble=True)
    run = cli(capsys, *db, "bank", "import", "--compound", YBHY, str(bad), *TREASURER)
    assert run.code == 2 and CHINESE.search(run.err)
    assert "第 5 行" in run.err and "第 6 行" in run.err and "2 处错误" in run.err
    assert fingerprint(capsys, books) == before

    # A typed paper balance that disagrees: stored with who typed it, exit status 1.
    run = cli(capsys, *db, "reconcile", *JUNE, "--bank-balance", "1.00", *TREASURER)
    assert run.code == 1 and "调节后仍有差额" in run.out and "手工录入纸质对账单" in run.out
    # May is prepared: its reconciliation stands until the supervisory group sends it back.
    run = cli(capsys, *db, "reconcile", "--compound", YBHY, "--month", "2022-05", *TREASURER)
    assert run.code == 1 and "已编制月结" in run.err
