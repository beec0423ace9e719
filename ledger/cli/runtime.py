"""Building what commands need from the command line: the database, the rules, the user."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from ledger.domain.errors import AuthenticationFailed, StorageError
from ledger.interop.rules_yaml import load_rules
from ledger.services.access import authenticate
from ledger.services.context import Actor, Context
from ledger.store import migrate
from ledger.store.database import Database, sqlite_path

DEFAULT_DB = "ledger.db"
DEFAULT_RULES = Path(__file__).resolve().parents[2] / "rules.yaml"


def db_url(args: argparse.Namespace) -> str:
    return str(getattr(args, "db", None) or os.environ.get("LEDGER_DB") or DEFAULT_DB)


def rules_path(args: argparse.Namespace) -> Path:
    return Path(getattr(args, "rules", None) or os.environ.get("LEDGER_RULES") or DEFAULT_RULES)


def open_context(args: argparse.Namespace, *, create: bool = False) -> Context:
    """The context of an existing, up-to-date database (or a new one when `create`)."""
    url = db_url(args)
    path = sqlite_path(url)
    if path is not None and not create and not os.path.exists(path):
        raise StorageError(
            f"数据库文件不存在：{path}\n请先运行 `python main.py demo --db {path}` 建立演示账簿，"
            f"或 `python main.py init-db --db {path}` 建立空账簿"
        )
    rules = load_rules(rules_path(args))
    db = Database(url)
    opened = getattr(args, "opened_databases", None)
    if isinstance(opened, list):
        opened.append(db)
    if create:
        migrate.upgrade(db)
    elif not migrate.is_current(db):
        raise StorageError(
            "数据库结构版本不是最新的：请先运行 `python main.py init-db` 升级（数据不会丢失）"
        )
    return Context(db=db, rules=rules)


def password_for(name: str) -> str:
    password = os.environ.get("LEDGER_PASSWORD")
    if password is not None:
        return password
    if not sys.stdin.isatty():
        raise AuthenticationFailed(
            "需要密码：请设置环境变量 LEDGER_PASSWORD，或在终端里运行以便输入密码"
        )
    return getpass.getpass(f"用户 {name} 的密码：")


def login(ctx: Context, args: argparse.Namespace) -> Actor:
    name = getattr(args, "user", None)
    if not name:
        raise AuthenticationFailed("这个命令会写入账簿：请用 --user 指明操作人")
    return authenticate(ctx, name, password_for(name))


SECOND_PASSWORD = "LEDGER_PASSWORD_2"


def second_login(ctx: Context, name: str) -> Actor:
    """The second signature of an import (`--approve-as NAME`): the checker's own password,
    from LEDGER_PASSWORD_2 or asked at the terminal."""
    password = os.environ.get(SECOND_PASSWORD)
    if password is None:
        if not sys.stdin.isatty():
            raise AuthenticationFailed(
                f"需要审核人「{name}」的密码：请设置环境变量 {SECOND_PASSWORD}，或在终端里运行"
            )
        password = getpass.getpass(f"审核人 {name} 的密码：")
    return authenticate(ctx, name, password)
