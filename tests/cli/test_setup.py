"""Setting up a new street from the command line, from an empty file to a posted opening."""

from __future__ import annotations

from pathlib import Path

import pytest

from ledger.cli.app import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_street_office_sets_up_its_books(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = str(tmp_path / "new.db")
    monkeypatch.setenv("LEDGER_PASSWORD", "secret1")
    monkeypatch.setenv("LEDGER_NEW_PASSWORD", "newpw1")
    steps = [
        ["setup", "street", "--name", "新城街道", "--admin", "boss", "--admin-name", "李主任"],
        ["setup", "community", "--street", "新城街道", "--name", "一社区", "--user", "boss"],
        [
            "setup",
            "compound",
            "--street",
            "新城街道",
            "--community",
            "一社区",
            "--name",
            "幸福里",
            "--opened",
            "2025-01-02",
            "--households",
            "200",
            "--user",
            "boss",
        ],
        ["setup", "user", "--name", "cn", "--display-name", "出纳", "--user", "boss"],
        [
            "setup",
            "grant",
            "--to",
            "cn",
            "--role",
            "treasurer",
            "--compound",
            "幸福里",
            "--user",
            "boss",
        ],
        ["setup", "user", "--name", "zr", "--display-name", "主任", "--user", "boss"],
        [
            "setup",
            "grant",
            "--to",
            "zr",
            "--role",
            "业委会",
            "--compound",
            "幸福里",
            "--user",
            "boss",
        ],
    ]
    for step in steps:
        code, _, err = run(capsys, "--db", db, *step)
        assert code == 0, err
    # A second street in the same database is refused: the first admin sets up the rest.
    code, _, err = run(
        capsys,
        "--db",
        db,
        "setup",
        "street",
        "--name",
        "别的街道",
        "--admin",
        "x",
        "--admin-name",
        "某",
    )
    assert code != 0 and "已经有用户" in err
    # A role that does not exist is named in the refusal.
    code, _, err = run(
        capsys,
        "--db",
        db,
        "setup",
        "grant",
        "--to",
        "cn",
        "--role",
        "boss",
        "--compound",
        "幸福里",
        "--user",
        "boss",
    )
    assert code == 2 and "未知角色「boss」" in err
    # A treasurer cannot create users.
    monkeypatch.setenv("LEDGER_PASSWORD", "newpw1")
    code, _, err = run(
        capsys, "--db", db, "setup", "user", "--name", "x1", "--display-name", "某", "--user", "cn"
    )
    assert code == 3 and "权限" in err
    code, out, _ = run(
        capsys,
        "--db",
        db,
        "setup",
        "opening",
        "--compound",
        "幸福里",
        "--date",
        "2025-01-02",
        "--line",
        "1002:50,000",
        "--user",
        "cn",
    )
    assert code == 0
    code, out, err = run(capsys, "--db", db, "entry", "approve", out.strip(), "--user", "zr")
    assert (code, out.strip()) == (0, "记-2025-01-0001"), err
    code, out, _ = run(
        capsys, "--db", db, "balance", "--compound", "幸福里", "--month", "2025-01", "--json"
    )
    assert code == 0 and '"closing": "50000.00"' in out and '"closing": "-50000.00"' in out
    code, out, _ = run(
        capsys, "--db", db, "entry", "show", "记-2025-01-0001", "--compound", "幸福里"
    )
    assert code == 0 and "制单 出纳" in out and "审核过账 主任" in out and "50,000.00" in out
    assert run(capsys, "--db", db, "verify")[0] == 0
