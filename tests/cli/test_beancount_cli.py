"""`export beancount` and `import beancount` on the demo street, as a user runs them."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from beancount import loader
from beancount.core import data

from tests.cli.support import YBHY, Capsys, cli, fingerprint, ok, verify_json
from tests.interop.beancount_support import number

BEAN_CHECK = Path(sys.executable).parent / "bean-check"
NEW = "新建花苑"


def _export(capsys: Capsys, db: Path, out: Path, *scope: str) -> str:
    return ok(capsys, "--db", str(db), "export", "beancount", *scope, "-o", str(out))


def _bean_check(path: Path) -> None:
    run = subprocess.run([str(BEAN_CHECK), str(path)], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr


def _transactions(path: Path) -> list[tuple[object, ...]]:
    directives, errors, _ = loader.load_file(str(path))
    assert not errors
    return sorted(
        (t.date, t.narration, tuple((p.account, number(p)) for p in t.postings))
        for t in directives
        if isinstance(t, data.Transaction)
    )


def test_export_one_compound_and_the_street(books: Path, tmp_path: Path, capsys: Capsys) -> None:
    one, street = tmp_path / "ybhy.beancount", tmp_path / "street.beancount"
    said = _export(capsys, books, one, "--compound", YBHY)
    assert "已导出 1 个小区" in said and str(one) in said
    assert _export(capsys, books, street, "--street").startswith("已导出 2 个小区")
    for path in (one, street):
        _bean_check(path)
    text = street.read_text(encoding="utf-8")
    assert "Assets:C1:Bank:PublicRevenue" in text and f'compound: "{YBHY}"' in text
    assert not list(tmp_path.glob(".*partial"))


def test_export_refusals_leave_no_file(books: Path, tmp_path: Path, capsys: Capsys) -> None:
    target = tmp_path / "x.beancount"
    run = cli(
        capsys,
        "--db",
        str(books),
        "export",
        "beancount",
        "--compound",
        "无此小区",
        "-o",
        str(target),
    )
    assert run.code != 0 and "无此小区" in run.err and not target.exists()
    run = cli(capsys, "--db", str(books), "export", "beancount", "-o", str(target))
    assert run.code == 2 and not target.exists()  # neither --compound nor --street
    missing = tmp_path / "no" / "such" / "dir" / "x.beancount"
    run = cli(capsys, "--db", str(books), "export", "beancount", "--street", "-o", str(missing))
    assert run.code == 2 and "无法写入" in run.err and "Traceback" not in run.err


def _new_compound(capsys: Capsys, db: Path) -> None:
    base = ("--db", str(db), "setup")
    ok(
        capsys,
        *base,
        "compound",
        "--street",
        "迎宾街道",
        "--community",
        "迎宾社区",
        "--name",
        NEW,
        "--opened",
        "2021-12-22",
        "--user",
        "admin",
    )
    for user, role in [("ybhy_cn", "treasurer"), ("ybhy_zr", "committee")]:
        ok(
            capsys,
            *base,
            "grant",
            "--to",
            user,
            "--role",
            role,
            "--compound",
            NEW,
            "--user",
            "admin",
        )


def test_round_trip_through_the_command_line(
    books: Path, tmp_path: Path, capsys: Capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    source, again = tmp_path / "ybhy.beancount", tmp_path / "new.beancount"
    _export(capsys, books, source, "--compound", YBHY)
    _new_compound(capsys, books)
    monkeypatch.setenv("LEDGER_PASSWORD_2", "demo")
    args = ("--db", str(books), "import", "beancount", str(source), "--compound", NEW)
    said = ok(capsys, *args, "--user", "ybhy_cn", "--approve-as", "ybhy_zr")
    assert "新增" in said and "已审核过账" in said
    _export(capsys, books, again, "--compound", NEW)
    _bean_check(again)
    assert _transactions(again) == _transactions(source)
    before = fingerprint(capsys, books)
    assert "新增 0 笔" in ok(capsys, *args, "--user", "ybhy_cn", "--approve-as", "ybhy_zr")
    assert fingerprint(capsys, books) == before
    assert verify_json(capsys, books)["ok"]


def test_import_into_the_same_compound_adds_nothing(
    books: Path, tmp_path: Path, capsys: Capsys
) -> None:
    path = tmp_path / "ybhy.beancount"
    _export(capsys, books, path, "--compound", YBHY)
    before = fingerprint(capsys, books)
    args = ("--db", str(books), "import", "beancount", str(path), "--compound", YBHY)
    assert "新增 0 笔" in ok(capsys, *args, "--user", "ybhy_cn")
    assert fingerprint(capsys, books) == before


GOOD = """\
option "operating_currency" "CNY"
2021-12-22 open Assets:Bank:PublicRevenue CNY
  code: "1002"
2021-12-22 open Income:Parking CNY
  code: "4301"

2022-06-10 * "六月临时停车费"
  Assets:Bank:PublicRevenue  120.00 CNY
  Income:Parking
"""


def test_import_as_drafts_then_approve_one_by_one(
    books: Path, tmp_path: Path, capsys: Capsys
) -> None:
    path = tmp_path / "june.beancount"
    path.write_text(GOOD, encoding="utf-8")
    args = ("--db", str(books), "import", "beancount", str(path), "--compound", YBHY)
    said = ok(capsys, *args, "--user", "ybhy_cn")
    assert "新增 1 笔" in said and "草稿 #" in said
    draft = said.split("草稿 #")[1].split(" ")[0]
    assert ok(
        capsys, "--db", str(books), "entry", "approve", draft, "--user", "ybhy_zr"
    ).startswith("记-2022-06-")
    assert "新增 0 笔" in ok(capsys, *args, "--user", "ybhy_cn")


def test_a_bad_file_is_refused_whole_with_its_lines(
    books: Path, tmp_path: Path, capsys: Capsys
) -> None:
    path = tmp_path / "bad.beancount"
    bad = GOOD + textwrap.dedent(
        """\

        2022-06-11 * "三位小数"
          Assets:Bank:PublicRevenue  1.001 CNY
          Income:Parking  -1.001 CNY

        2022-06-12 * "未知科目"
          Assets:Nowhere  1.00 CNY
          Income:Parking  -1.00 CNY
        """
    )
    path.write_text(bad, encoding="utf-8")
    before = fingerprint(capsys, books)
    run = cli(
        capsys,
        "--db",
        str(books),
        "import",
        "beancount",
        str(path),
        "--compound",
        YBHY,
        "--user",
        "ybhy_cn",
    )
    assert run.code == 2 and "未作任何更改" in run.err
    for line in ("第 12 行", "第 13 行", "第 16 行"):
        assert line in run.err, run.err
    assert fingerprint(capsys, books) == before


def test_approving_needs_the_second_password(
    books: Path, tmp_path: Path, capsys: Capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "june.beancount"
    path.write_text(GOOD, encoding="utf-8")
    monkeypatch.delenv("LEDGER_PASSWORD_2", raising=False)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False)
    before = fingerprint(capsys, books)
    args = ("import", "beancount", str(path), "--compound", YBHY, "--user", "ybhy_cn")
    run = cli(capsys, "--db", str(books), *args, "--approve-as", "ybhy_zr")
    assert run.code == 3 and "LEDGER_PASSWORD_2" in run.err
    run = cli(
        capsys,
        "--db",
        str(books),
        "import",
        "beancount",
        str(tmp_path / "none.beancount"),
        "--compound",
        YBHY,
        "--user",
        "ybhy_cn",
    )
    assert run.code == 2 and "文件不存在" in run.err
    assert fingerprint(capsys, books) == before
