"""Every role × every command that checks a permission, on the command line: a role the
matrix does not allow is refused with exit code 3 and a Chinese message naming the action,
nothing in the books or the audit log changes (every table but the refusal log has the same
content), and the refusal log gains exactly one record naming the user and the action."""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from ledger.cli.app import build_parser
from ledger.domain.roles import PERMISSIONS, Role
from ledger.interop.rules_yaml import load_rules
from ledger.services import project_notice
from ledger.services.access import authenticate
from ledger.services.context import Context
from ledger.store.database import Database
from tests.cli.support import CHINESE, ROOT, Capsys, cli
from tests.conftest import FixedClock
from tests.reliability import demo_books
from tests.reliability.cli_permission_cases import CASES, NO_PERMISSION, OBJECTION, USERS, CliCase
from tests.reliability.support import report

cli_env, demo_source = demo_books.cli_env, demo_books.demo_source  # the fixtures


def leaves(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> Iterator[str]:
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        yield " ".join(path)
    for action in subs:
        for name, child in action.choices.items():
            yield from leaves(child, (*path, name))


def content(db: Path) -> str:
    """A hash over every row of every table except the refusal log."""
    digest = hashlib.sha256()
    with closing(sqlite3.connect(db)) as conn:
        tables = [
            n
            for (n,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"
            )
            if n != "refusal_log"
        ]
        for table in tables:
            digest.update(table.encode())
            for row in sorted(conn.execute(f'SELECT * FROM "{table}"'), key=repr):
                digest.update(repr(row).encode())
    return digest.hexdigest()


def _objection(db: Path) -> int:
    """An objection to project 1, filed by its supervisor inside the notice period."""
    clock = FixedClock(dt.datetime(2022, 6, 28, 2, 0, tzinfo=dt.UTC))
    ctx = Context(db=Database(str(db)), rules=load_rules(ROOT / "rules.yaml"), clock=clock)
    try:
        who = authenticate(ctx, "ybhy_jd", "demo")
        return project_notice.file_objection(ctx, who, 1, resident="甲", content="太贵")
    finally:
        ctx.db.dispose()


def refusals(db: Path) -> list[tuple[str, str, str]]:
    with closing(sqlite3.connect(db)) as conn:
        return conn.execute(
            "SELECT user_name, action, rule FROM refusal_log ORDER BY seq"
        ).fetchall()


def test_every_command_is_classified() -> None:
    commands = set(leaves(build_parser()))
    covered = {c.leaf for c in CASES}
    assert not covered & set(NO_PERMISSION), "a command with a case is also listed as unchecked"
    unclassified = commands - covered - set(NO_PERMISSION)
    assert not unclassified, f"commands nobody classified: {sorted(unclassified)}"
    assert not (covered | set(NO_PERMISSION)) - commands, "classified commands that do not exist"
    refused = sum(len(set(Role) - PERMISSIONS[c.action]) for c in CASES)
    report("permissions_cli", commands=len(CASES), roles=len(Role), refused_pairs=refused)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_a_role_without_the_permission_is_refused_and_the_refusal_recorded(
    case: CliCase, demo_source: Path, tmp_path: Path, capsys: Capsys
) -> None:
    db = tmp_path / "books.db"
    shutil.copyfile(demo_source, db)
    printed = ""
    if case.setup == OBJECTION:
        printed = str(_objection(db))
    elif case.setup:
        run = cli(capsys, "--db", str(db), *case.setup)
        assert run.code == 0, f"setup {case.setup}: {run.err}"
        printed = run.out.strip().splitlines()[-1]
    argv = [a.replace("{0}", printed) for a in case.argv]
    before, logged = content(db), refusals(db)
    for role in Role:
        if role in PERMISSIONS[case.action]:
            continue
        user = USERS[role]
        run = cli(capsys, "--db", str(db), *argv, "--user", user)
        assert run.code == 3, f"{role} ran {case}: {run.code} {run.out} {run.err}"
        assert CHINESE.search(run.err) and "权限" in run.err and case.action.label in run.err
        assert "Traceback" not in run.err + run.out
        now = refusals(db)
        assert now[:-1] == logged and now[-1][:2] == (user, case.action.value), now[-1:]
        logged = now
    assert content(db) == before, f"a refused {case} changed the books or the audit log"
