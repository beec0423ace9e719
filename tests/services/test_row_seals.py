"""Row seals on the records beside the books: every contract allocation, fund transfer and
bank row a service writes is sealed by an audit record of the same transaction — in the
action's own record, or in one `seal_rows` record of the same actor when the row needed the
id of a draft whose record was already written."""

from __future__ import annotations

import datetime as dt
import json

import sqlalchemy as sa

from ledger.domain.period import Month
from ledger.services import bank_import, collections, contracts
from ledger.services.verify import verify
from ledger.store.row_seals import SEALED_KEY
from ledger.store.schema import AuditRecord
from tests.conftest import Street
from tests.services.bank_files import statement
from tests.services.contract_terms import PARKING

D = dt.date


def _records(s: Street) -> list[tuple[str, int | None, str, list[list[object]]]]:
    with s.ctx.db.read() as session:
        rows = session.execute(
            sa.select(AuditRecord.action, AuditRecord.actor_id, AuditRecord.target,
                      AuditRecord.details)
            .where(AuditRecord.scope.like("compound:%"))
            .order_by(AuditRecord.seq)
        ).all()  # fmt: skip
    return [(a, who, t, json.loads(d).get(SEALED_KEY, [])) for a, who, t, d in rows]


def test_an_allocation_written_after_its_drafts_record_is_sealed_before_commit(
    street: Street,
) -> None:
    s = street
    contracts.add_contract(s.ctx, s.treasurer, compound=s.compound, new=PARKING)
    draft = collections.record_collection(
        s.ctx, s.treasurer, compound=s.compound, ref=PARKING.ref, month=Month(2024, 5),
        gross_fen=1_000_000,
    )  # fmt: skip
    *_, drafted, sealing = _records(s)
    assert drafted[:3] == ("draft_entry", s.treasurer.id, f"draft:{draft}"), drafted
    action, actor, target, seals = sealing
    assert (action, actor, target) == ("seal_rows", s.treasurer.id, drafted[2])
    assert [x[0] for x in seals] == ["contract_allocation"]
    assert verify(s.ctx).ok


def test_every_line_of_a_bank_file_is_sealed_in_the_import_record(street: Street) -> None:
    s = street
    rows = [(D(2024, 1, d), "停车费", 100 * d, "测试物业", f"J{d}") for d in range(1, 29)]
    bank_import.import_statement(
        s.ctx, s.treasurer, compound=s.compound, data=statement(rows), filename="1月.csv"
    )
    action, _actor, _target, seals = _records(s)[-1]
    assert action == "import_bank"
    assert sorted(x[0] for x in seals).count("bank_line") == 28
    assert [x[0] for x in seals].count("bank_import") == 1
    assert verify(s.ctx).ok
