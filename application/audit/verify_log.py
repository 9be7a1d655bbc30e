"""Verifying a whole log copy against a signed checkpoint: every row accounted for, the root rebuilt.

For an auditor holding a copy of the database (or the service's own self-check).
With the sealed leaves (`verify_log_coverage`): every row of the log, whatever its
position, is compared with the leaf sealed at its position (application/audit/
coverage.py), and the root of the sealed envelopes with the signed one; each
deleted, altered or uncovered row is named. Without them (`verify_log`): the
root of the log's rows read in order is compared with the signed one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from application.audit.coverage import Coverage, compare_log, flat, row_entry
from application.audit.merkle import StreamingRoot, leaf_hash
from application.audit.notes import Checkpoint, VerifierKey
from application.audit.report import Report
from application.audit.verify_notes import signed_body

FIRST_POSITION = -(
    2**62
)  # rows at 0 and below are read too: the log never writes there
Batches = Callable[[], Iterable[list[Any]]]


def streamed_root(batches: Iterable[list[Any]], size: int) -> StreamingRoot:
    """The root of the first `size` events of the log from position 1, read in order."""
    stream = StreamingRoot()
    for batch in batches:
        for n in batch:
            if stream.size == size:
                return stream
            if n.id >= 1:
                stream.add(leaf_hash(row_entry(n)))
    return stream


def _signed_checkpoint(
    note: str, key: VerifierKey, report: Report
) -> Checkpoint | None:
    body = signed_body(note, key, report, "the checkpoint")
    return Checkpoint.parse(body) if body is not None else None


def verify_log(
    batches: Iterable[list[Any]], checkpoint_note: str, key: VerifierKey
) -> Report:
    report = Report()
    checkpoint = _signed_checkpoint(checkpoint_note, key, report)
    if checkpoint is not None:
        _check_rows_root(
            streamed_root(batches, checkpoint.size), checkpoint, key, report
        )
    return report


def _check_rows_root(
    stream: StreamingRoot, checkpoint: Checkpoint, key: VerifierKey, report: Report
) -> None:
    if stream.size < checkpoint.size:
        report.add(
            "missing",
            f"the log has {stream.size} events; the signed checkpoint covers "
            f"{checkpoint.size}: events were deleted or the log was truncated",
        )
    elif stream.root() != checkpoint.root:
        report.add(
            "altered",
            f"the first {checkpoint.size} events do not hash to the signed root: an "
            "event was changed, deleted, inserted or reordered",
        )
    else:
        report.proven.append(
            f"all {checkpoint.size} events of the log hash to the root signed by "
            f"{key.name} at {checkpoint.time}"
        )


def verify_log_coverage(
    rows: Batches, leaves: Batches, checkpoint_note: str, key: VerifierKey
) -> Report:
    """Every row against the sealed leaves; the sealed leaves against the signed root."""
    report = Report()
    checkpoint = _signed_checkpoint(checkpoint_note, key, report)
    if checkpoint is None:
        return report
    coverage = compare_log(flat(rows()), flat(leaves()), checkpoint.size, report)
    _say_pending(coverage, report)
    if (
        coverage.root.size == checkpoint.size
        and coverage.root.root() == checkpoint.root
    ):
        report.proven.append(
            f"the {checkpoint.size} sealed leaves hash to the root signed by {key.name} "
            f"at {checkpoint.time}, and every row of the log was compared with them"
        )
        return report
    report.add(
        "altered",
        f"the sealed leaves ({coverage.root.size} of {checkpoint.size}) do not hash to "
        "the signed root: the sealed log itself was changed; the log's rows, read in "
        "order, are checked against the signed root instead",
    )
    _check_rows_root(streamed_root(rows(), checkpoint.size), checkpoint, key, report)
    return report


def _say_pending(coverage: Coverage, report: Report) -> None:
    if not coverage.pending_count:
        return
    report.notes.append(
        f"{coverage.pending_count} row(s) newer than the checkpoint are not covered by "
        "it yet (the next checkpoint covers them):"
    )
    report.notes += [f"  position {p}, aggregate {a}" for p, a in coverage.pending]
    if coverage.pending_count > len(coverage.pending):
        report.notes.append(
            f"  … and {coverage.pending_count - len(coverage.pending)} more"
        )


def log_batches(
    recorder: Any, batch_size: int = 10_000, start: int = FIRST_POSITION
) -> Iterable[list[Any]]:
    while batch := recorder.select_notifications(start=start, limit=batch_size):
        yield batch
        start = batch[-1].id + 1


def leaf_batches(
    store: Any, batch_size: int = 10_000
) -> Iterable[list[dict[str, Any]]]:
    """The sealed leaves in leaf order (indexes are dense from 0)."""
    start = 0
    while batch := store.leaves(
        "leaf_index >= :a AND leaf_index < :b", {"a": start, "b": start + batch_size}
    ):
        yield batch
        start += batch_size
