"""OPS: versioned views (issue 15) — `gov rebuild` of every view is one pass over the log:
each event a view handles is decoded once, whatever the number of projections, and an
event of a type no view handles is not decoded at all (it was once a projection, and
most of a long log is such records: idempotency keys, sign-in facts)."""

from __future__ import annotations

from collections import Counter

from infra.rebuild import rebuild_views
from projections.dispatch import handles_topic
from projections.view_versions import PROJECTIONS
from tests.integration.audit_helpers import raise_one
from tests.integration.test_view_rebuild import assert_views_equal_a_replay


def test_a_rebuild_of_every_view_decodes_each_handled_event_once(
    container, monkeypatch
):
    raise_one(container)
    assert container.runner.wait_for(container.ledger.position(), 30)
    notes = container.ledger.recorder.select_notifications(start=1, limit=10**6)
    handled = {n.id for n in notes if handles_topic(n.topic)}
    assert 0 < len(handled) < len(notes), "the log needs events of both kinds"
    mapper, decode = container.ledger.mapper, container.ledger.mapper.to_domain_event
    decoded: Counter[int] = Counter()

    def counting(note):
        decoded[note.id] += 1
        return decode(note)

    monkeypatch.setattr(mapper, "to_domain_event", counting)
    switched = rebuild_views(container, list(PROJECTIONS.values()))
    monkeypatch.undo()
    assert set(switched) == set(PROJECTIONS)
    assert len(set(switched.values())) == 1  # switched together, at one position
    assert set(decoded) == handled and max(decoded.values()) == 1
    assert_views_equal_a_replay(container)
