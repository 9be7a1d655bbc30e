"""What the recorder keeps of a sitting besides sign-in, speeches and votes: where its record media
are (WZ-5.6-d) and notes of the discussion by aspect (LS-2.4.5). Plain functions over the
Sitting, each checking before it records its event.
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

from domain.actors import Actor
from domain.deliberation.sitting_checks import require_debate
from domain.errors import InvalidValue, OutsideJurisdiction
from domain.levels import Role

if TYPE_CHECKING:
    from domain.deliberation.sittings import Sitting

MEDIA_KINDS = ("written", "video", "stream")  # WZ-5.6-d: 书面记录、录像、直播


class DiscussionAspect(str, Enum):
    """LS-2.4.5: what the discussion covers, in the order the standard gives."""

    PROBLEM = "problem"  # 问题
    MANIFESTATION = "manifestation"  # 表现
    EFFECTS = "effects"  # 影响
    CAUSES = "causes"  # 原因
    SOLUTIONS = "solutions"  # 解决办法
    CAUTIONS = "cautions"  # 注意事项


def attach_media(sitting: Sitting, actor: Actor, kind: str, reference: str) -> None:
    """WZ-5.6-d: any time once opened, after the outcome too (a video is archived later)."""
    _recorder_or_staff(sitting, actor, "WZ-5.6-d")
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
    sitting.trigger_event(
        sitting.MediaAttached,
        kind=kind,
        reference=reference.strip(),
        **actor.event_fields(),
    )


def note_discussion(sitting: Sitting, actor: Actor, aspect: str, note: str) -> None:
    """LS-2.4.5: the recorder notes what was said on one aspect, while the floor is open."""
    require_debate(sitting)
    _recorder_or_staff(sitting, actor, "LS-2.4.5")
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
    sitting.trigger_event(
        sitting.DiscussionNoted,
        aspect=aspect,
        note=note.strip(),
        **actor.event_fields(),
    )


def _recorder_or_staff(sitting: Sitting, actor: Actor, rule_id: str) -> None:
    if actor.person_id != sitting.recorder and actor.role is not Role.COMMUNITY_STAFF:
        raise OutsideJurisdiction(
            "the sitting's recorder (or the community's staff) records this",
            rule_id=rule_id,
            zh="此项由本次会议的记录人（或本社区工作人员）记录",
        )
