"""A stored event names its class by topic (module:qualname): the Sitting's events keep the
topics and versions their logs were written with (the tests', the demo's, a backup's), whatever
module holds the commands that trigger them."""

from __future__ import annotations

import inspect

from eventsourcing.domain import CanMutateAggregate
from eventsourcing.utils import get_topic, resolve_topic

from domain.deliberation.sittings import Sitting

PREFIX = "domain.deliberation.sittings:Sitting."
VERSIONS = {  # the event's class_version; an upcaster per step lifts the older ones
    "SittingOpened": 1,
    "RulesTabled": 1,
    "ClosedWithoutResult": 1,
    "SignedIn": 1,
    "ProposerExplained": 1,
    "FloorRequested": 1,
    "SpeechRecorded": 1,
    "ExpertStated": 1,
    "VoteOpened": 2,
    "BallotCast": 1,
    "CountsRecorded": 1,
    "PaperCounted": 1,
    "VoteClosed": 2,
    "OutcomeSettled": 1,
    "MediaAttached": 1,
    "DiscussionNoted": 1,
}


def events_of_sitting() -> dict[str, type]:
    return {
        name: value
        for name, value in vars(Sitting).items()
        if inspect.isclass(value)
        and issubclass(value, CanMutateAggregate)
        and name not in ("Event", "Created")
    }


def test_every_stored_topic_of_a_sitting_resolves_to_its_event_class():
    for name, version in VERSIONS.items():
        cls = resolve_topic(PREFIX + name)
        assert cls is getattr(Sitting, name)
        assert get_topic(cls) == PREFIX + name
        assert getattr(cls, "class_version", 1) == version, name


def test_the_sitting_has_no_event_whose_topic_is_not_pinned_here():
    assert set(events_of_sitting()) == set(VERSIONS)
