"""Trace record 5 (WZ-5.8): how the agreed result is carried out, up to the supervision
committee's report, with the return visits and the problems that reopened the deliberation."""

from __future__ import annotations

from typing import Any

from application.records.before import consultations
from application.records.history import History, envelope, section
from application.records.labels import LABELS
from application.records.sitting import overdue
from application.records.words import NONE_YET, ROUTE_WORDS, text, when, word, yes_no
from domain.deliberation.sittings import Sitting
from domain.deliberation.topics import Topic

NOT_IMPLEMENTED = {
    "terminated": ("not_applicable", "协商已终止，无需落实（WZ-5.6-c）"),
    "redeliberate": ("not_yet", "待再次协商形成结果后落实（WZ-5.6-c）"),
    "major_decision": (
        "not_applicable",
        "已上升为重大决策事项，实施结果按“五议两公开”程序公开（LS-2.4.12）",
    ),
}


def implementation_report(history: History) -> dict[str, Any]:
    """Record 5 (WZ-5.8): how the agreed result is carried out, under the supervision committee's report."""
    recorded = history.last(Topic.OutcomeRecorded)
    if recorded is None:
        return envelope(
            5, history, "not_yet", [], "协商结果确定后由居务监督委员会形成（WZ-5.8-d）"
        )
    if recorded.outcome in NOT_IMPLEMENTED:
        status, note = NOT_IMPLEMENTED[recorded.outcome]
        return envelope(5, history, status, [], note)
    sections = [_agreed(history, recorded)] + [
        section(key, heading, rows=_rows(history, step))
        for key, heading, step in (
            ("implementation", "落实情况（WZ-5.8-a/c）", "implement"),
            (
                "explanations",
                "对持不同意见群众的解释说明（WZ-5.8-b）",
                "explain_dissent",
            ),
            ("reports", "监督委员会落实情况报告（WZ-5.8-d）", "report"),
            ("referrals", "提交决定（LS-2.4.9）", "refer"),
            ("appraisals", "民主评议（LS-3.2.4）", "appraise"),
        )
    ]
    sections += _after_sitting(history)
    reported = bool(history.steps("report"))
    return envelope(
        5,
        history,
        "complete" if reported else "in_progress",
        sections,
        None if reported else "居务监督委员会尚未形成落实情况报告（WZ-5.8-d）",
    )


def _after_sitting(history: History) -> list[dict[str, Any]]:
    """Return visits and tracking (WZ-5.6-f), and problems found that reopened the deliberation (LS-2.4.11)."""
    visits = consultations(history, "after")
    problems = [
        {
            "at": when(e.timestamp),
            "by": history.people(e.actor_id),
            "problem": text(e.problem),
        }
        for e in history.all(Topic.DeliberationReopened)
    ]
    return (
        [section("return_visits", "会后回访、跟踪（WZ-5.6-f）", rows=visits)]
        if visits
        else []
    ) + (
        [section("feedback", "落实中发现的问题，重新协商（LS-2.4.11）", rows=problems)]
        if problems
        else []
    )


def _agreed(history: History, recorded: Topic.OutcomeRecorded) -> dict[str, Any]:
    settled = next(
        (
            e
            for e in history.sitting(recorded.sitting_id)
            if isinstance(e, Sitting.OutcomeSettled)
        ),
        None,
    )
    return section(
        "result",
        "协商结果",
        topic=text(history.proposal.title),
        outcome=word(recorded.outcome),
        settled_at=when(recorded.timestamp),
        implementation_plan=text(settled.implementation_plan) if settled else NONE_YET,
        deadline=_deadline(history),
    )


def _deadline(history: History) -> str:
    """WZ-5.8-c: a simple matter's 30 working days, and whether the scheduler found it passed."""
    dues = [
        s.details["due"]
        for s in history.steps("implement")
        if isinstance(s.details, dict) and s.details.get("due")
    ]
    if not dues:
        return NONE_YET
    return f"{when(dues[-1])}前{'（已逾期）' if overdue(history, 'implement') else ''}"


def _rows(history: History, step: str) -> list[dict[str, Any]]:
    return [
        {
            "at": when(s.timestamp),
            "by": history.people(s.actor_id),
            "content": text(s.note),
            "details": _report(s)
            if isinstance(s, Topic.ImplementationReported)
            else _details(s.details),
            "late": yes_no(s.late),
        }
        for s in history.steps(step)
    ]


def _report(s: Topic.ImplementationReported) -> str:
    """WZ-5.8-d: the report's four parts, and whether the result is fully carried out."""
    funds = s.funds_labour if s.details.get("involves_funds_labour") else "不涉及"
    parts = {
        "progress": s.progress,
        "problems": s.problems,
        "effects": s.effects,
        "funds_labour": funds,
        "complete": yes_no(bool(s.details.get("complete"))),
    }
    return "；".join(f"{LABELS[k]}：{text(v)}" for k, v in parts.items())


def _details(details: Any) -> str:
    """A step's details as a line of labelled values (route, complexity, funds, labour, score …)."""
    if not isinstance(details, dict) or not details:
        return NONE_YET
    return "；".join(
        f"{LABELS.get(k, k)}：{_detail_value(k, v)}" for k, v in details.items()
    )


def _detail_value(key: str, value: Any) -> str:
    if key == "due":
        return when(str(value))
    if isinstance(value, bool):
        return yes_no(value)
    if key == "route":
        return ROUTE_WORDS.get(str(value), str(value))
    if isinstance(value, (list, tuple)):
        return "、".join(word(str(v)) for v in value)
    return word(str(value))
