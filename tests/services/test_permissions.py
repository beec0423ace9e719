"""The permissions matrix (`ledger.domain.roles.PERMISSIONS`), tested exhaustively.

For every service that checks a permission (`permission_cases` and `permission_controls`) and every role: a user
holding only that role is refused with PermissionDenied naming the action, and nothing is
written, when the matrix forbids it; and succeeds on a target prepared for it when the matrix
allows it — so a refusal can only have come from the permission. The cases must cover every
action a service checks and every action of the matrix except those listed, with the reason,
in `NO_SERVICE`: a new action without a case fails this suite.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from ledger.domain.errors import PermissionDenied
from ledger.domain.permissions import (
    ALLOWED_MARK,
    FORBIDDEN_MARK,
    matrix_json,
    permission_matrix,
)
from ledger.domain.roles import PERMISSIONS, Action, Role
from ledger.domain.rules import RuleBook
from ledger.services.context import Actor, Context
from ledger.store.database import Database
from tests.conftest import ROOT, FixedClock, Street, make_street
from tests.helpers import fingerprint
from tests.services import permission_cases, permission_controls
from tests.services.permission_cases import NO_SERVICE
from tests.services.permission_setups import Case, role_users

CASES = [*permission_cases.CASES, *permission_controls.CASES]
SERVICES = ROOT / "ledger" / "services"
ACTION_REF = re.compile(r"\bAction\.([A-Z_]+)\b")


def _checked_by_services() -> set[Action]:
    found = set()
    for path in SERVICES.glob("*.py"):
        found |= {Action[name] for name in ACTION_REF.findall(path.read_text(encoding="utf-8"))}
    return found


def test_every_action_has_a_case_or_a_stated_reason() -> None:
    covered = {c.action for c in CASES}
    assert not covered & set(NO_SERVICE), "an action with a case is still listed as having none"
    missing = set(Action) - covered - set(NO_SERVICE)
    assert not missing, f"actions without a permission case: {sorted(missing)}"


def test_every_action_a_service_checks_has_a_case() -> None:
    checked = _checked_by_services()
    assert checked, f"no Action.X found under {SERVICES}"
    assert checked <= {c.action for c in CASES}
    assert not checked & set(NO_SERVICE), "a service now checks an action listed as unchecked"


def test_read_has_no_forbidden_role_within_the_compound() -> None:
    assert PERMISSIONS[Action.READ] == frozenset(Role)


def test_every_action_is_allowed_to_someone_and_forbidden_to_the_auditor_unless_reading() -> None:
    for action, roles in PERMISSIONS.items():
        assert roles, action
        read_only = action in (Action.READ, Action.AUDIT, Action.EXPORT)
        assert (Role.AUDITOR in roles) == read_only, f"auditors write nothing: {action}"


def test_the_readable_matrix_is_the_enforced_one() -> None:
    rows = permission_matrix()
    assert [r.action for r in rows] == list(Action)
    for row in rows:
        for role in Role:
            allowed = role in PERMISSIONS[row.action]
            assert row.mark(role) == (ALLOWED_MARK if allowed else FORBIDDEN_MARK)
    data = matrix_json()
    assert [r["role"] for r in data["roles"]] == [r.value for r in Role]
    assert {a["action"]: {k for k, v in a["roles"].items() if v} for a in data["actions"]} == {
        a.value: {r.value for r in roles} for a, roles in PERMISSIONS.items()
    }


@pytest.fixture(scope="module")
def template(
    tmp_path_factory: pytest.TempPathFactory, rules: RuleBook
) -> tuple[Path, Street, dict[Role, Actor]]:
    """A SQLite street with one user per role, built once: people cost a password hash each."""
    path = tmp_path_factory.mktemp("permissions") / "street.db"
    s = make_street(str(path), rules)
    people = role_users(s)
    s.ctx.db.dispose()
    return path, s, people


@pytest.fixture
def copied(
    template: tuple[Path, Street, dict[Role, Actor]], tmp_path: Path, rules: RuleBook
) -> Iterator[tuple[Street, dict[Role, Actor]]]:
    """This test's own copy of the template street (the SQLite file), with its own clock."""
    path, original, people = template
    target = tmp_path / "books.db"
    shutil.copyfile(path, target)
    clock = FixedClock(original.clock.now)
    s = replace(
        original, ctx=Context(db=Database(str(target)), rules=rules, clock=clock), clock=clock
    )
    yield s, people
    s.ctx.db.dispose()


def _check(s: Street, people: dict[Role, Actor], case: Case) -> None:
    allowed = PERMISSIONS[case.action]
    run = case.prepare(s)
    before = fingerprint(s)
    for role in Role:
        if role in allowed:
            continue
        with pytest.raises(PermissionDenied) as refused:
            run(people[role])
        assert refused.value.facts.get("action") == case.action.value, (role, refused.value)
        assert case.action.label in refused.value.message
        assert fingerprint(s) == before, f"{role} was refused {case} but something was written"
    for i, role in enumerate(r for r in Role if r in allowed):
        if i:
            run = case.prepare(s)  # a fresh target: the first allowed role used this one up
        run(people[role])  # allowed, and the set-up leaves nothing else to refuse


@pytest.mark.parametrize("case", CASES, ids=str)
def test_only_the_roles_the_matrix_names_may_act(
    case: Case, copied: tuple[Street, dict[Role, Actor]]
) -> None:
    _check(*copied, case)


PG_SAMPLE = {"approve_entry", "gate_payment", "sign_as_community", "audit_person"}


@pytest.mark.pg
@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
@pytest.mark.parametrize("case", [c for c in CASES if c.name in PG_SAMPLE], ids=str)
def test_a_sample_on_postgresql(case: Case, street: Street) -> None:
    _check(street, role_users(street), case)


def test_the_pg_sample_names_real_cases() -> None:
    assert {c.name for c in CASES} >= PG_SAMPLE
