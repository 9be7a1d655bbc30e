"""Real deliberation topics for walking the access matrix: a topic (and its sitting) in a community,
driven through the application services to a stage where the walked action is possible.

In the walked community (CX0101) the walked people hold roles on the topic (LAYOUT): the resident
proposes and takes part, the group leader convenes and hosts, the community staff member records.
Anywhere else, and for the "near" topic of CX0101, a plain resident proposes and a staff member of
the community (STAFF_OF, not a walked person) convenes, hosts and records. Which stage an action needs is
not listed per action: the first stage of LADDER whose topic, sitting or major-decision procedure
offers it (a new action is found the same way); reads and unknown actions use the settled topic.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from api.routes import sittings as sitting_routes
from api.routes import topics as topic_routes
from application.deliberation.sitting_commands import sitting_command
from application.deliberation.topic_actions import topic_command
from domain.deliberation.major_decision import MajorDecision, major_decision_id_for
from domain.deliberation.vocabulary import ProposerKind, TopicCategory
from domain.errors import UnknownTopic
from domain.levels import Role
from tests.api.access_world import World, pid

WALKED = "CX0101"
STAFF_OF = {
    "CX0101": "P0011",
    "CX0102": "P0012",
    "CX0201": "P0016",
    "XX0101": "X0003",
}  # builds the topics
LAYOUT = {
    Role.RESIDENT: frozenset({"proposer", "participant"}),
    Role.GROUP_LEADER: frozenset({"convenor", "host"}),
    Role.COMMUNITY_STAFF: frozenset({"recorder"}),
}  # the topic roles each walked person holds there
WALKED_PEOPLE = (
    "P0038",
    "P0037",
    "P0010",
)  # proposer (and participant), convenor (and host), recorder
SITTING = ("announce_all", "sit", "sign_in_all")
VOTED = (
    "announce_all",
    "sit",
    "sign_in_all",
    "open_rules",
    "count_rules",
    "close_rules",
    "explain",
)
LADDER: dict[str, tuple[str, ...]] = {
    "proposed": (),
    "registered": ("register",),
    "approved": ("register", "review"),
    "drafted": ("register", "review", "plan", "draft_rules"),
    "planned": ("register", "review", "plan"),
    "announced": ("announce_all",),
    "opened": ("announce_all", "sit"),
    "online_vote": ("announce_all", "sit_online", "sign_in_all", "open_rules"),
    "mixed_vote": ("announce_all", "sit_mixed", "sign_in_all", "open_rules"),
    "rules_vote": (*SITTING, "open_rules"),
    "adopted": VOTED[:-1],
    "explained": VOTED,
    "hand_raised": (*VOTED, "raise_hand"),
    "voted": (*VOTED, "open_item", "count_item", "close_item"),
    "settled": (*VOTED, "open_item", "count_item", "close_item", "settle"),
    "major": (*VOTED, "open_item", "count_item", "close_item", "settle_major"),
}
FALLBACK = "settled"


@dataclass
class Built:
    topic_id: str
    proposer: str
    convenor: str
    recorder: str
    stakeholder: str
    sitting_id: str = ""
    offers: frozenset[str] = field(default_factory=frozenset)


class TopicWorld:
    def __init__(self, world: World):
        self.w, self.pool, self.last = world, {}, None
        self.offers: dict[str, frozenset[str]] = {}

    def topic(self, community: str, walked: bool, action: str) -> Built:
        """A topic of `community` at the first stage offering `action`; pooled until a call changes it."""
        stage = self.stage_for(action)
        self.last = (community, walked, stage)
        if self.last not in self.pool:
            self.pool[self.last] = self.build(community, walked, stage)
        return self.pool[self.last]

    def spoiled(self) -> None:
        """The last topic handed out was changed by the call: the next cell gets a new one."""
        self.pool.pop(self.last, None)

    def stage_for(self, action: str) -> str:
        for stage in LADDER:
            if stage not in self.offers:
                self.offers[stage] = self._offers(stage)
            if action in self.offers[stage]:
                return stage
        return FALLBACK

    def _offers(self, stage: str) -> frozenset[str]:
        key = (WALKED, True, stage)
        if key not in self.pool:
            self.pool[key] = self.build(WALKED, True, stage)
        return self.pool[key].offers

    def build(self, community: str, walked: bool, stage: str) -> Built:
        staff = self.w.principal(STAFF_OF[community])
        if walked:
            people = tuple(pid(ref) for ref in WALKED_PEOPLE)
        else:
            people = (
                self.w.plain_resident(self.w.group_under(community)),
                staff.person_id,
                staff.person_id,
            )
        proposed = self.w.c.deliberation.propose(
            self.w.principal_by_id(people[0]),
            community,
            TopicCategory.COMMUNITY_RESIDENTS,
            ProposerKind.RESIDENT,
            "wechat",
            "3栋加装电梯",
            "老人多，上下楼困难",
            [],
        )
        built = Built(proposed["topic_id"], *people, stakeholder=people[0])
        steps = Steps(self.w, built, staff)
        for step in LADDER[stage]:
            getattr(steps, step)()
        built.offers = self._offered(built)
        return built

    def _offered(self, built: Built) -> frozenset[str]:
        ledger = self.w.c.ledger
        topic = ledger.topic(built.topic_id)
        built.sitting_id = topic.sittings[-1] if topic.sittings else ""
        sitting = (
            ledger.sitting(built.sitting_id).allowed_actions()
            if built.sitting_id
            else []
        )
        major = {"major_decision"} if topic.status == "major_decision" else set()
        return frozenset({*topic.allowed_actions(), *sitting, *major})

    def major_stage(self, built: Built) -> str:
        procedure = self.w.c.ledger.load(
            MajorDecision, major_decision_id_for(built.topic_id), UnknownTopic
        )
        stage = procedure.next_stage()
        return stage.key if stage else "proposal"


TOPIC_BODIES = {action: model for action, model, _ in topic_routes.ACTIONS}
SITTING_BODIES = {action: model for action, model, _ in sitting_routes.ACTIONS}


def params(models: dict[str, Any], action: str, body: dict[str, Any]) -> dict[str, Any]:
    """The body as the route hands it to the service (validated, without the expected version)."""
    return models[action].model_validate(body).model_dump(exclude={"expected_version"})


class Steps:
    """The commands that drive a topic, as its staff, recorder and convenor give them."""

    def __init__(self, world: World, built: Built, staff):
        self.w, self.b, self.staff = world, built, staff
        self.bodies = Bodies(world, built)

    def _topic(self, action: str) -> None:
        self.w.c.deliberation.handle(
            self.staff,
            topic_command(
                action,
                self.b.topic_id,
                params(TOPIC_BODIES, action, self.bodies.of(action)),
            ),
        )

    def _sitting(self, action: str, who=None, **body: Any) -> None:
        self.w.c.sittings.handle(
            who or self.staff,
            sitting_command(
                action,
                self.b.sitting_id,
                params(SITTING_BODIES, action, body or self.bodies.of(action)),
            ),
        )

    def register(self) -> None:
        self._topic("register")

    def review(self) -> None:
        self._topic("review")

    def plan(self) -> None:
        self._topic("plan")

    def draft_rules(self) -> None:
        self._topic("draft_rules")

    def announce_all(self) -> None:
        for action in ("register", "review", "plan", "draft_rules", "announce"):
            self._topic(action)

    def sit(self, mode: str = "on_site") -> None:
        self.b.sitting_id = self.w.c.sittings.open(self.staff, self.b.topic_id, mode)[
            "sitting_id"
        ]

    def sit_online(self) -> None:
        self.sit("online")

    def sit_mixed(self) -> None:
        self.sit("online_offline")

    def sign_in_all(self) -> None:
        for participant in self.bodies.participants():
            self._sitting("sign_in", participant=participant)

    def open_rules(self) -> None:
        self._sitting("open_vote", item="rules", text="议事规则")

    def count_rules(self, item: str = "rules") -> None:
        recorder = self.w.principal_by_id(self.b.recorder)
        self._sitting(
            "record_counts",
            recorder,
            item=item,
            yes=len(self.bodies.stakeholders()),
            no=0,
            abstain=0,
        )

    def close_rules(self, item: str = "rules") -> None:
        self._sitting("close_vote", item=item)

    def explain(self) -> None:
        self._sitting("explain")

    def raise_hand(self) -> None:
        self._sitting("request_floor")

    def open_item(self) -> None:
        self._sitting("open_vote", item="item-1", text="加装电梯方案")

    def count_item(self) -> None:
        self.count_rules("item-1")

    def close_item(self) -> None:
        self.close_rules("item-1")

    def settle(self, major: bool = False) -> None:
        self._sitting(
            "settle", implementation_plan="按方案分步实施", major_decision=major
        )

    def settle_major(self) -> None:
        self.settle(major=True)


class Bodies:
    """A body each known action accepts on the built topic; an action it does not know gets `{}`."""

    def __init__(self, world: World, built: Built):
        self.w, self.b = world, built

    def stakeholders(self) -> list[str]:
        return [self.b.stakeholder, pid("P0046"), pid("P0047")]

    def participants(self) -> list[str]:
        return [*self.stakeholders(), "E01"]

    def of(self, action: str) -> dict[str, Any]:
        method = getattr(self, f"_{action}", None)
        return method() if method else dict(BODIES.get(action, {}))

    def _register(self) -> dict[str, Any]:
        self.w.made += 1
        return {"number": f"2026-{self.w.made:04d}", "topic_class": None}

    def _review(self) -> dict[str, Any]:
        checks = [
            {"check": c, "passed": True, "reason": f"{c}：符合"}
            for c in ("nature", "scope", "feasibility")
        ]
        return {
            "meeting": "两委联席会议",
            "attendees": [pid("P0010"), pid("P0011")],
            "checks": checks,
            "must": ["public_affairs"],
            "must_not": {},
            "convenor": self.b.convenor,
            "recorder": self.b.recorder,
            "guide": pid("P0011"),
            "topic_class": "in_depth",
        }

    def _plan(self) -> dict[str, Any]:
        participants = {
            **dict.fromkeys(self.stakeholders(), "stakeholder"),
            "E01": "expert",
        }
        return {
            "when": (self.w.clock.now + timedelta(days=1)).isoformat(),
            "place": "社区议事厅",
            "form": "seminar",
            "host": self.b.convenor,
            "participants": participants,
        }

    def _sign_in(self) -> dict[str, Any]:
        return {"participant": self.b.stakeholder}

    def _request_floor(self) -> dict[str, Any]:
        return {"participant": self.b.stakeholder, "position": "for"}

    def _speak(self) -> dict[str, Any]:
        return {"participant": self.b.stakeholder, "seconds": 90, "summary": "赞成加装"}

    def _record_paper_counts(self) -> dict[str, Any]:
        return {"item": "rules", "voters": [self.b.stakeholder], "yes": 1, "no": 0}

    def _record_counts(self) -> dict[str, Any]:
        return {"item": "rules", "yes": len(self.stakeholders()), "no": 0, "abstain": 0}


STEP = {"note": "已办理", "details": {}}
BODIES: dict[str, dict[str, Any]] = {
    "notify_proposer": {"channel": "wechat"},
    "draft_rules": {},
    "announce": {"channels": ["wechat", "notice_board"]},
    "open_sitting": {"mode": "on_site"},
    "correct_result": {
        "decision": "set_aside",
        "basis": "《城市居民委员会组织法》第十五条",
        "note": "程序违法，重新协商",
    },
    "open_vote": {"item": "rules", "text": "议事规则"},
    "cast": {"item": "rules", "choice": "yes"},
    "close_vote": {"item": "rules"},
    "explain": {"summary": "说明方案"},
    "expert_statement": {"participant": "E01", "summary": "结构安全可行"},
    "settle": {"implementation_plan": "按方案分步实施"},
    "major_decision": {
        "meeting": "党组织会议",
        "counts": {"eligible": 9, "present": 9, "yes": 9, "no": 0, "abstain": 0},
    },
    **dict.fromkeys(
        ("file", "explain_dissent", "appraise"),
        STEP,
    ),
    "report": {  # WZ-5.8-d: the four parts
        "progress": "已完成设计",
        "problems": "无",
        "effects": "居民出行便利",
        "involves_funds_labour": False,
    },
    "communicate": {**STEP, "details": {"channels": ["wechat"]}},
    "implement": {**STEP, "details": {"route": "community"}},
    "refer": {**STEP, "details": {"to": "assembly"}},
    "post": {**STEP, "details": {"channels": ["notice_board"]}},
    "archive": {**STEP, "details": {"archive_number": "CX0101-2026-001"}},
    "consult": {
        "phase": "before",
        "form": "door_to_door",
        "households": 12,
        "people": 20,
        "summary": "入户了解意见",
    },
    "reopen": {"problem": "施工中发现管线冲突，需重新协商"},
    "attach_media": {"kind": "video", "reference": "档案 CX0101-2026-001"},
    "note_discussion": {"aspect": "causes", "note": "停车位不足是主要原因"},
}
