"""The transaction rule of feedback_bot.services, read from the source (AST).

Edges (web/, cli/, jobs/) open no transaction, import no model and call only the use cases a
concept names in its ``__all__``; those use cases take the runtime, never a session.
"""

import ast
import importlib
import inspect
from pathlib import Path

import pytest

import feedback_bot

ROOT = Path(feedback_bot.__file__).parent
EDGES = ("web", "cli", "jobs")
SERVICES = "feedback_bot.services"


def concepts() -> dict[str, list[str]]:
    """Each concept (a folder or module directly under services/) and its ``__all__``."""
    found = {}
    for path in sorted((ROOT / "services").iterdir()):
        if path.name.startswith("_") or not (
            path.suffix == ".py" or (path / "__init__.py").exists()
        ):
            continue
        name = path.stem
        module = importlib.import_module(f"{SERVICES}.{name}")
        assert hasattr(module, "__all__"), f"services.{name} does not name its use cases"
        found[name] = list(module.__all__)
    return found


def violations(source: str, where: str, known: dict[str, list[str]]) -> list[str]:
    """Every place in one edge module's SOURCE that breaks the rule."""
    tree = ast.parse(source)
    found = []
    aliases: dict[str, str] = {}  # local name -> concept
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith(("feedback_bot.models", SERVICES)):
                    found.append(f"{where}:{node.lineno} imports {alias.name}")
        elif isinstance(node, ast.ImportFrom) and node.module:
            module = node.module
            if module == "feedback_bot" and any(a.name == "models" for a in node.names):
                found.append(f"{where}:{node.lineno} imports feedback_bot.models")
            elif module.startswith("feedback_bot.models"):
                found.append(f"{where}:{node.lineno} imports {module}")
            elif module == SERVICES:
                for alias in node.names:
                    if alias.name not in known:
                        found.append(f"{where}:{node.lineno} imports services.{alias.name}")
                    aliases[alias.asname or alias.name] = alias.name
            elif module.startswith(SERVICES + "."):
                concept, _, inside = module.removeprefix(SERVICES + ".").partition(".")
                if inside:
                    found.append(f"{where}:{node.lineno} reaches inside services.{concept}")
                    continue
                for alias in node.names:
                    if alias.name not in known.get(concept, []):
                        found.append(
                            f"{where}:{node.lineno} uses services.{concept}.{alias.name}, "
                            "which is not one of its use cases"
                        )
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "transaction"
        ):
            found.append(f"{where}:{node.lineno} opens a transaction")
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in aliases
            and node.attr not in known[aliases[node.value.id]]
        ):
            concept = aliases[node.value.id]
            found.append(
                f"{where}:{node.lineno} uses services.{concept}.{node.attr}, "
                "which is not one of its use cases"
            )
    return found


def edge_modules() -> list[Path]:
    return [path for edge in EDGES for path in sorted((ROOT / edge).rglob("*.py"))]


def test_the_checker_catches_each_kind_of_break():
    known = {"accounts": ["create_user"], "stations": ["station"]}
    source = "\n".join(
        [
            "from feedback_bot.models import User",
            "from feedback_bot.services.accounts.users import create_user",
            "from feedback_bot.services.accounts import list_users",
            "from feedback_bot.services import stations",
            "def view(runtime):",
            "    with runtime.transaction() as session:",
            "        stations.find_by_code(session, 'X')",
        ]
    )
    found = violations(source, "edge.py", known)
    assert [line.split(" ", 1)[0] for line in found] == [
        "edge.py:1",
        "edge.py:2",
        "edge.py:3",
        "edge.py:6",
        "edge.py:7",
    ]
    assert (
        violations(
            "from feedback_bot.services import stations\nstations.station(r, 'X')\n", "ok.py", known
        )
        == []
    )


def test_edges_open_no_transaction_import_no_model_and_call_only_use_cases():
    known = concepts()
    found = []
    for path in edge_modules():
        found += violations(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)), known)
    assert found == []


@pytest.mark.parametrize("concept", sorted(concepts()))
def test_every_use_case_takes_the_runtime_never_a_session(concept):
    module = importlib.import_module(f"{SERVICES}.{concept}")
    for name in module.__all__:
        value = getattr(module, name)
        if not inspect.isfunction(value):
            continue  # a constant, a result type or an error
        parameters = list(inspect.signature(value).parameters)
        assert "session" not in parameters, f"{concept}.{name} takes a session"
        assert "db" not in parameters, f"{concept}.{name} takes a session"


def test_the_edges_reach_the_product_through_its_concepts():
    # waves has no use case of its own (an empty __all__ says so); every other does.
    empty = [name for name, names in concepts().items() if not names]
    assert empty == ["waves"]
