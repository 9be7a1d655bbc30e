"""Every refusal that reaches the API as problem+json has its Chinese text (issue 15; the
developers' guide: named refusals, Chinese for users).

The sources of every layer (domain, application, projections, api, infra) are read with `ast` (nothing imported, nothing run):
each construction of a DomainError subclass passes a non-empty `zh=`, and its English detail
(the first argument) is English, so `Accept-Language: en` still gets English. A refusal built
through a helper (a function passing its own `zh` parameter on, or a class given as a
`type[...]` parameter) is followed to the helper's callers, which must pass `zh=` themselves.
A class whose own `__init__` gives `zh=` to its base is translated once, there.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("domain", "application", "projections", "api", "infra")
BASE = "DomainError"
CJK = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")


@cache
def sources() -> dict[str, ast.Module]:
    return {
        path.relative_to(ROOT).as_posix(): ast.parse(path.read_text(encoding="utf-8"))
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
    }


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    return node.attr if isinstance(node, ast.Attribute) else ""


def _classes(trees: dict[str, ast.Module]) -> dict[str, ast.ClassDef]:
    return {
        node.name: node
        for tree in trees.values()
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef)
    }


def refusal_classes(trees: dict[str, ast.Module]) -> set[str]:
    """The subclasses of DomainError (by name: class names are unique in these packages)."""
    classes = _classes(trees)

    def derives(name: str, seen: frozenset[str]) -> bool:
        if name == BASE:
            return True
        node = classes.get(name)
        bases = [_name(b) for b in node.bases] if node else []
        return any(derives(b, seen | {name}) for b in bases if b not in seen)

    return {name for name in classes if derives(name, frozenset())}


def _gives_zh(call: ast.Call) -> bool:
    for keyword in call.keywords:
        if keyword.arg == "zh":
            value = keyword.value
            return not (isinstance(value, ast.Constant) and not value.value)
    return False


def _is_super_init(call: ast.Call) -> bool:
    func = call.func
    return (
        isinstance(func, ast.Attribute)
        and func.attr == "__init__"
        and isinstance(func.value, ast.Call)
        and _name(func.value.func) == "super"
    )


def self_translating(trees: dict[str, ast.Module], refusals: set[str]) -> set[str]:
    """Refusal classes whose own __init__ hands `zh=` to the base class."""
    return {
        name
        for name, node in _classes(trees).items()
        if name in refusals
        for item in node.body
        if isinstance(item, ast.FunctionDef) and item.name == "__init__"
        for call in ast.walk(item)
        if isinstance(call, ast.Call) and _is_super_init(call) and _gives_zh(call)
    }


def _functions(trees: dict[str, ast.Module]) -> Iterator[tuple[str, ast.FunctionDef]]:
    for path, tree in trees.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                yield path, node


def _params(function: ast.FunctionDef) -> list[ast.arg]:
    args = function.args
    return [*args.posonlyargs, *args.args, *args.kwonlyargs]


def helper_definitions(
    trees: dict[str, ast.Module], refusals: set[str]
) -> set[tuple[str, str, int]]:
    """(path, name, line) of the functions that build a refusal from a `zh` given to them:
    their callers pass `zh=`."""
    found = set()
    for path, function in _functions(trees):
        params = {a.arg for a in _params(function)}
        for call in ast.walk(function):
            if isinstance(call, ast.Call) and _name(call.func) in refusals:
                zh = [k.value for k in call.keywords if k.arg == "zh"]
                if zh and isinstance(zh[0], ast.Name) and zh[0].id in params:
                    found.add((path, function.name, function.lineno))
    return found


def helpers(trees: dict[str, ast.Module], refusals: set[str]) -> set[str]:
    return {name for _, name, _ in helper_definitions(trees, refusals)}


def _own_functions(
    path: str, tree: ast.Module, definitions: set[tuple[str, str, int]]
) -> set[str]:
    """Names of a helper that this module defines for itself as no helper (its own `_refuse`)."""
    names = {name for _, name, _ in definitions}
    return {
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.name in names
        and (path, node.name, node.lineno) not in definitions
    }


def _class_parameters(function: ast.FunctionDef, refusals: set[str]) -> set[str]:
    """Parameters annotated `type[<a refusal class or Exception>]`: chosen by the caller."""
    chosen = set()
    for a in _params(function):
        text = ast.unparse(a.annotation) if a.annotation is not None else ""
        inner = text.removeprefix("type[").removesuffix("]")
        if text.startswith("type[") and inner in refusals | {BASE, "Exception"}:
            chosen.add(a.arg)
    return chosen


def _english(call: ast.Call) -> bool:
    """The first argument, where it is written out, has no Chinese in it."""
    if not call.args:
        return True
    first = call.args[0]
    parts = first.values if isinstance(first, ast.JoinedStr) else [first]
    texts = [p.value for p in parts if isinstance(p, ast.Constant)]
    return not any(isinstance(t, str) and CJK.search(t) for t in texts)


def _problems(trees: dict[str, ast.Module]) -> Iterator[str]:
    refusals = refusal_classes(trees)
    exempt = self_translating(trees, refusals)
    definitions = helper_definitions(trees, refusals)
    by_helper = {name for _, name, _ in definitions}
    for path, tree in trees.items():
        own = _own_functions(path, tree, definitions)
        for call in ast.walk(tree):
            if not isinstance(call, ast.Call) or _is_super_init(call):
                continue
            name, where = _name(call.func), f"{path}:{call.lineno}"
            if name in refusals and name not in exempt:
                if not _gives_zh(call):
                    yield f"{where}: {name}(...) without zh="
                elif not _english(call):
                    yield f"{where}: {name}(...) has Chinese in its English detail"
            elif name in by_helper and name not in own and not _gives_zh(call):
                yield f"{where}: {name}(...) (builds a refusal) without zh="
    for path, function in _functions(trees):
        chosen = _class_parameters(function, refusals)
        for call in ast.walk(function):
            if (
                isinstance(call, ast.Call)
                and _name(call.func) in chosen
                and not _gives_zh(call)
            ):
                yield f"{path}:{call.lineno}: {_name(call.func)}(...) without zh="


def test_every_refusal_in_every_layer_has_its_chinese_text():
    problems = sorted(set(_problems(sources())))
    assert problems == [], "\n".join(problems)


def test_the_check_sees_the_refusal_classes_and_the_helpers():
    """The check is not vacuous: it knows the refusal classes, including those of application/
    (audit, access) and the helpers that pass a `zh` on (the Sitting's `refuse`, in
    domain/deliberation/sitting_checks.py)."""
    trees = sources()
    refusals = refusal_classes(trees)
    assert {
        "InvalidValue",
        "UnknownTopic",
        "AccessRefused",
        "EventNotInLog",
    } <= refusals
    assert "EventNotInLog" in self_translating(trees, refusals)
    assert "refuse" in helpers(trees, refusals)


def test_the_check_flags_an_english_only_refusal():
    bad = ast.parse(
        "from domain.errors import DomainError\n"
        "class Odd(DomainError):\n    pass\n"
        "def f(x):\n    raise Odd('english only', rule_id='WZ-1')\n"
        "def g(error: type[Odd]):\n    raise error('english only')\n"
        "def h():\n    raise Odd('已中文', zh='已中文')\n"
    )
    found = sorted(_problems({**sources(), "example.py": bad}))
    assert [p.split(":")[1] for p in found if p.startswith("example.py")] == [
        "5",
        "7",
        "9",
    ]
