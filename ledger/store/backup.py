"""Backup and restore of a whole database, on SQLite and PostgreSQL alike.

`backup` takes a consistent snapshot while others keep writing, and writes every table the
database holds (found by reflection, so tables added by later migrations are covered without
a list here) to a dump file (`ledger.store.dump`), in foreign-key order:

- SQLite: the online backup API copies the live WAL database page by page into a private
  file in one step; the dump is read from that copy.
- PostgreSQL: one REPEATABLE READ READ ONLY transaction; every table is read from the same
  snapshot.

`restore` loads a dump into an EMPTY database (a non-empty target is refused): it checks the
file's checksum and row counts first, brings the target's schema to the dump's revision with
the migrations, loads every row in one transaction with the append-only and chain triggers
not firing (PostgreSQL: `session_replication_role = replica`; SQLite: the triggers are
dropped and recreated, unchanged, inside the same transaction), resets the PostgreSQL
sequences, then upgrades to the newest revision. The caller runs `verify` on the result: the
triggers were off, so verify is what proves the restored books.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

import sqlalchemy as sa
from alembic.script import ScriptDirectory
from sqlalchemy import exc as sa_exc

from ledger.domain.errors import StorageError
from ledger.store import dump, migrate
from ledger.store.database import Database, sqlite_path, translate

VERSION_TABLE = "alembic_version"
BATCH = 2000


@dataclass
class Summary:
    """What a backup wrote or a restore loaded."""

    revision: str
    counts: dict[str, int] = field(default_factory=dict)
    sha256: str = ""
    seconds: float = 0.0

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


# ---------------------------------------------------------------- backup


def backup(db: Database, out: Path) -> Summary:
    """A consistent snapshot of `db` written to `out` (replaced only once complete)."""
    started = time.perf_counter()
    out = out.expanduser().resolve()
    if not out.parent.is_dir():
        raise StorageError(f"备份目录不存在：{out.parent}")
    path = sqlite_path(db.url)
    if db.dialect == "sqlite":
        if path is None:
            raise StorageError("内存数据库无法备份：请使用 SQLite 文件或 PostgreSQL")
        summary = _backup_sqlite(Path(path), out)
    else:
        with translate(), db.writer.connect() as conn:
            snap = conn.execution_options(
                isolation_level="REPEATABLE READ", postgresql_readonly=True
            )
            with snap.begin():
                summary = _dump(snap, out)
    summary.seconds = time.perf_counter() - started
    return summary


def _backup_sqlite(source: Path, out: Path) -> Summary:
    if not source.exists():
        raise StorageError(f"数据库文件不存在：{source}")
    with tempfile.TemporaryDirectory(dir=out.parent, prefix=".ledger-backup-") as tmp:
        copy = Path(tmp) / "snapshot.db"
        try:
            with (
                closing(sqlite3.connect(source, timeout=60)) as src,
                closing(sqlite3.connect(copy)) as dst,
            ):
                src.backup(dst)  # pages=-1: the whole database in one step, one snapshot
        except sqlite3.Error as err:
            raise StorageError(f"无法读取数据库 {source}：{err}") from None
        engine = sa.create_engine(f"sqlite:///{copy}")
        try:
            with translate(), engine.connect() as conn, conn.begin():
                return _dump(conn, out)
        finally:
            engine.dispose()


def _reflect(conn: sa.Connection) -> sa.MetaData:
    meta = sa.MetaData()
    meta.reflect(bind=conn)
    return meta


def _project_tables(meta: sa.MetaData) -> list[sa.Table]:
    """Every table but Alembic's own, parents before children."""
    return [t for t in meta.sorted_tables if t.name != VERSION_TABLE]


def _revision(conn: sa.Connection, meta: sa.MetaData) -> str | None:
    if VERSION_TABLE not in meta.tables:
        return None
    row = conn.execute(sa.select(meta.tables[VERSION_TABLE].c.version_num)).first()
    return None if row is None else str(row[0])


def _dump(conn: sa.Connection, out: Path) -> Summary:
    meta = _reflect(conn)
    revision = _revision(conn, meta)
    if revision is None:
        raise StorageError("数据库尚未初始化（没有结构版本）：没有可备份的账簿")
    tables = _project_tables(meta)
    header = dump.Header(
        revision=revision,
        dialect=conn.dialect.name,
        tables=[t.name for t in tables],
        created_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    )
    writer = dump.DumpWriter(out, header)
    try:
        for table in tables:
            order = list(table.primary_key.columns) or list(table.columns)
            result = conn.execution_options(yield_per=BATCH).execute(
                sa.select(table).order_by(*order)
            )
            writer.table(table.name, [c.name for c in table.columns], (tuple(r) for r in result))
        footer = writer.close()
    except BaseException:
        writer.abort()
        raise
    return Summary(revision, footer.counts, footer.sha256)


# ---------------------------------------------------------------- restore


def _known_revisions() -> list[str]:
    """Every revision this program knows, oldest first."""
    script = ScriptDirectory(str(migrate.MIGRATIONS))
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def restore(db: Database, source: Path) -> Summary:
    """Load the dump `source` into the empty database `db` (see the module's docstring)."""
    started = time.perf_counter()
    header, footer = dump.check(source)
    known = _known_revisions()
    if header.revision not in known:
        raise StorageError(
            f"备份的数据库结构版本「{header.revision}」是本程序不认识的（来自更新的版本）："
            "请先升级本程序再恢复，未作任何更改"
        )
    _require_empty(db, header.revision, known)
    migrate.upgrade(db, header.revision)
    with translate(), db.writer.begin() as conn:
        meta = _reflect(conn)
        targets = {t.name: t for t in _project_tables(meta)}
        if set(targets) != set(header.tables):
            missing = sorted(set(header.tables) ^ set(targets))
            raise StorageError(
                f"备份与目标数据库的表不一致（{'、'.join(missing)}）：无法恢复，未作任何更改"
            )
        with _triggers_off(conn):
            counts = _load(conn, source, targets)
        if db.dialect == "postgresql":
            _reset_sequences(conn, list(targets.values()))
    if counts != footer.counts:
        raise StorageError("恢复的行数与备份记录的不符")  # cannot happen: each row is counted
    migrate.upgrade(db)
    return Summary(
        migrate.current_revision(db) or header.revision,
        counts,
        footer.sha256,
        time.perf_counter() - started,
    )


def _require_empty(db: Database, revision: str, known: list[str]) -> None:
    with translate(), db.writer.connect() as conn:
        meta = _reflect(conn)
        current = _revision(conn, meta)
        for table in _project_tables(meta):
            n = conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
            if n:
                raise StorageError(
                    f"目标数据库不是空的（表 {table.name} 已有 {n} 行）：恢复只能装入新建的空数据库，"
                    "以免覆盖现有账簿，未作任何更改"
                )
        conn.rollback()
    if current is not None and (
        current not in known or known.index(current) > known.index(revision)
    ):
        raise StorageError(
            f"目标数据库的结构版本（{current}）比备份的（{revision}）新：请恢复到新建的空数据库，"
            "未作任何更改"
        )


@contextmanager
def _triggers_off(conn: sa.Connection) -> Iterator[None]:
    """Inside the load transaction: the rows were checked when first written, and `verify`
    checks them again afterwards; the triggers would refuse e.g. the lines of a posted draft."""
    if conn.dialect.name == "postgresql":
        try:
            with conn.begin_nested():
                conn.exec_driver_sql("SET LOCAL session_replication_role = replica")
        except sa_exc.DBAPIError as err:
            raise StorageError(
                "恢复到 PostgreSQL 需要超级用户权限（SET session_replication_role）："
                f"请用数据库的超级用户连接，未作任何更改（{str(err.orig).splitlines()[0]}）"
            ) from None
        yield
        conn.exec_driver_sql("SET LOCAL session_replication_role = origin")
        return
    triggers = conn.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
    ).all()
    conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
    for name, _sql in triggers:
        conn.exec_driver_sql(f'DROP TRIGGER "{name}"')
    yield
    for _name, sql in triggers:
        conn.exec_driver_sql(sql)


def _load(conn: sa.Connection, source: Path, targets: dict[str, sa.Table]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for name, columns, rows in dump.tables(source):
        table = targets[name]
        unknown = [c for c in columns if c not in table.c]
        if unknown:
            raise StorageError(
                f"备份里表 {name} 的列 {'、'.join(unknown)} 在目标数据库里不存在：无法恢复"
            )
        counts[name] = 0
        while chunk := list(islice(rows, BATCH)):
            conn.execute(table.insert(), [dict(zip(columns, row, strict=True)) for row in chunk])
            counts[name] += len(chunk)
    return counts


def _reset_sequences(conn: sa.Connection, tables: list[sa.Table]) -> None:
    """Serial and identity columns continue after the highest restored value."""
    for table in tables:
        for column in table.primary_key.columns:
            seq = conn.execute(
                sa.text("SELECT pg_get_serial_sequence(:t, :c)"),
                {"t": f'"{table.name}"', "c": column.name},
            ).scalar_one()
            if seq is None:
                continue
            top = conn.execute(sa.select(sa.func.max(column))).scalar_one()
            conn.execute(
                sa.text("SELECT setval(:s, :v, :called)"),
                {"s": seq, "v": top or 1, "called": top is not None},
            )
