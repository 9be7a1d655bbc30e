"""Two sealers on one sealed log: the one that loses a race carries on, not fails.

`gov audit dossier` and `gov audit export` seal in the CLI's process while the service's
sealer runs; the CLI lost such a race now and then (IntegrityError on seal tracking).
"""

from __future__ import annotations

from infra.sealing_runner import SealingRunner
from tests.conftest import demo_container
from tests.integration.audit_helpers import raise_one


def test_a_sealer_beaten_after_reading_its_batch_seals_nothing_twice_and_raises_nothing(
    settings,
):
    container = demo_container(settings, start=False)
    try:
        parts = container.audit_parts
        loser = parts.sealing
        winner = SealingRunner(container.ledger, parts.store, loser.checkpointer, 1.0)
        winner.catch_up()
        raise_one(container)
        write = loser.write

        def beaten_then_write(notifications):
            winner.catch_up()  # the other sealer writes the same events first
            write(notifications)

        loser.write = beaten_then_write
        assert loser.catch_up() == 0
        assert loser.progress.stuck is None
        assert parts.store.sealed_position() == container.ledger.position()
        assert parts.store.size() == container.ledger.position()
    finally:
        container.close()
