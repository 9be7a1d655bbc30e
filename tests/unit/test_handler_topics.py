"""Which stored topics a view handles, decided before decoding (issue 15's one-pass rebuild)."""

from __future__ import annotations

from eventsourcing.domain import Aggregate
from eventsourcing.utils import get_topic, register_topic

from projections.handler_table import HandlerTable


class Handled(Aggregate):
    class Happened(Aggregate.Event):
        pass


class NotHandled(Aggregate):
    class Happened(Aggregate.Event):
        pass


def table() -> HandlerTable:
    handlers = HandlerTable()
    handlers.handles(Handled.Happened)(lambda event, position: [])
    return handlers


def test_a_handled_class_and_its_old_registered_topic_are_handled():
    handlers = table()
    register_topic("tests.unit.old_module:Moved.Happened", Handled.Happened)
    assert handlers.handles_topic(get_topic(Handled.Happened))
    assert handlers.handles_topic("tests.unit.old_module:Moved.Happened")
    assert not handlers.handles_topic(get_topic(NotHandled.Happened))


def test_a_topic_this_code_cannot_resolve_is_decoded_so_the_runner_stops_there():
    """Code older than its log must not skip a fact a newer view would have handled."""
    assert table().handles_topic("no_such_module:Gone.Happened")
