"""考核 A period's tallies carried forward between assessments (BZ-A2; application/assessment/carried.py).

After the scripted month (tests/api/assessment_month.py), more activity is added and the
street assessed again: the service counts only the rows after the position it had counted
to, and its figures are those a replay of the whole log gives, counted afresh.
"""

from __future__ import annotations

from application.assessment.period import parse_period
from application.assessment.replay import replayed_rows
from tests.api.test_assessment import STREET, month  # noqa: F401 (the fixture)


def _both(month) -> tuple[dict, dict]:  # noqa: F811
    period = parse_period(month.first.strftime("%Y-%m"))
    service = month.container.assessment
    replayed = service.assess(
        "CX01", period, rows=lambda: replayed_rows(month.container.ledger)
    )
    return service.assess("CX01", period), replayed


def _settled(month) -> None:  # noqa: F811
    assert month.container.runner.wait_for(month.container.ledger.position(), 15)


def test_tallies_counted_on_from_where_they_stopped_match_a_replay_BZ_A2(
    month,  # noqa: F811
) -> None:
    """BZ-A2: the kept tallies, fed only the newer rows, give the replay's figures."""
    first, _ = _both(month)
    assert first["figures"] == STREET
    [kept] = month.container.assessment.carried.kept.values()
    counted_to, tallies = kept.upto, kept.tallies
    # more of the month's last day: one raised and escalated, one accepted and resolved
    month.raise_("H", "P0038")
    month.act("P0037", "H", "escalate", reason="需社区协调")
    month.raise_("I", "P0040")
    month.act("P0037", "I", "accept")
    month.act("P0037", "I", "resolve", resolution="已处理")
    _settled(month)
    viewed, replayed = _both(month)
    assert viewed["figures"] == replayed["figures"]
    assert viewed["children"] == replayed["children"]
    [kept] = month.container.assessment.carried.kept.values()
    assert kept.tallies is tallies and kept.upto > counted_to  # counted on, not again


def test_a_move_of_the_training_clock_counts_the_period_afresh_BZ_A2(
    month,  # noqa: F811
) -> None:
    """BZ-A2: each fact's service time depends on the clock's moves; a move after the
    kept tallies were counted makes them count again (the figures stay the replay's)."""
    _both(month)
    month.on_day(50)
    month.raise_("J", "P0041")
    _settled(month)
    viewed, replayed = _both(month)
    assert viewed["figures"] == replayed["figures"]
    assert viewed["figures"]["open_now"] == STREET["open_now"] + 1  # J, raised later
    assert len(month.container.assessment.carried.kept) == 2
