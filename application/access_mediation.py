"""The access matrix's rows for mediation cases (BZ-N1): a rejected two-party dispute's case is
opened and carried by the staff over the topic's community, and read by them and its
supervision committee."""

from __future__ import annotations

from application.access import Rule, Scope
from application.access_deliberation import TopicActors, on_topic
from application.access_roles import AD, CS, SC, STAFF

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
STEPS = {"session": "sessions", "agreement": "agreement", "failure": "failure"}


def mediation_rules() -> list[Rule]:
    path = "/topics/{topic_id}/mediation"
    return [
        on_topic("topics.mediation", "GET", path, READ),
        on_topic("topics.open_mediation", "POST", path, BY_COMMUNITY),
        *(
            on_topic(f"topics.mediation_{step}", "POST", f"{path}/{tail}", BY_COMMUNITY)
            for step, tail in STEPS.items()
        ),
    ]
