"""A worked accounting story, from draft to reversal, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest

from ledger.domain.errors import MakerIsChecker, PermissionDenied, WrongState
from ledger.domain.period import Month
from ledger.domain.roles import Role
from ledger.services import balances, entries, organisation, shortcuts
from ledger.services.verify import verify
from tests.conftest import Street
from tests.helpers import BANK, COST, PARKING, fingerprint


def closing(s: Street, month: str) -> dict[str, int]:
    tb = balances.trial_balance(s.ctx, s.compound, Month.parse(month))
    assert tb.balanced
    return {a.code: a.closing_fen for a in tb.accounts}


def test_parking_income_with_cost_share_then_reversal(street: Street) -> None:
    s = street
    s.clock.set(dt.date(2024, 6, 5))
    # The property company collected ¥10,000.00 of parking fees; its 30% cost share is kept.
    draft = shortcuts.draft_income(
        s.ctx,
        s.treasurer,
        compound=s.compound,
        date=dt.date(2024, 6, 5),
        category="parking",
        gross_fen=1_000_000,
    )
    with pytest.raises(PermissionDenied):
        entries.approve_entry(s.ctx, s.treasurer, draft)
    voucher = entries.approve_entry(s.ctx, s.checker, draft)
    assert voucher == "记-2024-06-0001"
    assert closing(s, "2024-06") == {BANK: 700_000, COST: 300_000, PARKING: -1_000_000}

    # A draft cannot be approved twice.
    with pytest.raises(WrongState):
        entries.approve_entry(s.ctx, s.checker2, draft)

    # The amount was wrong: reverse it (drafted by the treasurer, approved by a checker).
    s.clock.set(dt.date(2024, 6, 20))
    rev = entries.reverse_entry(s.ctx, s.treasurer, voucher, reason="金额录错", compound=s.compound)
    rev_voucher = entries.approve_entry(s.ctx, s.checker2, rev)
    assert rev_voucher == "记-2024-06-0002"
    assert all(v == 0 for v in closing(s, "2024-06").values())

    # Reversing twice is refused and writes nothing.
    before = fingerprint(s)
    with pytest.raises(WrongState):
        entries.reverse_entry(s.ctx, s.treasurer, voucher, reason="再冲一次", compound=s.compound)
    with pytest.raises(WrongState):
        entries.reverse_entry(
            s.ctx, s.treasurer, rev_voucher, reason="冲销冲销", compound=s.compound
        )
    assert fingerprint(s) == before

    # The right amount, recorded anew in the next month; opening balances carry over.
    s.clock.set(dt.date(2024, 7, 3))
    again = shortcuts.draft_income(
        s.ctx,
        s.treasurer,
        compound=s.compound,
        date=dt.date(2024, 7, 3),
        category="parking",
        gross_fen=100_000,
        deduction_fen=20_000,
    )
    assert entries.approve_entry(s.ctx, s.checker, again) == "记-2024-07-0001"
    tb = balances.trial_balance(s.ctx, s.compound, Month(2024, 7))
    by_code = {a.code: a for a in tb.accounts}
    assert by_code[BANK].opening_fen == 0 and by_code[BANK].closing_fen == 80_000
    assert tb.debit_fen == tb.credit_fen == 100_000

    report = verify(s.ctx)
    assert report.ok, report.findings
    assert report.entries == 3


def test_a_member_holding_both_roles_still_cannot_check_their_own_entry(street: Street) -> None:
    s = street
    organisation.grant_role(s.ctx, s.admin, user="c", role=Role.TREASURER, compound=s.compound)
    s.clock.set(dt.date(2024, 6, 5))
    draft = shortcuts.draft_income(
        s.ctx,
        s.checker,
        compound=s.compound,
        date=dt.date(2024, 6, 5),
        category="parking",
        gross_fen=50_000,
    )
    before = fingerprint(s)
    with pytest.raises(MakerIsChecker):
        entries.approve_entry(s.ctx, s.checker, draft)
    assert fingerprint(s) == before
    assert entries.approve_entry(s.ctx, s.checker2, draft) == "记-2024-06-0001"


def test_password_hashes_record_their_work_factor_and_still_check(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from ledger.services.passwords import check_password, hash_password

    monkeypatch.setenv("LEDGER_SCRYPT_LOG2N", "14")
    strong = hash_password("秘密 pass")
    monkeypatch.setenv("LEDGER_SCRYPT_LOG2N", "10")
    light = hash_password("秘密 pass")
    monkeypatch.setenv("LEDGER_SCRYPT_LOG2N", "3")  # out of range: the default
    default = hash_password("秘密 pass")
    assert strong.split("$")[1] == "16384" == default.split("$")[1]
    assert light.split("$")[1] == "1024"
    assert all(check_password("秘密 pass", h) for h in (strong, light, default))
    assert not check_password("秘密 pas", strong) and "秘密" not in strong
