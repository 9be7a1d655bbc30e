"""What each step after the outcome must carry before it is recorded (WZ-5.7, WZ-5.8, JH-5.4,
LS-2.4.9, LS-3.2.4): the implementation's route (and, for a complex matter, why and by when,
WZ-5.8-c), the channels of a communication (WZ-5.7-c) or a posting, the archive number, the
referral, the appraisal's score."""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.errors import InvalidValue, TransitionNotAllowed
from domain.vocabulary import label

ROUTES = ("community", "stakeholder", "government")  # WZ-5.8-a
REFERRALS = ("assembly", "street")  # LS-2.4.9
# LS-3.2.4: the standards give no scale; a community worker scores out of 100
SCORES = range(0, 101)
# WZ-5.7-a, JH-5.4
FILED_WITH = ("supervision_committee", "party_organisation", "department")
PER_RESULT = (
    "file",
    "communicate",
    "post",
    "archive",
)  # once for each result: a new outcome needs them again
ARCHIVED_AFTER = (
    "file",
    "communicate",
    "post",
)  # JH-5.4: filed, notified, posted, then archived

RULE_OF_STEP = {
    "file": "WZ-5.7-a",
    "communicate": "WZ-5.7-c",
    "correct": "WZ-5.7-b",
    "implement": "WZ-5.8-a",
    "explain_dissent": "WZ-5.8-b",
    "report": "WZ-5.8-d",
    "refer": "LS-2.4.9",
    "appraise": "LS-3.2.4",
    "post": "JH-5.4",
    "archive": "JH-5.4",
}


def checked(
    step: str, details: dict[str, Any], note: str, done: dict[str, int]
) -> dict[str, Any]:
    if step in CHECKS:
        CHECKS[step](details, done)
    complex_matter = step == "implement" and details.get("complexity") == "complex"
    explained = ("correct", "explain_dissent", "report")
    if (step in explained or complex_matter) and not note.strip():
        raise InvalidValue(
            f"{step.replace('_', ' ')} is recorded with its content"
            + (": why the matter is complex" if complex_matter else ""),
            rule_id="WZ-5.8-c" if complex_matter else RULE_OF_STEP[step],
            zh=f"“{label('action', step)}”须记录其内容"
            + ("：写明事项为何复杂" if complex_matter else ""),
        )
    return details


def _route(details: dict[str, Any], _: dict[str, int]) -> None:
    if details.get("route") not in ROUTES:
        raise InvalidValue(
            "implemented by the community, another stakeholder or via government",
            rule_id="WZ-5.8-a",
            allowed=list(ROUTES),
            zh="落实方式须为社区落实、其他利益相关方落实或经政府落实",
        )
    if details.get("complexity") == "complex":
        _new_date(details)


def _new_date(details: dict[str, Any]) -> None:
    """WZ-5.8-c: a complex matter keeps no 30-working-day deadline, but stakeholders are told why
    (the note) and by when it is now expected (`expected_by`, a date)."""
    try:
        date.fromisoformat(str(details.get("expected_by", "")))
    except ValueError:
        raise InvalidValue(
            "a complex matter gives its new expected date (expected_by, YYYY-MM-DD)",
            rule_id="WZ-5.8-c",
            zh="复杂事项须给出新的预计完成日期（expected_by，格式 YYYY-MM-DD）",
        ) from None


def _communicated(details: dict[str, Any], _: dict[str, int]) -> None:
    channels = details.get("channels")
    if not isinstance(channels, list) or not channels:
        raise InvalidValue(
            "say through which channels the result reached the stakeholders "
            "(notice board, WeChat, SMS …)",
            rule_id="WZ-5.7-c",
            zh="请写明协商结果通过哪些渠道告知了利益相关方（公告栏、微信、短信……）",
        )


def _referral(details: dict[str, Any], _: dict[str, int]) -> None:
    if details.get("to") not in REFERRALS:
        raise InvalidValue(
            "refer to the residents' assembly or to the street",
            rule_id="LS-2.4.9",
            allowed=list(REFERRALS),
            zh="请提交居民会议或街道",
        )


def _score(details: dict[str, Any], _: dict[str, int]) -> None:
    if type(details.get("score")) is not int or details["score"] not in SCORES:
        raise InvalidValue(
            "a democratic appraisal gives a whole-number score from 0 to 100",
            rule_id="LS-3.2.4",
            allowed=[f"{SCORES.start}-{SCORES.stop - 1}"],
            zh="民主评议的评分须为 0 到 100 的整数",
        )


def _filed_with(details: dict[str, Any], _: dict[str, int]) -> None:
    bodies = details.get("filed_with", ["supervision_committee"])
    if not isinstance(bodies, list) or not bodies or not set(bodies) <= set(FILED_WITH):
        raise InvalidValue(
            "filed with the supervision committee, the party organisation or departments",
            rule_id="JH-5.4",
            allowed=list(FILED_WITH),
            zh="须向居务监督委员会、党组织或有关部门备案",
        )


def _posted(details: dict[str, Any], _: dict[str, int]) -> None:
    if not isinstance(details.get("channels"), list) or not details["channels"]:
        raise InvalidValue(
            "say where the result is posted (notice board, WeChat …)",
            rule_id="JH-5.4",
            zh="请写明协商结果在哪里公开（公告栏、微信……）",
        )


def _archived(details: dict[str, Any], done: dict[str, int]) -> None:
    missing = [step for step in ARCHIVED_AFTER if not done.get(step)]
    if missing:
        raise TransitionNotAllowed(
            "a result is archived once filed, notified and posted",
            rule_id="JH-5.4",
            allowed=missing,
            zh="协商结果须在备案、告知和公开后才能归档：尚缺的步骤见 allowed_actions",
        )
    if not str(details.get("archive_number", "")).strip():
        raise InvalidValue(
            "give the archive number", rule_id="JH-5.4", zh="请给出档案编号"
        )


CHECKS = {
    "implement": _route,
    "communicate": _communicated,
    "refer": _referral,
    "appraise": _score,
    "file": _filed_with,
    "post": _posted,
    "archive": _archived,
}
