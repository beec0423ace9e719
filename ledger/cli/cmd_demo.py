"""`demo`: build the demo street's books at a path, through the same services users call."""

from __future__ import annotations

import argparse
import os
import sqlite3
import time
from contextlib import closing

from ledger.cli import table
from ledger.cli.runtime import db_url, rules_path
from ledger.demo.build import build_demo
from ledger.domain.clock import local_today
from ledger.domain.errors import AlreadyExists, InvalidInput
from ledger.domain.period import Month
from ledger.interop.rules_yaml import load_rules
from ledger.store import migrate
from ledger.store.database import Database, sqlite_path


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("demo", help="建立演示账簿（迎宾街道四个小区）", parents=[common])
    p.add_argument("--force", action="store_true", help="覆盖已存在的演示数据库文件")
    p.add_argument("--password", default="demo", help="所有演示用户的密码（默认 demo）")
    p.add_argument("--until", help="演示数据截止月份 YYYY-MM（默认本月）")
    p.set_defaults(func=demo)


def demo(args: argparse.Namespace) -> int:
    today = local_today()
    until = Month.parse(args.until, field="截止月份") if args.until is not None else Month.of(today)
    if until > Month.of(today):
        raise InvalidInput(f"截止月份 {until} 晚于本月，演示数据不能记到未来")
    if until < Month(2022, 1):
        raise InvalidInput("截止月份不能早于 2022-01（第一个专户开立于 2021-12-22）")
    if until < Month.of(today):
        today = until.last_day
    path = sqlite_path(db_url(args))
    if path is None:
        raise InvalidInput("演示账簿只建在 SQLite 文件里：请用 --db 指定一个文件路径")
    if os.path.exists(path) and not args.force:
        raise AlreadyExists(f"文件已存在：{path}。如要重建演示账簿，请加 --force（原文件会被覆盖）")
    rules = load_rules(rules_path(args))
    started = time.perf_counter()
    # Build beside the target and replace it only when the whole build succeeded: a failed
    # rebuild leaves the old file as it was.
    partial = f"{path}.building"
    _remove(partial)
    db = Database(partial)
    try:
        migrate.upgrade(db)
        summary = build_demo(db, rules, until=until, today=today, password=args.password)
        db.dispose()
        # Every connection is closed: fold the write-ahead log into the file before moving it.
        with closing(sqlite3.connect(partial)) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        _remove(path)
        os.replace(partial, path)
    finally:
        db.dispose()
        _remove(partial)
    seconds = time.perf_counter() - started
    print(
        f"演示账簿已建立：{path}（截至 {until}，{len(summary.compounds)} 个小区，"
        f"{summary.entries} 张凭证，{summary.locked_months} 个月已公示锁账，"
        f"{summary.prepared_months} 个月已编制待签字，用时 {seconds:.1f} 秒）"
    )
    print(f"所有用户的密码：{args.password}")
    print(table.render(["用户名", "姓名", "角色@范围"], [list(u) for u in summary.users]))
    return 0


def _remove(path: str) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
