"""Backup and restore: a snapshot taken while another process keeps posting restores to books
that verify and are exactly the original's up to that moment; a quiet backup restores to equal
books (same verify digest, same trial balances, same rows); old dumps upgrade on restore; a
non-empty target, a damaged file and a dump from a newer program are refused in Chinese with
nothing written. On SQLite and PostgreSQL, and from one engine to the other."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
import sqlalchemy as sa

from ledger.domain.entry import Line
from ledger.domain.errors import StorageError
from ledger.domain.period import Month
from ledger.domain.rules import RuleBook
from ledger.services import entries
from ledger.services.context import Context
from ledger.services.verify import verify
from ledger.store import backup, migrate
from ledger.store.database import Database
from ledger.store.schema import AuditRecord
from tests import conftest
from tests.cli.support import cli
from tests.conftest import FixedClock, Street
from tests.helpers import BANK, PARKING, close_month, fingerprint, receive
from tests.reliability.support import (
    balances,
    chain,
    engine_of,
    fork,
    fresh_database,
    no_partial_work,
    report,
    wait,
)

MONTHS = [Month(2024, m) for m in (1, 2, 3, 6)]
JUNE = dt.date(2024, 6, 20)


def _books(s: Street) -> None:
    """Three months of income, one closed month, one reversal."""
    for month in MONTHS[:3]:
        for day in (3, 11, 19, 27):
            receive(s, dt.date(month.year, month.month, day), 10_000 * day + month.month)
    s.clock.set(dt.date(2024, 4, 5))
    close_month(s, MONTHS[0])
    s.clock.set(dt.date(2024, 6, 10))
    draft = entries.reverse_entry(s.ctx, s.treasurer, "记-2024-03-0001", reason="金额录错")
    entries.approve_entry(s.ctx, s.checker, draft)


def _keep_posting(s: Street, stop: Path) -> Callable[[], None]:
    """A second treasurer's terminal: posts income until `stop` exists."""

    def work() -> None:
        ctx = Context(
            db=Database(s.ctx.db.url),
            rules=s.ctx.rules,
            clock=FixedClock(dt.datetime(2024, 6, 30, 2, tzinfo=dt.UTC)),
        )
        i = 0
        while not stop.exists() and i < 5_000:
            fen = 100 + i
            lines = [Line(BANK, fen), Line(PARKING, -fen)]
            d = entries.draft_entry(
                ctx, s.treasurer, compound=s.compound, date=JUNE, memo=f"并发 {i}", lines=lines
            )
            entries.approve_entry(ctx, s.checker, d)
            i += 1
        ctx.db.dispose()

    return work


def _audit(ctx: Context) -> dict[str, list[tuple[int, str]]]:
    out: dict[str, list[tuple[int, str]]] = {}
    with ctx.db.read() as session:
        rows = session.execute(
            sa.select(AuditRecord.scope, AuditRecord.seq, AuditRecord.hash).order_by(
                AuditRecord.scope, AuditRecord.seq
            )
        )
        for scope, seq, h in rows:
            out.setdefault(scope, []).append((seq, h))
    return out


def _restored(url: str, dump: Path, rules: RuleBook) -> Context:
    db = Database(url)
    backup.restore(db, dump)
    assert migrate.is_current(db)
    return Context(db=db, rules=rules, clock=FixedClock(dt.datetime(2024, 7, 1, tzinfo=dt.UTC)))


def test_a_backup_taken_while_another_process_posts_restores_to_equal_books(
    db_url: str, rules: RuleBook, tmp_path: Path
) -> None:
    s = conftest.make_street(db_url, rules)
    _books(s)
    engine = engine_of(db_url)
    start = len(chain(s.ctx))
    stop = tmp_path / "stop"
    pid = fork(s.ctx.db, _keep_posting(s, stop))
    deadline = time.monotonic() + 60
    while len(chain(s.ctx)) < start + 5 and time.monotonic() < deadline:
        time.sleep(0.05)
    during = tmp_path / "during.ledgerdump.gz"
    took = backup.backup(s.ctx.db, during)
    time.sleep(0.3)  # the writer goes on after the snapshot
    stop.touch()
    assert wait(pid) == 0
    original, original_audit = chain(s.ctx), _audit(s.ctx)

    with fresh_database(engine, tmp_path, "during") as url:
        copy = _restored(url, during, rules)
        got = chain(copy)
        # Exactly the original's books as they stood at one moment: a prefix of its chain and
        # of every audit chain, nothing half-posted, and verify passes on it.
        assert start + 5 <= len(got) < len(original)
        assert got == original[: len(got)]
        for scope, records in _audit(copy).items():
            assert records == original_audit[scope][: len(records)], scope
        no_partial_work(copy)
        copy.db.dispose()

    quiet = tmp_path / "quiet.ledgerdump.gz"
    backup.backup(s.ctx.db, quiet)
    with fresh_database(engine, tmp_path, "quiet") as url:
        copy = _restored(url, quiet, rules)
        again = verify(copy)
        assert again.ok, again.findings
        assert again.digest == verify(s.ctx).digest
        assert balances(copy, s.compound, MONTHS) == balances(s.ctx, s.compound, MONTHS)
        assert fingerprint(replace(s, ctx=copy)) == fingerprint(s)
        copy.db.dispose()
    report(
        f"backup_restore_{engine}",
        entries_at_snapshot=len(got),
        entries_after=len(original),
        backup_rows=took.rows,
        backup_seconds=round(took.seconds, 3),
        dump_bytes=during.stat().st_size,
    )
    s.ctx.db.dispose()


@pytest.mark.pg
def test_books_move_from_sqlite_to_postgresql_and_back(
    rules: RuleBook, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    s = conftest.make_street(str(tmp_path / "street.db"), rules)
    _books(s)
    want = verify(s.ctx).digest
    to_pg = tmp_path / "to_pg.gz"
    backup.backup(s.ctx.db, to_pg)
    with fresh_database("postgresql", tmp_path) as url:
        run = cli(capsys, "--db", url, "serve-db-init")  # the district's server, set up first
        assert run.code == 0 and "升级到" in run.out and "LEDGER_DB" in run.out, run.err
        run = cli(capsys, "--db", url, "restore", str(to_pg), "--json")
        assert run.code == 0, run.err
        assert json.loads(run.out)["digest"] == want
        pg = Context(db=Database(url), rules=rules, clock=s.clock)
        assert verify(pg).digest == want
        assert balances(pg, s.compound, MONTHS) == balances(s.ctx, s.compound, MONTHS)
        receive(replace(s, ctx=pg), dt.date(2024, 6, 21), 5_000)  # sequences go on
        back = tmp_path / "back.gz"
        backup.backup(pg.db, back)
        lite = _restored(str(tmp_path / "back.db"), back, rules)
        assert verify(lite).digest == verify(pg).digest
        assert len(chain(lite)) == len(chain(s.ctx)) + 1
        lite.db.dispose()
        pg.db.dispose()
    s.ctx.db.dispose()


def test_a_dump_of_the_first_schema_version_restores_upgraded(
    sqlite_url: str, rules: RuleBook, tmp_path: Path
) -> None:
    """(The upgrade of a live first-version database, on both engines, is
    tests/store/test_migrations.py.)"""
    db_url = sqlite_url
    s = conftest.make_street(db_url, rules)
    for day in (3, 4, 5):
        receive(s, dt.date(2024, 6, day), 1_000 * day)
    want = verify(s.ctx).digest
    migrate.downgrade(s.ctx.db, "0001")
    old = tmp_path / "v1.gz"
    assert backup.backup(s.ctx.db, old).revision == "0001"
    s.ctx.db.dispose()
    with fresh_database(engine_of(db_url), tmp_path) as url:
        copy = _restored(url, old, rules)
        after = verify(copy)
        assert after.ok, after.findings
        assert after.digest == want
        receive(replace(s, ctx=copy), dt.date(2024, 6, 6), 600)
        assert verify(copy).ok
        copy.db.dispose()


def _rewrite(src: Path, dst: Path, edit: Callable[[list[bytes]], list[bytes]]) -> None:
    """A copy of a dump with its lines edited and a checksum that matches again."""
    with gzip.open(src, "rb") as fh:
        lines = edit(fh.readlines())
    body, end = lines[:-1], json.loads(lines[-1])
    end["sha256"] = hashlib.sha256(b"".join(body)).hexdigest()
    with gzip.open(dst, "wb") as fh:
        fh.writelines([*body, json.dumps(end).encode() + b"\n"])


def test_restore_refuses_what_it_cannot_load_faithfully(
    sqlite_street: Street, rules: RuleBook, tmp_path: Path
) -> None:
    s = sqlite_street
    receive(s, dt.date(2024, 6, 3), 1_000)
    good = tmp_path / "good.gz"
    backup.backup(s.ctx.db, good)
    raw = gzip.decompress(good.read_bytes())

    truncated = tmp_path / "truncated.gz"
    truncated.write_bytes(gzip.compress(raw[: len(raw) // 2]))
    changed = tmp_path / "changed.gz"
    changed.write_bytes(gzip.compress(raw.replace(b'"t"', b'"x"', 1)))
    not_gzip = tmp_path / "plain.txt"
    not_gzip.write_text("不是备份", encoding="utf-8")

    def newer(lines: list[bytes]) -> list[bytes]:
        head = json.loads(lines[0])
        head["revision"] = "9999"
        return [json.dumps(head).encode() + b"\n", *lines[1:]]

    future = tmp_path / "future.gz"
    _rewrite(good, future, newer)

    cases = {
        truncated: "不完整",
        changed: "校验和不符",
        not_gzip: "不是完整的备份文件",
        future: "本程序不认识",
        tmp_path / "missing.gz": "不存在",
    }
    for dump, words in cases.items():
        target = tmp_path / f"{dump.stem}.db"
        with pytest.raises(StorageError) as err:
            backup.restore(Database(str(target)), dump)
        assert words in err.value.message, err.value.message
        assert not target.exists() or _rows(target) == 0, dump

    before = fingerprint(s)
    with pytest.raises(StorageError) as err:
        backup.restore(s.ctx.db, good)
    assert "目标数据库不是空的" in err.value.message
    assert fingerprint(s) == before


def _rows(path: Path) -> int:
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.connect() as conn:
        meta = sa.MetaData()
        meta.reflect(conn)
        n = sum(
            conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
            for t in meta.sorted_tables
            if t.name != "alembic_version"
        )
    engine.dispose()
    return int(n)


def test_the_commands_set_up_back_up_and_restore(
    sqlite_url: str, rules: RuleBook, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db_url = sqlite_url
    run = cli(capsys, "--db", db_url, "serve-db-init")
    assert run.code == 0 and "数据库结构已从 空库 升级到" in run.out, run.err
    assert "LEDGER_DB" in run.out
    run = cli(capsys, "--db", db_url, "serve-db-init")
    assert run.code == 0 and "已是最新版本" in run.out
    street = conftest.make_street(db_url, rules)  # on the schema serve-db-init made
    receive(street, dt.date(2024, 6, 3), 12_345)
    dump = tmp_path / "books.ledgerdump.gz"
    run = cli(capsys, "--db", db_url, "backup", "-o", str(dump), "--json")
    assert run.code == 0, run.err
    made = json.loads(run.out)
    assert made["rows"] > 0 and made["revision"] == migrate.head_revision()

    target = tmp_path / "restored.db"
    run = cli(capsys, "--db", str(target), "restore", str(dump), "--json")
    assert run.code == 0, run.err
    loaded = json.loads(run.out)
    assert loaded["ok"] and loaded["digest"] == verify(street.ctx).digest
    assert loaded["counts"] == made["counts"]

    run = cli(capsys, "--db", str(target), "restore", str(dump))
    assert run.code == 4 and run.err.startswith("错误（数据库错误）：目标数据库不是空的")
    assert "Traceback" not in run.err
    run = cli(capsys, "--db", str(tmp_path / "none.db"), "backup", "-o", str(dump))
    assert run.code == 4 and "数据库文件不存在" in run.err
    street.ctx.db.dispose()
