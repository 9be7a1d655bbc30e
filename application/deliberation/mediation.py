"""Mediation cases at the resident group (BZ-N1), as typed commands: a topic rejected under
JH-4.2 (5) as a two-party dispute is opened as a case with its parties; sessions, then an
agreement or a failure referred to the community's people's mediation committee.

The community's staff record each step (the access row); the case is held at a resident group
of the topic's community. The parties are named by reference (P0039) or id.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from application.ledger import IdempotencyKey, Ledger, Outcome
from application.people.refs import named_person
from application.principals import Principal
from domain.deliberation.mediation import MediationCase, check_opening, mediation_id_for
from domain.deliberation.topics import Topic
from domain.errors import InvalidValue, TransitionNotAllowed, UnknownTopic
from domain.jurisdiction import acting_role
from domain.levels import Level


@dataclass(frozen=True)
class OpenMediation:
    topic_id: UUID
    group: str
    parties: tuple[str, ...]


@dataclass(frozen=True)
class HoldSession:
    topic_id: UUID
    present: tuple[str, ...]
    summary: str


@dataclass(frozen=True)
class RecordAgreement:
    topic_id: UUID
    terms: str
    signed_by: tuple[str, ...]


@dataclass(frozen=True)
class RecordFailure:
    topic_id: UUID
    reason: str


def case_summary(case: MediationCase) -> dict[str, Any]:
    return {
        "case_id": str(case.id),
        "topic_id": case.topic_id,
        "group": case.group,
        "parties": list(case.parties),
        "status": case.status,
        "sessions": case.sessions,
        "version": case.version,
        "allowed_actions": case.allowed_actions(),
    }


def screened_out(ledger: Ledger, topic: Topic) -> list[str]:
    """The five-must-not items the topic's last review found (JH-4.2)."""
    reviews = [e for e in ledger.events.get(topic.id) if hasattr(e, "must_not")]
    return list(reviews[-1].must_not) if reviews else []


class MediationService:
    def __init__(self, ledger: Ledger):
        self.ledger = ledger

    def _people(self, keys: tuple[str, ...]) -> list[str]:
        return [named_person(self.ledger, key, "BZ-N1") for key in keys]

    def case(self, topic_id: UUID) -> MediationCase:
        return self.ledger.load(
            MediationCase, mediation_id_for(str(topic_id)), UnknownTopic
        )

    def open(
        self, principal: Principal, command: OpenMediation, idem: IdempotencyKey | None
    ) -> dict[str, Any]:
        def build() -> Outcome:
            topic = self.ledger.topic(command.topic_id)
            registry = self.ledger.registry()
            group = registry.unit(command.group)
            if group.level is not Level.GROUP or not registry.is_within(
                command.group, topic.community
            ):
                raise InvalidValue(
                    f"{command.group} is not a resident group of {topic.community}",
                    rule_id="BZ-N1",
                    zh=f"{command.group} 不是 {topic.community} 的居民小组：请选择本社区的居民小组",
                )
            parties = self._people(command.parties)
            check_opening(topic.status, screened_out(self.ledger, topic), parties)
            self._not_opened(command.topic_id)
            actor = acting_role(
                principal.person_id, principal.roles, command.group, registry
            )
            case = MediationCase.open(
                actor, str(topic.id), topic.community, command.group, parties
            )
            return Outcome([case], case_summary(case))

        return self.ledger.commit(build, idem)

    def _not_opened(self, topic_id: UUID) -> None:
        try:
            self.case(topic_id)
        except UnknownTopic:
            return
        raise TransitionNotAllowed(
            "the dispute already has its mediation case",
            rule_id="BZ-N1",
            zh="该纠纷已有调解案件，不能再开一件",
        )

    def act(
        self,
        principal: Principal,
        command: HoldSession | RecordAgreement | RecordFailure,
        idem: IdempotencyKey | None,
    ) -> dict[str, Any]:
        def build() -> Outcome:
            case = self.case(command.topic_id)
            actor = acting_role(
                principal.person_id, principal.roles, case.group, self.ledger.registry()
            )
            if isinstance(command, HoldSession):
                case.hold_session(actor, self._people(command.present), command.summary)
            elif isinstance(command, RecordAgreement):
                signed = self._people(command.signed_by)
                case.reach_agreement(actor, command.terms, signed)
            else:
                case.fail(actor, command.reason)
            return Outcome([case], case_summary(case))

        return self.ledger.commit(build, idem)
