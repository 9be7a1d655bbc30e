"""What one command reads from the log (issue 16: no second fast-forward of the registry on
the hot path): raising a request brings the registry and the raiser up to date once each,
the registry the route's access check read being handed on to the command."""

from __future__ import annotations

from collections import Counter

import pytest

from domain.clock import TRAINING_CLOCK_ID
from domain.people import person_id_for
from domain.registry import REGISTRY_ID

RESIDENT = "P0038"
RAISE = {
    "title": "楼道灯坏了",
    "description": "5栋2单元楼道灯不亮",
    "category": "facilities",
}


@pytest.fixture
def reads(container, monkeypatch: pytest.MonkeyPatch) -> Counter:
    """Aggregate reads from the log, counted by aggregate id."""
    counted: Counter = Counter()
    recorder = container.ledger.recorder
    original = recorder.select_events

    def counting(originator_id, **narrowed):
        counted[str(originator_id)] += 1
        return original(originator_id, **narrowed)

    monkeypatch.setattr(recorder, "select_events", counting)
    return counted


def test_raising_a_request_brings_the_registry_and_the_raiser_up_once_each(
    client, auth, reads
):
    client.post("/api/v1/requests", headers=auth(RESIDENT), json=RAISE)  # warm caches
    reads.clear()
    raised = client.post("/api/v1/requests", headers=auth(RESIDENT), json=RAISE)
    assert raised.status_code == 201, raised.text
    raiser = str(person_id_for(RESIDENT))
    assert reads[str(REGISTRY_ID)] == 1 and reads[raiser] == 1, reads
    # besides them, at most the clock's offset, re-read once its cache ages (clock.py)
    assert set(reads) - {str(REGISTRY_ID), raiser} <= {str(TRAINING_CLOCK_ID)}, reads
