"""Two demo deliberations in community CX0101, so a newcomer has something to click through:
one announced and waiting for its sitting, one settled by consensus, filed, communicated and posted
publicly (JH-5.4), so it shows on the public page too."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

from application.deliberation.sitting_commands import sitting_command
from application.deliberation.topic_commands import (
    AnnounceTopic,
    CheckAnswer,
    DraftRules,
    NotifyProposer,
    PlanTopic,
    RegisterTopic,
    ReviewTopic,
)
from application.deliberation.topic_steps import (
    CommunicateOutcome,
    FileOutcome,
    PostOutcome,
)
from application.principals import Principal
from domain.deliberation.participants import ParticipantCategory
from domain.deliberation.vocabulary import (
    MustDeliberate,
    ProposerKind,
    ReviewCheck,
    TopicCategory,
)
from domain.people import person_id_for
from infra.container import Container

COMMUNITY, STAFF, STAFF2, CONVENOR = "CX0101", "P0010", "P0011", "P0038"
VOTERS = [
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
CHECKS = [
    CheckAnswer(check=ReviewCheck(c), passed=True, reason=r)
    for c, r in (
        ("nature", "属于协商事项目录"),
        ("scope", "涉及全体住户"),
        ("feasibility", "方案可行"),
    )
]


def seed(container: Container) -> dict[str, str]:
    announced = _announced(
        container, "小区停车位重新划线", "车位紧张，夜间乱停影响消防通道", days=3
    )
    settled = _announced(
        container, "3栋加装电梯", "老人多，上下楼困难，希望加装电梯", days=0
    )
    _sit_to_consensus(container, settled)
    staff = _who(container, STAFF)
    container.deliberation.handle(
        staff, FileOutcome(topic_id=settled, note="已报监督委员会备案")
    )
    container.deliberation.handle(
        staff,
        CommunicateOutcome(
            topic_id=settled,
            note="已在业主群和公告栏告知",
            details={"channels": ["wechat", "notice_board"]},
        ),
    )
    container.deliberation.handle(
        staff, PostOutcome(topic_id=settled, details={"channels": ["notice_board"]})
    )
    return {"announced": str(announced), "settled": str(settled)}


def _who(container: Container, ref: str) -> Principal:
    return Principal.of(container.ledger.person(person_id_for(ref)))


def _id(ref: str) -> str:
    return str(person_id_for(ref))


def _announced(container: Container, title: str, description: str, days: int) -> UUID:
    """A topic proposed, reviewed and announced, its sitting `days` (and an hour) from now."""
    topic = _reviewed(container, title, description)
    staff, convenor = _who(container, STAFF), _who(container, CONVENOR)
    d = container.deliberation
    d.handle(staff, NotifyProposer(topic_id=topic, channel="wechat"))
    stakeholder, expert = (
        ParticipantCategory("stakeholder"),
        ParticipantCategory("expert"),
    )
    participants = {**{_id(v): stakeholder for v in VOTERS}, "expert:1": expert}
    when = container.deadlines.clock() + timedelta(days=days, hours=1)
    d.handle(
        convenor,
        PlanTopic(
            topic_id=topic,
            when=when,
            place="社区议事厅",
            form="seminar",
            host=_id(CONVENOR),
            participants=participants,
        ),
    )
    d.handle(convenor, DraftRules(topic_id=topic))
    d.handle(staff, AnnounceTopic(topic_id=topic, channels=["notice_board", "wechat"]))
    return topic


def _reviewed(container: Container, title: str, description: str) -> UUID:
    """A resident's proposal, registered and found fit for deliberation by the two committees."""
    d, staff = container.deliberation, _who(container, STAFF)
    proposed = d.propose(
        _who(container, CONVENOR),
        COMMUNITY,
        TopicCategory.COMMUNITY_RESIDENTS,
        ProposerKind.RESIDENT,
        "wechat",
        title,
        description,
        [],
    )
    topic = UUID(proposed["topic_id"])
    d.handle(staff, RegisterTopic(topic_id=topic, number=f"CX0101-{title[:2]}"))
    d.handle(
        staff,
        ReviewTopic(
            topic_id=topic,
            meeting="两委联席会议",
            attendees=[_id(STAFF), _id(STAFF2)],
            checks=CHECKS,
            must=[MustDeliberate("public_affairs")],
            convenor=_id(CONVENOR),
            recorder=_id(STAFF),
            guide=_id(STAFF2),
        ),
    )
    return topic


def _sit_to_consensus(container: Container, topic: UUID) -> None:
    s, staff = container.sittings, _who(container, STAFF)
    sitting = s.open(staff, topic, "on_site")["sitting_id"]
    steps = [("sign_in", {"participant": p}) for p in [*map(_id, VOTERS), "expert:1"]]
    steps += _vote("rules", 7, 2) + [
        ("explain", {"summary": "加装电梯的方案与费用分摊"}),
        ("request_floor", {"participant": _id("P0039"), "position": "for"}),
        ("request_floor", {"participant": _id("P0040"), "position": "against"}),
        ("speak", {"participant": _id("P0039"), "seconds": 150, "summary": "支持"}),
        ("speak", {"participant": _id("P0040"), "seconds": 170, "summary": "担心噪音"}),
        ("expert_statement", {"participant": "expert:1", "summary": "结构安全"}),
    ]
    steps += _vote("item-1", 7, 1, 1) + [
        ("settle", {"implementation_plan": "物业牵头，年底前完成设计与招标"})
    ]
    for action, params in steps:
        s.handle(staff, sitting_command(action, sitting, params))


def _vote(item: str, yes: int, no: int, abstain: int = 0) -> list[tuple[str, dict]]:
    return [
        ("open_vote", {"item": item, "text": item}),
        ("record_counts", {"item": item, "yes": yes, "no": no, "abstain": abstain}),
        ("close_vote", {"item": item}),
    ]
