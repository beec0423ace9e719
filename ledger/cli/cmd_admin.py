"""Commands for whoever runs the database: serve-db-init, backup, restore."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from sqlalchemy.engine import make_url

from ledger.cli.runtime import db_url, open_context
from ledger.domain.errors import StorageError
from ledger.services.verify import verify
from ledger.store import backup, migrate
from ledger.store.backup import Summary
from ledger.store.database import Database, sqlite_path


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    i = sub.add_parser(
        "serve-db-init",
        help="为多人共用的数据库（PostgreSQL 或 SQLite）建立或升级结构，并报告版本",
        parents=[common],
    )
    i.set_defaults(func=serve_db_init)
    b = sub.add_parser(
        "backup", help="一致性备份：别人写入时也可以做，备份整个数据库到一个文件", parents=[common]
    )
    b.add_argument("-o", "--output", required=True, help="备份文件（建议 .ledgerdump.gz）")
    b.add_argument("--json", action="store_true")
    b.set_defaults(func=run_backup)
    r = sub.add_parser(
        "restore",
        help="把备份文件恢复到一个空数据库（--db 指定），恢复后自动校验",
        parents=[common],
    )
    r.add_argument("file", help="backup 生成的备份文件")
    r.add_argument("--json", action="store_true")
    r.set_defaults(func=run_restore)


def _database(args: argparse.Namespace) -> Database:
    db = Database(db_url(args))
    opened = getattr(args, "opened_databases", None)
    if isinstance(opened, list):
        opened.append(db)
    return db


def serve_db_init(args: argparse.Namespace) -> int:
    db = _database(args)
    before = migrate.current_revision(db)
    migrate.upgrade(db)
    after = migrate.current_revision(db)
    where = db.url if db.dialect == "sqlite" else _hide_password(db.url)
    if before == after:
        print(f"数据库结构已是最新版本（{after}）：{where}")
    else:
        print(f"数据库结构已从 {before or '空库'} 升级到 {after}：{where}")
    print(f"各终端用 --db {where} 或环境变量 LEDGER_DB 连接")
    return 0


def _hide_password(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def _summary(kind: str, s: Summary, extra: dict[str, object]) -> dict[str, object]:
    return {
        kind: True,
        "revision": s.revision,
        "tables": len(s.counts),
        "rows": s.rows,
        "counts": s.counts,
        "sha256": s.sha256,
        "seconds": round(s.seconds, 3),
        **extra,
    }


def run_backup(args: argparse.Namespace) -> int:
    path = sqlite_path(db_url(args))
    if path is not None and not Path(path).exists():
        raise StorageError(f"数据库文件不存在：{path}")
    out = Path(args.output)
    s = backup.backup(_database(args), out)
    if args.json:
        print(json.dumps(_summary("backup", s, {"file": str(out)}), ensure_ascii=False))
    else:
        print(
            f"已备份到 {out}：结构版本 {s.revision}，{len(s.counts)} 张表共 {s.rows} 行，"
            f"校验和 {s.sha256[:16]}，用时 {s.seconds:.1f} 秒"
        )
    return 0


def run_restore(args: argparse.Namespace) -> int:
    s = backup.restore(_database(args), Path(args.file))
    report = verify(open_context(args))
    extra: dict[str, object] = {
        "ok": report.ok,
        "compounds": report.compounds,
        "entries": report.entries,
        "digest": report.digest,
        "findings": [str(f) for f in report.findings],
    }
    if args.json:
        print(json.dumps(_summary("restore", s, extra), ensure_ascii=False))
    else:
        print(
            f"已从 {args.file} 恢复：{len(s.counts)} 张表共 {s.rows} 行，结构版本 {s.revision}，"
            f"用时 {s.seconds:.1f} 秒"
        )
    if not report.ok:
        for f in report.findings:
            print(f, file=sys.stderr)
        print(f"恢复后的校验失败：发现 {len(report.findings)} 处问题（见上）", file=sys.stderr)
        return 1
    if not args.json:
        print(
            f"校验通过：{report.compounds} 个小区，{report.entries} 张凭证。摘要 {report.digest[:16]}"
        )
    return 0
