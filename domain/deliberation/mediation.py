"""A mediation case at the resident group (BZ-N1, BZ-L2 组织调解): a two-party dispute rejected at
review under JH-4.2 (5) goes to mediation, not deliberation.

The case names the parties and the group it is held at; each session is recorded; it ends in an
agreement (its terms, signed off by every party) or in a failure, which refers the dispute to the
community's people's mediation committee. Each step is an event with its actor. What is said in a
session, the terms and the reason for a failure are personal data of their author (the mediator).
"""

from __future__ import annotations

from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.actors import ActedEvent, Actor
from domain.deliberation.vocabulary import MustNotDeliberate
from domain.errors import InvalidValue, TransitionNotAllowed
from domain.personal import HoldsPersonalData

RULE = "BZ-N1"
COMMITTEE = "people_mediation_committee"  # 人民调解委员会 of the community


# The case's states and what is recorded on it, in Chinese (for its refusals).
CASE_ZH = {
    "open": "正在调解",
    "agreed": "已达成调解协议",
    "referred": "调解未成，已转交",
}
ACTION_ZH = {"session": "调解会", "agreement": "调解协议", "failure": "调解未成"}


def mediation_id_for(topic_id: str) -> UUID:
    """One mediation case per rejected topic."""
    return uuid5(NAMESPACE_URL, f"gov:mediation:{topic_id}")


def check_opening(
    topic_status: str, screened_out: list[str], parties: list[str]
) -> None:
    if (
        topic_status != "rejected"
        or MustNotDeliberate.TWO_PARTY_DISPUTE.value not in screened_out
    ):
        raise TransitionNotAllowed(
            "only a topic rejected at review as a two-party dispute goes to mediation",
            rule_id="JH-4.2",
            zh="只有在两委联席会议审查中因属双方纠纷而未立项的议题才转入调解",
        )
    if len(set(parties)) < 2 or len(set(parties)) != len(parties):
        raise InvalidValue(
            "a dispute has at least two parties, each once",
            rule_id=RULE,
            zh="纠纷至少有两方当事人，每人只列一次",
        )


class MediationCase(HoldsPersonalData, Aggregate):
    class Opened(Aggregate.Created):
        topic_id: str
        community: str
        group: str
        parties: list[str]
        actor_id: str
        actor_role: str
        actor_unit: str | None

    class SessionHeld(ActedEvent):
        personal_fields = ("summary",)
        subject_id: str
        number: int
        present: list[str]
        summary: str

        def apply(self, aggregate: MediationCase) -> None:
            aggregate.sessions += 1

    class AgreementReached(ActedEvent):
        personal_fields = ("terms",)
        subject_id: str
        terms: str
        signed_by: list[str]

        def apply(self, aggregate: MediationCase) -> None:
            aggregate.status = "agreed"

    class MediationFailed(ActedEvent):
        personal_fields = ("reason",)
        subject_id: str
        reason: str
        referred_to: str
        referred_unit: str

        def apply(self, aggregate: MediationCase) -> None:
            aggregate.status = "referred"

    @event(Opened)
    def __init__(
        self,
        topic_id: str,
        community: str,
        group: str,
        parties: list[str],
        actor_id: str,
        actor_role: str,
        actor_unit: str | None,
    ) -> None:
        self.topic_id, self.community, self.group = topic_id, community, group
        self.parties = list(parties)
        self.status, self.sessions = "open", 0

    @classmethod
    def create_id(cls, topic_id: str, **_: object) -> UUID:
        return mediation_id_for(topic_id)

    @classmethod
    def open(
        cls, actor: Actor, topic_id: str, community: str, group: str, parties: list[str]
    ) -> MediationCase:
        return cls(
            topic_id=topic_id,
            community=community,
            group=group,
            parties=sorted(parties),
            **actor.event_fields(),
        )

    def data_subject(self, event_fields: dict[str, Any]) -> str:
        return str(event_fields["actor_id"])

    def allowed_actions(self) -> list[str]:
        if self.status != "open":
            return []
        return ["session", *(["agreement", "failure"] if self.sessions else [])]

    def _require(self, action: str) -> None:
        if action not in self.allowed_actions():
            raise TransitionNotAllowed(
                f"cannot record {action} on a case that is {self.status}"
                + ("" if self.sessions else " with no session held"),
                rule_id=RULE,
                allowed=self.allowed_actions(),
                zh=f"调解案件{CASE_ZH.get(self.status, self.status)}，不能记录{ACTION_ZH.get(action, action)}"
                + ("" if self.sessions else "（尚未开过调解会）"),
            )

    def hold_session(self, actor: Actor, present: list[str], summary: str) -> None:
        self._require("session")
        if not set(present) <= set(self.parties) or not present:
            raise InvalidValue(
                "a session is held with the case's parties",
                rule_id=RULE,
                zh="调解会须有本案的当事人参加",
            )
        _said(summary, "what was said and proposed")
        self.trigger_event(
            self.SessionHeld,
            number=self.sessions + 1,
            present=sorted(set(present)),
            summary=summary.strip(),
            **actor.event_fields(),
        )

    def reach_agreement(self, actor: Actor, terms: str, signed_by: list[str]) -> None:
        self._require("agreement")
        if set(signed_by) != set(self.parties):
            raise InvalidValue(
                "an agreement is signed off by every party",
                rule_id=RULE,
                zh="调解协议须经每一方当事人签字确认",
            )
        _said(terms, "the terms agreed")
        self.trigger_event(
            self.AgreementReached,
            terms=terms.strip(),
            signed_by=sorted(set(signed_by)),
            **actor.event_fields(),
        )

    def fail(self, actor: Actor, reason: str) -> None:
        """No agreement: referred to the community's people's mediation committee."""
        self._require("failure")
        _said(reason, "why no agreement was reached")
        self.trigger_event(
            self.MediationFailed,
            reason=reason.strip(),
            referred_to=COMMITTEE,
            referred_unit=self.community,
            **actor.event_fields(),
        )


def _said(text: str, what: str) -> None:
    if not text.strip():
        raise InvalidValue(f"record {what}", rule_id=RULE, zh=f"请记录{what}")
