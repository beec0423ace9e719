"""Engine set-up and units of work for SQLite and PostgreSQL.

`Database.write()` is one transaction that happens whole or not at all (invariant 9). On
SQLite it starts with BEGIN IMMEDIATE, so writers queue for the lock instead of failing half
way; WAL lets readers go on meanwhile. On PostgreSQL, writers to one compound serialise on
that compound's row lock (`lock_compound`). Driver errors are turned into the project's own
errors in one place (`translate`).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from ledger.domain.errors import IntegrityError, LedgerError, PermissionDenied, StorageError
from ledger.store.refusals import append_refusal
from ledger.store.schema import Compound

SQLITE_BUSY_TIMEOUT_S = 60


def normalize_url(db: str) -> str:
    """Accept a SQLite file path or any SQLAlchemy URL; PostgreSQL goes through psycopg 3."""
    if "://" not in db:
        return f"sqlite:///{Path(db).expanduser()}"
    url = make_url(db)
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    return url.render_as_string(hide_password=False)


def _sqlite_engine(url: str, *, immediate: bool) -> Engine:
    engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when a transaction begins.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_S * 1000}")
        if not url.endswith(":memory:") and url != "sqlite://":
            cur.execute("PRAGMA journal_mode = WAL")
            cur.execute("PRAGMA synchronous = FULL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


class Database:
    """One database: an engine for writers and one for readers (the same on PostgreSQL)."""

    def __init__(self, url: str) -> None:
        self.url = normalize_url(url)
        self.dialect = make_url(self.url).get_backend_name()
        if self.dialect == "sqlite":
            self.writer = _sqlite_engine(self.url, immediate=True)
            self.reader = _sqlite_engine(self.url, immediate=False)
        elif self.dialect == "postgresql":
            self.writer = create_engine(self.url, pool_pre_ping=True)
            self.reader = self.writer
        else:
            raise StorageError(
                f"不支持的数据库类型「{self.dialect}」：请使用 SQLite 文件或 PostgreSQL"
            )
        self._write_sessions = sessionmaker(self.writer, expire_on_commit=False)
        self._read_sessions = sessionmaker(self.reader, expire_on_commit=False)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One unit of work: committed whole when the block ends, rolled back on any error.
        A permission refusal is then written to the refusal log in a transaction of its own."""
        try:
            with translate(), self._write_sessions() as session, session.begin():
                yield session
        except PermissionDenied as refused:
            self._record_refusal(refused)
            raise

    @contextmanager
    def read(self) -> Iterator[Session]:
        try:
            with translate(), self._read_sessions() as session, session.begin():
                yield session
        except PermissionDenied as refused:
            self._record_refusal(refused)
            raise

    def _record_refusal(self, refused: PermissionDenied) -> None:
        facts = refused.facts
        compound_id = facts.get("compound_id")
        try:
            with translate(), self._write_sessions() as session, session.begin():
                append_refusal(
                    session,
                    at=dt.datetime.now(dt.UTC),
                    user_name=str(facts.get("user", "")),
                    action=str(facts.get("action", "")),
                    compound_id=compound_id if isinstance(compound_id, int) else None,
                    rule=type(refused).__name__,
                    message=refused.message,
                )
        except LedgerError:
            pass  # a database that cannot be written cannot keep it; the refusal still stands

    def dispose(self) -> None:
        self.writer.dispose()
        if self.reader is not self.writer:
            self.reader.dispose()


def lock_compound(session: Session, compound_id: int) -> None:
    """Serialise writers to one compound's books (a no-op on SQLite, already serialised)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(Compound.id).where(Compound.id == compound_id).with_for_update())


def sqlite_path(url: str) -> str | None:
    """The file behind a SQLite URL, or None for PostgreSQL and in-memory databases."""
    parsed = make_url(normalize_url(url))
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    return None if parsed.database == ":memory:" else os.path.abspath(parsed.database)


@contextmanager
def translate() -> Iterator[None]:
    """Turn driver errors into LedgerErrors with a Chinese message; LedgerErrors pass through."""
    try:
        yield
    except LedgerError:
        raise
    except sa_exc.DBAPIError as err:
        raise _translated(err) from err


def _translated(err: sa_exc.DBAPIError) -> LedgerError:
    text = str(err.orig)
    low = text.lower()
    if "ledger:" in text:
        rule = text.split("ledger:", 1)[1].splitlines()[0].strip()
        return IntegrityError(f"数据库拒绝了这次写入（账簿规则：{rule}），未作任何更改", rule=rule)
    if "readonly" in low or "read-only" in low or "read only" in low:
        return StorageError("数据库是只读的，无法写入：请检查文件权限或连接的账号，未作任何更改")
    if "disk is full" in low or "no space" in low or "database or disk is full" in low:
        return StorageError("磁盘已满，无法写入：请清理磁盘空间后重试，未作任何更改")
    if "locked" in low or "could not serialize" in low or "deadlock" in low:
        return StorageError("数据库正忙（其他人正在写入），请稍后重试，未作任何更改")
    if "unable to open" in low or "could not connect" in low or "connection" in low:
        return StorageError(f"无法打开数据库：{text.splitlines()[0]}")
    if "no such table" in low or "does not exist" in low:
        return StorageError(
            "数据库尚未初始化或版本不符：请先运行 `python main.py init-db` 建立或升级数据库结构"
        )
    if isinstance(err, sa_exc.IntegrityError):
        return IntegrityError(
            f"数据库拒绝了这次写入（约束冲突：{text.splitlines()[0]}），未作任何更改"
        )
    return StorageError(f"数据库错误：{text.splitlines()[0]}")
