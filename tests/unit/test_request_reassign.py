"""改派 Reassigning a request routed to the wrong unit to a sibling of it. RULES.md and the seeds
name no rule for it; BZ-D1 (a request enters at the level that can take it) is the closest
and the one cited. Pure domain, no I/O."""

from __future__ import annotations

import pytest

from domain.actors import Actor
from domain.errors import InvalidValue, TransitionNotAllowed
from domain.levels import Level, Role
from domain.registry import Registry
from domain.requests import Request
from domain.vocabulary import Category, Channel, Status

RESIDENT = Actor("r1", Role.RESIDENT, "G1")
LEADER = Actor("l1", Role.GROUP_LEADER, "G1")
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
        ("G2", Level.GROUP, "C1"),
        ("G3", Level.GROUP, "C2"),
    ]:
        registry.register(STAFF, code, level, code, parent)
    return registry


def raised() -> Request:
    return Request.raise_(
        RESIDENT, "r1", "G1", Category.SAFETY, Channel.APP, "title", "description"
    )


def test_a_request_moves_to_a_sibling_with_its_reason_BZ_D1(tree):
    request = raised()
    request.reassign(LEADER, tree, "G2", "住在2组，报错了小组")
    event = request.collect_events()[-1]
    assert type(event).__name__ == "Reassigned"
    assert (event.from_unit, event.to_unit, event.to_level, event.reason) == (
        "G1",
        "G2",
        "group",
        "住在2组，报错了小组",
    )
    assert (event.actor_id, event.actor_role, event.actor_unit) == (
        "l1",
        "group_leader",
        "G1",
    )
    assert (request.holding_unit, request.status) == ("G2", Status.NEW)


def test_reassign_is_offered_until_the_request_is_taken_up_BZ_D1(tree):
    request = raised()
    assert "reassign" in request.allowed_actions()
    request.accept(LEADER)
    assert "reassign" not in request.allowed_actions()


def test_no_reason_is_refused_with_the_rule_BZ_D1(tree):
    request = raised()
    with pytest.raises(InvalidValue) as refused:
        request.reassign(LEADER, tree, "G2", "   ")
    assert refused.value.rule_id == "BZ-D1" and request.holding_unit == "G1"
    assert len(request.collect_events()) == 1  # only the raising


@pytest.mark.parametrize("to_unit", ["G3", "C1", "G1", "C2"])
def test_only_a_unit_beside_the_holder_under_the_same_parent_BZ_D1(tree, to_unit):
    """G3 is a group under another community; C1 is the parent; G1 the holder; C2 another level."""
    request = raised()
    with pytest.raises(TransitionNotAllowed) as refused:
        request.reassign(LEADER, tree, to_unit, "报错了小组")
    assert refused.value.rule_id == "BZ-D1" and request.holding_unit == "G1"


def test_a_closed_request_cannot_be_reassigned_BZ_D1(tree):
    request = raised()
    request.resolve(LEADER, "done")
    request.confirm(RESIDENT)
    with pytest.raises(TransitionNotAllowed) as refused:
        request.reassign(LEADER, tree, "G2", "报错了小组")
    assert refused.value.rule_id == "BZ-D1" and request.status is Status.CLOSED


def test_nothing_is_beside_the_district_BZ_D1(tree):
    request = raised()
    for _ in range(3):
        request.escalate(STAFF, tree, "cannot solve here")
    assert request.holding_unit == "D"
    assert "reassign" not in request.allowed_actions()
