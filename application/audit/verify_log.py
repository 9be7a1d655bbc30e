"""Verifying a whole log copy against a signed checkpoint: every leaf recomputed, the root rebuilt.

For an auditor holding a copy of the database (or the service's own self-check):
read the log once in order, hash every event as stored, and compare the root of
the first `size` leaves with the checkpoint the log key signed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from application.audit.envelope import canonical_entry
from application.audit.merkle import StreamingRoot, leaf_hash
from application.audit.notes import Checkpoint, VerifierKey
from application.audit.report import Report
from application.audit.verify_notes import signed_body


def streamed_root(batches: Iterable[list[Any]], size: int) -> StreamingRoot:
    """The root of the first `size` events of the log, read in order (notification batches)."""
    stream = StreamingRoot()
    for batch in batches:
        for n in batch:
            if stream.size == size:
                return stream
            stream.add(leaf_hash(canonical_entry(n.id, str(n.originator_id), n.originator_version, n.topic,
                                                 n.state)))
    return stream


def verify_log(batches: Iterable[list[Any]], checkpoint_note: str, key: VerifierKey) -> Report:
    report = Report()
    body = signed_body(checkpoint_note, key, report, "the checkpoint")
    if body is None:
        return report
    checkpoint = Checkpoint.parse(body)
    stream = streamed_root(batches, checkpoint.size)
    if stream.size < checkpoint.size:
        report.add("missing", f"the log has {stream.size} events; the signed checkpoint covers {checkpoint.size}: "
                              f"events were deleted or the log was truncated")
    elif stream.root() != checkpoint.root:
        report.add("altered", f"the first {checkpoint.size} events do not hash to the signed root: an event was "
                              "changed, deleted, inserted or reordered (export a window bundle to find which)")
    else:
        report.proven.append(f"all {checkpoint.size} events of the log hash to the root signed by {key.name} "
                             f"at {checkpoint.time}")
    return report


def log_batches(recorder: Any, batch_size: int = 10_000) -> Iterable[list[Any]]:
    start = 1
    while batch := recorder.select_notifications(start=start, limit=batch_size):
        yield batch
        start = batch[-1].id + 1
