"""Who takes part in a sitting and who votes (WZ-5.3-c, WZ-5.5-d, LS-2.1), and the forms that need no
rules of procedure (WZ-5.5-a)."""

from __future__ import annotations

from enum import Enum


class ParticipantCategory(str, Enum):
    """WZ-5.3-c / WZ-5.5-d categories; LS-2.1's four groups map onto them as a community worker enters them:
    group representatives (resident reps, party members, deputies, women, elderly, owners' committee,
    property company, non-local residents …) → stakeholder; unit representatives (government and enforcement
    departments, enterprises and institutions in the area) → department, unless the unit is itself a party to
    the matter (then stakeholder); professionals (experts, specialist social workers) → expert; volunteers who
    come of their own accord → non_stakeholder. Only stakeholders vote."""

    STAKEHOLDER = "stakeholder"
    DEPARTMENT = "department"
    EXPERT = "expert"
    NON_STAKEHOLDER = "non_stakeholder"


VOTING = {
    ParticipantCategory.STAKEHOLDER
}  # WZ-5.5-d: the others take part but do not vote
NO_RULES_FORMS = {"door_to_door", "written"}  # WZ-5.5-a
