"""projections/ has no import circle, counting imports made inside functions too."""

from __future__ import annotations

import grimp

from projections.dispatch import HANDLERS
from projections.handler_table import HandlerTable


def _import_cycle(graph: grimp.ImportGraph, package: str) -> list[str] | None:
    inside = {m for m in graph.modules if m.startswith(package + ".")}
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> list[str] | None:
        if module in path:
            return [*path[path.index(module) :], module]
        if module in done:
            return None
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            if imported in inside and (cycle := visit(imported, [*path, module])):
                return cycle
        done.add(module)
        return None

    for module in sorted(inside):
        if cycle := visit(module, []):
            return cycle
    return None


def test_projections_import_no_module_that_imports_them_back():
    graph = grimp.build_graph("projections")
    assert _import_cycle(graph, "projections") is None


def test_the_cycle_check_finds_a_cycle():
    graph = grimp.ImportGraph()
    for module in ("p.a", "p.b", "p.c"):
        graph.add_module(module)
    graph.add_import(importer="p.a", imported="p.b")
    graph.add_import(importer="p.b", imported="p.a")
    graph.add_import(importer="p.c", imported="p.a")
    assert _import_cycle(graph, "p") in (["p.a", "p.b", "p.a"], ["p.b", "p.a", "p.b"])


def test_every_handled_event_is_handled_once():
    class Raised:
        pass

    first, second = HandlerTable(), HandlerTable()
    first.handles(Raised)(lambda e, p: [])
    second.handles(Raised)(lambda e, p: [])
    try:
        HandlerTable.joined(first, second)
    except ValueError as refused:
        assert "Raised" in str(refused)
    else:
        raise AssertionError("an event handled twice was joined")
    assert HANDLERS.changes_for(Raised(), 1) == []
