"""Ending a role revokes the person's tokens (the event is on the Person aggregate)."""

from __future__ import annotations

from domain.actors import SYSTEM
from domain.levels import Level, Role
from domain.people import Person


def test_ending_a_role_revokes_the_persons_tokens():
    person = Person.register(
        SYSTEM, ref="P9999", name="张三", phone="", address="", home_group=None
    )
    person.grant(SYSTEM, Role.COMMUNITY_STAFF, "CX0101", Level.COMMUNITY)
    assert person.tokens_revoked_before is None
    person.revoke(SYSTEM, Role.COMMUNITY_STAFF, "CX0101")
    revoked = person.pending_events[-1]
    assert (
        isinstance(revoked, Person.TokensRevoked)
        and "community_staff" in revoked.reason
    )
    assert person.tokens_revoked_before == revoked.timestamp
