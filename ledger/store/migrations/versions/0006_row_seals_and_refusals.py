"""Row seals and the refusal log (issue 8).

Audit records now carry the digests of the control rows their action wrote (see
`ledger/store/row_seals.py`; they live in the record's details, so no column changes). Rows
that exist before this upgrade and carry no seal yet are sealed by one `seal_baseline` audit
record per compound, so `verify` checks them from now on. The new append-only, hash-chained
`refusal_log` keeps every permission refusal.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from ledger.store.seal_baseline import seal_unsealed

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _append_only(dialect: str) -> list[str]:
    if dialect == "sqlite":
        return [
            f"CREATE TRIGGER refusal_log_no_{verb.lower()} BEFORE {verb} ON refusal_log BEGIN "
            f"SELECT RAISE(ABORT, 'ledger: {verb} of refusal_log is refused (append-only)'); END"
            for verb in ("UPDATE", "DELETE")
        ]
    return [
        "CREATE TRIGGER refusal_log_no_change BEFORE UPDATE OR DELETE ON refusal_log "
        "FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change()",
        "CREATE TRIGGER refusal_log_no_truncate BEFORE TRUNCATE ON refusal_log "
        "FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change()",
    ]


def upgrade() -> None:
    op.create_table(
        "refusal_log",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user_name", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("compound_id", sa.Integer(), nullable=True),
        sa.Column("rule", sa.String(length=40), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["compound_id"], ["compound.id"], name=op.f("fk_refusal_log_compound_id_compound")
        ),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_refusal_log")),
    )
    conn = op.get_bind()
    for stmt in _append_only(conn.dialect.name):
        op.execute(stmt)
    seal_unsealed(conn)


def downgrade() -> None:
    op.drop_table("refusal_log")
