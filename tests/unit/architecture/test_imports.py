"""feedback_bot has no import circle, hidden or not.

A function-level import is how a circle hides: Python only fails on a circle at import
time, so an import moved into a function body silences it. These tests read every module's
imports (AST) and fail on either. Two lazy imports are allowed, each for a stated reason.
"""

import ast
from pathlib import Path

import feedback_bot

ROOT = Path(feedback_bot.__file__).parent

# module -> why its function-level import is there (not to dodge a circle).
LAZY_ALLOWED = {
    "feedback_bot.channels": "the twilio library loads only when the Twilio transport is used",
    "feedback_bot.i18n": "Babel's catalog parser loads only when a .mo must be compiled",
}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, ast.Module]:
    return {
        module_name(path): ast.parse(path.read_text(encoding="utf-8"))
        for path in ROOT.rglob("*.py")
    }


def imports_of(name: str, tree: ast.AST, known: set[str]) -> set[str]:
    """The package's modules that NAME imports at module level.

    ``from pkg import sub`` where ``sub`` is a module is an edge to ``sub`` alone, and an
    edge to one's own enclosing package is not one: Python resolves both mid-import.
    """
    found = set()
    for node in tree.body if isinstance(tree, ast.Module) else []:
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            subs = {f"{node.module}.{alias.name}" for alias in node.names} & known
            found.update(subs)
            if len(subs) < len(node.names):
                found.add(node.module)
    return {m for m in found & known if m != name and not name.startswith(m + ".")}


def graph(trees: dict[str, ast.Module]) -> dict[str, set[str]]:
    known = set(trees)
    return {name: imports_of(name, tree, known) for name, tree in trees.items()}


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """A list of modules that import each other in a circle, or None."""
    done: set[str] = set()

    def visit(name: str, path: list[str]) -> list[str] | None:
        if name in path:
            return [*path[path.index(name) :], name]
        if name in done:
            return None
        for target in sorted(edges.get(name, ())):
            cycle = visit(target, [*path, name])
            if cycle:
                return cycle
        done.add(name)
        return None

    for name in sorted(edges):
        cycle = visit(name, [])
        if cycle:
            return cycle
    return None


def function_level_imports(trees: dict[str, ast.Module]) -> list[str]:
    found = []
    for name, tree in trees.items():
        for function in ast.walk(tree):
            if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                found += [
                    f"{name}:{node.lineno}"
                    for node in ast.walk(function)
                    if isinstance(node, (ast.Import, ast.ImportFrom))
                ]
    return found


def test_the_checker_sees_a_circle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_the_checker_sees_the_old_engine_onboarding_circle():
    engine = ast.parse("from feedback_bot.conversation import onboarding\n")
    onboarding = ast.parse("from feedback_bot.conversation.engine import reprompt\n")
    trees = {
        "feedback_bot.conversation.engine": engine,
        "feedback_bot.conversation.onboarding": onboarding,
    }
    assert find_cycle(graph(trees)) is not None


def test_no_circle_anywhere_in_the_package():
    assert find_cycle(graph(modules())) is None


def test_no_function_level_import_except_the_stated_lazy_ones():
    found = [
        where
        for where in function_level_imports(modules())
        if where.split(":")[0] not in LAZY_ALLOWED
    ]
    assert found == []
