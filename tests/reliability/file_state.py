"""The state of a SQLite database file, to show a refused command left it byte for byte as it
was: the file's SHA-256 after a WAL checkpoint, every table's row count except the refusal
log's, and the refusal log's length (the one thing a permission refusal writes, by design)."""

from __future__ import annotations

import hashlib
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from tests.cli.support import row_counts

PERMISSION_EXIT = 3


@dataclass(frozen=True)
class FileState:
    sha256: str
    counts: dict[str, int]
    refusals: int


def file_state(db: Path) -> FileState:
    with closing(sqlite3.connect(db)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        refused = conn.execute("SELECT count(*) FROM refusal_log").fetchone()[0]
    wal = Path(f"{db}-wal")
    assert not wal.exists() or wal.stat().st_size == 0, "the WAL was not checkpointed"
    return FileState(hashlib.sha256(db.read_bytes()).hexdigest(), row_counts(db), int(refused))


def assert_unchanged(before: FileState, after: FileState, exit_code: int) -> bool:
    """The file is byte-identical, or — for a permission refusal only — every table but the
    refusal log has its old row count and the refusal log grew by exactly one. Returns
    whether a refusal was recorded (the caller then compares `verify` digests)."""
    assert after.counts == before.counts, "a refused command changed a table's row count"
    if after.refusals == before.refusals:
        assert after.sha256 == before.sha256, "a refused command changed the database file"
        return False
    assert after.refusals == before.refusals + 1, "one refusal must leave exactly one record"
    assert exit_code == PERMISSION_EXIT, "only a permission refusal may write (to its log)"
    return True
