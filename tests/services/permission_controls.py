"""Permission cases of the controls, the audit query and the organisation: the seal
register, the month close, complaints, `audit_query`, the auditor workbook, streets,
compounds, users and roles."""

from __future__ import annotations

from ledger.domain.period import Month
from ledger.domain.roles import Action, Role
from ledger.services import (
    audit_query,
    complaints,
    month_close,
    organisation,
    seals,
    workbook_data,
)
from ledger.services.context import Actor
from tests.conftest import PASSWORD, Street
from tests.helpers import reconcile_month
from tests.services.permission_setups import (
    JAN,
    TODAY,
    Case,
    Run,
    complaint,
    fresh,
    granted_seal,
    month,
    registry,
    seal_request,
)

CASES: list[Case] = []
case = registry(CASES)


# --- seals, month close, complaints ---------------------------------------------------------


@case(Action.REQUEST_SEAL)
def request_seal(s: Street) -> Run:
    return lambda a: seals.request_seal(
        s.ctx,
        a,
        compound=s.compound,
        document_kind="contract",
        document="合同",
        purpose="签约",
        contract_ref=fresh("HT-"),
    )


@case(Action.APPROVE_SEAL)
def approve_seal(s: Street) -> Run:
    sid = seal_request(s)
    return lambda a: seals.approve_seal(s.ctx, a, sid, approve=True, opinion="同意")


@case(Action.USE_SEAL)
def use_seal(s: Street) -> Run:
    sid = granted_seal(s)
    return lambda a: seals.use_seal(s.ctx, a, sid)


@case(Action.PREPARE_MONTH)
def prepare_month(s: Street) -> Run:
    reconcile_month(s, JAN)
    return lambda a: month_close.prepare_month(s.ctx, a, compound=s.compound, month=JAN)


@case(Action.REVIEW_MONTH)
def review_month(s: Street) -> Run:
    month(s, "prepared")
    return lambda a: month_close.review_month(
        s.ctx, a, compound=s.compound, month=JAN, approve=True, comment="无误"
    )


@case(Action.SIGN_MONTH_COMMITTEE)
def sign_as_committee(s: Street) -> Run:
    month(s, "reviewed")
    return lambda a: month_close.sign_month(
        s.ctx, a, compound=s.compound, month=JAN, as_role=Role.COMMITTEE
    )


@case(Action.SIGN_MONTH_COMMUNITY)
def sign_as_community(s: Street) -> Run:
    month(s, "committee")
    return lambda a: month_close.sign_month(
        s.ctx, a, compound=s.compound, month=JAN, as_role=Role.COMMUNITY
    )


@case(Action.PUBLISH_MONTH)
def publish_month(s: Street) -> Run:
    month(s, "sealed")
    return lambda a: month_close.publish_month(s.ctx, a, compound=s.compound, month=JAN)


@case(Action.RECORD_COMPLAINT)
def record_complaint(s: Street) -> Run:
    return lambda a: complaints.record_complaint(
        s.ctx,
        a,
        compound=s.compound,
        channel="box",
        received_on=TODAY,
        resident="匿名",
        content="建议公示更详细",
    )


@case(Action.ANSWER_COMPLAINT)
def answer_complaint(s: Street) -> Run:
    cid = complaint(s)
    return lambda a: complaints.answer_complaint(s.ctx, a, cid, answer="已公示", answered_on=TODAY)


# --- audit and the organisation -----------------------------------------------------------


@case(Action.AUDIT)
def audit_period(s: Street) -> Run:
    return lambda a: audit_query.audit_period(
        s.ctx, a, compound=s.compound, first=JAN, last=Month.of(TODAY)
    )


@case(Action.AUDIT)
def audit_person(s: Street) -> Run:
    return lambda a: audit_query.audit_person(
        s.ctx, a, compound=s.compound, person=s.treasurer.name
    )


@case(Action.EXPORT)
def export_workbook(s: Street) -> Run:
    def run(a: Actor) -> object:
        with workbook_data.open_workbook(s.ctx, compound=s.compound, by=a) as book:
            return book.cover.generated_by

    return run


@case(Action.MANAGE_ORG)
def create_community(s: Street) -> Run:
    return lambda a: organisation.create_community(s.ctx, a, street="测试街道", name=fresh("社区"))


@case(Action.MANAGE_ORG)
def create_compound(s: Street) -> Run:
    return lambda a: organisation.create_compound(
        s.ctx, a, street="测试街道", community="测试社区", name=fresh("小区"), opened_on=TODAY
    )


@case(Action.MANAGE_USERS)
def create_user(s: Street) -> Run:
    return lambda a: organisation.create_user(
        s.ctx, a, name=fresh("new"), display_name="新人", password=PASSWORD
    )


@case(Action.MANAGE_USERS)
def grant_role(s: Street) -> Run:
    user = fresh("grantee")
    organisation.create_user(s.ctx, s.admin, name=user, display_name="受权人", password=PASSWORD)
    return lambda a: organisation.grant_role(
        s.ctx, a, user=user, role=Role.SUPERVISOR, compound=s.compound
    )
