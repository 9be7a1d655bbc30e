"""The access log's writer without a database: what a reader and a late entry are told."""

from __future__ import annotations

import threading

import pytest

from application.access.batch_writer import (
    AccessLogBehind,
    AccessLogClosed,
    BatchWriter,
)


def test_a_reader_is_told_when_the_writer_cannot_catch_up():
    stuck = threading.Event()
    writer = BatchWriter(lambda entries: stuck.wait(), capacity=10)
    writer.put({"resource": "request:1"})
    with pytest.raises(AccessLogBehind, match="1 条未写入"):
        writer.flush(timeout=0.05)
    stuck.set()
    writer.flush(timeout=10)
    writer.close()


def test_an_entry_after_close_is_refused_not_dropped():
    written: list[dict] = []
    writer = BatchWriter(written.extend, capacity=10)
    writer.close()
    with pytest.raises(AccessLogClosed):
        writer.put({"resource": "request:1"})
    assert written == []
