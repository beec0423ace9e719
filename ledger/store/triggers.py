"""Database triggers: the second line of defence behind the services (DESIGN.md §3).

They refuse any UPDATE or DELETE of posted entries, postings, attachments, month locks and
audit records, and refuse an entry row unless its postings are already there and balanced
(≥2 lines, sum zero), its chain sequence and voucher number follow the last ones without a
gap, its `prev_hash` is the previous entry's hash, and its month is not locked. Drafts can be
changed only while open.

Statements are versioned: a migration calls the function of its own version, so a later
change adds a new function instead of rewriting history.
"""

from __future__ import annotations

GENESIS_HASH = "0" * 64
APPEND_ONLY = ("entry", "posting", "entry_attachment", "period_lock", "audit_log")

_SQLITE_ENTRY_CHECK = f"""
CREATE TRIGGER entry_insert_check BEFORE INSERT ON entry BEGIN
  SELECT RAISE(ABORT, 'ledger: entry has fewer than two postings')
   WHERE (SELECT COUNT(*) FROM posting
           WHERE compound_id = NEW.compound_id AND entry_seq = NEW.seq) < 2;
  SELECT RAISE(ABORT, 'ledger: entry is not balanced')
   WHERE (SELECT SUM(amount_fen) FROM posting
           WHERE compound_id = NEW.compound_id AND entry_seq = NEW.seq) <> 0;
  SELECT RAISE(ABORT, 'ledger: posting month differs from voucher month')
   WHERE EXISTS (SELECT 1 FROM posting WHERE compound_id = NEW.compound_id
                  AND entry_seq = NEW.seq AND voucher_month <> NEW.voucher_month)
      OR NEW.voucher_month <> strftime('%Y-%m', NEW.entry_date);
  SELECT RAISE(ABORT, 'ledger: chain sequence is not consecutive')
   WHERE NEW.seq <> COALESCE((SELECT MAX(seq) FROM entry
                               WHERE compound_id = NEW.compound_id), 0) + 1;
  SELECT RAISE(ABORT, 'ledger: voucher number is not consecutive')
   WHERE NEW.voucher_seq <> COALESCE((SELECT MAX(voucher_seq) FROM entry
                                       WHERE compound_id = NEW.compound_id
                                         AND voucher_month = NEW.voucher_month), 0) + 1;
  SELECT RAISE(ABORT, 'ledger: prev_hash does not link to the previous entry')
   WHERE NEW.prev_hash <> COALESCE((SELECT hash FROM entry WHERE compound_id = NEW.compound_id
                                     AND seq = NEW.seq - 1), '{GENESIS_HASH}');
  SELECT RAISE(ABORT, 'ledger: month is closed')
   WHERE EXISTS (SELECT 1 FROM period_lock
                  WHERE compound_id = NEW.compound_id AND month = NEW.voucher_month);
END
"""

_SQLITE_SEALED = """
CREATE TRIGGER {table}_sealed BEFORE INSERT ON {table} BEGIN
  SELECT RAISE(ABORT, 'ledger: entry is already sealed')
   WHERE EXISTS (SELECT 1 FROM entry WHERE compound_id = NEW.compound_id AND seq = NEW.entry_seq);
END
"""

_SQLITE_AUDIT_CHECK = f"""
CREATE TRIGGER audit_log_insert_check BEFORE INSERT ON audit_log BEGIN
  SELECT RAISE(ABORT, 'ledger: audit sequence is not consecutive')
   WHERE NEW.seq <> COALESCE((SELECT MAX(seq) FROM audit_log WHERE scope = NEW.scope), 0) + 1;
  SELECT RAISE(ABORT, 'ledger: audit prev_hash does not link')
   WHERE NEW.prev_hash <> COALESCE((SELECT hash FROM audit_log WHERE scope = NEW.scope
                                     AND seq = NEW.seq - 1), '{GENESIS_HASH}');
END
"""

_DRAFT_CLOSED = "SELECT RAISE(ABORT, 'ledger: a posted or discarded draft cannot change');"
_SQLITE_DRAFT = [
    f"CREATE TRIGGER draft_closed_{op.lower()} BEFORE {op} ON draft"
    f" WHEN OLD.state <> 'open' BEGIN {_DRAFT_CLOSED} END"
    for op in ("UPDATE", "DELETE")
] + [
    f"CREATE TRIGGER draft_line_closed_{op.lower()} BEFORE {op} ON draft_line"
    f" WHEN (SELECT state FROM draft WHERE id = {row}.draft_id) <> 'open'"
    f" BEGIN {_DRAFT_CLOSED} END"
    for op, row in (("INSERT", "NEW"), ("UPDATE", "OLD"), ("DELETE", "OLD"))
]


def _sqlite_v1() -> list[str]:
    stmts: list[str] = []
    for table in APPEND_ONLY:
        for op in ("UPDATE", "DELETE"):
            stmts.append(
                f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table} BEGIN "
                f"SELECT RAISE(ABORT, 'ledger: {op} of {table} is refused (append-only)'); END"
            )
    stmts.append(_SQLITE_ENTRY_CHECK)
    stmts += [_SQLITE_SEALED.format(table=t) for t in ("posting", "entry_attachment")]
    stmts.append(_SQLITE_AUDIT_CHECK)
    stmts += _SQLITE_DRAFT
    return stmts


_PG_FUNCTIONS = f"""
CREATE OR REPLACE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger: % of % is refused (append-only)', TG_OP, TG_TABLE_NAME;
END $$;

CREATE OR REPLACE FUNCTION ledger_entry_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE n integer; total bigint; odd_month boolean;
BEGIN
  SELECT COUNT(*), COALESCE(SUM(amount_fen), 0), bool_or(voucher_month <> NEW.voucher_month)
    INTO n, total, odd_month
    FROM posting WHERE compound_id = NEW.compound_id AND entry_seq = NEW.seq;
  IF n < 2 THEN RAISE EXCEPTION 'ledger: entry has fewer than two postings'; END IF;
  IF total <> 0 THEN RAISE EXCEPTION 'ledger: entry is not balanced'; END IF;
  IF odd_month OR NEW.voucher_month <> to_char(NEW.entry_date, 'YYYY-MM') THEN
    RAISE EXCEPTION 'ledger: posting month differs from voucher month';
  END IF;
  IF NEW.seq <> COALESCE((SELECT MAX(seq) FROM entry
                           WHERE compound_id = NEW.compound_id), 0) + 1 THEN
    RAISE EXCEPTION 'ledger: chain sequence is not consecutive';
  END IF;
  IF NEW.voucher_seq <> COALESCE((SELECT MAX(voucher_seq) FROM entry
                                   WHERE compound_id = NEW.compound_id
                                     AND voucher_month = NEW.voucher_month), 0) + 1 THEN
    RAISE EXCEPTION 'ledger: voucher number is not consecutive';
  END IF;
  IF NEW.prev_hash <> COALESCE((SELECT hash FROM entry WHERE compound_id = NEW.compound_id
                                 AND seq = NEW.seq - 1), '{GENESIS_HASH}') THEN
    RAISE EXCEPTION 'ledger: prev_hash does not link to the previous entry';
  END IF;
  IF EXISTS (SELECT 1 FROM period_lock
              WHERE compound_id = NEW.compound_id AND month = NEW.voucher_month) THEN
    RAISE EXCEPTION 'ledger: month is closed';
  END IF;
  RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION ledger_sealed_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM entry WHERE compound_id = NEW.compound_id AND seq = NEW.entry_seq)
  THEN RAISE EXCEPTION 'ledger: entry is already sealed'; END IF;
  RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION ledger_audit_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.seq <> COALESCE((SELECT MAX(seq) FROM audit_log WHERE scope = NEW.scope), 0) + 1 THEN
    RAISE EXCEPTION 'ledger: audit sequence is not consecutive';
  END IF;
  IF NEW.prev_hash <> COALESCE((SELECT hash FROM audit_log WHERE scope = NEW.scope
                                 AND seq = NEW.seq - 1), '{GENESIS_HASH}') THEN
    RAISE EXCEPTION 'ledger: audit prev_hash does not link';
  END IF;
  RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION ledger_draft_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.state <> 'open' THEN
    RAISE EXCEPTION 'ledger: a posted or discarded draft cannot change';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION ledger_draft_line_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE d integer;
BEGIN
  IF TG_OP = 'INSERT' THEN d := NEW.draft_id; ELSE d := OLD.draft_id; END IF;
  IF (SELECT state FROM draft WHERE id = d) <> 'open' THEN
    RAISE EXCEPTION 'ledger: a posted or discarded draft cannot change';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$
"""


def _pg_v1() -> list[str]:
    # Functions are separated by one blank line and contain none.
    stmts = [part.strip() for part in _PG_FUNCTIONS.strip().split("\n\n")]
    for table in APPEND_ONLY:
        stmts.append(
            f"CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change()"
        )
        stmts.append(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change()"
        )
    stmts.append(
        "CREATE TRIGGER entry_insert_check BEFORE INSERT ON entry "
        "FOR EACH ROW EXECUTE FUNCTION ledger_entry_check()"
    )
    for table in ("posting", "entry_attachment"):
        stmts.append(
            f"CREATE TRIGGER {table}_sealed BEFORE INSERT ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION ledger_sealed_check()"
        )
    stmts.append(
        "CREATE TRIGGER audit_log_insert_check BEFORE INSERT ON audit_log "
        "FOR EACH ROW EXECUTE FUNCTION ledger_audit_check()"
    )
    stmts.append(
        "CREATE TRIGGER draft_closed BEFORE UPDATE OR DELETE ON draft "
        "FOR EACH ROW EXECUTE FUNCTION ledger_draft_check()"
    )
    stmts.append(
        "CREATE TRIGGER draft_line_closed BEFORE INSERT OR UPDATE OR DELETE ON draft_line "
        "FOR EACH ROW EXECUTE FUNCTION ledger_draft_line_check()"
    )
    return stmts


def v1_statements(dialect: str) -> list[str]:
    """The trigger DDL of schema version 1 for `dialect` ('sqlite' or 'postgresql')."""
    if dialect == "sqlite":
        return _sqlite_v1()
    if dialect == "postgresql":
        return _pg_v1()
    raise ValueError(f"unsupported database dialect: {dialect}")


def drop_statements(dialect: str) -> list[str]:
    """DDL that removes the version-1 triggers (used only by the migration's downgrade)."""
    names: list[tuple[str, str]] = []
    if dialect == "sqlite":
        names = [(f"{t}_no_{op}", t) for t in APPEND_ONLY for op in ("update", "delete")]
        names += [("entry_insert_check", "entry"), ("posting_sealed", "posting")]
        names += [("entry_attachment_sealed", "entry_attachment")]
        names += [("audit_log_insert_check", "audit_log")]
        names += [(n, "draft") for n in ("draft_closed_update", "draft_closed_delete")]
        names += [
            (f"draft_line_closed_{op}", "draft_line") for op in ("insert", "update", "delete")
        ]
        return [f"DROP TRIGGER IF EXISTS {n}" for n, _ in names]
    names = [(f"{t}_no_change", t) for t in APPEND_ONLY]
    names += [(f"{t}_no_truncate", t) for t in APPEND_ONLY]
    names += [("entry_insert_check", "entry"), ("posting_sealed", "posting")]
    names += [("entry_attachment_sealed", "entry_attachment")]
    names += [("audit_log_insert_check", "audit_log"), ("draft_closed", "draft")]
    names += [("draft_line_closed", "draft_line")]
    stmts = [f"DROP TRIGGER IF EXISTS {n} ON {t}" for n, t in names]
    for fn in (
        "refuse_change",
        "entry_check",
        "sealed_check",
        "audit_check",
        "draft_check",
        "draft_line_check",
    ):
        stmts.append(f"DROP FUNCTION IF EXISTS ledger_{fn}()")
    return stmts


# Version 2 (migration 0008): the same checks of a new entry row in the same order and with
# the same messages, in one statement instead of seven. The postings are read once (count, sum
# and months together) and the chain's last entry once (its sequence and hash), which made the
# bulk path's inserts about a third cheaper on SQLite. PostgreSQL keeps version 1: its function
# runs once per row without re-planning, and COPY already dominates there.
_SQLITE_ENTRY_CHECK_V2 = f"""
CREATE TRIGGER entry_insert_check BEFORE INSERT ON entry BEGIN
  SELECT CASE
    WHEN p.n < 2 THEN RAISE(ABORT, 'ledger: entry has fewer than two postings')
    WHEN p.total <> 0 THEN RAISE(ABORT, 'ledger: entry is not balanced')
    WHEN p.odd_month OR NEW.voucher_month <> strftime('%Y-%m', NEW.entry_date)
      THEN RAISE(ABORT, 'ledger: posting month differs from voucher month')
    WHEN NEW.seq <> COALESCE(last.seq, 0) + 1
      THEN RAISE(ABORT, 'ledger: chain sequence is not consecutive')
    WHEN NEW.voucher_seq <> COALESCE((SELECT MAX(voucher_seq) FROM entry
                                       WHERE compound_id = NEW.compound_id
                                         AND voucher_month = NEW.voucher_month), 0) + 1
      THEN RAISE(ABORT, 'ledger: voucher number is not consecutive')
    WHEN NEW.prev_hash <> COALESCE(last.hash, '{GENESIS_HASH}')
      THEN RAISE(ABORT, 'ledger: prev_hash does not link to the previous entry')
    WHEN EXISTS (SELECT 1 FROM period_lock
                  WHERE compound_id = NEW.compound_id AND month = NEW.voucher_month)
      THEN RAISE(ABORT, 'ledger: month is closed')
  END
  FROM (SELECT COUNT(*) AS n, SUM(amount_fen) AS total,
               MAX(voucher_month <> NEW.voucher_month) AS odd_month
          FROM posting WHERE compound_id = NEW.compound_id AND entry_seq = NEW.seq) AS p
  LEFT JOIN (SELECT seq, hash FROM entry WHERE compound_id = NEW.compound_id
              ORDER BY seq DESC LIMIT 1) AS last ON 1;
END
"""


def entry_check_v2(dialect: str) -> list[str]:
    """DDL replacing the version-1 entry check with version 2 (SQLite only)."""
    if dialect != "sqlite":
        return []
    return ["DROP TRIGGER IF EXISTS entry_insert_check", _SQLITE_ENTRY_CHECK_V2]


def entry_check_v1(dialect: str) -> list[str]:
    """DDL putting the version-1 entry check back (the downgrade of migration 0008)."""
    if dialect != "sqlite":
        return []
    return ["DROP TRIGGER IF EXISTS entry_insert_check", _SQLITE_ENTRY_CHECK]
