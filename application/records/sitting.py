"""Trace record 4 of WZ-6: the activity record (城乡社区协商活动记录表), one section per sitting.

Its fields follow JH's record form (JH-5.3): topic, participants, time, place, form, host, recorder,
supervisor, process, vote, result and follow-up, with the recorder's signature line.

The supervisor (协商监督员) is not a field of any domain event: the record names the person given
as `supervisor` in the filing step's details, else the supervision-committee member who recorded a
later step for the topic, else the committee itself.
"""

from __future__ import annotations

from typing import Any

from application.records.history import History, envelope, first_of, opened, section
from application.records.votes import media, process, sign_in, votes
from application.records.words import NONE_YET, text, when, word
from domain.deliberation.sittings import Sitting
from domain.deliberation.topics import Topic

COMMITTEE = "居务监督委员会（未指定监督员）"


def activity_record(history: History) -> dict[str, Any]:
    """Record 4 (WZ-5.6-a, JH-5.3): what happened at each sitting, its votes and its result."""
    ids = history.sitting_ids()
    if not ids:
        rejected = (
            review := history.last(Topic.TopicReviewed)
        ) is not None and not review.approved
        return envelope(
            4,
            history,
            "not_applicable" if rejected else "not_yet",
            [],
            "议题审核未通过，不开展协商"
            if rejected
            else "协商会议尚未召开（WZ-5.6-a）",
        )
    sections = [
        _sitting(history, n, sitting_id) for n, sitting_id in enumerate(ids, start=1)
    ]
    last = history.sitting(ids[-1])
    settled = first_of(last, Sitting.OutcomeSettled) is not None
    return envelope(
        4,
        history,
        "complete" if settled else "in_progress",
        sections,
        None if settled else "协商正在进行，结果尚未产生",
    )


def _sitting(history: History, n: int, sitting_id: str) -> dict[str, Any]:
    events, people = history.sitting(sitting_id), history.people
    start = opened(events)
    if start is None:
        return section(
            f"sitting_{n}",
            f"第{n}次协商活动记录",
            round=n,
            note="该次协商的记录尚未读取到",
        )
    settled = first_of(events, Sitting.OutcomeSettled)
    plan_text = (
        settled.implementation_plan
        if settled and settled.outcome == "consensus"
        else None
    )
    plan = _plan_before(history, sitting_id)
    return section(
        f"sitting_{n}",
        f"第{n}次协商活动记录",
        round=n,
        topic=text(history.proposal.title),
        participants=[
            {"person": people(p), "role": word(c)}
            for p, c in start.participants.items()
        ],
        time=_time(events, settled),
        place=text(plan.place) if plan else NONE_YET,
        form=f"{word(start.form)}（{word(start.mode)}）",
        host=people(start.host),
        recorder=people(start.recorder),
        supervisor=_supervisor(history),
        sign_in=sign_in(events, people, start.participants),
        process=process(events, people, plan_text),
        votes=votes(events),
        media=media(events),
        result=_result(history, n, settled),
        follow_up=_follow_up(history, sitting_id),
        signature=people(start.recorder),
    )


def _time(events: tuple[Any, ...], settled: Sitting.OutcomeSettled | None) -> str:
    begun = when(events[0].timestamp)
    return (
        f"{begun} 至 {when(settled.timestamp)}" if settled else f"{begun} 起（进行中）"
    )


def _plan_before(history: History, sitting_id: str) -> Topic.TopicPlanned | None:
    started = next(
        e for e in history.all(Topic.SittingStarted) if e.sitting_id == sitting_id
    )
    plans = [
        p
        for p in history.all(Topic.TopicPlanned)
        if p.originator_version < started.originator_version
    ]
    return plans[-1] if plans else None


def _supervisor(history: History) -> str:
    for filed in history.steps("file"):
        if isinstance(filed.details, dict) and filed.details.get("supervisor"):
            return history.people(str(filed.details["supervisor"]))
    member = next(
        (
            e.actor_id
            for e in history.all(Topic.StepRecorded)
            if e.actor_role == "supervision_committee"
        ),
        None,
    )
    return history.people(member) if member else COMMITTEE


def _result(
    history: History, n: int, settled: Sitting.OutcomeSettled | None
) -> dict[str, Any]:
    """JH-5.3 result: the outcome; for consensus the plan to carry out, otherwise what comes next."""
    if settled is None:
        return {"outcome": NONE_YET}
    result = {"outcome": word(settled.outcome)}
    if settled.decisive_item:
        result["decisive_item"] = settled.decisive_item
    if settled.outcome == "consensus":
        result["implementation_plan"] = text(settled.implementation_plan)
        if _reopened_after(history, n):
            result["reopened"] = (
                f"落实中发现问题，重新协商（LS-2.4.11），见第{n + 1}次协商活动记录及记录5"
            )
    if settled.outcome == "redeliberate":
        later = len(history.sitting_ids()) > n
        result["next_sitting"] = (
            f"见第{n + 1}次协商活动记录"
            if later
            else "待时机成熟后再次组织开展协商（WZ-5.6-c）"
        )
    return result


def _reopened_after(history: History, n: int) -> bool:
    """Whether the topic was reopened (LS-2.4.11) after its n-th sitting and before the next."""
    started = [e.originator_version for e in history.all(Topic.SittingStarted)] + [
        float("inf")
    ]
    return any(
        started[n - 1] < e.originator_version < started[n]
        for e in history.all(Topic.DeliberationReopened)
    )


def _follow_up(history: History, sitting_id: str) -> dict[str, Any] | str:
    """Filing (WZ-5.7-a, JH-5.4), communication (WZ-5.7-c), correction (WZ-5.7-b), public posting and
    archiving (JH-5.4) of this sitting's result."""
    recorded = next(
        (e for e in history.all(Topic.OutcomeRecorded) if e.sitting_id == sitting_id),
        None,
    )
    if recorded is None:
        return NONE_YET
    steps = _steps_of(history, recorded)
    return {
        "filing": _step_line(history, steps, "file", recorded.file_due),
        "posting": _step_line(history, steps, "post"),
        "archiving": _step_line(history, steps, "archive"),
        "communication": _step_line(
            history, steps, "communicate", recorded.communicate_due
        ),
        "correction": "；".join(
            f"{when(s.timestamp)} {text(s.note)}" for s in steps if s.step == "correct"
        )
        or "无",
        "implementation": "见记录5（协商结果落实情况报告）"
        if recorded.outcome == "consensus"
        else "无",
    }


def overdue(history: History, kind: str) -> bool:
    """Whether the scheduler recorded this deadline of the topic as passed (CAL-2, WZ-5.7, WZ-5.8-c)."""
    return any(e.kind == kind for e in history.all(Topic.DeadlinePassed))


def _steps_of(
    history: History, recorded: Topic.OutcomeRecorded
) -> list[Topic.StepRecorded]:
    """The steps after this outcome and before the topic's next sitting."""
    next_start = [
        e.originator_version
        for e in history.all(Topic.SittingStarted)
        if e.originator_version > recorded.originator_version
    ]
    until = next_start[0] if next_start else float("inf")
    return [
        s
        for s in history.all(Topic.StepRecorded)
        if recorded.originator_version < s.originator_version < until
    ]


def _step_line(
    history: History, steps: list[Topic.StepRecorded], step: str, due: str | None = None
) -> str:
    done = [s for s in steps if s.step == step]
    if not done:
        return (
            f"尚未完成（应于{when(due)}前{'，已逾期' if overdue(history, step) else ''}）"
            if due
            else "尚未完成"
        )
    s = done[0]
    details = s.details if isinstance(s.details, dict) else {}
    via = (
        f"，通过{'、'.join(word(c) for c in details['channels'])}"
        if details.get("channels")
        else ""
    )
    to = (
        f"，报{'、'.join(word(b) for b in details['filed_with'])}"
        if details.get("filed_with")
        else ""
    )
    number = (
        f"，档案编号{text(details['archive_number'])}"
        if details.get("archive_number")
        else ""
    )
    return f"{when(s.timestamp)}完成{to}{via}{number}{'（逾期）' if s.late else ''}"
