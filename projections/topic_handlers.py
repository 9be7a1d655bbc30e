"""What deliberation events change in the read model (no I/O here)."""

from __future__ import annotations

from typing import Any

from application.privacy.view_values import Personal
from domain.deliberation.topics import Topic
from projections.handler_table import HandlerTable, at
from projections.notice_handlers import report_notice
from projections.schema import Statement

HANDLERS = HandlerTable()

OUTCOME_STATUS = {
    "consensus": "implementing",
    "terminated": "terminated",
    "redeliberate": "redeliberate",
    "major_decision": "major_decision",
}
STEP_COLUMNS = {
    "file": ("filed_at", "file_late"),
    "communicate": ("communicated_at", "communicate_late"),
}


def _set(e: Any, **columns: Any) -> Statement:
    sets = ", ".join(
        [
            *(f"{c} = :{c}" for c in columns),
            "version = :version",
            "updated_at = :updated_at",
        ]
    )
    return (
        f"UPDATE gov_topics SET {sets} WHERE topic_id = :id",
        {
            **columns,
            "version": e.originator_version,
            "updated_at": at(e),
            "id": str(e.originator_id),
        },
    )


def _people(e: Any, role: str, people: list[str]) -> list[Statement]:
    return [
        (
            "INSERT INTO gov_topic_people (topic_id, person_id, role) VALUES (:id, :person, :role) "
            "ON CONFLICT (topic_id, person_id, role) DO NOTHING",
            {"id": str(e.originator_id), "person": person, "role": role},
        )
        for person in people
        if person
    ]


@HANDLERS.handles(Topic.TopicProposed)
def _proposed(e: Any, position: int) -> list[Statement]:
    row = (
        "INSERT INTO gov_topics (topic_id, community, category, title, proposer_id, channel, status, "
        "proposed_at, proposed_position, updated_at, version) VALUES (:id, :community, :category, :title, "
        ":proposer, :channel, 'proposed', :at, :position, :at, :version)",
        {
            "id": str(e.originator_id),
            "community": e.community,
            "category": e.category,
            "title": Personal(e.proposer_id, e.title),
            "proposer": e.proposer_id,
            "channel": e.channel,
            "at": at(e),
            "position": position,
            "version": e.originator_version,
        },
    )
    return [row, *_people(e, "proposer", [e.proposer_id])]


@HANDLERS.handles(Topic.TopicRegistered)
def _registered(e: Any, _: int) -> list[Statement]:
    return [_set(e, status="registered", number=e.number, topic_class=e.topic_class)]


@HANDLERS.handles(Topic.TopicReviewed)
def _reviewed(e: Any, _: int) -> list[Statement]:
    row = _set(
        e,
        status="approved" if e.approved else "rejected",
        convenor=e.convenor,
        recorder=e.recorder,
        guide=e.guide,
        profile=e.profile,
        plan_due=e.plan_due,
        sit_due=e.sit_due,
        topic_class=e.topic_class,
    )
    people = [
        s
        for role in ("convenor", "recorder", "guide")
        for s in _people(e, role, [getattr(e, role)])
    ]
    return [row, *people]


@HANDLERS.handles(Topic.ProposerNotified)
def _notified(e: Any, _: int) -> list[Statement]:
    return [_set(e, proposer_notified=1)]


@HANDLERS.handles(Topic.TopicPlanned)
def _planned(e: Any, _: int) -> list[Statement]:
    return [
        _set(e, status="planned", sitting_at=e.when, plan_late=int(e.late)),
        *_people(e, "participant", sorted(e.participants)),
        *_people(e, "host", [e.host]),
    ]


@HANDLERS.handles(Topic.RulesDrafted)
def _rules(e: Any, _: int) -> list[Statement]:
    return [_set(e, rules_drafted=1)]


@HANDLERS.handles(Topic.SittingAdjourned)
def _adjourned(e: Any, _: int) -> list[Statement]:
    """WZ-5.6-b: the rules were voted down; the topic is planned again."""
    return [_set(e, status="adjourned", rules_drafted=0, plan_due=None, sit_due=None)]


@HANDLERS.handles(Topic.DeadlinesRecomputed)
def _recomputed(e: Any, _: int) -> list[Statement]:
    """CAL-1: a loaded schedule recounted the topic's provisional deadlines."""
    columns = {"plan": "plan_due", "sit": "sit_due", "implement": "implement_due"}
    return [_set(e, **{columns[k]: v for k, v in e.dues.items()})]


@HANDLERS.handles(Topic.TopicAnnounced)
def _announced(e: Any, _: int) -> list[Statement]:
    return [_set(e, status="announced")]


@HANDLERS.handles(Topic.SittingStarted)
def _sitting(e: Any, _: int) -> list[Statement]:
    return [
        _set(e, status="sitting", current_sitting=e.sitting_id, sittings=e.sequence)
    ]


@HANDLERS.handles(Topic.OutcomeRecorded)
def _outcome(e: Any, _: int) -> list[Statement]:
    """Each result is filed and communicated afresh (a re-deliberation's too): the last one's marks go."""
    return [
        _set(
            e,
            status=OUTCOME_STATUS[e.outcome],
            outcome=e.outcome,
            settled_at=at(e),
            file_due=e.file_due,
            communicate_due=e.communicate_due,
            filed_at=None,
            file_late=None,
            file_passed=None,
            communicated_at=None,
            communicate_late=None,
            communicate_passed=None,
        )
    ]


@HANDLERS.handles(Topic.DeliberationReopened)
def _reopened(e: Any, _: int) -> list[Statement]:
    """LS-2.4.11: back to re-deliberation; the implementation deadline stops."""
    return [_set(e, status="redeliberate", implement_due=None)]


@HANDLERS.handles(Topic.ResultCorrected)
def _corrected(e: Any, _: int) -> list[Statement]:
    """WZ-5.7-b: set aside (back to re-deliberation) or a corrected result, filed and
    communicated afresh."""
    status = OUTCOME_STATUS.get(e.corrected_outcome or "redeliberate")
    fresh = dict.fromkeys(
        (
            "filed_at",
            "file_late",
            "file_passed",
            "communicated_at",
            "communicate_late",
            "communicate_passed",
        )
    )
    return [
        _set(
            e,
            status=status,
            outcome=e.corrected_outcome,
            implement_due=None,
            file_due=e.file_due,
            communicate_due=e.communicate_due,
            **fresh,
        )
    ]


@HANDLERS.handles(Topic.ConsultationRecorded)
def _consulted(e: Any, _: int) -> list[Statement]:
    return [_set(e)]


@HANDLERS.handles(Topic.StepRecorded, Topic.ImplementationReported)
def _step(e: Any, position: int) -> list[Statement]:
    if e.step == "post":
        return [_set(e), _posted(e, position)]
    if e.step in STEP_COLUMNS:
        when, late = STEP_COLUMNS[e.step]
        return [_set(e, **{when: at(e), late: int(e.late)})]
    if e.step == "implement":
        return [_set(e, implement_due=e.details.get("due"))]
    if e.step == "report":
        done = {"completed": 1} if e.details.get("complete") else {}
        reported = [_set(e, reported=1, **done)]
        # WZ-5.8-d: a report in its four parts is published on the board
        published = isinstance(e, Topic.ImplementationReported)
        return reported + ([report_notice(e, position)] if published else [])
    return [_set(e)]


def _posted(e: Any, position: int) -> Statement:
    """JH-5.4: the topic's latest result is on the public list (a new result posted moves it down)."""
    return (
        "INSERT INTO gov_posted_topics (topic_id, community, posted_at, posted_position) "
        "SELECT topic_id, community, :at, :position FROM gov_topics WHERE topic_id = :id "
        "ON CONFLICT (topic_id) DO UPDATE SET posted_at = excluded.posted_at, "
        "posted_position = excluded.posted_position",
        {"id": str(e.originator_id), "at": at(e), "position": position},
    )


@HANDLERS.handles(Topic.DeadlinePassed)
def _deadline_passed(e: Any, _: int) -> list[Statement]:
    return [_set(e, **{f"{e.kind}_passed": e.due})]
