"""The tamper cases on PostgreSQL: the story built once on a fresh database, a pristine copy of
every tampered table kept beside it, and each case applied and undone in place.

The story is deterministic (fixed clock, fresh sequences), so its rows have the same keys as
the SQLite template's and the cases generated from that template apply here unchanged, with
`%s` for `?`. The tampering connection sets `session_replication_role = replica`, so neither
the triggers that refuse UPDATE/DELETE nor the foreign keys fire (the SQLite run drops its
triggers); CHECK, NOT NULL, UNIQUE and the column types still refuse, and a refused
alternative is rolled back and the next one tried. After each case only the table the case
touched is restored from the pristine copy.
"""

from __future__ import annotations

import sqlite3

import psycopg
import sqlalchemy as sa

from ledger.domain.rules import RuleBook
from ledger.services.verify import Finding, verify
from ledger.store.schema import Base
from tests.conftest import Street, make_street
from tests.reliability import tamper_story
from tests.reliability.tamper_cases import Tamper, apply, tampered_tables

PRISTINE = "pristine"
# A refused change: a constraint (CHECK, NOT NULL, UNIQUE) — then the next alternative.
REFUSED = (psycopg.errors.IntegrityError,)


class PgBooks:
    """The story on one PostgreSQL database; `after(tamper)` changes it, runs `verify` and
    puts the touched table back."""

    def __init__(self, url: str, rules: RuleBook) -> None:
        self.street: Street = make_street(url, rules)
        tamper_story.build(self.street)
        self.ctx = self.street.ctx
        report_ = verify(self.ctx)
        assert report_.ok, report_.findings
        dsn = sa.engine.make_url(url).set(drivername="postgresql")
        self.conn = psycopg.connect(dsn.render_as_string(hide_password=False))
        self.conn.execute("SET session_replication_role = replica")
        self.conn.execute(f"CREATE SCHEMA {PRISTINE}")
        for name in tampered_tables():
            self.conn.execute(f"CREATE TABLE {PRISTINE}.{name} AS SELECT * FROM {name}")
        self.conn.commit()

    def check_keys(self, template: sqlite3.Connection) -> None:
        """Every tampered table holds the rows of the SQLite story, key for key: the cases
        made from the template name rows that exist here."""
        for name in tampered_tables():
            keys = ", ".join(c.name for c in Base.metadata.tables[name].primary_key.columns)
            sql = f"SELECT {keys} FROM {name} ORDER BY {keys}"
            here = [tuple(r) for r in self.conn.execute(sql)]
            self.conn.rollback()
            assert here == template.execute(sql).fetchall(), f"{name}: the two stories differ"

    def after(self, tamper: Tamper) -> list[Finding]:
        try:
            apply(self.conn, tamper, refused=REFUSED, placeholder="%s")
            return verify(self.ctx).findings
        finally:
            self.conn.rollback()  # a case that failed half way
            self.restore(tamper.table)

    def restore(self, name: str) -> None:
        self.conn.execute(f"DELETE FROM {name}")
        self.conn.execute(
            f"INSERT INTO {name} OVERRIDING SYSTEM VALUE SELECT * FROM {PRISTINE}.{name}"
        )
        self.conn.commit()

    def close(self) -> None:
        self.conn.close()
        self.ctx.db.dispose()
