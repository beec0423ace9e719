"""Revenue contracts and their allocations, maintenance-fund transfers, bank imports, lines,
matches, suggestions and reconciliations come under row seals (issue 8).

No table changes: the rows these tables already hold are sealed by one `seal_baseline` audit
record per compound, so `verify` checks every one of them from now on. Downgrading leaves the
baseline records in place (the audit log is append-only); they seal rows the older code no
longer checks.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06
"""

from __future__ import annotations

from alembic import op

from ledger.store.seal_baseline import seal_unsealed

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    seal_unsealed(op.get_bind())


def downgrade() -> None:
    pass
