"""考核 The assessment from the view's marks (BZ-A2; application/assessment/marks.py).

After the scripted month (tests/api/assessment_month.py), more activity is added and the
street assessed again: the marks the projection kept as the events arrived give the
figures a replay of the whole log gives, counted afresh.
"""

from __future__ import annotations

from datetime import timedelta

from application.assessment.period import Period, parse_period
from application.assessment.replay import replayed_rows
from domain.actors import SYSTEM
from tests.api.test_assessment import (  # noqa: F401 (the fixture)
    COMMUNITIES,
    STREET,
    month,
)


def _both(
    month,  # noqa: F811
    period: Period | None = None,
    unit: str = "CX01",
) -> tuple[dict, dict]:
    """The unit's figures from the view, and counted afresh from a replay of the log."""
    period = period or parse_period(month.first.strftime("%Y-%m"))
    service = month.container.assessment
    replayed = service.assess(
        unit, period, rows=lambda: replayed_rows(month.container.ledger)
    )
    return service.assess(unit, period), replayed


def _settled(month) -> None:  # noqa: F811
    assert month.container.runner.wait_for(month.container.ledger.position(), 15)


def test_marks_kept_as_events_arrive_match_a_replay_BZ_A2(
    month,  # noqa: F811
) -> None:
    """BZ-A2: after more activity, the marks give the replay's figures."""
    first, _ = _both(month)
    assert first["figures"] == STREET
    two_months = Period("two months", month.first, month.first + timedelta(days=59))
    before, _ = _both(month, two_months)
    # more on day 45: one raised and escalated, one accepted and resolved
    month.raise_("H", "P0038")
    month.act("P0037", "H", "escalate", reason="需社区协调")
    month.raise_("I", "P0040")
    month.act("P0037", "I", "accept")
    month.act("P0037", "I", "resolve", resolution="已处理")
    _settled(month)
    viewed, replayed = _both(month, two_months)
    assert viewed["figures"] == replayed["figures"]
    assert viewed["children"] == replayed["children"]
    figures, earlier = viewed["figures"], before["figures"]
    assert figures["received"] == earlier["received"] + 2  # H and I
    assert figures["resolved"] == earlier["resolved"] + 1  # I
    assert figures["escalated"] == earlier["escalated"]  # H went up inside the street
    month_now = _both(month)[0]["figures"]  # day 45 is past the month: it is unchanged
    assert (month_now["received"], month_now["resolved"]) == (
        STREET["received"],
        STREET["resolved"],
    )
    assert month_now["open_now"] == STREET["open_now"] + 1  # H is open now


def test_marks_after_a_move_of_the_training_clock_are_in_service_time_BZ_A2(
    month,  # noqa: F811
) -> None:
    """BZ-A2: each fact's service time depends on the clock's moves; a request raised
    after a move falls outside the month, as in the replay, yet is open now."""
    _both(month)
    month.on_day(50)
    month.raise_("J", "P0041")
    _settled(month)
    viewed, replayed = _both(month)
    assert viewed["figures"] == replayed["figures"]
    assert viewed["figures"]["open_now"] == STREET["open_now"] + 1  # J, raised later
    assert viewed["figures"]["received"] == STREET["received"]  # J is past the month


def test_a_community_moved_later_keeps_its_facts_under_the_street_then_BZ_A2(
    month,  # noqa: F811
) -> None:
    """BZ-A2: each fact counts for the units above where it happened as the registry
    stood then (BZ-L1 allows a unit to move): after CX0101 moves to street CX02, the
    month's facts of CX0101 still count for CX01, not CX02, in the view and the replay;
    what is open now counts where it is held now."""
    ledger = month.container.ledger
    other_before, _ = _both(month, unit="CX02")
    registry = ledger.registry(for_update=True)
    registry.move(SYSTEM, "CX0101", "CX02")
    ledger.save(registry)
    _settled(month)
    viewed, replayed = _both(month)
    assert viewed["figures"] == replayed["figures"]
    assert viewed["children"] == replayed["children"]
    assert viewed["figures"]["received"] == STREET["received"]
    assert "CX0101" not in [c["unit"] for c in viewed["children"]]
    held_there = COMMUNITIES["CX0101"]["open_now"]
    assert viewed["figures"]["open_now"] == STREET["open_now"] - held_there
    other, other_replayed = _both(month, unit="CX02")
    assert other["figures"] == other_replayed["figures"]
    assert other["figures"]["received"] == other_before["figures"]["received"]
    assert other["figures"]["open_now"] == (
        other_before["figures"]["open_now"] + held_there
    )
