"""Schema migrations (Alembic): create or upgrade a database to the current version.

The schema is never dropped and recreated; every change is a migration under
`migrations/versions/`, run in order, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from ledger.store.database import Database, translate

MIGRATIONS = Path(__file__).parent / "migrations"


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(db: Database) -> str | None:
    with translate(), db.writer.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(db: Database, revision: str = "head") -> None:
    """Bring the schema to `revision` (default: the newest), in one transaction per run."""
    cfg = _config()
    with translate(), db.writer.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def is_current(db: Database) -> bool:
    return current_revision(db) == head_revision()


def downgrade(db: Database, revision: str) -> None:
    """Take the schema back to `revision` (for tests of the upgrade path; data in dropped
    tables is lost, so this is never offered to users)."""
    cfg = _config()
    with translate(), db.writer.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)
