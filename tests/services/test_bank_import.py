"""Importing bank statements through the service (SQLite and PostgreSQL): all or nothing,
idempotent on the serial, overlapping files add only their new lines, the running balance
continues from the last import, and the import is in the audit log."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from ledger.domain.errors import BatchInvalid, PermissionDenied
from ledger.services import bank_import
from tests.conftest import Street
from tests.helpers import fingerprint
from tests.services.bank_files import Row, statement

D = dt.date
JAN: list[Row] = [
    (D(2024, 1, 10), "停车费", 100_000, "测试物业", "J1"),
    (D(2024, 1, 21), "保洁费", -30_000, "保洁公司", "J2"),
    (D(2024, 1, 31), "账户管理费", -500, "", "J3"),
]
FEB: list[Row] = [
    (D(2024, 2, 1), "停车费", 50_000, "测试物业", "F1"),
    (D(2024, 2, 5), "结息", 120, "", "F2"),
]


def load(s: Street, data: bytes, name: str = "对账单.csv") -> bank_import.ImportResult:
    return bank_import.import_statement(
        s.ctx, s.treasurer, compound=s.compound, data=data, filename=name
    )


def stored(s: Street) -> list[tuple[object, ...]]:
    with s.ctx.db.read() as session:
        rows = session.execute(
            sa.text(
                "SELECT seq, serial, txn_date, amount_fen, balance_fen FROM bank_line ORDER BY seq"
            )
        ).all()
    return [tuple(r) for r in rows]


def test_import_then_reimport_then_an_overlapping_file(street: Street) -> None:
    s = street
    first = load(s, statement(JAN))
    assert (first.added, first.lines_in_file, first.closing_fen) == (3, 3, 69_500)
    assert "导入 3 笔新流水" in first.summary
    before = fingerprint(s)
    again = load(s, statement(JAN))
    assert again.added == 0 and "都已导入过，没有新的流水，未作任何更改" in again.summary
    assert fingerprint(s) == before
    overlap = load(s, statement(JAN[2:] + FEB, opening_fen=70_000))
    assert (overlap.added, overlap.first_new, overlap.last_new) == (2, "2024-02-01", "2024-02-05")
    assert "另有 1 笔已导入过" in overlap.summary
    assert [r[1] for r in stored(s)] == ["J1", "J2", "J3", "F1", "F2"]
    assert [r[0] for r in stored(s)] == [1, 2, 3, 4, 5]
    with s.ctx.db.read() as session:
        actions = (
            session.execute(sa.text("SELECT action FROM audit_log WHERE action = 'import_bank'"))
            .scalars()
            .all()
        )
    assert len(actions) == 2


def test_a_garbled_file_imports_nothing_and_names_every_bad_row(street: Street) -> None:
    s = street
    data = statement(JAN).replace(b"2024-01-21", b"2024-01-32").replace(b",J3", b",")
    before = fingerprint(s)
    with pytest.raises(BatchInvalid) as caught:
        load(s, data)
    assert [p.where for p in caught.value.problems] == ["第 4 行", "第 5 行"]
    assert fingerprint(s) == before


def test_running_balance_broken_in_the_file_or_against_the_last_import(street: Street) -> None:
    s = street
    broken = statement(JAN).replace(b",695.00,", b",690.00,")
    with pytest.raises(BatchInvalid) as caught:
        load(s, broken)
    assert [p.where for p in caught.value.problems] == ["第 5 行"]
    assert "余额不连续" in caught.value.problems[0].message
    load(s, statement(JAN))
    # February's file starts from a balance that is not January's last one.
    with pytest.raises(BatchInvalid) as caught:
        load(s, statement(FEB, opening_fen=80_000))
    assert [p.where for p in caught.value.problems] == ["第 3 行"]
    assert "上一笔余额 695.00" in caught.value.problems[0].message
    assert [r[1] for r in stored(s)] == ["J1", "J2", "J3"]


def test_a_serial_already_imported_with_different_content_is_an_error(street: Street) -> None:
    s = street
    load(s, statement(JAN))
    changed = [(*JAN[2][:2], -600, *JAN[2][3:])]
    before = fingerprint(s)
    with pytest.raises(BatchInvalid) as caught:
        load(s, statement(changed + FEB, opening_fen=70_000))
    messages = [p.message for p in caught.value.problems]
    assert any("流水号「J3」已经导入过，但内容不同" in m for m in messages)
    assert fingerprint(s) == before


def test_new_lines_must_follow_the_imported_ones(street: Street) -> None:
    s = street
    load(s, statement(FEB, opening_fen=69_500))
    before = fingerprint(s)
    with pytest.raises(BatchInvalid) as caught:
        load(s, statement(JAN))
    assert "早于已导入的最后一笔" in caught.value.message
    assert fingerprint(s) == before


def test_only_the_treasurer_imports(street: Street) -> None:
    with pytest.raises(PermissionDenied, match="导入银行对账单"):
        bank_import.import_statement(
            street.ctx,
            street.checker,
            compound=street.compound,
            data=statement(JAN),
            filename="x.csv",
        )
