"""The demo deliberations a newcomer clicks through are seeded through the real services."""

from __future__ import annotations

from infra import demo_deliberation


def test_demo_has_an_announced_and_a_settled_filed_topic(container):
    seeded = demo_deliberation.seed(container)
    announced, settled = container.ledger.topic(seeded["announced"]), container.ledger.topic(seeded["settled"])
    assert (announced.status, announced.allowed_actions()) == ("announced", ["consult", "open_sitting"])
    assert settled.status == "implementing" and settled.outcome.value == "consensus" and settled.steps == {"file": 1}
    sitting = container.ledger.sitting(settled.sittings[0])
    assert sitting.ballots.closed["item-1"].yes == 7 and sitting.spoken == {
        str(k): 1 for k in (demo_deliberation.person_id_for("P0039"), demo_deliberation.person_id_for("P0040"))}
