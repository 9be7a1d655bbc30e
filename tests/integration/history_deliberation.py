"""Deliberation, witness and erasure commands for the generated history (tests/integration/history.py).

Each topic follows a script chosen when it is proposed (approved or rejected at review; after the vote:
consensus, re-deliberation, termination or a major decision), one step per command, so topics of the
history stand in every state at once; steps that are not allowed now are refused like any other command.
Commands go through the same services the API calls.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from application.audit.notes import (
    COSIGNER_KEY,
    VerifierKey,
    cosign_line,
    raw_public,
    split_note,
)
from application.deliberation.sitting_commands import sitting_command
from application.deliberation.topic_actions import topic_command
from domain.deliberation.vocabulary import ProposerKind, TopicCategory
from domain.people import ErasureBasis
from tests.api.deliberation_helpers import DEPARTMENT, EXPERT, VOTERS, pid
from tests.integration.audit_helpers import principal

CHECKS = ("nature", "scope", "feasibility")
PARTICIPANTS = {
    **dict.fromkeys(VOTERS, "stakeholder"),
    EXPERT: "expert",
    DEPARTMENT: "department",
}
ENDINGS = {
    "consensus": 7,
    "redeliberate": 3,
    "terminated": 2,
    "major_decision": 8,
}  # yes of 9 on item-1


@dataclass
class Script:
    """A topic, the steps still ahead of it and, once it sits, its sitting."""

    topic_id: str
    proposer: Any
    steps: list[str]
    sitting_id: str = ""


def script_for(ending: str, approved: bool) -> list[str]:
    if not approved:
        return ["register", "reject"]
    after = {
        "consensus": ["settle", "file", "communicate", "report"],
        "major_decision": ["settle_major", "stage"],
        "redeliberate": ["settle"],
        "terminated": ["settle"],
    }[ending]
    return [
        "register",
        "review",
        "notify_proposer",
        "plan",
        "draft_rules",
        "announce",
        "sit",
        "sign_in",
        "vote_rules",
        "explain",
        f"vote:{ending}",
        *after,
    ]


class DeliberationCommands:
    """Mixed into History: needs `container`, `random` and `residents`."""

    def propose_topic(self) -> None:
        proposer = self.random.choice(
            [r for r in self.residents if r.home_group.startswith("CX0101")]
        )
        answer = self.container.deliberation.propose(
            proposer,
            "CX0101",
            TopicCategory.COMMUNITY_RESIDENTS,
            ProposerKind.RESIDENT,
            "wechat",
            f"议题{len(self.topics)}",
            "内容",
            [],
        )
        ending, approved = self.random.choice(list(ENDINGS)), self.random.random() < 0.8
        self.topics.append(
            Script(answer["topic_id"], proposer, script_for(ending, approved))
        )

    def deliberation_step(self) -> None:
        open_scripts = [s for s in self.topics if s.steps]
        if not open_scripts:
            return
        script = self.random.choice(open_scripts)
        step = script.steps[0]
        STEPS[step.split(":")[0]](self, script, step)
        script.steps.pop(
            0
        )  # only once it was accepted: a refused step is tried again later

    def misplaced_vote(self) -> None:
        """A vote closed out of turn or by an outsider: refused, writes nothing."""
        sat = [s for s in self.topics if s.sitting_id]
        if sat:
            script = self.random.choice(sat)
            outsider = self.random.choice(
                [r for r in self.residents if r is not script.proposer]
            )
            self._sitting(outsider, script, "close_vote", item="item-1")

    def witness(self) -> None:
        """The supervision member cosigns the newest checkpoint (sealing and signing it first)."""
        parts, member = self.container.audit_parts, principal(self.container, "P0028")
        if self.witness_key is None:
            self.witness_key = Ed25519PrivateKey.generate()
            parts.witnesses.register(
                member,
                VerifierKey(
                    "witness.P0028", COSIGNER_KEY, raw_public(self.witness_key)
                ).text(),
            )
        parts.sealing.catch_up()
        parts.sealing.checkpointer.checkpoint(parts.store.size())
        head = self.container.audit.head()
        self.cosigned_at += 1
        line = cosign_line(
            "witness.P0028",
            self.witness_key,
            split_note(head["note"])[0],
            self.cosigned_at,
        )
        parts.witnesses.cosign(member, head["size"], line)

    def erase_a_resident(self) -> None:
        """PIPL art. 47: a resident who raised requests is erased; they act no more in this history."""
        gone = next(who for _, who in self.requests if who in self.residents)
        self.container.erasure.erase(
            principal(self.container, "P0001"),
            gone.person_id,
            ErasureBasis.CONSENT_WITHDRAWN,
            f"case-{self.container.ledger.position()}",
        )
        self.residents.remove(gone)
        self.requests = [(r, who) for r, who in self.requests if who is not gone]
        self.topics = [s for s in self.topics if s.proposer is not gone]
        self.erased.append(gone.person_id)

    # ---- the steps of a script ---------------------------------------------------------------
    def _topic(self, who: Any, script: Script, action: str, **params: Any) -> None:
        self.container.deliberation.handle(
            who, topic_command(action, script.topic_id, params)
        )

    def _sitting(self, who: Any, script: Script, action: str, **params: Any) -> None:
        self.container.sittings.handle(
            who, sitting_command(action, script.sitting_id, params)
        )

    def _review(self, script: Script, approved: bool) -> None:
        checks = [
            {"check": c, "passed": approved or c != "scope", "reason": c}
            for c in CHECKS
        ]
        roles = {
            "convenor": script.proposer.person_id,
            "recorder": pid("P0010"),
            "guide": pid("P0011"),
        }
        self._topic(
            self.staff_of_community,
            script,
            "review",
            meeting="两委联席会议",
            attendees=[pid("P0010"), pid("P0011")],
            checks=checks,
            must=["public_affairs"],
            **(roles if approved else {}),
        )

    def _plan(self, script: Script) -> None:
        when = datetime.now(UTC) + timedelta(days=3)
        self._topic(
            script.proposer,
            script,
            "plan",
            when=when,
            place="社区议事厅",
            form="seminar",
            host=script.proposer.person_id,
            participants=PARTICIPANTS,
        )

    def _sit(self, script: Script) -> None:
        script.sitting_id = self.container.sittings.open(
            script.proposer, script.topic_id, "on_site"
        )["sitting_id"]

    def _vote(self, script: Script, item: str, yes: int) -> None:
        self._sitting(script.proposer, script, "open_vote", item=item, text=item)
        self._sitting(
            self.staff_of_community,
            script,
            "record_counts",
            item=item,
            yes=yes,
            no=9 - yes,
            abstain=0,
        )
        self._sitting(script.proposer, script, "close_vote", item=item)


def _sign_in(h: Any, script: Script, _: str) -> None:
    for participant in PARTICIPANTS:
        h._sitting(h.staff_of_community, script, "sign_in", participant=participant)


STEPS = {
    "register": lambda h, s, _: h._topic(
        h.staff_of_community, s, "register", number=f"2026-{s.topic_id[:6]}"
    ),
    "review": lambda h, s, _: h._review(s, True),
    "reject": lambda h, s, _: h._review(s, False),
    "notify_proposer": lambda h, s, _: h._topic(
        h.staff_of_community, s, "notify_proposer", channel="phone"
    ),
    "plan": lambda h, s, _: h._plan(s),
    "draft_rules": lambda h, s, _: h._topic(s.proposer, s, "draft_rules"),
    "announce": lambda h, s, _: h._topic(
        h.staff_of_community, s, "announce", channels=["notice_board"]
    ),
    "sit": lambda h, s, _: h._sit(s),
    "sign_in": _sign_in,
    "vote_rules": lambda h, s, _: h._vote(s, "rules", 6),
    "explain": lambda h, s, _: h._sitting(s.proposer, s, "explain", summary="说明方案"),
    "vote": lambda h, s, step: h._vote(s, "item-1", ENDINGS[step.split(":")[1]]),
    "settle": lambda h, s, _: h._sitting(
        s.proposer, s, "settle", implementation_plan="年底前完成"
    ),
    "settle_major": lambda h, s, _: h._sitting(
        s.proposer, s, "settle", major_decision=True
    ),
    "stage": lambda h, s, _: h.container.sittings.major_decision(
        h.staff_of_community, s.topic_id, "proposal", "党组织会议", None, None
    ),
    "file": lambda h, s, _: h._topic(h.staff_of_community, s, "file"),
    "communicate": lambda h, s, _: h._topic(
        h.staff_of_community, s, "communicate", details={"channels": ["wechat"]}
    ),
    "report": lambda h, s, _: h._topic(
        principal(h.container, "P0028"),
        s,
        "report",
        progress="进展",
        problems="无",
        effects="方便出行",
        involves_funds_labour=False,
    ),
}
