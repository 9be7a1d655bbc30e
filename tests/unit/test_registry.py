"""The five-level tree (BZ-L1): no cycle, no orphan, no level skip. Pure domain, no I/O."""

from __future__ import annotations

import copy

import pytest

from domain.actors import SYSTEM
from domain.errors import InvalidTree, UnknownUnit
from domain.levels import Level
from domain.registry import Registry


@pytest.fixture
def tree() -> Registry:
    registry = Registry()
    for code, level, parent in [
        ("D", Level.DISTRICT, None),
        ("S1", Level.STREET, "D"),
        ("S2", Level.STREET, "D"),
        ("C1", Level.COMMUNITY, "S1"),
        ("G1", Level.GROUP, "C1"),
    ]:
        registry.register(SYSTEM, code, level, f"name {code}", parent)
    return registry


def test_ancestors_and_subtree_BZ_L1(tree):
    assert tree.ancestors("G1") == ["C1", "S1", "D"]
    assert tree.subtree("S1") == ["C1", "G1", "S1"]
    assert tree.is_within("G1", "D") and not tree.is_within("G1", "S2")


@pytest.mark.parametrize(
    "code, level, parent",
    [
        ("G2", Level.GROUP, "S1"),  # level skip: group under a street
        ("C2", Level.COMMUNITY, None),  # orphan
        ("D2", Level.DISTRICT, "D"),  # a district has no parent
        ("S3", Level.STREET, "S1"),  # street under a street
    ],
)
def test_register_refuses_skip_orphan_and_wrong_parent_BZ_L1(tree, code, level, parent):
    with pytest.raises(InvalidTree) as refused:
        tree.register(SYSTEM, code, level, "x", parent)
    assert refused.value.rule_id == "BZ-L1"
    assert code not in tree.units


def test_register_under_unknown_parent_is_not_found_BZ_L1(tree):
    with pytest.raises(UnknownUnit):
        tree.register(SYSTEM, "C9", Level.COMMUNITY, "x", "S9")


def test_move_keeps_levels_and_refuses_skips_BZ_L1(tree):
    tree.move(SYSTEM, "C1", "S2")
    assert tree.ancestors("G1") == ["C1", "S2", "D"]
    with pytest.raises(InvalidTree):
        tree.move(SYSTEM, "G1", "S1")  # would skip the community level
    with pytest.raises(InvalidTree):
        tree.move(SYSTEM, "C1", "C1")  # a cycle is a level mismatch too


def test_retire_refuses_a_unit_with_children_and_retired_units_take_nothing_BZ_L1(tree):
    with pytest.raises(InvalidTree):
        tree.retire(SYSTEM, "C1", "merged")
    tree.retire(SYSTEM, "G1", "merged")
    tree.retire(SYSTEM, "C1", "merged")
    with pytest.raises(InvalidTree):
        tree.register(SYSTEM, "G2", Level.GROUP, "x", "C1")
    assert tree.units["C1"].retired and tree.children("S1") == []


def test_events_record_the_actor_BZ_D3(tree):
    tree.rename(SYSTEM, "G1", "新名字")
    last = tree.collect_events()[-1]
    assert (type(last).__name__, last.actor_id, last.actor_role, last.name) == (
        "UnitRenamed",
        "system",
        "system",
        "新名字",
    )


def test_a_subtree_pattern_treats_underscore_and_percent_in_codes_literally_BZ_D2():
    import sqlite3

    from projections.schema import subtree_pattern

    with sqlite3.connect(":memory:") as db:

        def match(path: str, code: str) -> int:
            return db.execute(
                "SELECT ? LIKE ? ESCAPE '!'", (path, subtree_pattern(code))
            ).fetchone()[0]

        assert (
            match("/CX/A_1/G/", "A_1")
            and not match("/CX/AB1/G/", "A_1")
            and not match("/CX/A%1/", "A_1")
        )
        assert match("/CX/A%1/", "A%1") and not match("/CX/AX1/", "A%1")


def test_a_commands_private_copy_changes_only_itself_and_keeps_the_tree_rules_BZ_L1(
    tree,
):
    copied = copy.deepcopy(tree)
    copied.rename(SYSTEM, "G1", "renamed")
    copied.register(SYSTEM, "G2", Level.GROUP, "name G2", "C1")
    copied.move(SYSTEM, "C1", "S2")
    assert tree.unit("G1").name == "name G1" and "G2" not in tree.units
    assert tree.unit("C1").parent == "S1" and tree.ancestors("G1") == ["C1", "S1", "D"]
    assert len(tree.pending_events) == 6 and len(copied.pending_events) == 9
    assert copied.version == tree.version + 3
    with pytest.raises(InvalidTree):
        copied.move(SYSTEM, "G1", "S1")  # a skip
    with pytest.raises(InvalidTree):
        copied.register(SYSTEM, "G3", Level.GROUP, "name G3", None)  # an orphan
    with pytest.raises(InvalidTree):
        copied.retire(SYSTEM, "C1", "merged")  # G1 and G2 still below


def _walked(registry: Registry) -> dict[str, tuple[list[str], list[str]]]:
    """Children and subtree of every unit by the definitions, walking every unit."""
    units = registry.units
    return {
        code: (
            sorted(c for c, u in units.items() if u.parent == code and not u.retired),
            sorted(c for c in units if registry.is_within(c, code)),
        )
        for code in [*units, "NOPE"]
    }


def test_children_and_subtree_follow_every_register_move_and_retirement_BZ_L1(tree):
    seen = tree.subtree("D")  # the index is built here, then outdated by each event
    tree.register(SYSTEM, "C2", Level.COMMUNITY, "name C2", "S2")
    tree.register(SYSTEM, "G2", Level.GROUP, "name G2", "C2")
    tree.move(SYSTEM, "C1", "S2")
    tree.retire(SYSTEM, "G2", "merged")
    copied = copy.deepcopy(tree)
    copied.move(SYSTEM, "G1", "C2")
    for registry in (tree, copied):
        walked = _walked(registry)
        assert {
            code: (registry.children(code), registry.subtree(code)) for code in walked
        } == walked
    assert seen == ["C1", "D", "G1", "S1", "S2"]
    assert tree.children("S2") == ["C1", "C2"] and tree.children("C2") == []
    assert tree.subtree("C2") == ["C2", "G2"] and copied.subtree("C1") == ["C1"]
