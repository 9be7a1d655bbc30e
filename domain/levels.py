"""The five levels (BZ-L1) and the roles people hold at units."""

from __future__ import annotations

from enum import Enum


class Level(str, Enum):
    """Unit levels, top to bottom. Residents, the fifth level, are people, not units."""

    DISTRICT = "district"
    STREET = "street"
    COMMUNITY = "community"
    GROUP = "group"

    @property
    def depth(self) -> int:
        return UNIT_LEVELS.index(self)

    @property
    def parent_level(self) -> Level | None:
        return None if self is Level.DISTRICT else UNIT_LEVELS[self.depth - 1]


UNIT_LEVELS = (Level.DISTRICT, Level.STREET, Level.COMMUNITY, Level.GROUP)


class Role(str, Enum):
    """Roles a person holds at a unit; `resident` is implied by a home group."""

    RESIDENT = "resident"
    GROUP_LEADER = "group_leader"
    COMMUNITY_STAFF = "community_staff"
    STREET_STAFF = "street_staff"
    DISTRICT_STAFF = "district_staff"
    SUPERVISION_COMMITTEE = "supervision_committee"
    ADMINISTRATOR = "administrator"
    SYSTEM = "system"


# The level of unit at which each grantable role is held.
ROLE_LEVEL = {
    Role.GROUP_LEADER: Level.GROUP,
    Role.COMMUNITY_STAFF: Level.COMMUNITY,
    Role.STREET_STAFF: Level.STREET,
    Role.DISTRICT_STAFF: Level.DISTRICT,
    Role.SUPERVISION_COMMITTEE: Level.COMMUNITY,
    Role.ADMINISTRATOR: Level.DISTRICT,
}

# Roles that handle requests for their unit and every unit below it.
HANDLING_ROLES = frozenset(
    {Role.GROUP_LEADER, Role.COMMUNITY_STAFF, Role.STREET_STAFF, Role.DISTRICT_STAFF}
)

# Roles that may read (never change) everything in their unit's subtree.
READING_ROLES = HANDLING_ROLES | {Role.SUPERVISION_COMMITTEE, Role.ADMINISTRATOR}


# BZ-L2: what each level is for, and BZ-L3: the venue each level keeps (五级"家站点"), shown with the units.
DUTIES = {
    Level.DISTRICT: ("统筹协调", "一贯到底"),
    Level.STREET: ("资源整合", "精准服务"),
    Level.COMMUNITY: ("民主议政", "双联共建"),
    Level.GROUP: ("组织调解", "联动互助"),
}
RESIDENT_DUTIES = ("意见表达", "关键少数带动")
VENUES = {
    Level.DISTRICT: "区级社区服务中心",
    Level.STREET: "街道邻里中心",
    Level.COMMUNITY: "社区睦邻家园",
    Level.GROUP: "小区睦邻驿站",
}
RESIDENT_VENUE = "居民睦邻点"
