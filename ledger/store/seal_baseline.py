"""Sealing rows no audit record seals yet, for migrations that bring tables under row seals.

One `seal_baseline` audit record per compound carries the seals of that compound's rows in the
sealed tables whose stored digest no record carries (see `ledger.store.row_seals`). Runs on a
bare connection inside a migration, so it reads the tables as they stand in the database.
"""

from __future__ import annotations

import datetime as dt
import json

import sqlalchemy as sa

from ledger.domain.hashing import GENESIS_HASH, chain_hash
from ledger.store.row_seals import SEALED_KEY, SEALED_TABLES, recorded, row_digest, row_key


def seal_unsealed(conn: sa.Connection) -> None:
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
