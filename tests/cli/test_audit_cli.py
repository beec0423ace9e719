"""`roles` and `audit` on the command line: the permissions matrix as a table and as JSON, a
term-end audit of the demo treasurer and a period audit, each checked against what the other
commands (`entry list`, `balance`) say; and the refusals, in Chinese, writing nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ledger.domain.roles import PERMISSIONS, Action, Role
from tests.cli.support import (
    BANK,
    CHINESE,
    YBHY,
    Capsys,
    balance_json,
    by_code,
    cli,
    fingerprint,
    ok,
)

TREASURER, COMMITTEE = "李秀兰", "张卫东"


def audit_json(capsys: Capsys, db: Path, *scope: str, user: str = "auditor") -> dict[str, Any]:
    args = ("--db", str(db), "audit", "--compound", YBHY, *scope, "--json", "--user", user)
    data: dict[str, Any] = json.loads(ok(capsys, *args))
    return data


def journal(capsys: Capsys, db: Path, *extra: str) -> list[tuple[str, ...]]:
    """(voucher, date, memo, amount, maker, checker) of each posted entry, as `entry list`."""
    rows = json.loads(
        ok(capsys, "--db", str(db), "entry", "list", "--compound", YBHY, *extra, "--json")
    )
    return [
        (r["number"], r["date"], r["memo"], r["amount"], r["maker"], r["checker"]) for r in rows
    ]


def entry_rows(items: list[dict[str, Any]]) -> list[tuple[str, ...]]:
    keys = ("voucher", "date", "memo", "amount", "maker", "checker")
    return [tuple(x[k] for k in keys) for x in items]


# --- roles --------------------------------------------------------------------------------


def test_roles_prints_the_matrix_with_a_row_per_action_and_a_column_per_role(
    capsys: Capsys,
) -> None:
    out = ok(capsys, "roles")
    lines = out.splitlines()
    header = next(line for line in lines if line.startswith("操作"))
    assert all(role.label in header for role in Role)
    for action in Action:
        (row,) = [line for line in lines if f" {action.value} " in f"{line} "]
        assert row.startswith(action.label)
        marks = row.split(action.value, 1)[1].split()
        assert marks == ["✓" if role in PERMISSIONS[action] else "—" for role in Role]
    assert "不能审核过账自己编制的凭证" in out


def test_roles_json_gives_every_action_and_every_role(capsys: Capsys) -> None:
    data = json.loads(ok(capsys, "roles", "--json"))
    assert data["roles"] == [{"role": r.value, "label": r.label} for r in Role]
    assert [a["action"] for a in data["actions"]] == [a.value for a in Action]
    for row in data["actions"]:
        action = Action(row["action"])
        assert row["label"] == action.label
        assert row["roles"] == {r.value: r in PERMISSIONS[action] for r in Role}
    assert data["extra_rules"]


# --- audit --------------------------------------------------------------------------------


def test_the_treasurers_term_audit_lists_every_voucher_she_drafted_and_her_sign_offs(
    books: Path, capsys: Capsys
) -> None:
    data = audit_json(capsys, books, "--person", "ybhy_cn")
    assert data["kind"] == "person" and data["compound"] == YBHY
    assert data["person"]["name"] == "ybhy_cn" and data["person"]["display_name"] == TREASURER
    assert [r["role"] for r in data["person"]["roles"]] == ["treasurer"]
    assert data["term"]["start"] == "2021-12-22" and data["term"]["open"] is True
    everything = journal(capsys, books)
    assert entry_rows(data["drafted"]) == [e for e in everything if e[4] == TREASURER]
    assert data["drafted"] and data["approved"] == []
    assert {s["person"] for s in data["signoffs"]} == {TREASURER}
    assert {s["step"] for s in data["signoffs"]} == {"prepare"}
    for key, count in data["counts"].items():
        assert len(data[key]) == count, key
    # Her term began with the account: nothing before it, everything posted since at its end.
    end_month = data["term"]["end"][:7]
    now = by_code(balance_json(capsys, books, end_month))
    bank = data["balances"]["bank"]
    assert bank == {"code": BANK, "opening": "0.00", "closing": now[BANK]["closing"]}
    assert {a["code"]: a["closing"] for a in data["balances"]["accounts"]} == {
        code: a["closing"] for code, a in now.items()
    }


def test_the_committee_chairs_audit_lists_what_he_approved_and_sealed(
    books: Path, capsys: Capsys
) -> None:
    data = audit_json(capsys, books, "--person", "ybhy_zr", user="yb_shequ")
    everything = journal(capsys, books)
    assert entry_rows(data["approved"]) == [e for e in everything if e[5] == COMMITTEE]
    assert data["drafted"] == []
    for seal in data["seals"]:
        assert COMMITTEE in (seal["requested_by"], seal["decided_by"], seal["used_by"])
        assert seal["capacities"]


def test_a_period_audit_agrees_with_the_journal_and_the_trial_balance(
    books: Path, capsys: Capsys
) -> None:
    data = audit_json(capsys, books, "--from", "2022-03", "--to", "2022-04")
    assert (data["kind"], data["from"], data["to"]) == ("period", "2022-03", "2022-04")
    march, april = (journal(capsys, books, "--month", m) for m in ("2022-03", "2022-04"))
    assert entry_rows(data["entries"]) == march + april
    assert {s["month"] for s in data["signoffs"]} <= {"2022-03", "2022-04"}
    first, last = (by_code(balance_json(capsys, books, m)) for m in ("2022-03", "2022-04"))
    for line in data["balances"]["accounts"]:
        assert line["opening"] == first.get(line["code"], {"opening": "0.00"})["opening"]
        assert line["closing"] == last[line["code"]]["closing"]
    assert data["balances"]["from"] == "2022-03-01" and data["balances"]["to"] == "2022-04-30"


def test_without_json_the_audit_is_a_readable_summary(books: Path, capsys: Capsys) -> None:
    db = ("--db", str(books), "audit", "--compound", YBHY, "--user", "auditor")
    period = ok(capsys, *db, "--from", "2022-03", "--to", "2022-04")
    assert period.startswith(f"{YBHY} 经济责任审计 2022年3月—2022年4月")
    assert "科目余额表" in period and "过账凭证（" in period and "月结手续（" in period
    person = ok(capsys, *db, "--person", "李秀兰")  # the display name will do
    assert person.startswith(f"离任审计：{TREASURER}（ybhy_cn）在{YBHY}")
    assert "尚未卸任" in person and "编制的凭证（制单）（" in person


@pytest.mark.parametrize(
    ("argv", "code", "words"),
    [
        (("--person", "ybhy_cn", "--user", "ybhy_cn"), 3, "经济责任审计查询"),
        (("--person", "ybhy_cn", "--user", "ybhy_zr"), 3, "经济责任审计查询"),
        (("--person", "ybhy_cn"), 3, "--user"),
        (("--person", "nobody", "--user", "auditor"), 1, "没有用户「nobody」"),
        (("--from", "2022-03", "--user", "auditor"), 2, "--to"),
        (
            ("--person", "ybhy_cn", "--from", "2022-03", "--to", "2022-04", "--user", "auditor"),
            2,
            "二选一",
        ),
        (("--from", "2022-05", "--to", "2022-03", "--user", "auditor"), 2, "晚于"),
        (("--from", "2022-13", "--to", "2022-03", "--user", "auditor"), 2, "2022-13"),
    ],
)
def test_refusals_are_in_chinese_and_write_nothing(
    books: Path, capsys: Capsys, argv: tuple[str, ...], code: int, words: str
) -> None:
    before = fingerprint(capsys, books)
    run = cli(capsys, "--db", str(books), "audit", "--compound", YBHY, *argv)
    assert run.code == code, run.err
    assert CHINESE.search(run.err) and words in run.err and "Traceback" not in run.err
    assert run.out == ""
    assert fingerprint(capsys, books) == before


def test_an_unknown_compound_is_named(books: Path, capsys: Capsys) -> None:
    run = cli(
        capsys,
        "--db",
        str(books),
        "audit",
        "--compound",
        "无此小区",
        "--person",
        "x",
        "--user",
        "auditor",
    )
    assert run.code != 0 and "无此小区" in run.err and CHINESE.search(run.err)
