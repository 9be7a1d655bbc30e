"""The governance projection: every event of the ledger, applied to a GovView."""

from __future__ import annotations

from typing import Any

from eventsourcing.persistence import IntegrityError, Tracking
from eventsourcing.projection import Projection

from projections.dispatch import changes_for
from projections.view import GovView


class GovProjection(Projection[GovView]):
    name = "govview"
    # No topic filter: every event advances the tracking position, so a reader
    # waiting for the position its command produced is never left waiting.
    topics = ()

    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        try:
            self.view.apply(
                changes_for(domain_event, tracking.notification_id), tracking
            )
        except IntegrityError:
            if self.view.position() < tracking.notification_id:
                raise  # a real error, not a race lost to another runner that applied it first
