"""Driving a deliberation through the API, step by step, for the end-to-end tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from domain.people import person_id_for

API = "/api/v1"
COMMUNITY, STAFF, STAFF2, SUPERVISOR, STREET = (
    "CX0101",
    "P0010",
    "P0011",
    "P0028",
    "P0004",
)
PROPOSER = "P0038"
VOTER_REFS = [
    "P0038",
    "P0039",
    "P0040",
    "P0041",
    "P0043",
    "P0044",
    "P0045",
    "P0046",
    "P0047",
]
VOTERS = [str(person_id_for(r)) for r in VOTER_REFS]
EXPERT, DEPARTMENT = "expert:1", "dept:housing"
# WZ-5.8-d: an implementation report in its four parts
REPORT = {
    "progress": "设计完成",
    "problems": "无",
    "effects": "待施工",
    "involves_funds_labour": False,
}


def pid(ref: str) -> str:
    return str(person_id_for(ref))


class Deliberation:
    def __init__(self, client, auth):
        self.client, self.auth, self.position = client, auth, 0
        self.topic_id = self.sitting_id = ""

    def post(
        self, who: str, path: str, body: dict[str, Any], expect: int = 200
    ) -> dict[str, Any]:
        response = self.client.post(f"{API}{path}", headers=self.auth(who), json=body)
        assert response.status_code == expect, f"{path}: {response.text}"
        self.position = max(self.position, response.json().get("position", 0))
        return response.json()

    def get(self, who: str, path: str) -> Any:
        response = self.client.get(
            f"{API}{path}",
            headers=self.auth(who),
            params={"min_position": self.position},
        )
        assert response.status_code == 200, response.text
        return response.json()

    def due(self, who: str) -> dict[str, list[str]]:
        """What the caller's own list says the topic waits for next, under each role they hold."""
        rows = [
            r
            for r in self.get(who, "/me/deliberations")
            if r["topic_id"] == self.topic_id
        ]
        assert len(rows) <= 1, "one row a topic"
        return {
            role: sorted(d["action"] for d in r["due"])
            for r in rows
            for role in r["roles"]
        }

    def community_due(self, who: str) -> list[str]:
        rows = self.get(who, f"/units/{COMMUNITY}/deliberations")["items"]
        return [
            sorted(d["action"] for d in r["due"])
            for r in rows
            if r["topic_id"] == self.topic_id
        ][0]

    def topic(self, who: str, action: str, **body: Any) -> dict[str, Any]:
        return self.post(who, f"/topics/{self.topic_id}/{action}", body)

    def sitting(
        self, who: str, action: str, expect: int = 200, **body: Any
    ) -> dict[str, Any]:
        return self.post(who, f"/sittings/{self.sitting_id}/{action}", body, expect)

    def propose(
        self, category="community_residents", kind="resident", who=PROPOSER, linked=()
    ) -> dict:
        answer = self.post(
            who,
            "/topics",
            {
                "community": COMMUNITY,
                "category": category,
                "proposer_kind": kind,
                "channel": "wechat",
                "title": "3栋加装电梯",
                "description": "老人多，上下楼困难",
                "linked_requests": list(linked),
            },
            201,
        )
        self.topic_id = answer["topic_id"]
        return answer

    def registered_and_reviewed(self, **review: Any) -> dict:
        """Registered, then reviewed by the staff with the three checks passed and `review`'s
        fields (roles, screens …)."""
        self.topic(STAFF, "register", number="2026-031")
        checks = [
            {"check": c, "passed": True, "reason": "符合"}
            for c in ("nature", "scope", "feasibility")
        ]
        return self.topic(
            STAFF,
            "review",
            meeting="两委联席会议",
            attendees=[pid(STAFF)],
            checks=checks,
            **review,
        )

    def approve(self, convenor=PROPOSER, **extra: Any) -> dict:
        self.topic(STAFF, "register", number="2026-017")
        checks = [
            {"check": c, "passed": True, "reason": f"{c}: 符合"}
            for c in ("nature", "scope", "feasibility")
        ]
        return self.topic(
            STAFF,
            "review",
            meeting="两委联席会议2026-11",
            attendees=[pid(STAFF), pid(STAFF2)],
            checks=checks,
            must=["public_affairs"],
            convenor=pid(convenor),
            recorder=pid(STAFF),
            guide=pid(STAFF2),
            **extra,
        )

    def prepare(self, form="seminar", when_days=3) -> None:
        when = (datetime.now(UTC) + timedelta(days=when_days)).isoformat()
        participants = {
            **dict.fromkeys(VOTERS, "stakeholder"),
            EXPERT: "expert",
            DEPARTMENT: "department",
        }
        self.topic(
            PROPOSER,
            "plan",
            when=when,
            place="社区议事厅",
            form=form,
            host=pid(PROPOSER),
            participants=participants,
        )
        if form not in ("door_to_door", "written"):
            self.topic(PROPOSER, "draft_rules")
        self.topic(STAFF, "announce", channels=["notice_board", "wechat"])

    def sit(self, mode="on_site", present: list[str] | None = None) -> dict:
        answer = self.post(
            PROPOSER, f"/topics/{self.topic_id}/sittings", {"mode": mode}, 201
        )
        self.sitting_id = answer["sitting_id"]
        for participant in (
            [*VOTERS, EXPERT, DEPARTMENT] if present is None else present
        ):
            self.sitting(STAFF, "sign_in", participant=participant)
        return answer

    def counted(self, item: str, yes: int, no: int, abstain: int = 0) -> dict:
        self.sitting(PROPOSER, "open_vote", item=item, text=item)
        self.sitting(STAFF, "record_counts", item=item, yes=yes, no=no, abstain=abstain)
        return self.sitting(PROPOSER, "close_vote", item=item)

    def debate(self) -> None:
        self.sitting(PROPOSER, "explain", summary="说明加装电梯方案")
        for voter, side in ((VOTERS[1], "for"), (VOTERS[2], "against")):
            self.sitting(STAFF, "request_floor", participant=voter, position=side)
        for voter in (
            VOTERS[1],
            VOTERS[2],
        ):  # earlier hand first: nobody has spoken yet
            self.sitting(
                PROPOSER, "speak", participant=voter, seconds=150, summary="发言要点"
            )
        self.sitting(
            PROPOSER, "expert_statement", participant=EXPERT, summary="结构安全可行"
        )

    def sit_and_vote(self, yes: int, no: int) -> None:
        """A seminar sitting on site: everyone signs in, the rules pass 6 to 3, the debate, item-1 is counted."""
        self.sit()
        self.counted("rules", 6, 3)
        self.debate()
        self.counted("item-1", yes, no)


def settled_deliberation(client, auth, major_decision: bool = False) -> dict[str, Any]:
    """A topic linked to a request, reviewed, planned, announced, sat, two votes, settled by consensus
    (or raised to a major decision, 五议两公开)."""
    d = Deliberation(client, auth)
    raised = client.post(
        f"{API}/requests",
        headers=auth(PROPOSER),
        json={
            "title": "没有电梯",
            "description": "老人上下楼难",
            "category": "facilities",
        },
    ).json()
    d.propose(linked=[raised["request_id"]])
    d.approve()
    d.topic(STAFF, "notify_proposer", channel="phone")
    d.prepare()
    d.sit_and_vote(5, 4)
    settling = (
        {"major_decision": True}
        if major_decision
        else {"implementation_plan": "12月底前完成设计招标"}
    )
    d.sitting(PROPOSER, "settle", **settling)
    return {"topic": d, "request_id": raised["request_id"]}
