"""The demo deliberations a newcomer clicks through are seeded through the real services."""

from __future__ import annotations

from infra import demo_deliberation


def test_demo_has_an_announced_and_a_settled_filed_topic_posted_in_public_JH_5_4(
    container,
):
    seeded = demo_deliberation.seed(container)
    announced, settled = (
        container.ledger.topic(seeded["announced"]),
        container.ledger.topic(seeded["settled"]),
    )
    assert (announced.status, announced.allowed_actions()) == (
        "announced",
        ["consult", "open_sitting"],
    )
    assert (
        settled.status == "implementing"
        and settled.outcome.value == "consensus"
        and settled.steps == {"file": 1, "communicate": 1, "post": 1}
    )
    container.runner.wait_for(container.ledger.position(), 10)
    posted = container.publication.posted_deliberations("CX0101", 0, 50)["items"]
    assert [p["topic_id"] for p in posted] == [seeded["settled"]]
    sitting = container.ledger.sitting(settled.sittings[0])
    assert sitting.ballots.closed["item-1"].yes == 7 and sitting.spoken == {
        str(k): 1
        for k in (
            demo_deliberation.person_id_for("P0039"),
            demo_deliberation.person_id_for("P0040"),
        )
    }
