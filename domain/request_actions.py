"""What a request's state allows (BZ-D1, BZ-A1): the actions offered at each step."""

from __future__ import annotations

from domain.levels import Level
from domain.vocabulary import WAITING, Status

_AFTER_RESOLUTION: dict[Status, frozenset[str]] = {
    Status.RESOLVED: frozenset({"confirm", "dispute", "rate"}),
    Status.CLOSED: frozenset({"rate"}),
}


def allowed_request_actions(
    status: Status, holding_level: Level, open_urges: int, rated_this_round: bool
) -> list[str]:
    """The actions a request in `status`, held at `holding_level`, allows now."""
    if status in WAITING:
        actions = {"escalate", "delegate", "resolve", "withdraw"}
        if status is not Status.ACCEPTED:
            actions.add("accept")
        if status is not Status.ACCEPTED and holding_level is not Level.DISTRICT:
            actions.add(
                "reassign"
            )  # routed to the wrong unit: found before taking it up
        if holding_level is Level.DISTRICT:
            actions.discard("escalate")  # never past the district (BZ-D1)
        if holding_level is Level.GROUP:
            actions.discard("delegate")  # nothing below a group to delegate to
        if open_urges:
            actions.add("answer_urge")
        return sorted(actions)
    found = set(_AFTER_RESOLUTION.get(status, frozenset()))
    if rated_this_round:
        found.discard("rate")
    return sorted(found)
