"""Every column of every table that holds books, votes, signatures, seals or audit records:
one stored value changed behind the program's back (triggers dropped), a row deleted, two
rows' order swapped — and `verify` names the compound and the row, every time.

The story (`tamper_story`) has at least two rows of each table. Each case works on its own
copy of the SQLite file with every trigger dropped, changes it through the stdlib driver and
runs `verify` on it. On PostgreSQL (`tamper_pg`) the same cases, made from the SQLite file,
change the story built once there, with the triggers off for the tampering connection, and the
touched table is restored after each. The tables and columns are read from the SQLAlchemy metadata, so a new
column is tampered with as soon as it exists and a new table fails until it is classified.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing
from pathlib import Path

import pytest
import sqlalchemy as sa

from ledger.domain.rules import RuleBook
from ledger.services.context import Context
from ledger.services.verify import Finding, verify
from ledger.store import migrate, org
from ledger.store.database import Database
from ledger.store.schema import AuditRecord, Base
from ledger.store.schema_controls import Complaint
from tests.conftest import COMPOUND, Street, make_street
from tests.reliability import tamper_story
from tests.reliability.support import fresh_database, report
from tests.reliability.tamper_cases import (
    GROUPS,
    NO_EFFECT,
    OUTSIDE,
    Tamper,
    apply,
    cases_for,
    tampered_tables,
)
from tests.reliability.tamper_pg import PgBooks


@pytest.fixture(scope="module")
def rules() -> RuleBook:
    return tamper_story.rules()


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory, rules: RuleBook) -> Path:
    """The story's database, checkpointed into one file, with every trigger dropped."""
    path = tmp_path_factory.mktemp("tamper") / "story.db"
    s = make_street(str(path), rules)
    tamper_story.build(s)
    report_ = verify(s.ctx)
    assert report_.ok, report_.findings
    s.ctx.db.dispose()
    with closing(sqlite3.connect(path)) as conn:
        triggers = [
            n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'")
        ]
        for name in triggers:
            conn.execute(f"DROP TRIGGER {name}")
        conn.commit()
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


def _names_the_row(tamper: Tamper, finding: Finding) -> bool:
    """The finding names the row, in its compound (or wherever a changed compound id sent it)."""
    in_compound = finding.compound == COMPOUND or tamper.what == "compound_id"
    return in_compound and finding.voucher in tamper.names


class Verifier:
    """Runs `verify` on a tampered copy of the story. One `Database` serves every case (its
    engines keep their compiled statements); its connections are closed before the file is
    replaced."""

    def __init__(self, template: Path, work: Path, rules: RuleBook) -> None:
        self.template, self.path = template, work / "case.db"
        self.db = Database(str(self.path))
        self.ctx = Context(db=self.db, rules=rules)

    def after(self, tamper: Tamper) -> list[Finding]:
        self.db.dispose()
        for extra in ("-wal", "-shm"):
            Path(f"{self.path}{extra}").unlink(missing_ok=True)
        shutil.copyfile(self.template, self.path)
        with closing(sqlite3.connect(self.path)) as conn:
            apply(conn, tamper)
        return verify(self.ctx).findings


@pytest.fixture(scope="module")
def verifier(
    template: Path, tmp_path_factory: pytest.TempPathFactory, rules: RuleBook
) -> Iterator[Verifier]:
    v = Verifier(template, tmp_path_factory.mktemp("cases"), rules)
    yield v
    v.db.dispose()


def test_every_table_is_classified_and_every_exemption_names_a_real_column() -> None:
    grouped = tampered_tables()
    assert len(grouped) == len(set(grouped))
    assert not set(grouped) & set(OUTSIDE)
    unclassified = set(Base.metadata.tables) - set(grouped) - set(OUTSIDE)
    assert not unclassified, f"tables nobody classified for tampering: {sorted(unclassified)}"
    gone = (set(grouped) | set(OUTSIDE)) - set(Base.metadata.tables)
    assert not gone, f"classified tables that no longer exist: {sorted(gone)}"
    for table, column in NO_EFFECT:
        assert column in Base.metadata.tables[table].columns, (table, column)
    assert len(NO_EFFECT) <= 5, "keep the list of columns that cannot matter short"


def _cases(template: Path, table: str) -> Sequence[Tamper]:
    with closing(sqlite3.connect(template)) as conn:
        return cases_for(conn, table)


def _check(
    table: str, cases: Sequence[Tamper], after: Callable[[Tamper], list[Finding]], name: str
) -> None:
    """Every case is found and named; the figures reported as `name`."""
    missed: list[str] = []
    for tamper in cases:
        found = after(tamper)
        if not any(_names_the_row(tamper, f) for f in found):
            missed.append(
                f"{tamper}: wanted one of {sorted(tamper.names)}, found {list(map(str, found))}"
            )
    columns = len(Base.metadata.tables[table].columns)
    report(name, columns=columns, cases=len(cases), detected=len(cases) - len(missed))
    assert not missed, "\n".join(missed)


@pytest.mark.parametrize("table", tampered_tables())
def test_verify_names_every_changed_deleted_or_swapped_row(
    table: str, template: Path, verifier: Verifier
) -> None:
    _check(table, _cases(template, table), verifier.after, f"tamper_{table}")


@pytest.fixture(scope="module")
def pg_books(
    rules: RuleBook, template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[PgBooks]:
    """The story on a fresh PostgreSQL database (skipped without LEDGER_TEST_PG_URL), whose
    keys are the SQLite template's, so the cases made from the template apply to it."""
    with fresh_database("postgresql", tmp_path_factory.getbasetemp()) as url:
        books = PgBooks(url, rules)
        try:
            with closing(sqlite3.connect(template)) as conn:
                books.check_keys(conn)
            yield books
        finally:
            books.close()


@pytest.mark.pg
@pytest.mark.parametrize("table", tampered_tables())
def test_verify_names_every_changed_deleted_or_swapped_row_on_postgresql(
    table: str, template: Path, pg_books: PgBooks
) -> None:
    _check(table, _cases(template, table), pg_books.after, f"tamper_{table}_postgresql")
    report_ = verify(pg_books.ctx)
    assert report_.ok, f"restoring {table} left the books unclean: {report_.findings}"


def test_the_figures() -> None:
    tables = tampered_tables()
    columns = sum(len(Base.metadata.tables[t].columns) for t in tables)
    cases = columns - len(NO_EFFECT) + 2 * len(tables)
    report(
        "tamper_every_column",
        groups=len(GROUPS),
        tables=len(tables),
        columns=columns,
        exempt_columns=len(NO_EFFECT),
        cases=cases,
    )
    assert cases >= columns


def test_rows_written_before_the_upgrade_are_sealed_by_its_baseline(sqlite_street: Street) -> None:
    """A database from before row seals (schema 0005) holds a control row no audit record
    seals: upgrading seals it in one `seal_baseline` record, and `verify` is clean."""
    s = sqlite_street
    migrate.downgrade(s.ctx.db, "0005")
    with s.ctx.db.write() as session:
        c = org.compound_by_name(session, s.compound)
        now = s.clock()
        session.add(
            Complaint(
                compound_id=c.id,
                channel="hotline",
                received_on=now.date(),
                resident="王女士",
                content="停车费",
                recorded_by=s.checker.id,
                recorded_at=now,
            )
        )
    migrate.upgrade(s.ctx.db)
    report_ = verify(s.ctx)
    assert report_.ok, report_.findings
    with s.ctx.db.read() as session:
        actions = session.execute(sa.select(AuditRecord.action)).scalars().all()
    assert actions.count("seal_baseline") == 1
