"""The extractor's shape: a package of small modules that import one another one way (issue 15)."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

EXTRACT = Path(__file__).resolve().parents[1] / "claimmap" / "extract"
MOST_LINES = 400
MOST_FUNCTION_LINES = 60


def _modules() -> dict[str, ast.Module]:
    return {path.stem: ast.parse(path.read_text(encoding="utf-8")) for path in sorted(EXTRACT.glob("*.py"))}


def _imports(tree: ast.Module) -> set[str]:
    """The modules of the package that `tree` imports."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("claimmap.extract"):
            found.add(node.module.removeprefix("claimmap.extract").lstrip(".") or "__init__")
            if node.module == "claimmap.extract":
                found.update(alias.name for alias in node.names if (EXTRACT / f"{alias.name}.py").exists())
    return found


def test_no_module_is_over_400_lines():
    sizes = {path.name: len(path.read_text(encoding="utf-8").splitlines()) for path in EXTRACT.glob("*.py")}
    assert {name: size for name, size in sizes.items() if size > MOST_LINES} == {}


def test_no_function_is_over_60_lines():
    long = [f"{name}.{node.name}: {node.end_lineno - node.lineno + 1}" for name, tree in _modules().items()
            for node in ast.walk(tree) if isinstance(node, ast.FunctionDef) and node.end_lineno - node.lineno + 1 > MOST_FUNCTION_LINES]
    assert long == []


def test_the_modules_import_one_another_one_way():
    graph = {name: _imports(tree) - {name} for name, tree in _modules().items()}
    order: list[str] = []
    visiting: list[str] = []

    def visit(name: str) -> None:
        assert name not in visiting, f"import cycle: {' -> '.join(visiting[visiting.index(name):] + [name])}"
        if name in order:
            return
        visiting.append(name)
        for imported in sorted(graph.get(name, ())):
            visit(imported)
        visiting.pop()
        order.append(name)

    for name in sorted(graph):
        visit(name)
    # The stages follow the data: none imports the one that runs them, nor a later stage.
    stages = ["document", "triggers", "slots", "attribution", "actor", "stance", "when"]
    assert all(not (graph[stage] & {"claims", *stages}) for stage in stages), graph


def _sets_reader_state(target: ast.expr) -> bool:
    """Whether an assignment to `target` changes the reader: `self.x = `, `self.x.y = `, `self.x[k] = `, but for
    its cache of facts read once (`self.memo[key] = `)."""
    if isinstance(target, ast.Tuple):
        return any(map(_sets_reader_state, target.elts))
    if isinstance(target, ast.Subscript):
        if ast.unparse(target.value) == "self.memo":
            return False
        target = target.value
    while isinstance(target, (ast.Attribute, ast.Subscript)):
        target = target.value
        if isinstance(target, ast.Name) and target.id == "self":
            return True
    return False


def test_what_passes_between_sentences_is_one_immutable_value():
    """The state carried from one phrase to the next is `values.Carried`, a tuple made of immutable parts, and no
    stage changes the reader: only `__init__` and `read` set its attributes, once, before the first phrase."""
    from types import MappingProxyType

    from claimmap.extract.values import Carried

    carried = Carried()
    with pytest.raises(AttributeError):
        carried.last_actor = "UA"
    assert isinstance(carried.holders, MappingProxyType) and isinstance(carried.nominal, frozenset)
    assert isinstance(carried.last_places, tuple)
    setters = [f"{name}.{function.name}: {ast.unparse(node)[:60]}" for name, tree in _modules().items()
               for function in ast.walk(tree) if isinstance(function, ast.FunctionDef) and function.name not in ("__init__", "read")
               for node in ast.walk(function) if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign))
               if any(map(_sets_reader_state, node.targets if isinstance(node, ast.Assign) else [node.target]))]
    assert setters == []
