"""The house's layers: every import looks down, and no two modules import each other.

From the bottom: the layout and record model and the errors (no project
imports); the helpers (normalize, numbers, numerals, units, encoding,
vocabulary); the parsers and backends (`extractor`); the rules, which see the
record and the helpers but never a parser; `jixiao`, the commands and outputs.
Imports inside functions count as much as those at the top: a cycle hidden in
a function is still a cycle. Imports under `if TYPE_CHECKING:` (annotations
only) do not. The graph is read from the source with `ast`.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("extractor", "rules", "jixiao")
# What rules may import from the extractor: the record (model, prose) and the helpers.
RULES_MAY_SEE = {
    "extractor",
    "extractor.budget.model",
    "extractor.model",
    "extractor.itemfunds",
    "extractor.listsums",
    "extractor.prose",
    "extractor.normalize",
    "extractor.numbers",
    "extractor.numerals",
    "extractor.units",
    "extractor.vocabulary",
}
# The bottom: imports nothing of the project (units: the unit words the model's quantities use;
# printed and record: how the model's numbers and reports are given in the JSON record).
FOUNDATION = {
    "extractor.errors",
    "extractor.model",
    "extractor.printed",
    "extractor.record",
    "extractor.units",
}
# Known and to be removed; the test fails when one is fixed (remove it here) or a new one appears.
KNOWN_UPWARD: set[tuple[str, str]] = set()


def _modules() -> dict[str, Path]:
    out = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            out[".".join(parts)] = path
    return out


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The project modules `name` imports, anywhere in its source."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and ast.unparse(node.test).endswith("TYPE_CHECKING")
        for inner in ast.walk(node)
    }
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue  # an annotation's import: no runtime edge
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            prefix = ".".join(base + ([node.module] if node.module else []))
            targets = [
                f"{prefix}.{alias.name}" if f"{prefix}.{alias.name}" in modules else prefix
                for alias in node.names
            ]
        else:
            continue
        for target in targets:
            while target and target not in modules and "." in target:
                target = target.rsplit(".", 1)[0]
            if target in modules and target != name:
                found.add(target)
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        top = stack.pop()
                        on_stack.discard(top)
                        component.append(top)
                        if top == node:
                            break
                    if len(component) > 1:
                        out.append(sorted(component))
            elif child not in index:
                index[child] = low[child] = counter
                counter += 1
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(graph[child]))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return out


def test_no_import_cycles() -> None:
    assert _cycles(_graph()) == []


def test_the_foundation_imports_nothing_of_the_project() -> None:
    graph = _graph()
    outside = {name: sorted(graph[name] - FOUNDATION) for name in FOUNDATION}
    assert {name: deps for name, deps in outside.items() if deps} == {}


def test_imports_only_look_down() -> None:
    upward = set()
    for name, deps in _graph().items():
        layer = name.split(".")[0]
        for dep in deps:
            if layer == "extractor" and dep.split(".")[0] in {"rules", "jixiao"}:
                upward.add((name, dep))
            if layer == "rules" and dep.startswith("jixiao"):
                upward.add((name, dep))
            if layer == "rules" and dep.startswith("extractor") and dep not in RULES_MAY_SEE:
                upward.add((name, dep))
    assert upward == KNOWN_UPWARD


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


MAX_LINES = 550  # a module a newcomer can read in one sitting


def test_every_module_is_small() -> None:
    sizes = {
        name: len(path.read_text(encoding="utf-8").splitlines())
        for name, path in _modules().items()
    }
    assert {name: n for name, n in sizes.items() if n > MAX_LINES} == {}
