"""Every command on a topic by its action (WZ-5.1-c … WZ-5.8, JH-5.4, LS-2.4.9,
LS-2.4.11): the commands before the sitting (application/deliberation/topic_commands.py) and
the steps after the outcome (application/deliberation/topic_steps.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from application.deliberation.topic_commands import (
    AnnounceTopic,
    ConsultResidents,
    DraftRules,
    NotifyProposer,
    PlanTopic,
    RegisterTopic,
    ReviewTopic,
    TopicCommand,
)
from application.deliberation.topic_report import ReportImplementation
from application.deliberation.topic_steps import STEPS, ReopenTopic

COMMANDS: tuple[type[TopicCommand], ...] = (
    RegisterTopic,
    ReviewTopic,
    NotifyProposer,
    PlanTopic,
    DraftRules,
    AnnounceTopic,
    ConsultResidents,
    ReopenTopic,
    ReportImplementation,
    *STEPS,
)
TOPIC_ACTIONS: dict[str, type[TopicCommand]] = {c.action: c for c in COMMANDS}


def topic_command(
    action: str,
    topic_id: UUID,
    fields: Mapping[str, Any],
    expected_version: int | None = None,
) -> TopicCommand:
    """The command a form (or a script) names by its action, from its validated fields."""
    return TOPIC_ACTIONS[action](
        topic_id=topic_id, expected_version=expected_version, **fields
    )
