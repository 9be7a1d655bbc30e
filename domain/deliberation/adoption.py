"""Which rule profile each community has adopted (section P); the deployment's default otherwise.

An event, so the log shows which profile was in force when a topic was approved and pinned it.
"""

from __future__ import annotations

from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.actors import ActedEvent, Actor
from domain.deliberation.profiles import RuleProfile, profile

PROFILE_BOOK_ID = uuid5(NAMESPACE_URL, "gov:profile-book")


class ProfileBook(Aggregate):
    class Started(Aggregate.Created):
        pass

    class ProfileAdopted(ActedEvent):
        community: str
        profile: str

        def apply(self, aggregate: ProfileBook) -> None:
            aggregate.adopted = {**aggregate.adopted, self.community: self.profile}

    @event(Started)
    def __init__(self) -> None:
        self.adopted: dict[str, str] = {}

    @classmethod
    def create_id(cls) -> UUID:
        return PROFILE_BOOK_ID

    def adopt(self, actor: Actor, community: str, key: str) -> None:
        chosen = profile(key)  # refuses an unknown profile
        if self.adopted.get(community) != chosen.key:
            self.trigger_event(
                self.ProfileAdopted,
                community=community,
                profile=chosen.key,
                **actor.event_fields(),
            )

    def in_force(self, community: str, default: str) -> RuleProfile:
        return profile(self.adopted.get(community, default))
