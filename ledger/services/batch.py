"""One database transaction for a whole batch of service calls (imports).

Every service opens its own unit of work with `ctx.db.write()`. A batch (an imported file)
must happen whole or not at all, yet each of its entries must still go through the real
services (`draft_entry`, `approve_entry`: permissions, validation, voucher numbers, the hash
chain, the audit log). `batch(ctx)` opens ONE write transaction and yields a context whose
database hands that same session to every service called with it: their writes join the
batch, see each other, and are committed together when the block ends or rolled back
together when anything in it raises.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

from sqlalchemy.orm import Session

from ledger.services.context import Context
from ledger.store.database import Database


class _Joined(Database):
    """A `Database` whose units of work are the one open batch session."""

    def __init__(self, outer: Database, session: Session) -> None:  # no new engines
        self.url, self.dialect = outer.url, outer.dialect
        self.writer, self.reader = outer.writer, outer.reader
        self._session = session

    @contextmanager
    def write(self) -> Iterator[Session]:
        yield self._session

    @contextmanager
    def read(self) -> Iterator[Session]:
        yield self._session

    def dispose(self) -> None:
        """The outer database owns the engines."""


@contextmanager
def batch(ctx: Context) -> Iterator[tuple[Context, Session]]:
    """A context whose service calls all join one write transaction, and that session."""
    with ctx.db.write() as session:
        yield replace(ctx, db=_Joined(ctx.db, session)), session
