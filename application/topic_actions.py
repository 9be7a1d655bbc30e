"""Each command on a topic: who may act and how the topic is called (WZ-5.1-c … WZ-5.8, JH-5.4, LS-2.4.9,
LS-2.4.11).

`svc` is the DeliberationService: it resolves actors and the profile and counts deadlines.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from application.deadlines import china_iso
from application.deliberation_deadlines import plan_and_sit_dues
from application.people_refs import named_participants, named_person
from domain.deliberation.aftermath import REOPENERS, STEP_ROLES
from domain.deliberation.participants import ParticipantCategory
from domain.deliberation.thresholds import Threshold
from domain.deliberation.topics import Review, Roles, Topic
from domain.deliberation.vocabulary import (
    MustDeliberate,
    MustNotDeliberate,
    ReviewCheck,
    TopicClass,
)
from domain.errors import UnknownTask
from domain.levels import Role
from domain.tasks import Task

END_OF_DAY = "T23:59:59.999999+08:00"  # a complex matter's new date, in China time
Action = Callable[[Any, Any, Topic, dict[str, Any]], None]


def _register(svc: Any, who: Any, topic: Topic, p: dict[str, Any]) -> None:
    topic.register(
        svc.staff(who, topic.community), p["number"], _class(p.get("topic_class"))
    )


def _review(svc: Any, who: Any, topic: Topic, p: dict[str, Any]) -> None:
    actor, profile = (
        svc.staff(who, topic.community),
        svc.profile_in_force(topic.community),
    )
    review = Review(
        p["meeting"],
        tuple(p["attendees"]),
        {ReviewCheck(c["check"]): (c["passed"], c["reason"]) for c in p["checks"]},
        tuple(MustDeliberate(m) for m in p.get("must", [])),
        None
        if p.get("must_not") is None
        else {MustNotDeliberate(k): v for k, v in p["must_not"].items()},
    )
    roles = _roles(svc, p) if p.get("convenor") else None
    chosen = _class(p.get("topic_class")) or _class(topic.topic_class)
    now = svc.deadlines.clock()
    dues = plan_and_sit_dues(svc.deadlines.calendar(), profile, chosen, now)
    topic.review(
        actor,
        review,
        profile,
        roles,
        chosen,
        {k: d.at for k, d in dues.items()},
        provisional={k for k, d in dues.items() if d.provisional},
        counted_from=now,
    )


def _roles(svc: Any, p: dict[str, Any]) -> Roles:
    """WZ-5.2-b: each role named by the person's reference or id."""

    def named(role: str) -> Any:
        key = p.get(role)
        return named_person(svc.ledger, key, "WZ-5.2-b") if key else key

    return Roles(named("convenor"), named("recorder"), named("guide"))


def _notify(svc: Any, who: Any, topic: Topic, p: dict[str, Any]) -> None:
    topic.notify_proposer(svc.staff(who, topic.community), p["channel"])


def _plan(svc: Any, who: Any, topic: Topic, p: dict[str, Any]) -> None:
    participants = named_participants(
        svc.ledger,
        {k: ParticipantCategory(v) for k, v in p["participants"].items()},
    )
    topic.plan(
        svc.staff_or(who, topic.community, topic.convenor),
        _aware(p["when"]),
        p["place"],
        p["form"],
        named_person(svc.ledger, p["host"], "WZ-5.3-a"),
        participants,
        now=svc.deadlines.clock(),
    )


def _draft_rules(svc: Any, who: Any, topic: Topic, p: dict[str, Any]) -> None:
    passing = p.get("passing")
    topic.draft_rules(
        svc.staff_or(who, topic.community, topic.convenor),
        svc.profile_of(topic),
        p.get("speech_minutes"),
        p.get("speeches_per_person"),
        Threshold(passing["numerator"], passing["denominator"], passing["strict"])
        if passing
        else None,
    )


def _announce(svc: Any, who: Any, topic: Topic, p: dict[str, Any]) -> None:
    topic.announce(svc.staff(who, topic.community), p["channels"])


def _step(step: str) -> Action:
    def act(svc: Any, who: Any, topic: Topic, p: dict[str, Any]) -> None:
        actor = (
            svc.staff_or(who, topic.community, topic.convenor)
            if step == "explain_dissent"
            else _staff_or_supervisor(svc, who, topic, STEP_ROLES[step])
        )
        details = dict(p.get("details") or {})
        if step == "implement" and details.get("complexity", "simple") == "simple":
            due = svc.implementation_deadline(topic)  # WZ-5.8-c, CAL-1
            details["due"], details["provisional"] = china_iso(due.at), due.provisional
        elif step == "implement" and details.get("expected_by"):
            details["due"] = f"{details['expected_by']}{END_OF_DAY}"  # WZ-5.8-c
        if step == "implement" and details.get("task_id"):
            # tracked as a top-down task
            svc.ledger.load(Task, str(details["task_id"]), UnknownTask)
        due = (
            topic.implement_due
            if step == "report" and details.get("complete")
            else None
        )
        topic.record_step(
            actor,
            step,
            svc.deadlines.clock(),
            p.get("note", ""),
            details,
            datetime.fromisoformat(due) if due else None,
        )

    return act


def _consult(svc: Any, who: Any, topic: Topic, p: dict[str, Any]) -> None:
    topic.consult(
        svc.staff_or(who, topic.community, topic.convenor),
        p["phase"],
        p["form"],
        p["households"],
        p["people"],
        p["summary"],
    )


def _reopen(svc: Any, who: Any, topic: Topic, p: dict[str, Any]) -> None:
    topic.reopen(_staff_or_supervisor(svc, who, topic, REOPENERS), p["problem"])


def _staff_or_supervisor(svc: Any, who: Any, topic: Topic, roles: set[Role]) -> Any:
    """Where the standard lets the supervision committee act (a report, an appraisal, a reopening), a member
    of the community's committee acts as such; anyone else as staff."""
    if (
        Role.SUPERVISION_COMMITTEE in roles
        and (Role.SUPERVISION_COMMITTEE, topic.community) in who.roles
    ):
        return svc.supervisor(who, topic.community)
    return svc.staff(who, topic.community)


def _class(value: str | None) -> TopicClass | None:
    return TopicClass(value) if value else None


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


TOPIC_ACTIONS: dict[str, Action] = {
    "register": _register,
    "review": _review,
    "notify_proposer": _notify,
    "plan": _plan,
    "draft_rules": _draft_rules,
    "announce": _announce,
    "consult": _consult,
    "reopen": _reopen,
    **{step: _step(step) for step in STEP_ROLES},
}
