"""What the recorder keeps of a sitting besides sign-in, speeches and votes: where its record media
are (WZ-5.6-d) and notes of the discussion by aspect (LS-2.4.5). Commands of the Sitting, which
nests subclasses of these events.
"""

from __future__ import annotations

from enum import Enum

from domain.actors import ActedEvent, Actor
from domain.deliberation.sitting_state import SittingState
from domain.errors import InvalidValue, OutsideJurisdiction
from domain.levels import Role

MEDIA_KINDS = ("written", "video", "stream")  # WZ-5.6-d: 书面记录、录像、直播


class DiscussionAspect(str, Enum):
    """LS-2.4.5: what the discussion covers, in the order the standard gives."""

    PROBLEM = "problem"  # 问题
    MANIFESTATION = "manifestation"  # 表现
    EFFECTS = "effects"  # 影响
    CAUSES = "causes"  # 原因
    SOLUTIONS = "solutions"  # 解决办法
    CAUTIONS = "cautions"  # 注意事项


class MediaAttachedBase(ActedEvent):
    """A reference (archive number, URL) to a written record, video or stream: never the media itself."""

    kind: str
    reference: str


class DiscussionNotedBase(ActedEvent):
    personal_fields = ("note",)
    subject_id: str
    aspect: str
    note: str


class SittingRecord(SittingState):
    """Mixin of the Sitting: the recorder's own record of it."""

    MediaAttached: type
    DiscussionNoted: type
    recorder: str

    def attach_media(self, actor: Actor, kind: str, reference: str) -> None:
        """WZ-5.6-d: any time once opened, after the outcome too (a video is archived later)."""
        self._recorder_or_staff(actor, "WZ-5.6-d")
        if kind not in MEDIA_KINDS:
            raise InvalidValue(
                f"unknown record medium {kind!r}",
                rule_id="WZ-5.6-d",
                allowed=MEDIA_KINDS,
                zh=f"未知的会议记录载体 {kind!r}：可选载体见 allowed_actions",
            )
        if not reference.strip():
            raise InvalidValue(
                "give the archive number or the address of the record",
                rule_id="WZ-5.6-d",
                zh="请给出档案编号或记录的地址",
            )
        self.trigger_event(
            self.MediaAttached,
            kind=kind,
            reference=reference.strip(),
            **actor.event_fields(),
        )

    def note_discussion(self, actor: Actor, aspect: str, note: str) -> None:
        """LS-2.4.5: the recorder notes what was said on one aspect, while the floor is open."""
        self._require_debate()
        self._recorder_or_staff(actor, "LS-2.4.5")
        if aspect not in {a.value for a in DiscussionAspect}:
            raise InvalidValue(
                f"unknown aspect {aspect!r}",
                rule_id="LS-2.4.5",
                allowed=[a.value for a in DiscussionAspect],
                zh=f"未知的讨论方面 {aspect!r}：可选方面见 allowed_actions",
            )
        if not note.strip():
            raise InvalidValue(
                "a discussion note has content",
                rule_id="LS-2.4.5",
                zh="讨论记录须有内容",
            )
        self.trigger_event(
            self.DiscussionNoted,
            aspect=aspect,
            note=note.strip(),
            **actor.event_fields(),
        )

    def _recorder_or_staff(self, actor: Actor, rule_id: str) -> None:
        if actor.person_id != self.recorder and actor.role is not Role.COMMUNITY_STAFF:
            raise OutsideJurisdiction(
                "the sitting's recorder (or the community's staff) records this",
                rule_id=rule_id,
                zh="此项由本次会议的记录人（或本社区工作人员）记录",
            )
