"""Initial schema: organisation, users, accounts, drafts, entries, postings, audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-29 08:00:39.601941
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from ledger.store import triggers

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "app_user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=100), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_app_user")),
        sa.UniqueConstraint("name", name=op.f("uq_app_user_name")),
    )
    op.create_table(
        "street",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_street")),
        sa.UniqueConstraint("name", name=op.f("uq_street_name")),
    )
    op.create_table(
        "community",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("street_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["street_id"], ["street.id"], name=op.f("fk_community_street_id_street")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_community")),
        sa.UniqueConstraint("street_id", "name", name=op.f("uq_community_street_id_name")),
    )
    op.create_table(
        "compound",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("street_id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("households", sa.Integer(), nullable=False),
        sa.Column("bank_name", sa.String(length=100), nullable=False),
        sa.Column("bank_account_no", sa.String(length=64), nullable=False),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["community_id"], ["community.id"], name=op.f("fk_compound_community_id_community")
        ),
        sa.ForeignKeyConstraint(
            ["street_id"], ["street.id"], name=op.f("fk_compound_street_id_street")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_compound")),
        sa.UniqueConstraint("street_id", "name", name=op.f("uq_compound_street_id_name")),
    )
    op.create_table(
        "account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("compound_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("beancount", sa.String(length=200), nullable=False),
        sa.Column("may_go_negative", sa.Boolean(), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["compound_id"], ["compound.id"], name=op.f("fk_account_compound_id_compound")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account")),
        sa.UniqueConstraint(
            "compound_id", "beancount", name=op.f("uq_account_compound_id_beancount")
        ),
        sa.UniqueConstraint("compound_id", "code", name=op.f("uq_account_compound_id_code")),
    )
    op.create_table(
        "audit_log",
        sa.Column("scope", sa.String(length=32), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("compound_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("target", sa.String(length=100), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["app_user.id"], name=op.f("fk_audit_log_actor_id_app_user")
        ),
        sa.ForeignKeyConstraint(
            ["compound_id"], ["compound.id"], name=op.f("fk_audit_log_compound_id_compound")
        ),
        sa.PrimaryKeyConstraint("scope", "seq", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index("ix_audit_actor", ["actor_id", "at"], unique=False)
        batch_op.create_index("ix_audit_compound", ["compound_id", "at"], unique=False)

    op.create_table(
        "draft",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("compound_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("entry_date", sa.Date(), nullable=False),
        sa.Column("memo", sa.Text(), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=True),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.Column("attachment_count", sa.Integer(), nullable=False),
        sa.Column("reverses_seq", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("maker_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("posted_seq", sa.Integer(), nullable=True),
        sa.CheckConstraint("state IN ('open', 'posted', 'discarded')", name=op.f("ck_draft_state")),
        sa.ForeignKeyConstraint(
            ["compound_id"], ["compound.id"], name=op.f("fk_draft_compound_id_compound")
        ),
        sa.ForeignKeyConstraint(
            ["maker_id"], ["app_user.id"], name=op.f("fk_draft_maker_id_app_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_draft")),
    )
    with op.batch_alter_table("draft", schema=None) as batch_op:
        batch_op.create_index("ix_draft_open", ["compound_id", "state"], unique=False)

    op.create_table(
        "period_lock",
        sa.Column("compound_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("locked_at", sa.DateTime(), nullable=False),
        sa.Column("locked_by", sa.Integer(), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.Column("snapshot_hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["compound_id"], ["compound.id"], name=op.f("fk_period_lock_compound_id_compound")
        ),
        sa.ForeignKeyConstraint(
            ["locked_by"], ["app_user.id"], name=op.f("fk_period_lock_locked_by_app_user")
        ),
        sa.PrimaryKeyConstraint("compound_id", "month", name=op.f("pk_period_lock")),
    )
    op.create_table(
        "role_grant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("street_id", sa.Integer(), nullable=True),
        sa.Column("community_id", sa.Integer(), nullable=True),
        sa.Column("compound_id", sa.Integer(), nullable=True),
        sa.Column("granted_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "(CASE WHEN street_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN community_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN compound_id IS NULL THEN 0 ELSE 1 END) = 1",
            name=op.f("ck_role_grant_one_scope"),
        ),
        sa.ForeignKeyConstraint(
            ["community_id"], ["community.id"], name=op.f("fk_role_grant_community_id_community")
        ),
        sa.ForeignKeyConstraint(
            ["compound_id"], ["compound.id"], name=op.f("fk_role_grant_compound_id_compound")
        ),
        sa.ForeignKeyConstraint(
            ["street_id"], ["street.id"], name=op.f("fk_role_grant_street_id_street")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["app_user.id"], name=op.f("fk_role_grant_user_id_app_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_role_grant")),
        sa.UniqueConstraint(
            "user_id",
            "role",
            "street_id",
            "community_id",
            "compound_id",
            name=op.f("uq_role_grant_user_id_role_street_id_community_id_compound_id"),
        ),
    )
    op.create_table(
        "draft_attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.ForeignKeyConstraint(
            ["draft_id"],
            ["draft.id"],
            name=op.f("fk_draft_attachment_draft_id_draft"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_draft_attachment")),
        sa.UniqueConstraint("draft_id", "sha256", name=op.f("uq_draft_attachment_draft_id_sha256")),
    )
    op.create_table(
        "draft_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.Column("memo", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["account.id"], name=op.f("fk_draft_line_account_id_account")
        ),
        sa.ForeignKeyConstraint(
            ["draft_id"],
            ["draft.id"],
            name=op.f("fk_draft_line_draft_id_draft"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_draft_line")),
        sa.UniqueConstraint("draft_id", "line_no", name=op.f("uq_draft_line_draft_id_line_no")),
    )
    op.create_table(
        "entry",
        sa.Column("compound_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("voucher_month", sa.String(length=7), nullable=False),
        sa.Column("voucher_seq", sa.Integer(), nullable=False),
        sa.Column("voucher_no", sa.String(length=32), nullable=False),
        sa.Column("entry_date", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("memo", sa.Text(), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=True),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.Column("attachment_count", sa.Integer(), nullable=False),
        sa.Column("reverses_seq", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("draft_id", sa.Integer(), nullable=True),
        sa.Column("maker_id", sa.Integer(), nullable=False),
        sa.Column("checker_id", sa.Integer(), nullable=False),
        sa.Column("drafted_at", sa.DateTime(), nullable=False),
        sa.Column("posted_at", sa.DateTime(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.CheckConstraint(
            "reverses_seq IS NULL OR reverses_seq < seq", name=op.f("ck_entry_reverses_earlier")
        ),
        sa.CheckConstraint("seq >= 1 AND voucher_seq >= 1", name=op.f("ck_entry_positive_seq")),
        sa.ForeignKeyConstraint(
            ["checker_id"], ["app_user.id"], name=op.f("fk_entry_checker_id_app_user")
        ),
        sa.ForeignKeyConstraint(
            ["compound_id", "reverses_seq"],
            ["entry.compound_id", "entry.seq"],
            name=op.f("fk_entry_compound_id_entry"),
        ),
        sa.ForeignKeyConstraint(
            ["compound_id"], ["compound.id"], name=op.f("fk_entry_compound_id_compound")
        ),
        sa.ForeignKeyConstraint(["draft_id"], ["draft.id"], name=op.f("fk_entry_draft_id_draft")),
        sa.ForeignKeyConstraint(
            ["maker_id"], ["app_user.id"], name=op.f("fk_entry_maker_id_app_user")
        ),
        sa.PrimaryKeyConstraint("compound_id", "seq", name=op.f("pk_entry")),
        sa.UniqueConstraint(
            "compound_id", "reverses_seq", name=op.f("uq_entry_compound_id_reverses_seq")
        ),
        sa.UniqueConstraint(
            "compound_id",
            "voucher_month",
            "voucher_seq",
            name=op.f("uq_entry_compound_id_voucher_month_voucher_seq"),
        ),
        sa.UniqueConstraint(
            "compound_id", "voucher_no", name=op.f("uq_entry_compound_id_voucher_no")
        ),
        sa.UniqueConstraint("draft_id", name=op.f("uq_entry_draft_id")),
    )
    with op.batch_alter_table("entry", schema=None) as batch_op:
        batch_op.create_index("ix_entry_date", ["compound_id", "entry_date"], unique=False)

    op.create_table(
        "entry_attachment",
        sa.Column("compound_id", sa.Integer(), nullable=False),
        sa.Column("entry_seq", sa.Integer(), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.ForeignKeyConstraint(
            ["compound_id", "entry_seq"],
            ["entry.compound_id", "entry.seq"],
            name=op.f("fk_entry_attachment_compound_id_entry"),
            initially="DEFERRED",
            deferrable=True,
        ),
        sa.ForeignKeyConstraint(
            ["compound_id"], ["compound.id"], name=op.f("fk_entry_attachment_compound_id_compound")
        ),
        sa.PrimaryKeyConstraint(
            "compound_id", "entry_seq", "line_no", name=op.f("pk_entry_attachment")
        ),
    )
    op.create_table(
        "posting",
        sa.Column("compound_id", sa.Integer(), nullable=False),
        sa.Column("entry_seq", sa.Integer(), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("voucher_month", sa.String(length=7), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.Column("memo", sa.Text(), nullable=False),
        sa.CheckConstraint("amount_fen <> 0", name=op.f("ck_posting_nonzero")),
        sa.ForeignKeyConstraint(
            ["account_id"], ["account.id"], name=op.f("fk_posting_account_id_account")
        ),
        sa.ForeignKeyConstraint(
            ["compound_id", "entry_seq"],
            ["entry.compound_id", "entry.seq"],
            name=op.f("fk_posting_compound_id_entry"),
            initially="DEFERRED",
            deferrable=True,
        ),
        sa.ForeignKeyConstraint(
            ["compound_id"], ["compound.id"], name=op.f("fk_posting_compound_id_compound")
        ),
        sa.PrimaryKeyConstraint("compound_id", "entry_seq", "line_no", name=op.f("pk_posting")),
    )
    with op.batch_alter_table("posting", schema=None) as batch_op:
        batch_op.create_index(
            "ix_posting_account", ["compound_id", "account_id", "voucher_month"], unique=False
        )
        batch_op.create_index(
            "ix_posting_month_balance",
            ["compound_id", "voucher_month", "account_id", "amount_fen"],
            unique=False,
        )

    for stmt in triggers.v1_statements(op.get_bind().dialect.name):
        op.execute(stmt)


def downgrade() -> None:
    for stmt in triggers.drop_statements(op.get_bind().dialect.name):
        op.execute(stmt)
    with op.batch_alter_table("posting", schema=None) as batch_op:
        batch_op.drop_index("ix_posting_month_balance")
        batch_op.drop_index("ix_posting_account")

    op.drop_table("posting")
    op.drop_table("entry_attachment")
    with op.batch_alter_table("entry", schema=None) as batch_op:
        batch_op.drop_index("ix_entry_date")

    op.drop_table("entry")
    op.drop_table("draft_line")
    op.drop_table("draft_attachment")
    op.drop_table("role_grant")
    op.drop_table("period_lock")
    with op.batch_alter_table("draft", schema=None) as batch_op:
        batch_op.drop_index("ix_draft_open")

    op.drop_table("draft")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_compound")
        batch_op.drop_index("ix_audit_actor")

    op.drop_table("audit_log")
    op.drop_table("account")
    op.drop_table("compound")
    op.drop_table("community")
    op.drop_table("street")
    op.drop_table("app_user")
