"""/me/deliberations: one row a topic with every role the caller holds and the next steps the
caller may take themselves, through the API on both backends (WZ-5.2-b, WZ-5.8-b)."""

from __future__ import annotations

from tests.api.deliberation_helpers import PROPOSER, STAFF, settled_deliberation


def my_row(d, who: str) -> dict:
    rows = [r for r in d.get(who, "/me/deliberations") if r["topic_id"] == d.topic_id]
    assert len(rows) == 1, rows
    return rows[0]


def test_the_convenor_sees_one_row_and_explain_dissent_WZ_5_8_b(client, auth):
    d = settled_deliberation(client, auth)["topic"]
    row = my_row(d, PROPOSER)
    assert set(row["roles"]) == {"proposer", "convenor", "host", "participant"}
    assert "explain_dissent" in row["next_steps"]
    assert "consult" in row["next_steps"]
    assert not {"file", "communicate", "implement"} & set(row["next_steps"])
    staff = my_row(d, STAFF)
    assert staff["roles"] == ["recorder"]
    assert {"file", "communicate", "implement", "explain_dissent"} <= set(
        staff["next_steps"]
    )
    assert "report" not in staff["next_steps"], "the supervision committee's step"
    d.topic(STAFF, "file")
    assert "file" not in my_row(d, STAFF)["next_steps"]
