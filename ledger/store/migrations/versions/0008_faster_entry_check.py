"""The SQLite entry check in one statement (issue 9): the same checks, order and messages as
version 1, reading the postings and the chain's last entry once each. No data changes.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06
"""

from __future__ import annotations

from alembic import op

from ledger.store import triggers

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for stmt in triggers.entry_check_v2(op.get_bind().dialect.name):
        op.execute(stmt)


def downgrade() -> None:
    for stmt in triggers.entry_check_v1(op.get_bind().dialect.name):
        op.execute(stmt)
