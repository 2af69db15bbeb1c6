"""The package keeps its shape: layers import only downwards, no import cycles, small modules, the app never
imports the benchmarks."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "qa"
# Lowest first: a module may import from its own layer and the layers before it, never from a later one.
LAYERS = [
    "core",
    "text",
    "ingest",
    "store",
    "index",
    "search",
    "answer",
    "service",
    "integrations",
    "api",
    "bench",
    "cli",
]
MAX_LINES = 400


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in PACKAGE.rglob("*.py")}


def _type_only(tree: ast.Module) -> set[int]:
    """Ids of the import nodes under `if TYPE_CHECKING:` (they never run, so they make no cycle)."""
    ids: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            ids.update(id(n) for stmt in node.body for n in ast.walk(stmt))
    return ids


def _imports(path: Path) -> set[str]:
    """The qa modules a module imports when it runs (module level or inside functions)."""
    found: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _type_only(tree)
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        found.update(n for n in names if n in MODULES)
    return found


GRAPH = {name: _imports(path) for name, path in MODULES.items()}


def _layer(module: str) -> int:
    parts = module.split(".")
    return LAYERS.index(parts[1]) if len(parts) > 1 else -1


def test_every_module_is_in_a_layer() -> None:
    assert all(_layer(m) >= 0 for m in MODULES if m != "qa"), [
        m for m in MODULES if _layer(m) < 0 and m != "qa"
    ]


def test_layers_import_only_downwards() -> None:
    upward = [
        f"{m} imports {d}" for m, deps in GRAPH.items() for d in deps if m != "qa" and _layer(d) > _layer(m)
    ]
    assert not upward, upward


def test_no_import_cycles() -> None:
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        for dep in GRAPH[node]:
            if dep not in index:
                visit(dep)
                low[node] = min(low[node], low[dep])
            elif dep in stack:
                low[node] = min(low[node], index[dep])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == node:
                    break
            if len(component) > 1 or node in GRAPH[node]:
                cycles.append(sorted(component))

    for name in sorted(GRAPH):
        if name not in index:
            visit(name)
    assert not cycles, cycles


def test_the_app_never_imports_the_benchmarks() -> None:
    offenders = [
        f"{m} imports {d}"
        for m, deps in GRAPH.items()
        for d in deps
        if d.startswith("qa.bench") and not m.startswith(("qa.bench", "qa.cli"))
    ]
    assert not offenders, offenders


def test_modules_stay_small_and_the_top_level_short() -> None:
    long = {
        m: n for m, p in MODULES.items() if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, long
    top = sorted(p.name for p in PACKAGE.iterdir() if p.name != "__pycache__")
    assert len(top) <= 13, top
