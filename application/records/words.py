"""Chinese words of the trace records (WZ-6): the domain's codes in Chinese, and how times,
people, durations and counts read on paper (the keys' labels: application/records/labels.py).

A code without a translation reads as itself, so a value the domain adds later still appears
rather than vanishing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from domain.calendar import CHINA
from domain.personal import ERASED
from domain.vocabulary_deliberation import DELIBERATION_LABELS

NONE_YET = "（尚无）"

WORDS: dict[str, str] = {
    # topic categories (WZ-5.1-a)
    "community_residents": "社区与居民之间的协商事项",
    "building": "楼宇（小区、居民小组、自然村）的协商事项",
    "community_organisations": "社区与其他组织之间的协商事项",
    "community_departments": "社区与政府部门之间的协商事项",
    "internal": "社区内部之间的协商事项",
    # proposers
    "resident": "居民",
    "community": "社区",
    "building_head": "楼宇长",
    "owners_committee": "业主委员会",
    "group_leader": "居民小组组长",
    "resident_representative": "居民代表",
    "property_company": "物业公司",
    "local_organisation": "辖区企事业单位",
    "government_office": "机关单位",
    "social_organisation": "社区社会组织",
    "department": "政府部门",
    "committee_member": "党组织或居委会成员",
    # channels (WZ-5.1-b, WZ-5.4)
    "visit": "走访询问",
    "hotline": "热线电话",
    "wechat": "微信",
    "app": "应用",
    "phone": "电话",
    "sms": "短信",
    "notice_board": "公告栏",
    "screen": "电子屏",
    "meeting_notice": "会议通知",
    "qq": "QQ",
    # classes, checks, screen (SX-T1, WZ-5.2-a, JH-4.1/4.2)
    "immediate": "即时议",
    "in_depth": "深入议",
    "nature": "事项性质（是否属于协商事项目录）",
    "scope": "涉及范围（是否影响本社区绝大部分居民）",
    "feasibility": "可行性（是否合理、可操作）",
    "public_affairs": "涉及居民切身利益的公共事务、公益事业",
    "urgent_difficulty": "居民反映强烈、迫切要求解决的困难和问题",
    "policy_implementation": "党委政府方针政策在社区落实的事项",
    "required_by_law": "法律法规和政策明确要求协商的事项",
    "requested": "协商主体提出协商需求的事项",
    "other": "其他需要协商的事项",
    "settled_by_law": "党的政策、国家法律法规有明文规定",
    "required_from_above": "上级党委、政府有明确要求",
    "already_voted": "已经居民（代表）会议表决通过",
    "unfair": "明显不公平、有悖长远规划与公序良俗",
    "two_party_dispute": "属于个体矛盾、双方纠纷（转调解）",
    # forms and modes (WZ-5.3-d, LS-2.4.4, SX)
    "online": "线上协商",
    "seminar": "座谈式协商",
    "argumentation": "论证协商",
    "hearing": "听证协商",
    "online_offline": "线上线下相结合协商",
    "door_to_door": "入户走访协商",
    "written": "书面协商",
    "proposal": "提案协商",
    "publicity": "公示协商",
    "evaluation": "评议协商",
    "consultation": "咨询协商",
    "survey": "调查协商",
    "on_site": "现场",
    "meeting": "会议协商",
    # participants (WZ-5.5-d, LS-2.1)
    "stakeholder": "利益相关方",
    "expert": "专业技术人员",
    "non_stakeholder": "非利益相关方",
    # speeches, outcomes, steps (WZ-5.5-b, WZ-5.6-c, WZ-5.7, WZ-5.8, LS-2.4.9)
    "for": "赞成",
    "against": "反对",
    **DELIBERATION_LABELS["outcome"],
    "assembly": "居民（代表）会议表决",
    "street": "街道党工委决定",
    "problem": "问题",
    "manifestation": "表现",
    "effects": "影响",
    "causes": "原因",
    "solutions": "解决办法",
    "cautions": "注意事项",  # LS-2.4.5
    "supervision_committee": "居务监督委员会",
    "party_organisation": "社区党组织",  # WZ-5.7-a, JH-5.4
    "before": "会前",
    "after": "会后",  # WZ-5.6-f
    "simple": "涉及面小、简单",
    "complex": "涉及面广、较为复杂",
    "rules_item": "议事规则（草案）",
}
MEDIA_WORDS = {"written": "书面记录", "video": "录像", "stream": "直播"}  # WZ-5.6-d
ROUTE_WORDS = {
    "community": "社区组织实施",
    "stakeholder": "其他利益相关方落实，社区督促",  # WZ-5.8-a
    "government": "报告街道或有关部门研究吸纳并反馈",
}


BASES = {
    "eligible": "应参加表决人数",
    "present": "实到表决人数",
    "cast": "有效票数",
    "members": "全体成员",
}
_THRESHOLD = re.compile(r"^(>|≥) (\d+)/(\d+)(?: of (\w+))?$")


def threshold_words(described: str) -> str:
    """'> 1/2 of eligible' as a form says it: 赞成超过应参加表决人数的1/2."""
    match = _THRESHOLD.match(described or "")
    if match is None:
        return text(described)
    sign, num, den, base = match.groups()
    verb = "超过" if sign == ">" else "达到"
    return (
        f"赞成{verb}{BASES.get(base, base)}的{num}/{den}"
        if base
        else f"赞成{verb}{num}/{den}"
    )


def word(code: str | None) -> str:
    """The Chinese for a domain code; an unknown code (or an erased value) reads as itself."""
    if code is None:
        return NONE_YET
    return WORDS.get(code, code)


def when(moment: datetime | str | None) -> str:
    """A moment as a Chinese form shows it: Beijing time to the minute."""
    if moment is None:
        return NONE_YET
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    if (
        moment.tzinfo is None
    ):  # the log keeps UTC; a bare time is read as UTC, never as the host's zone
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(CHINA).strftime("%Y-%m-%d %H:%M")


def yes_no(flag: bool | None) -> str:
    return NONE_YET if flag is None else ("是" if flag else "否")


def passed_word(flag: bool) -> str:
    return "通过" if flag else "未通过"


def duration(seconds: int) -> str:
    minutes, rest = divmod(seconds, 60)
    return f"{minutes}分{rest:02d}秒"


def text(value: Any) -> str:
    """Free text from an event: erased text stays visibly erased, empty text reads as none."""
    if value is None or value == "":
        return NONE_YET
    return str(value)


class People:
    """Shows a person as a form does: by the label `names` gives their id (the loader makes it
    "name（reference）"), or by the id itself when there is none (someone not in the registry)."""

    def __init__(self, names: Mapping[str, str] | None = None):
        self.names = dict(names or {})

    def __call__(self, person_id: str | None) -> str:
        if not person_id:
            return NONE_YET
        return self.names.get(person_id, person_id)

    def many(self, ids: list[str] | tuple[str, ...]) -> list[str]:
        return [self(person_id) for person_id in ids]


def is_erased(value: Any) -> bool:
    return bool(value == ERASED)
