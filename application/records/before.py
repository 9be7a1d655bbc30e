"""Trace records 1–3 of WZ-6: the proposal-and-review form, the settled plan, the announcement.

Each function takes a `History` (one topic's events and its sittings' events) and returns the
record as a plain dict (see `record_history.envelope`); a stage that has not happened yet gives a
record whose status says so, with what is already known.
"""

from __future__ import annotations

from typing import Any, cast

from application.records.history import History, envelope, section
from application.records.words import (
    NONE_YET,
    text,
    threshold_words,
    when,
    word,
    yes_no,
)
from domain.deliberation.topics import Topic

NO_RULES = "入户走访、书面协商无须拟订议事规则（草案）"


def proposal_review_form(history: History) -> dict[str, Any]:
    """Record 1 (WZ-5.1-c, WZ-5.2): the topic as proposed, registered and reviewed."""
    review = history.last(Topic.TopicReviewed)
    sections = [_proposal(history)]
    if review is None:
        return envelope(
            1, history, "in_progress", sections, "待两委联席会议审核（WZ-5.2-a）"
        )
    sections += [_review(history, review), _notification(history)]
    return envelope(1, history, "complete", sections)


def _proposal(history: History) -> dict[str, Any]:
    p, registered = history.proposal, history.last(Topic.TopicRegistered)
    reviewed = history.last(Topic.TopicReviewed)
    topic_class = (reviewed and reviewed.topic_class) or (
        registered and registered.topic_class
    )
    return section(
        "proposal",
        "议题建议",
        number=registered.number if registered else NONE_YET,
        topic=text(p.title),
        description=text(p.description),
        category=word(p.category),
        proposer=history.people(p.proposer_id),
        proposer_kind=word(p.proposer_kind),
        channel=word(p.channel),
        proposed_at=when(p.timestamp),
        linked_requests=list(p.linked_requests),
        registered_at=when(registered.timestamp) if registered else NONE_YET,
        topic_class=word(topic_class) if topic_class else NONE_YET,
    )


def _review(history: History, r: Topic.TopicReviewed) -> dict[str, Any]:
    checks = [
        {
            "item": word(c),
            "result": "符合" if ok else "不符合",
            "reason": _reason(r.reasons, c),
        }
        for c, ok in r.checks.items()
    ]
    must_not = [
        {"item": word(k), "reason": _reason(r.reasons, f"must_not:{k}")}
        for k in r.must_not
    ]
    people = history.people
    return section(
        "review",
        "审核意见",
        meeting=r.meeting,
        reviewed_at=when(r.timestamp),
        attendees=people.many(r.attendees),
        checks=checks,
        must=[word(m) for m in r.must],
        must_not=must_not,
        decision="审核通过" if r.approved else "审核不通过",
        refusal="无" if r.approved else _refusal(checks, must_not),
        convenor=people(r.convenor),
        recorder=people(r.recorder),
        guide=people(r.guide),
        profile=r.profile or NONE_YET,
    )


def _reason(reasons: Any, key: str) -> str:
    """A review reason; after the proposer's erasure all reasons read as erased together."""
    return text(reasons.get(key)) if isinstance(reasons, dict) else text(reasons)


def _refusal(checks: list[dict[str, Any]], must_not: list[dict[str, Any]]) -> str:
    failed = [f"{c['item']}：{c['reason']}" for c in checks if c["result"] == "不符合"]
    barred = [f"五不议·{m['item']}：{m['reason']}" for m in must_not]
    return "；".join(failed + barred)


def _notification(history: History) -> dict[str, Any]:
    told = history.last(Topic.ProposerNotified)
    notified = (
        f"{when(told.timestamp)}，{word(told.channel)}"
        if told
        else "尚未告知（WZ-5.2-c）"
    )
    return section("notification", "审核结果告知", notified=notified)


def plan_record(history: History) -> dict[str, Any]:
    """Record 2 (WZ-5.3, WZ-5.5): each settled plan (one per round) with its rules of procedure, and the
    door-to-door and written consultations made before a sitting (WZ-5.6-f)."""
    plans, consulted = history.all(Topic.TopicPlanned), consultations(history, "before")
    visits = (
        [
            section(
                "consultations_before",
                "会前入户走访、书面征求意见（WZ-5.6-f）",
                rows=consulted,
            )
        ]
        if consulted
        else []
    )
    if not plans:
        status, _, note = _before_plan(history)
        return envelope(2, history, status, visits, note)
    sections = [_plan(history, i, plan) for i, plan in enumerate(plans, start=1)]
    return envelope(2, history, "complete", sections + visits)


def consultations(history: History, phase: str) -> list[dict[str, Any]]:
    """WZ-5.6-f: the door-to-door and written consultations of one phase (before or after a sitting)."""
    return [
        {
            "at": when(c.timestamp),
            "by": history.people(c.actor_id),
            "form": word(c.form),
            "reached": _reached(c.households, c.people),
            "summary": text(c.summary),
        }
        for c in history.all(Topic.ConsultationRecorded)
        if c.phase == phase
    ]


def _reached(households: int, people: int) -> str:
    return "、".join(
        part
        for part, n in ((f"{households}户", households), (f"{people}人", people))
        if n
    )


def _before_plan(history: History) -> tuple[str, list[dict[str, Any]], str]:
    review = history.last(Topic.TopicReviewed)
    if review is not None and not review.approved:
        return "not_applicable", [], "议题审核未通过，不确定协商事宜"
    return "not_yet", [], "议题审核通过后十个工作日内由协商召集人确定（WZ-5.3-a）"


def _plan(history: History, round_no: int, plan: Topic.TopicPlanned) -> dict[str, Any]:
    people, rules = history.people, _rules_after(history, plan)
    participants = [
        {"person": people(p), "role": word(c)} for p, c in plan.participants.items()
    ]
    return section(
        f"plan_{round_no}",
        f"第{round_no}轮议事方案",
        round=round_no,
        topic=text(history.proposal.title),
        settled_at=when(plan.timestamp),
        settled_by=people(plan.actor_id),
        time=when(plan.when),
        place=text(plan.place),
        form=word(plan.form),
        host=people(plan.host),
        participants=participants,
        late=yes_no(plan.late),
        rules=_rules_text(rules, plan.form),
    )


def _rules_after(
    history: History, plan: Topic.TopicPlanned
) -> Topic.RulesDrafted | None:
    """The rules drafted for this plan: the latest drafted at or after it (a later round may reuse them)."""
    drafted = history.all(Topic.RulesDrafted)
    after = [r for r in drafted if r.originator_version > plan.originator_version]
    return after[0] if after else (drafted[-1] if drafted else None)


def _rules_text(rules: Topic.RulesDrafted | None, form: str) -> dict[str, Any] | str:
    if form in ("door_to_door", "written"):
        return NO_RULES
    if rules is None:
        return "尚未拟订（WZ-5.5-a）"
    return {
        "speech_minutes": rules.speech_minutes,
        "speeches_per_person": rules.speeches_per_person,
        "passing": threshold_words(rules.passing),
    }


def announcement(history: History) -> dict[str, Any]:
    """Record 3 (WZ-5.4): each announcement with the plan it announces and the review form attached."""
    notices = history.all(Topic.TopicAnnounced)
    if not notices:
        status, _, note = _before_plan(history)
        return envelope(
            3,
            history,
            status,
            [],
            note
            if status == "not_applicable"
            else "尚未公告：协商前通过公告栏、微信等方式公告（WZ-5.4）",
        )
    return envelope(
        3,
        history,
        "complete",
        [_notice(history, i, n) for i, n in enumerate(notices, start=1)],
    )


def _notice(
    history: History, round_no: int, notice: Topic.TopicAnnounced
) -> dict[str, Any]:
    plan = [
        p
        for p in history.all(Topic.TopicPlanned)
        if p.originator_version < notice.originator_version
    ][-1]
    # a topic is announced only after a review approved it
    review = cast(Topic.TopicReviewed, history.last(Topic.TopicReviewed))
    people = history.people
    attachments = [
        "协商议题建议和审核表（记录1）" if a == "review_form" else a
        for a in notice.attachments
    ]
    return section(
        f"announcement_{round_no}",
        f"第{round_no}轮协商事宜公告",
        round=round_no,
        topic=text(history.proposal.title),
        form=word(plan.form),
        participants=[
            f"{people(p)}（{word(c)}）" for p, c in plan.participants.items()
        ],
        convenor=people(review.convenor),
        host=people(plan.host),
        recorder=people(review.recorder),
        time=when(plan.when),
        place=text(plan.place),
        channels=[word(c) for c in notice.channels],
        announced_at=when(notice.timestamp),
        rules=_rules_text(_rules_after(history, plan), plan.form),
        attachments=attachments,
    )
