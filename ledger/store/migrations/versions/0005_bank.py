"""Bank statements (lines, idempotent on serial), matches to entries and monthly reconciliations (issue 7).

Every table here is append-only (triggers refuse UPDATE and DELETE): imported lines are what
the bank printed, matches pair rows that never change, and a redone reconciliation is a new
row.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

APPEND_ONLY = ("bank_import", "bank_line", "bank_match", "bank_suggestion", "bank_reconciliation")


def _append_only(dialect: str) -> list[str]:
    if dialect == "sqlite":
        return [
            f"CREATE TRIGGER {t}_no_{verb.lower()} BEFORE {verb} ON {t} BEGIN "
            f"SELECT RAISE(ABORT, 'ledger: {verb} of {t} is refused (append-only)'); END"
            for t in APPEND_ONLY
            for verb in ("UPDATE", "DELETE")
        ]
    return [
        f"CREATE TRIGGER {t}_no_change BEFORE UPDATE OR DELETE ON {t} "
        "FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change()"
        for t in APPEND_ONLY
    ]


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    ref_table = target.split(".")[0]
    return sa.ForeignKeyConstraint(
        [column], [target], name=op.f(f"fk_{table}_{column}_{ref_table}")
    )


def upgrade() -> None:
    op.create_table(
        "bank_import",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("compound_id", sa.Integer(), nullable=False),
        sa.Column("account_no", sa.String(length=64), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("profile", sa.String(length=40), nullable=False),
        sa.Column("encoding", sa.String(length=16), nullable=False),
        sa.Column("lines_in_file", sa.Integer(), nullable=False),
        sa.Column("lines_added", sa.Integer(), nullable=False),
        sa.Column("imported_by", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        _fk("bank_import", "compound_id", "compound.id"),
        _fk("bank_import", "imported_by", "app_user.id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bank_import")),
    )
    op.create_table(
        "bank_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("compound_id", sa.Integer(), nullable=False),
        sa.Column("account_no", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("serial", sa.String(length=200), nullable=False),
        sa.Column("txn_date", sa.Date(), nullable=False),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.Column("balance_fen", sa.BigInteger(), nullable=False),
        sa.Column("counterparty", sa.Text(), nullable=False),
        sa.Column("counterparty_account", sa.String(length=200), nullable=False),
        sa.Column("memo", sa.Text(), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("file_row", sa.Integer(), nullable=False),
        _fk("bank_line", "compound_id", "compound.id"),
        _fk("bank_line", "import_id", "bank_import.id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bank_line")),
        sa.UniqueConstraint(
            "compound_id", "account_no", "seq", name=op.f("uq_bank_line_compound_id_account_no_seq")
        ),
        sa.UniqueConstraint(
            "compound_id",
            "account_no",
            "serial",
            name=op.f("uq_bank_line_compound_id_account_no_serial"),
        ),
    )
    op.create_index("ix_bank_line_date", "bank_line", ["compound_id", "txn_date"], unique=False)
    op.create_table(
        "bank_match",
        sa.Column("bank_line_id", sa.Integer(), nullable=False),
        sa.Column("compound_id", sa.Integer(), nullable=False),
        sa.Column("entry_seq", sa.Integer(), nullable=False),
        sa.Column("days_apart", sa.Integer(), nullable=False),
        sa.Column("similarity_pct", sa.Integer(), nullable=False),
        sa.Column("matched_by", sa.Integer(), nullable=False),
        sa.Column("matched_at", sa.DateTime(), nullable=False),
        _fk("bank_match", "bank_line_id", "bank_line.id"),
        sa.ForeignKeyConstraint(
            ["compound_id", "entry_seq"],
            ["entry.compound_id", "entry.seq"],
            name=op.f("fk_bank_match_compound_id_entry"),
        ),
        _fk("bank_match", "compound_id", "compound.id"),
        _fk("bank_match", "matched_by", "app_user.id"),
        sa.PrimaryKeyConstraint("bank_line_id", name=op.f("pk_bank_match")),
        sa.UniqueConstraint(
            "compound_id", "entry_seq", name=op.f("uq_bank_match_compound_id_entry_seq")
        ),
    )
    op.create_table(
        "bank_suggestion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("compound_id", sa.Integer(), nullable=False),
        sa.Column("bank_line_id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        _fk("bank_suggestion", "bank_line_id", "bank_line.id"),
        _fk("bank_suggestion", "compound_id", "compound.id"),
        _fk("bank_suggestion", "created_by", "app_user.id"),
        _fk("bank_suggestion", "draft_id", "draft.id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bank_suggestion")),
        sa.UniqueConstraint("draft_id", name=op.f("uq_bank_suggestion_draft_id")),
    )
    op.create_table(
        "bank_reconciliation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("compound_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("bank_balance_fen", sa.BigInteger(), nullable=False),
        sa.Column("balance_source", sa.String(length=12), nullable=False),
        sa.Column("typed_by", sa.Integer(), nullable=True),
        sa.Column("ledger_balance_fen", sa.BigInteger(), nullable=False),
        sa.Column("bank_in_fen", sa.BigInteger(), nullable=False),
        sa.Column("bank_out_fen", sa.BigInteger(), nullable=False),
        sa.Column("books_in_fen", sa.BigInteger(), nullable=False),
        sa.Column("books_out_fen", sa.BigInteger(), nullable=False),
        sa.Column("difference_fen", sa.BigInteger(), nullable=False),
        sa.Column("items", sa.Text(), nullable=False),
        sa.Column("made_by", sa.Integer(), nullable=False),
        sa.Column("made_at", sa.DateTime(), nullable=False),
        _fk("bank_reconciliation", "compound_id", "compound.id"),
        _fk("bank_reconciliation", "made_by", "app_user.id"),
        _fk("bank_reconciliation", "typed_by", "app_user.id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bank_reconciliation")),
    )
    op.create_index(
        "ix_bank_reconciliation_month",
        "bank_reconciliation",
        ["compound_id", "month"],
        unique=False,
    )
    for stmt in _append_only(op.get_bind().dialect.name):
        op.execute(stmt)


def downgrade() -> None:
    # Dropping a table drops its triggers with it, on SQLite and PostgreSQL alike.
    op.drop_index("ix_bank_reconciliation_month", table_name="bank_reconciliation")
    op.drop_table("bank_reconciliation")
    op.drop_table("bank_suggestion")
    op.drop_table("bank_match")
    op.drop_index("ix_bank_line_date", table_name="bank_line")
    op.drop_table("bank_line")
    op.drop_table("bank_import")
