"""Per-(compound, month, account) posting totals (issue 9, growth): the monthly statement
reads its opening and since-the-start figures from a few rows a month instead of summing the
compound's whole history. The table is derived: filled here from the existing postings, kept
in step by both posting paths, recomputed and compared by `verify`.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "month_total",
        sa.Column("compound_id", sa.Integer(), nullable=False),
        sa.Column("voucher_month", sa.String(length=7), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("debit_fen", sa.BigInteger(), nullable=False),
        sa.Column("credit_fen", sa.BigInteger(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["compound_id"], ["compound.id"], name=op.f("fk_month_total_compound_id_compound")
        ),
        sa.ForeignKeyConstraint(
            ["account_id"], ["account.id"], name=op.f("fk_month_total_account_id_account")
        ),
        sa.PrimaryKeyConstraint(
            "compound_id", "voucher_month", "account_id", name=op.f("pk_month_total")
        ),
        sqlite_with_rowid=False,
    )
    op.execute(
        "INSERT INTO month_total"
        " (compound_id, voucher_month, account_id, debit_fen, credit_fen, count)"
        " SELECT compound_id, voucher_month, account_id,"
        " SUM(CASE WHEN amount_fen > 0 THEN amount_fen ELSE 0 END),"
        " SUM(CASE WHEN amount_fen < 0 THEN -amount_fen ELSE 0 END),"
        " COUNT(*)"
        " FROM posting GROUP BY compound_id, voucher_month, account_id"
    )


def downgrade() -> None:
    op.drop_table("month_total")
