"""The request state machine (BZ-D1, BZ-A1) and jurisdiction (BZ-D3). Pure domain, no I/O."""

from __future__ import annotations

import pytest

from application.access.grants import Reach, check
from application.access.matrix import MATRIX
from application.principals import Principal
from domain.actors import Actor
from domain.errors import InvalidValue, OutsideJurisdiction, TransitionNotAllowed
from domain.jurisdiction import acting_role
from domain.levels import Level, Role
from domain.registry import Registry
from domain.requests import Request
from domain.vocabulary import Category, Channel, Status

RESIDENT = Actor("r1", Role.RESIDENT, "G1")
STAFF = Actor("s1", Role.COMMUNITY_STAFF, "C1")


@pytest.fixture
def tree() -> Registry:
    registry = Registry()
    for code, level, parent in [
        ("D", Level.DISTRICT, None),
        ("S1", Level.STREET, "D"),
        ("C1", Level.COMMUNITY, "S1"),
        ("C2", Level.COMMUNITY, "S1"),
        ("G1", Level.GROUP, "C1"),
        ("G2", Level.GROUP, "C2"),
    ]:
        registry.register(STAFF, code, level, code, parent)
    return registry


def raised() -> Request:
    return Request.raise_(
        RESIDENT, "r1", "G1", Category.SAFETY, Channel.APP, "title", "description"
    )


def climb(request: Request, tree: Registry, levels: int) -> Request:
    for _ in range(levels):
        request.escalate(STAFF, tree, "cannot solve here")
    return request


def test_escalation_goes_one_level_up_with_reason_BZ_D1(tree):
    request = climb(raised(), tree, 1)
    event = request.collect_events()[-1]
    assert (request.holding_unit, request.status) == ("C1", Status.NEW)
    assert (event.from_unit, event.to_unit, event.reason, event.skipped_units) == (
        "G1",
        "C1",
        "cannot solve here",
        [],
    )


def test_never_escalates_past_the_district_BZ_D1(tree):
    request = climb(raised(), tree, 3)
    assert request.holding_unit == "D"
    with pytest.raises(TransitionNotAllowed) as refused:
        request.escalate(STAFF, tree, "higher")
    assert refused.value.rule_id == "BZ-D1" and "escalate" not in refused.value.allowed
    assert request.version == 4


def test_level_skip_refused_unless_profile_allows_and_then_recorded_BZ_D1(tree):
    request = raised()
    with pytest.raises(TransitionNotAllowed):
        request.escalate(STAFF, tree, "urgent", to_unit="S1")
    request.escalate(STAFF, tree, "gas leak, urgent", to_unit="S1", allow_skip=True)
    assert request.collect_events()[-1].skipped_units == ["C1"]


def test_delegate_only_below_the_holder_BZ_D1(tree):
    request = climb(raised(), tree, 2)
    with pytest.raises(InvalidValue):
        request.delegate(STAFF, tree, "D", "up is not down")
    request.delegate(STAFF, tree, "C2", "please handle")
    assert (request.holding_unit, request.status) == ("C2", Status.DELEGATED)


def test_dispute_reopens_at_the_unit_that_resolved_BZ_D1(tree):
    request = climb(raised(), tree, 1)
    request.resolve(STAFF, "fixed")
    request.dispute(RESIDENT, "not fixed")
    assert (request.holding_unit, request.status) == ("C1", Status.REOPENED)


def test_withdraw_only_before_resolution_BZ_D1():
    request = raised()
    request.resolve(STAFF, "done")
    with pytest.raises(TransitionNotAllowed) as refused:
        request.withdraw(RESIDENT, "never mind")
    assert refused.value.allowed == ["confirm", "dispute", "rate"]


def test_rating_is_1_to_5_and_once_per_resolution_BZ_A1():
    request = raised()
    request.resolve(STAFF, "done")
    for bad in (0, 6):
        with pytest.raises(InvalidValue):
            request.rate(RESIDENT, bad)
    request.rate(RESIDENT, 4)
    with pytest.raises(TransitionNotAllowed):
        request.rate(RESIDENT, 5)
    request.confirm(RESIDENT)
    assert request.status is Status.CLOSED and request.allowed_actions() == []


def test_nearest_covering_role_is_recorded_BZ_D3(tree):
    roles = [(Role.STREET_STAFF, "S1"), (Role.COMMUNITY_STAFF, "C1")]
    assert acting_role("p", roles, "G1", tree) == Actor("p", Role.COMMUNITY_STAFF, "C1")
    assert acting_role("p", roles, "G2", tree) == Actor("p", Role.STREET_STAFF, "S1")


def test_supervision_committee_reads_its_community_but_never_acts_WZ_5_6_e(tree):
    roles = [(Role.SUPERVISION_COMMITTEE, "C1")]
    member, inbox = (
        Principal("p", "P0028", None, frozenset(roles)),
        MATRIX["units.inbox"],
    )
    assert check(inbox, member, Reach(("G1",)), tree).role is Role.SUPERVISION_COMMITTEE
    with pytest.raises(OutsideJurisdiction):
        acting_role("p", roles, "G1", tree)
    with pytest.raises(OutsideJurisdiction):
        check(inbox, member, Reach(("C2",)), tree)


def test_allowed_actions_follow_the_holding_level_BZ_D1(tree):
    request = raised()
    assert request.allowed_actions() == [
        "accept",
        "escalate",
        "reassign",
        "resolve",
        "withdraw",
    ]  # nothing below a group
    request.escalate(STAFF, tree, "needs the community")
    assert "delegate" in request.allowed_actions()
    request.delegate(STAFF, tree, "G1", "back to the group")
    request.resolve(STAFF, "done")
    request.dispute(RESIDENT, "not done")
    assert (request.holding_unit, request.status) == ("G1", Status.REOPENED)
    assert "delegate" not in request.allowed_actions()


# ---- 改派: no rule of RULES.md or the seeds names a move across; BZ-D1 (a request enters at
# the level that can take it) is the closest and the one cited.
def at_community(tree: Registry) -> Request:
    request = climb(raised(), tree, 1)
    assert request.holding_unit == "C1"
    return request


def test_a_request_moves_to_a_sibling_with_its_reason_BZ_D1(tree):
    request = at_community(tree)
    request.reassign(STAFF, tree, "C2", "属于另一社区，报错了")
    event = request.collect_events()[-1]
    assert type(event).__name__ == "Reassigned"
    assert (event.from_unit, event.to_unit, event.to_level, event.reason) == (
        "C1",
        "C2",
        "community",
        "属于另一社区，报错了",
    )
    assert (event.actor_id, event.actor_role, event.actor_unit) == (
        "s1",
        "community_staff",
        "C1",
    )
    assert (request.holding_unit, request.status) == ("C2", Status.NEW)


def test_reassign_is_offered_until_the_request_is_taken_up_BZ_D1(tree):
    request = raised()
    assert "reassign" in request.allowed_actions()
    request.accept(STAFF)
    assert "reassign" not in request.allowed_actions()


def test_a_blank_reason_is_refused_with_the_rule_BZ_D1(tree):
    request = at_community(tree)
    with pytest.raises(InvalidValue) as refused:
        request.reassign(STAFF, tree, "C2", "   ")
    assert refused.value.rule_id == "BZ-D1" and request.holding_unit == "C1"


@pytest.mark.parametrize("to_unit", ["G2", "S1", "C1"])
def test_only_a_unit_beside_the_holder_under_the_same_parent_BZ_D1(tree, to_unit):
    """G2 lies under the other community, S1 is the parent, C1 the holder itself."""
    request = at_community(tree)
    with pytest.raises(TransitionNotAllowed) as refused:
        request.reassign(STAFF, tree, to_unit, "报错了")
    assert refused.value.rule_id == "BZ-D1" and request.holding_unit == "C1"


def test_a_closed_request_cannot_be_reassigned_BZ_D1(tree):
    request = at_community(tree)
    request.resolve(STAFF, "done")
    request.confirm(RESIDENT)
    with pytest.raises(TransitionNotAllowed) as refused:
        request.reassign(STAFF, tree, "C2", "报错了")
    assert refused.value.rule_id == "BZ-D1" and request.status is Status.CLOSED


def test_nothing_lies_beside_the_district_BZ_D1(tree):
    request = climb(raised(), tree, 3)
    assert request.holding_unit == "D"
    assert "reassign" not in request.allowed_actions()
