"""Protect the chart of accounts and the attachments of closed drafts.

An account's kind, code, beancount name and "may go negative" flag decide what `verify`
checks, so they may not change once the account exists, and accounts are never deleted; only
the display name may be corrected. Attachments of a posted or discarded draft are frozen like
its lines.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_FROZEN = "kind, code, beancount, may_go_negative, role, compound_id"
_SQLITE = [
    "CREATE TRIGGER account_frozen BEFORE UPDATE OF " + _FROZEN + " ON account BEGIN "
    "SELECT RAISE(ABORT, 'ledger: an account''s code, kind and limits cannot change'); END",
    "CREATE TRIGGER account_no_delete BEFORE DELETE ON account BEGIN "
    "SELECT RAISE(ABORT, 'ledger: DELETE of account is refused'); END",
] + [
    f"CREATE TRIGGER draft_attachment_closed_{name} BEFORE {verb} ON draft_attachment"
    f" WHEN (SELECT state FROM draft WHERE id = {row}.draft_id) <> 'open' BEGIN"
    " SELECT RAISE(ABORT, 'ledger: a posted or discarded draft cannot change'); END"
    for name, verb, row in (
        ("insert", "INSERT", "NEW"),
        ("update", "UPDATE", "OLD"),
        ("delete", "DELETE", "OLD"),
    )
]
_PG = [
    """CREATE OR REPLACE FUNCTION ledger_account_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN RAISE EXCEPTION 'ledger: DELETE of account is refused'; END IF;
  IF (NEW.kind, NEW.code, NEW.beancount, NEW.may_go_negative, NEW.role, NEW.compound_id)
     IS DISTINCT FROM (OLD.kind, OLD.code, OLD.beancount, OLD.may_go_negative, OLD.role,
                       OLD.compound_id) THEN
    RAISE EXCEPTION 'ledger: an account''s code, kind and limits cannot change';
  END IF;
  RETURN NEW;
END $$""",
    "CREATE TRIGGER account_frozen BEFORE UPDATE OR DELETE ON account "
    "FOR EACH ROW EXECUTE FUNCTION ledger_account_check()",
    "CREATE TRIGGER draft_attachment_closed BEFORE INSERT OR UPDATE OR DELETE ON draft_attachment "
    "FOR EACH ROW EXECUTE FUNCTION ledger_draft_line_check()",
]


def upgrade() -> None:
    for stmt in _SQLITE if op.get_bind().dialect.name == "sqlite" else _PG:
        op.execute(stmt)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        names = ["account_frozen", "account_no_delete"]
        names += [f"draft_attachment_closed_{n}" for n in ("insert", "update", "delete")]
        for name in names:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        return
    op.execute("DROP TRIGGER IF EXISTS account_frozen ON account")
    op.execute("DROP TRIGGER IF EXISTS draft_attachment_closed ON draft_attachment")
    op.execute("DROP FUNCTION IF EXISTS ledger_account_check()")
