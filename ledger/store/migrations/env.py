"""Alembic environment: runs on the connection handed over by `ledger.store.migrate`."""

from __future__ import annotations

from alembic import context

from ledger.store import (  # noqa: F401  (register their tables)
    refusals,
    schema_bank,
    schema_contracts,
    schema_controls,
)
from ledger.store.schema import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
