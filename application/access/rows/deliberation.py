"""The access matrix's rows for deliberation (docs/deliberation.md).

Staff over the topic's community act on a topic, its supervision committee and administrators
read it; residents and group leaders act only through a role they hold on it (`topic role`:
the domain then checks it is the role the action needs).
"""

from __future__ import annotations

from dataclasses import dataclass

from application.access.grants import Rule, Scope
from application.access.roles import AD, CS, DS, GL, SC, SS, STAFF, R
from domain.levels import Role


@dataclass(frozen=True)
class TopicActors:
    """Who may act on a topic or a sitting: the scopes, the rule cited on refusal, the topic
    roles the domain lets act (empty: any of them), and a note for docs/access.md."""

    scopes: dict[Role, Scope]
    rule_id: str
    roles: tuple[str, ...]
    note: str


ON_TOPIC = {R: Scope.TOPIC_ROLE, GL: Scope.TOPIC_ROLE}
TOPIC_READ = TopicActors(
    {
        R: Scope.MEMBER,
        GL: Scope.MEMBER,
        **STAFF,
        SC: Scope.COMMUNITY,
        AD: Scope.SUBTREE,
    },
    "WZ-5.6-e",
    (),
    "its community's residents too, once it is announced (WZ-5.4)",
)
TOPIC_RECORDS = TopicActors(
    {**ON_TOPIC, **STAFF, SC: Scope.COMMUNITY, AD: Scope.SUBTREE},
    "WZ-5.6-e",
    (),
    "residents and group leaders only through a role on the topic: speeches, votes, names",
)
PROPOSERS = {R: Scope.MEMBER, GL: Scope.MEMBER, CS: Scope.OWN_UNIT, SC: Scope.MEMBER}
BY_STAFF = TopicActors(STAFF, "BZ-D3", (), "staff over the topic's community")
CONVENOR = TopicActors(
    {**ON_TOPIC, CS: Scope.SUBTREE},
    "BZ-D3",
    ("convenor",),
    "the convenor, or the community's staff (WZ-5.2-b)",
)
OFFICERS = TopicActors(
    {**ON_TOPIC, **STAFF},
    "BZ-D3",
    ("host", "recorder"),
    "the host or the recorder, or staff over the community",
)
FOR_PARTICIPANTS = TopicActors(
    {**ON_TOPIC, **STAFF},
    "BZ-D3",
    ("host", "recorder", "participant"),
    "a participant for themselves; the host, the recorder or staff for a participant",
)


def _step(rule_id: str, who: str = "the community's staff") -> TopicActors:
    """A step after the outcome, by the role the standard gives it (domain/deliberation/aftermath.py)."""
    return TopicActors({CS: Scope.SUBTREE}, "BZ-D3", (), f"{who} ({rule_id})")


TOPIC_ACTORS: dict[str, TopicActors] = {
    "register": BY_STAFF,
    "review": BY_STAFF,
    "notify_proposer": BY_STAFF,
    "plan": CONVENOR,
    "draft_rules": CONVENOR,
    "announce": BY_STAFF,
    "file": _step("WZ-5.7-a"),
    "communicate": _step("WZ-5.7-c"),
    "correct_result": TopicActors(
        {SS: Scope.SUBTREE},
        "WZ-5.7-b",
        (),
        "the street sets an unlawful result aside or records the corrected result, "
        "with its legal basis",
    ),
    "implement": _step("WZ-5.8-a"),
    "explain_dissent": TopicActors(
        CONVENOR.scopes,
        "BZ-D3",
        ("convenor",),
        "the convenor, or the community's staff (WZ-5.8-b)",
    ),
    "report": TopicActors(
        {SC: Scope.COMMUNITY},
        "WZ-5.8-d",
        (),
        "the community's supervision committee reports",
    ),
    "refer": _step("LS-2.4.9"),
    "appraise": TopicActors(
        {CS: Scope.SUBTREE, SC: Scope.COMMUNITY},
        "LS-3.2.4",
        (),
        "the community's staff or its supervision committee score the work",
    ),
    "post": _step("JH-5.4"),
    "archive": _step("JH-5.4", "the community's staff, once filed, told and posted"),
    "consult": TopicActors(
        CONVENOR.scopes,
        "BZ-D3",
        ("convenor",),
        "the convenor, or the community's staff (WZ-5.6-f)",
    ),
    "reopen": TopicActors(
        {CS: Scope.SUBTREE, SC: Scope.COMMUNITY},
        "LS-2.4.11",
        (),
        "the community's staff or supervision committee, on a problem found while implementing",
    ),
}
RECORDER = TopicActors(
    {**ON_TOPIC, CS: Scope.SUBTREE},
    "BZ-D3",
    ("recorder",),
    "the sitting's recorder, or the community's staff (WZ-5.6-d, LS-2.4.5)",
)
SITTING_ACTORS: dict[str, TopicActors] = {
    "sign_in": FOR_PARTICIPANTS,
    "open_vote": OFFICERS,
    "explain": TopicActors(
        {**ON_TOPIC, **STAFF},
        "BZ-D3",
        ("proposer", "host", "recorder"),
        "the proposer, the host or the recorder, or staff over the community (WZ-5.6-a)",
    ),
    "request_floor": FOR_PARTICIPANTS,
    "speak": OFFICERS,
    "expert_statement": OFFICERS,
    "cast": TopicActors(
        ON_TOPIC,
        "WZ-5.3-c",
        ("participant",),
        "a participant casts their own ballot (WZ-5.5-d)",
    ),
    "record_counts": TopicActors(
        {**ON_TOPIC, CS: Scope.TOPIC_ROLE, SS: Scope.TOPIC_ROLE, DS: Scope.TOPIC_ROLE},
        "WZ-5.2-b",
        ("recorder",),
        "only the sitting's recorder enters on-site counts",
    ),
    "record_paper_counts": TopicActors(
        {**ON_TOPIC, CS: Scope.TOPIC_ROLE, SS: Scope.TOPIC_ROLE, DS: Scope.TOPIC_ROLE},
        "WZ-5.2-b",
        ("recorder",),
        "only the sitting's recorder enters a combined sitting's paper count (WZ-5.3-d)",
    ),
    "close_vote": OFFICERS,
    "settle": OFFICERS,
    "redraft_rules": TopicActors(
        {**ON_TOPIC, **STAFF},
        "BZ-D3",
        ("host", "convenor"),
        "the convenor or the host, or staff over the community (WZ-5.5-a)",
    ),
    "close_without_result": TopicActors(
        {**ON_TOPIC, **STAFF},
        "BZ-D3",
        ("host", "convenor"),
        "the convenor or the host, or staff, once the draft rules are voted down "
        "(WZ-5.6-b)",
    ),
    "attach_media": RECORDER,
    "note_discussion": RECORDER,
}


def on_topic(operation: str, who: TopicActors) -> Rule:
    return Rule(
        operation,
        "sitting" if operation.startswith("sittings.") else "topic",
        who.scopes,
        rule_id=who.rule_id,
        topic_roles=frozenset(who.roles),
        note=who.note,
    )


def _proposal() -> Rule:
    return Rule(
        "topics.propose",
        "proposal",
        PROPOSERS,
        rule_id="WZ-5.1-a",
        note="a resident or group leader of the body's `community` (a supervision member as its resident), "
        "or its own staff; the domain checks the proposer kind and the category (WZ-5.1-a, 403)",
    )


def _topic_rules() -> list[Rule]:
    return [
        on_topic("topics.read", TOPIC_READ),
        on_topic(
            "topics.records",
            TOPIC_RECORDS,
        ),
        *(on_topic(f"topics.{a}", who) for a, who in TOPIC_ACTORS.items()),
        on_topic(
            "topics.open_sitting",
            TopicActors(
                {**ON_TOPIC, **STAFF},
                "BZ-D3",
                ("convenor",),
                "the convenor, or staff over the community",
            ),
        ),
        on_topic(
            "topics.major_decision",
            TopicActors(
                STAFF,
                "LS-2.4.12",
                (),
                "the 五议两公开 stages after a major-decision outcome",
            ),
        ),
    ]


def _sitting_rules() -> list[Rule]:
    return [
        on_topic("sittings.read", TOPIC_READ),
        *(on_topic(f"sittings.{a}", who) for a, who in SITTING_ACTORS.items()),
    ]


def deliberation_rules() -> list[Rule]:
    """Proposing a topic, then acting on the topic and on its sittings."""
    return [_proposal(), *_topic_rules(), *_sitting_rules()]
