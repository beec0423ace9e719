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

import datetime as dt
import json

import sqlalchemy as sa
from alembic import op

from ledger.domain.hashing import GENESIS_HASH, chain_hash
from ledger.store.row_seals import SEALED_KEY, SEALED_TABLES, recorded, row_digest, row_key

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


def _baseline(conn: sa.Connection) -> None:
    """One audit record per compound sealing the control rows no audit record seals yet."""
    meta = sa.MetaData()
    audit = sa.Table("audit_log", meta, autoload_with=conn)
    latest: dict[tuple[str, str], str] = {}
    for (details,) in conn.execute(
        sa.select(audit.c.details).order_by(audit.c.at, audit.c.scope, audit.c.seq)
    ):
        for name, key, _compound, digest in recorded(details):
            latest[(str(name), str(key))] = str(digest)
    unsealed: dict[int, list[list[object]]] = {}
    for name in SEALED_TABLES:
        table = sa.Table(name, meta, autoload_with=conn)
        for row in conn.execute(sa.select(table)).mappings():
            key, digest = row_key(table, row), row_digest(table, row)
            if latest.get((name, key)) != digest:
                seal = [name, key, row["compound_id"], digest]
                unsealed.setdefault(int(row["compound_id"]), []).append(seal)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    for compound_id, seals in sorted(unsealed.items()):
        scope = f"compound:{compound_id}"
        last = conn.execute(
            sa.select(audit.c.seq, audit.c.hash)
            .where(audit.c.scope == scope)
            .order_by(audit.c.seq.desc())
            .limit(1)
        ).first()
        seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)
        details = json.dumps({SEALED_KEY: seals}, ensure_ascii=False, sort_keys=True)
        payload = {
            "scope": scope,
            "seq": seq,
            "at": now,
            "actor": None,
            "compound": compound_id,
            "action": "seal_baseline",
            "target": scope,
            "details": details,
        }
        conn.execute(
            audit.insert().values(
                scope=scope,
                seq=seq,
                at=now,
                actor_id=None,
                compound_id=compound_id,
                action="seal_baseline",
                target=scope,
                details=details,
                prev_hash=prev,
                hash=chain_hash(prev, payload),
            )
        )


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
    _baseline(conn)


def downgrade() -> None:
    op.drop_table("refusal_log")
