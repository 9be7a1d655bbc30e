"""Every page at 375 px (a phone) and 1280 px (a desk): no horizontal scroll, tap
targets of 44 px; at the phone's width, where most residents read it, no serious or
critical axe-core violation (axe's rules read the markup, which the two widths share:
at both it ran the same checks twice); and screenshots of each role's main page, into
docs/screens/ only when GOV_SCREENSHOTS=1 (so an ordinary test run leaves the working
tree as it was): `GOV_SCREENSHOTS=1 .venv/bin/python -m pytest
tests/browser/test_layout.py -k sqlite`."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from application.deliberation.sitting_commands import sitting_command
from application.deliberation.topic_actions import topic_command
from application.deliberation.topic_commands import RegisterTopic
from application.principals import Principal
from application.requests.commands import EscalateRequest
from application.tasks.commands import AcknowledgeAssignment, DelegateAssignment
from domain.deliberation.vocabulary import ProposerKind, TopicCategory
from domain.people import person_id_for
from domain.vocabulary import Category
from infra.demo_deliberation import CHECKS
from infra.demo_deliberation import seed as seed_deliberation
from tests.browser.steps import overflow, sign_in_demo, small_tap_targets

COMMUNITY_RESIDENTS, COMMUNITY = (
    TopicCategory.COMMUNITY_RESIDENTS,
    ProposerKind.COMMUNITY,
)
DEMO_REVIEW = {
    "meeting": "两委联席会议",
    "checks": CHECKS,
    "convenor": str(person_id_for("P0038")),
    "recorder": str(person_id_for("P0010")),
    "guide": str(person_id_for("P0011")),
}
SCREENS = Path(__file__).parents[2] / "docs" / "screens"
TAKE_SCREENSHOTS = os.environ.get("GOV_SCREENSHOTS") == "1"
# (who, page, screenshot name or None); `{request}` is a request raised by P0038,
# `{task}` a community's task and `{assignment}` the group's share of it
PAGES = [
    (None, "/signin", "signin"),
    (None, "/board/CX0101", "public-board"),
    ("P0038", "/", None),
    ("P0038", "/my/requests", "resident-my-requests"),
    ("P0038", "/requests/new", "resident-raise"),
    ("P0038", "/requests/{request}", "resident-request"),
    ("P0037", "/units/CX010101/inbox", "leader-inbox"),
    ("P0037", "/requests/{request}", "leader-request"),
    ("P0010", "/", None),
    ("P0010", "/units/CX0101/inbox", "community-inbox"),
    ("P0038", "/my/notices", "resident-notices"),
    ("P0037", "/units/CX010101/tasks", None),
    ("P0037", "/assignments/{assignment}", None),
    ("P0010", "/units/CX0101/tasks/new", None),
    ("P0010", "/tasks/{task}", "task-rollup"),
    ("P0010", "/units/CX0101/stats", "community-stats"),
    ("P0028", "/", "supervision-home"),
    ("P0028", "/supervision/CX0101", "supervision-filings"),
    ("P0028", "/requests/{request}/dossier", "supervision-dossier"),
    ("P0028", "/units/CX0101/inbox/as-of?at=2026-01-01T08:00:00", None),
    ("P0028", "/supervision/CX0101/bundles", None),
    ("P0028", "/witnesses", None),
    ("P0001", "/", None),
    ("P0001", "/admin/units/CX0101", "admin-people"),
    ("P0001", "/admin/people/P0039", None),
    ("P0010", "/units/CX0101/topics", "community-topics"),
    ("P0010", "/topics/{announced}", None),
    ("P0010", "/topics/{registered}", "topic-review-form"),
    ("P0010", "/topics/{approved}", None),
    ("P0010", "/sittings/{sitting}", "sitting-console"),
    ("P0010", "/sittings/{settled_sitting}", None),
    ("P0010", "/topics/{announced}/mediation", None),
    ("P0010", "/topics/{settled}/records", None),
    ("P0010", "/topics/{settled}/records/4", "record-activity"),
    ("P0039", "/my/deliberations", "resident-deliberations"),
    ("P0039", "/sittings/{sitting}", None),
]


def person(container, ref: str) -> Principal:
    return Principal.of(container.ledger.person(person_id_for(ref)))


@pytest.fixture(scope="module")
def request_id(live) -> str:
    """One request at the group, and one the group leader escalated to the community."""
    container, resident = live.container, person(live.container, "P0038")
    escalated = container.requests.raise_request(
        resident,
        title="垃圾清运不及时",
        description="3号楼垃圾桶已满两天",
        category=Category.ENVIRONMENT,
        location="3号楼",
    )
    container.requests.handle(
        person(container, "P0037"),
        EscalateRequest(request_id=escalated["request_id"], reason="需社区协调物业"),
    )
    done = container.requests.raise_request(
        resident,
        title="小区东门路灯不亮",
        description="东门两盏路灯已坏三天，夜间出行不便",
        category=Category.FACILITIES,
        location="东门",
    )
    container.runner.wait_for(done["position"], 5)
    return done["request_id"]


@pytest.fixture(scope="module")
def deliberation(live) -> dict[str, str]:
    """The demo topics, and a sitting of the announced one under way: signed in, rules
    adopted, one speech and a hand up (infra/demo_deliberation.py)."""
    container, found = live.container, seed_deliberation(live.container)
    staff, ids = person(container, "P0010"), {}
    for ref in ("P0038", "P0039", "P0040", "P0041", "P0043", "P0044", "P0045"):
        ids[ref] = str(person_id_for(ref))
    sitting = container.sittings.open(staff, found["announced"], "on_site")
    steps = [("sign_in", {"participant": p}) for p in ids.values()] + [
        ("open_vote", {"item": "rules", "text": "议事规则"}),
        ("record_counts", {"item": "rules", "yes": 7, "no": 0, "abstain": 0}),
        ("close_vote", {"item": "rules"}),
        ("explain", {"summary": "说明"}),
        ("request_floor", {"participant": ids["P0039"], "position": "for"}),
        ("speak", {"participant": ids["P0039"], "seconds": 200, "summary": "支持"}),
        ("request_floor", {"participant": ids["P0040"], "position": "against"}),
    ]
    for action, params in steps:
        done = container.sittings.handle(
            staff, sitting_command(action, sitting["sitting_id"], params)
        )
    container.runner.wait_for(done["position"], 5)
    settled_sitting = container.ledger.topic(found["settled"]).sittings[0]
    return {
        **found,
        **topics_to_review_and_plan(container, staff),
        "sitting": sitting["sitting_id"],
        "settled_sitting": settled_sitting,
    }


@pytest.fixture(scope="module")
def task_ids(live) -> dict[str, str]:
    """A community's task to the first group, fanned out there as residents' notices."""
    container = live.container
    issued = container.tasks.issue(
        person(container, "P0010"),
        "CX0101",
        ["CX010101"],
        "停水通知",
        "周三停水一天，请提前储水",
        None,
        3,
        True,
    )
    leader, assignment = person(container, "P0037"), issued["assignments"][0]
    container.tasks.handle(leader, AcknowledgeAssignment(assignment_id=assignment))
    done = container.tasks.handle(leader, DelegateAssignment(assignment_id=assignment))
    container.runner.wait_for(done["position"], 5)
    return {"task": issued["task_id"], "assignment": assignment}


def topics_to_review_and_plan(container, staff: Principal) -> dict[str, str]:
    """A topic registered (the review form shows) and one approved (the plan form shows)."""
    found = {}
    for key, title in (("registered", "健身器材更新"), ("approved", "楼道堆物清理")):
        topic = container.deliberation.propose(
            staff, "CX0101", COMMUNITY_RESIDENTS, COMMUNITY, "visit", title, title, []
        )["topic_id"]
        container.deliberation.handle(staff, RegisterTopic(topic_id=topic, number=key))
        found[key] = topic
    review = {**DEMO_REVIEW, "attendees": [str(person_id_for("P0010"))]}
    done = container.deliberation.handle(
        staff, topic_command("review", found["approved"], review)
    )
    container.runner.wait_for(done["position"], 5)
    return found


@pytest.mark.parametrize("width", [375, 1280])
def test_pages_fit_the_screen_have_big_targets_and_pass_axe(
    live, new_context, request_id, deliberation, task_ids, width
):
    axe, contexts, failures = Axe(), {}, []
    for who, path, screenshot in PAGES:
        if who not in contexts:
            contexts[who] = new_context(width).new_page()
            if who:
                sign_in_demo(contexts[who], who)
        page = contexts[who]
        page.goto(path.format(request=request_id, **deliberation, **task_ids))
        failures += check_page(
            page, axe if width == 375 else None, f"{who} {path} @{width}"
        )
        if TAKE_SCREENSHOTS and screenshot and live.backend == "sqlite":
            SCREENS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=SCREENS / f"{screenshot}-{width}.png", full_page=True)
    assert not failures, "\n".join(failures)


def check_page(page, axe: Axe | None, where: str) -> list[str]:
    found = []
    assert page.locator("main h1").count() == 1, f"{where}: not the page expected"
    if (extra := overflow(page)) > 0:
        found.append(f"{where}: {extra}px horizontal overflow")
    if small := small_tap_targets(page):
        found.append(f"{where}: tap targets under 44px: {small}")
    if axe is None:
        return found
    results = axe.run(page)
    serious = [
        v
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    found += [f"{where}: axe {v['id']} ({v['impact']}): {v['help']}" for v in serious]
    return found
