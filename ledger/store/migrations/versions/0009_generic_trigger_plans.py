"""PostgreSQL: the trigger functions that run for every new row plan their lookups once,
generically (issue 9). No data changes.

A custom plan for `compound_id = $1` uses the statistics of the value: a compound that
joined after the last ANALYZE looks like one row, and the planner picked any index that
starts with `compound_id` and filtered the compound's whole history for every new row — a
new compound's first bulk import slowed to a crawl as it grew. The generic plan prices the
parameters by their average selectivity, so the lookups take the primary keys that match
every condition, whatever the statistics know; and planning happens once per session instead
of for every row.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

FUNCTIONS = (
    "ledger_entry_check",
    "ledger_sealed_check",
    "ledger_audit_check",
    "ledger_draft_line_check",
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name in FUNCTIONS:
        op.execute(f"ALTER FUNCTION {name}() SET plan_cache_mode = force_generic_plan")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name in FUNCTIONS:
        op.execute(f"ALTER FUNCTION {name}() RESET plan_cache_mode")
