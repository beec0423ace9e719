"""Revenue contracts, expected income, receipts matched to what they pay, property-company collections, maintenance-fund share (issue 7).

Allocations and fund transfers are append-only; a contract's terms are fixed once written and
it can be ended once (triggers).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

APPEND_ONLY = ("contract_allocation", "fund_transfer")
# Everything a contract says; only the ended_* columns may be filled in, once.
TERMS = (
    "compound_id",
    "ref",
    "counterparty",
    "kind",
    "category",
    "frequency",
    "amount_fen",
    "start_on",
    "end_on",
    "due_day",
    "deposit_fen",
    "cost_share_bp",
    "seal_use_id",
    "note",
    "created_by",
    "created_at",
)
_FIXED = "ledger: a contract's terms are fixed; it can only be ended, once"


def _sqlite() -> list[str]:
    stmts = [
        f"CREATE TRIGGER {t}_no_{verb.lower()} BEFORE {verb} ON {t} BEGIN "
        f"SELECT RAISE(ABORT, 'ledger: {verb} of {t} is refused (append-only)'); END"
        for t in APPEND_ONLY
        for verb in ("UPDATE", "DELETE")
    ]
    changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in TERMS)
    stmts.append(
        "CREATE TRIGGER revenue_contract_no_delete BEFORE DELETE ON revenue_contract BEGIN "
        "SELECT RAISE(ABORT, 'ledger: DELETE of revenue_contract is refused'); END"
    )
    stmts.append(
        "CREATE TRIGGER revenue_contract_terms_fixed BEFORE UPDATE ON revenue_contract "
        f"WHEN OLD.ended_on IS NOT NULL OR NEW.ended_on IS NULL OR {changed} BEGIN "
        f"SELECT RAISE(ABORT, '{_FIXED.replace(chr(39), chr(39) * 2)}'); END"
    )
    return stmts


def _postgresql() -> list[str]:
    new = ", ".join(f"NEW.{c}" for c in TERMS)
    old = ", ".join(f"OLD.{c}" for c in TERMS)
    function = (
        "CREATE OR REPLACE FUNCTION ledger_contract_check() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        "BEGIN\n"
        "  IF TG_OP = 'DELETE' THEN\n"
        "    RAISE EXCEPTION 'ledger: DELETE of revenue_contract is refused';\n"
        "  END IF;\n"
        f"  IF OLD.ended_on IS NOT NULL OR NEW.ended_on IS NULL OR ROW({new}) IS DISTINCT FROM ROW({old}) THEN\n"
        f"    RAISE EXCEPTION '{_FIXED.replace(chr(39), chr(39) * 2)}';\n"
        "  END IF;\n"
        "  RETURN NEW;\n"
        "END $$"
    )
    return [
        *(
            f"CREATE TRIGGER {t}_no_change BEFORE UPDATE OR DELETE ON {t} "
            "FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change()"
            for t in APPEND_ONLY
        ),
        function,
        "CREATE TRIGGER revenue_contract_check BEFORE UPDATE OR DELETE ON revenue_contract "
        "FOR EACH ROW EXECUTE FUNCTION ledger_contract_check()",
    ]


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    ref_table = target.split(".")[0]
    return sa.ForeignKeyConstraint(
        [column], [target], name=op.f(f"fk_{table}_{column}_{ref_table}")
    )


def upgrade() -> None:
    op.create_table(
        "revenue_contract",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("compound_id", sa.Integer(), nullable=False),
        sa.Column("ref", sa.String(length=100), nullable=False),
        sa.Column("counterparty", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("frequency", sa.String(length=16), nullable=False),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.Column("start_on", sa.Date(), nullable=False),
        sa.Column("end_on", sa.Date(), nullable=True),
        sa.Column("due_day", sa.Integer(), nullable=False),
        sa.Column("deposit_fen", sa.BigInteger(), nullable=False),
        sa.Column("cost_share_bp", sa.Integer(), nullable=True),
        sa.Column("seal_use_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("end_reason", sa.Text(), nullable=True),
        sa.Column("ended_by", sa.Integer(), nullable=True),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('direct', 'collection')", name=op.f("ck_revenue_contract_kind")
        ),
        sa.CheckConstraint(
            "frequency IN ('monthly', 'quarterly', 'yearly')",
            name=op.f("ck_revenue_contract_frequency"),
        ),
        sa.CheckConstraint(
            "amount_fen >= 0 AND deposit_fen >= 0", name=op.f("ck_revenue_contract_amounts")
        ),
        sa.CheckConstraint("due_day BETWEEN 1 AND 28", name=op.f("ck_revenue_contract_due_day")),
        sa.CheckConstraint(
            "end_on IS NULL OR end_on >= start_on", name=op.f("ck_revenue_contract_term")
        ),
        _fk("revenue_contract", "compound_id", "compound.id"),
        _fk("revenue_contract", "seal_use_id", "seal_use.id"),
        _fk("revenue_contract", "created_by", "app_user.id"),
        _fk("revenue_contract", "ended_by", "app_user.id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_revenue_contract")),
        sa.UniqueConstraint("compound_id", "ref", name=op.f("uq_revenue_contract_compound_id_ref")),
    )
    op.create_table(
        "contract_allocation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("compound_id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.Column("gross_fen", sa.BigInteger(), nullable=True),
        sa.Column("cost_share_fen", sa.BigInteger(), nullable=True),
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('accrual', 'receipt')", name=op.f("ck_contract_allocation_kind")
        ),
        sa.CheckConstraint("amount_fen > 0", name=op.f("ck_contract_allocation_positive")),
        _fk("contract_allocation", "compound_id", "compound.id"),
        _fk("contract_allocation", "contract_id", "revenue_contract.id"),
        _fk("contract_allocation", "draft_id", "draft.id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contract_allocation")),
    )
    with op.batch_alter_table("contract_allocation", schema=None) as batch_op:
        batch_op.create_index(
            "ix_contract_allocation_contract", ["compound_id", "contract_id", "period"]
        )
        batch_op.create_index("ix_contract_allocation_draft", ["draft_id"])
    op.create_table(
        "fund_transfer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("compound_id", sa.Integer(), nullable=False),
        sa.Column("first_month", sa.String(length=7), nullable=False),
        sa.Column("last_month", sa.String(length=7), nullable=False),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("amount_fen > 0", name=op.f("ck_fund_transfer_positive")),
        _fk("fund_transfer", "compound_id", "compound.id"),
        _fk("fund_transfer", "draft_id", "draft.id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fund_transfer")),
    )
    with op.batch_alter_table("fund_transfer", schema=None) as batch_op:
        batch_op.create_index("ix_fund_transfer_period", ["compound_id", "first_month"])

    dialect = op.get_bind().dialect.name
    for stmt in _sqlite() if dialect == "sqlite" else _postgresql():
        op.execute(stmt)


def downgrade() -> None:
    op.drop_table("fund_transfer")
    op.drop_table("contract_allocation")
    op.drop_table("revenue_contract")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS ledger_contract_check()")
