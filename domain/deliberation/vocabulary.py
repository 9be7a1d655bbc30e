"""Words of deliberation: topic categories and who may propose them (WZ-5.1-a), topic classes
(SX-T1), the review checks (WZ-5.2-a) and the six-must / five-must-not screen (JH-4.1, JH-4.2)."""

from __future__ import annotations

from enum import Enum


class TopicCategory(str, Enum):
    COMMUNITY_RESIDENTS = "community_residents"  # 社区与居民之间
    BUILDING = "building"  # 楼宇（小区、居民小组、自然村）
    COMMUNITY_ORGANISATIONS = "community_organisations"  # 社区与其他组织之间
    COMMUNITY_DEPARTMENTS = "community_departments"  # 社区与政府部门之间
    INTERNAL = "internal"  # 社区内部


class ProposerKind(str, Enum):
    RESIDENT = "resident"
    COMMUNITY = "community"  # the community (its staff, for the committees)
    BUILDING_HEAD = "building_head"  # 楼宇长
    OWNERS_COMMITTEE = "owners_committee"  # 业主委员会
    GROUP_LEADER = "group_leader"  # 居民小组组长
    RESIDENT_REPRESENTATIVE = "resident_representative"
    PROPERTY_COMPANY = "property_company"
    LOCAL_ORGANISATION = "local_organisation"  # 辖区企事业单位
    GOVERNMENT_OFFICE = "government_office"  # 机关单位
    SOCIAL_ORGANISATION = "social_organisation"  # 社区社会组织
    DEPARTMENT = "department"  # 政府部门
    COMMITTEE_MEMBER = "committee_member"  # 党组织或居委会成员


K = ProposerKind
ENTITLED: dict[TopicCategory, frozenset[ProposerKind]] = {
    TopicCategory.COMMUNITY_RESIDENTS: frozenset(
        {K.COMMUNITY, K.RESIDENT, K.COMMITTEE_MEMBER}
    ),
    TopicCategory.BUILDING: frozenset(
        {
            K.BUILDING_HEAD,
            K.OWNERS_COMMITTEE,
            K.GROUP_LEADER,
            K.RESIDENT_REPRESENTATIVE,
            K.COMMITTEE_MEMBER,
        }
    ),
    TopicCategory.COMMUNITY_ORGANISATIONS: frozenset(
        {
            K.COMMUNITY,
            K.OWNERS_COMMITTEE,
            K.PROPERTY_COMPANY,
            K.LOCAL_ORGANISATION,
            K.GOVERNMENT_OFFICE,
            K.SOCIAL_ORGANISATION,
            K.COMMITTEE_MEMBER,
        }
    ),
    TopicCategory.COMMUNITY_DEPARTMENTS: frozenset(
        {K.COMMUNITY, K.DEPARTMENT, K.COMMITTEE_MEMBER}
    ),
    TopicCategory.INTERNAL: frozenset({K.COMMITTEE_MEMBER}),
}
"""WZ-5.1-a, with one reading: members of the two committees "may also propose" any topic (WZ 5(1)①)."""


class TopicClass(str, Enum):
    IMMEDIATE = "immediate"  # 即时议
    IN_DEPTH = "in_depth"  # 深入议


class ReviewCheck(str, Enum):
    NATURE = "nature"  # in the consultation catalogue
    SCOPE = "scope"  # affects most residents
    FEASIBILITY = "feasibility"  # reasonable and workable


class MustDeliberate(str, Enum):
    PUBLIC_AFFAIRS = "public_affairs"
    URGENT_DIFFICULTY = "urgent_difficulty"
    POLICY_IMPLEMENTATION = "policy_implementation"
    REQUIRED_BY_LAW = "required_by_law"
    REQUESTED = "requested"
    OTHER = "other"


class MustNotDeliberate(str, Enum):
    SETTLED_BY_LAW = "settled_by_law"
    REQUIRED_FROM_ABOVE = "required_from_above"
    ALREADY_VOTED = "already_voted"
    UNFAIR = "unfair"
    TWO_PARTY_DISPUTE = "two_party_dispute"  # goes to mediation, not deliberation
