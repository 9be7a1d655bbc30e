"""The trace records rebuilt from the stored event log alone, on both backends, before and after an
erasure (WZ-6, JH-5.3)."""

from __future__ import annotations

import pytest

from api.records_render import to_html, to_markdown
from application.principals import Principal
from application.records.trace import UnknownTopic, record_for, records_for
from domain.errors import NotFound
from domain.people import ErasureBasis, person_id_for
from domain.personal import ERASED
from tests.unit.deliberation_history import (
    announced,
    carried_out,
    consensus_sitting,
    proposed,
    reviewed,
)


def stored(container) -> str:
    story = announced(reviewed(proposed()))
    consensus_sitting(story)
    carried_out(story)
    container.ledger.save(story.topic, *story.sittings)
    return str(story.topic.id)


def fields(record: dict, key: str) -> dict:
    return next(s for s in record["sections"] if s["key"] == key)["fields"]


def test_records_are_rebuilt_from_the_log_with_names_from_each_persons_own_events_WZ_6_JH_5_3(
    container,
):
    topic_id = stored(container)
    records = records_for(container.ledger, topic_id)
    assert [r["status"] for r in records.values()] == ["complete"] * 5
    sitting = fields(records[4], "sitting_1")
    assert sitting["host"] == "沈俊（P0038）" and sitting["supervisor"].endswith(
        "（P0028）"
    )
    assert [
        (v["yes"], v["no"], v["abstain"], v["yes_share"]) for v in sitting["votes"]
    ] == [(7, 2, 0, "77.8%"), (6, 2, 1, "66.7%"), (5, 3, 1, "55.6%")]
    assert sitting["process"]["speeches"][0]["speaker"] == "R01", (
        "an id of no person stays as it is"
    )
    assert record_for(container.ledger, topic_id, 4) == records[4]


def test_after_the_proposers_erasure_the_records_show_erased_text_and_keep_the_figures_WZ_6(
    container,
):
    topic_id = stored(container)
    admin = Principal.of(container.ledger.person(person_id_for("P0001")))
    container.erasure.erase(
        admin, person_id_for("P0038"), ErasureBasis.CONSENT_WITHDRAWN, "PIPL-2026-017"
    )
    records = records_for(container.ledger, topic_id)
    proposal = fields(records[1], "proposal")
    assert (proposal["topic"], proposal["description"], proposal["proposer"]) == (
        ERASED,
        ERASED,
        f"{ERASED}（P0038）",
    )
    sitting = fields(records[4], "sitting_1")
    assert (
        sitting["process"]["explanation"] == ERASED
        and sitting["votes"][1]["yes_share"] == "66.7%"
    )
    assert (
        sitting["recorder"].endswith("（P0010）") and ERASED not in sitting["recorder"]
    )
    for record in records.values():
        assert "沈俊" not in to_html(record) + to_markdown(record), record["key"]


def test_an_unknown_topic_or_record_number_is_not_found_WZ_6(container):
    topic_id = stored(container)
    for unknown in (
        "not-a-uuid",
        str(person_id_for("P0038")),
        "00000000-0000-0000-0000-000000000000",
    ):
        with pytest.raises(UnknownTopic):
            records_for(container.ledger, unknown)
    with pytest.raises(NotFound) as no_such:
        record_for(container.ledger, topic_id, 6)
    assert no_such.value.rule_id == "WZ-6" and no_such.value.allowed == [
        "1",
        "2",
        "3",
        "4",
        "5",
    ]
