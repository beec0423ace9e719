"""A draft written inside a caller's unit of work, so that the rows linking it to contract
periods or fund periods are written in the same transaction as the draft (invariant 9).

It makes the same checks and the same audit record as `entries.draft_entry` (which opens its
own transaction): permission to draft, the date, known accounts, balanced lines. Posting goes
through `entries.approve_entry` like any draft, so maker ≠ checker holds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy.orm import Session

from ledger.domain.entry import Line, check_lines, check_text
from ledger.domain.roles import Action
from ledger.services import draft_checks
from ledger.services.access import require
from ledger.services.context import Actor, Context
from ledger.store import audit
from ledger.store.schema import Compound, Draft


def write_draft(
    ctx: Context,
    session: Session,
    actor: Actor,
    c: Compound,
    *,
    date: dt.date,
    memo: str,
    lines: Sequence[Line],
    kind: str,
    category: str | None = None,
    attachment_count: int = 0,
) -> Draft:
    require(session, actor, Action.DRAFT_ENTRY, c)
    rules = ctx.rules.for_compound(c.name)
    memo = check_text(memo, field="摘要")
    draft_checks.check_date(ctx, session, c, date)
    draft_checks.check_lines_known(rules, lines)
    check_lines(lines)
    draft_checks.check_attachments(attachment_count, ())
    accounts = draft_checks.ensure_accounts(session, c, rules, lines)
    now = ctx.clock()
    draft = Draft(
        compound_id=c.id,
        kind=kind,
        entry_date=date,
        memo=memo,
        category=category,
        attachment_count=attachment_count,
        maker_id=actor.id,
        created_at=now,
        updated_at=now,
        state="open",
    )
    session.add(draft)
    session.flush()
    draft_checks.write_lines(session, draft, accounts, lines, ())
    audit.append(
        session,
        scope=audit.compound_scope(c.id),
        at=now,
        actor_id=actor.id,
        compound_id=c.id,
        action="draft_entry",
        target=f"draft:{draft.id}",
        details={
            "date": date,
            "memo": memo,
            "kind": kind,
            "lines": [[x.account_code, x.amount_fen] for x in lines],
        },
    )
    return draft
