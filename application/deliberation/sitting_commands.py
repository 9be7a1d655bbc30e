"""The commands in a sitting (WZ-5.5 … WZ-5.6, LS-2.4.5), one frozen dataclass per use
case; `apply` calls the domain's function over the sitting (domain/deliberation: debate,
voting, sitting_rules, settling, sitting_record) for the actor `SittingService.handle`
decided."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar
from uuid import UUID

from application.deliberation.topic_commands import Passing, threshold
from domain.actors import Actor
from domain.deliberation.debate import (
    expert_statement,
    explain,
    request_floor,
    sign_in,
    speak,
)
from domain.deliberation.procedure import ProcedureRules
from domain.deliberation.settling import settle_sitting
from domain.deliberation.sitting_record import (
    DiscussionAspect,
    attach_media,
    note_discussion,
)
from domain.deliberation.sitting_rules import close_without_result, redraft_rules
from domain.deliberation.sittings import Sitting
from domain.deliberation.voting import cast, close_vote, open_vote, record_counts


@dataclass(frozen=True, kw_only=True)
class SittingCommand:
    action: ClassVar[str]
    sitting_id: UUID
    expected_version: int | None = None

    def apply(self, sitting: Sitting, actor: Actor) -> None:
        raise NotImplementedError


@dataclass(frozen=True, kw_only=True)
class SignIn(SittingCommand):
    action = "sign_in"
    participant: str | None = None
    participants: tuple[str, ...] | None = None

    def apply(self, sitting: Sitting, actor: Actor) -> None:
        """WZ-5.6-a: one person (by default the caller) or a list in one call."""
        for person in self.participants or [self.participant or actor.person_id]:
            sign_in(sitting, actor, person)


@dataclass(frozen=True, kw_only=True)
class OpenVote(SittingCommand):
    action = "open_vote"
    item: str
    text: str = ""
    amends: str | None = None

    def apply(self, sitting: Sitting, actor: Actor) -> None:
        open_vote(sitting, actor, self.item, self.text, self.amends)


@dataclass(frozen=True, kw_only=True)
class ExplainTopic(SittingCommand):
    action = "explain"
    summary: str

    def apply(self, sitting: Sitting, actor: Actor) -> None:
        explain(sitting, actor, self.summary)


@dataclass(frozen=True, kw_only=True)
class RequestFloor(SittingCommand):
    action = "request_floor"
    position: str
    participant: str | None = None

    def apply(self, sitting: Sitting, actor: Actor) -> None:
        request_floor(
            sitting, actor, self.participant or actor.person_id, self.position
        )


@dataclass(frozen=True, kw_only=True)
class Speak(SittingCommand):
    action = "speak"
    participant: str
    seconds: int
    summary: str

    def apply(self, sitting: Sitting, actor: Actor) -> None:
        speak(sitting, actor, self.participant, self.seconds, self.summary)


@dataclass(frozen=True, kw_only=True)
class ExpertStatement(SittingCommand):
    action = "expert_statement"
    participant: str
    summary: str

    def apply(self, sitting: Sitting, actor: Actor) -> None:
        expert_statement(sitting, actor, self.participant, self.summary)


@dataclass(frozen=True, kw_only=True)
class CastBallot(SittingCommand):
    action = "cast"
    item: str
    choice: str

    def apply(self, sitting: Sitting, actor: Actor) -> None:
        cast(sitting, actor, self.item, self.choice)


@dataclass(frozen=True, kw_only=True)
class RecordCounts(SittingCommand):
    action = "record_counts"
    item: str
    yes: int
    no: int
    abstain: int

    def apply(self, sitting: Sitting, actor: Actor) -> None:
        record_counts(sitting, actor, self.item, self.yes, self.no, self.abstain)


@dataclass(frozen=True, kw_only=True)
class CloseVote(SittingCommand):
    action = "close_vote"
    item: str

    def apply(self, sitting: Sitting, actor: Actor) -> None:
        close_vote(sitting, actor, self.item)


@dataclass(frozen=True, kw_only=True)
class NoteDiscussion(SittingCommand):
    action = "note_discussion"
    aspect: DiscussionAspect
    note: str

    def apply(self, sitting: Sitting, actor: Actor) -> None:
        note_discussion(sitting, actor, self.aspect, self.note)


@dataclass(frozen=True, kw_only=True)
class AttachMedia(SittingCommand):
    action = "attach_media"
    kind: str
    reference: str

    def apply(self, sitting: Sitting, actor: Actor) -> None:
        attach_media(sitting, actor, self.kind, self.reference)


@dataclass(frozen=True, kw_only=True)
class SettleSitting(SittingCommand):
    action = "settle"
    implementation_plan: str = ""
    major_decision: bool = False

    def apply(self, sitting: Sitting, actor: Actor) -> None:
        settle_sitting(sitting, actor, self.implementation_plan, self.major_decision)


@dataclass(frozen=True, kw_only=True)
class RedraftRules(SittingCommand):
    action = "redraft_rules"
    speech_minutes: int | None = None
    speeches_per_person: int | None = None
    passing: Passing | None = None

    def apply(self, sitting: Sitting, actor: Actor) -> None:
        rules = ProcedureRules.drafted(
            sitting.rule_profile,
            self.speech_minutes,
            self.speeches_per_person,
            threshold(self.passing),
        )
        redraft_rules(sitting, actor, rules)


@dataclass(frozen=True, kw_only=True)
class CloseWithoutResult(SittingCommand):
    action = "close_without_result"

    def apply(self, sitting: Sitting, actor: Actor) -> None:
        close_without_result(sitting, actor)


COMMANDS: tuple[type[SittingCommand], ...] = (
    SignIn,
    ExplainTopic,
    RequestFloor,
    Speak,
    ExpertStatement,
    OpenVote,
    CastBallot,
    RecordCounts,
    CloseVote,
    SettleSitting,
    AttachMedia,
    NoteDiscussion,
    RedraftRules,
    CloseWithoutResult,
)
SITTING_ACTIONS: dict[str, type[SittingCommand]] = {c.action: c for c in COMMANDS}


def sitting_command(
    action: str,
    sitting_id: UUID,
    fields: Mapping[str, Any],
    expected_version: int | None = None,
) -> SittingCommand:
    """The command a form (or a script) names by its action, from its validated fields."""
    return SITTING_ACTIONS[action](
        sitting_id=sitting_id, expected_version=expected_version, **fields
    )


@dataclass(frozen=True)
class RecordPaperCounts:
    """A combined sitting's room count for the open item: the people counted (by reference or
    id) and their yes, no and abstain (WZ-5.3-d)."""

    sitting_id: UUID
    item: str
    voters: tuple[str, ...]
    yes: int
    no: int
    abstain: int
    expected_version: int | None = None
