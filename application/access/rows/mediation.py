"""The access matrix's rows for mediation cases (BZ-N1): a rejected two-party dispute's case is
opened and carried by the staff over the topic's community, and read by them and its
supervision committee."""

from __future__ import annotations

from application.access.grants import Rule, Scope
from application.access.roles import AD, CS, SC, STAFF
from application.access.rows.deliberation import TopicActors, on_topic

BY_COMMUNITY = TopicActors(
    {CS: Scope.SUBTREE},
    "BZ-N1",
    (),
    "the community's staff record the case held at one of its resident groups",
)
READ = TopicActors(
    {**STAFF, SC: Scope.COMMUNITY, AD: Scope.SUBTREE},
    "BZ-N1",
    (),
    "staff over the community and its supervision committee",
)
STEPS = ("session", "agreement", "failure")


def mediation_rules() -> list[Rule]:
    return [
        on_topic("topics.mediation", READ),
        on_topic("topics.open_mediation", BY_COMMUNITY),
        *(on_topic(f"topics.mediation_{step}", BY_COMMUNITY) for step in STEPS),
    ]
