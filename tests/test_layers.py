"""The layers as built (docs/design.md), checked from the source: no import loop anywhere, no
import the layering forbids, and the two faces (``cli/``, ``flows/``) stay thin.

The walk reads every module's imports with ``ast`` (top-level and inside functions alike: a
loop through a lazy import is still a loop in the design) and resolves each to the project
module it names: ``from ops import crawl`` is an edge to ``ops.crawl`` when that is a module,
else to ``ops``.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("pipeline", "spiders", "warehouse", "curation", "sampleweb", "ops", "flows", "cli")

# package -> the project packages it may import (besides itself)
ALLOWED = {
    "pipeline": set(),
    "spiders": {"pipeline"},
    "warehouse": {"pipeline"},
    "sampleweb": {"pipeline"},
    "curation": {"pipeline", "warehouse"},
    "ops": {"pipeline", "spiders", "warehouse", "curation", "sampleweb"},
    "flows": {"ops", "pipeline", "warehouse"},
    "cli": {"ops", "flows", "pipeline", "spiders", "warehouse", "curation"},
}

# cli/ and flows/ are adapters: a function there longer than this (lines of code, not counting
# its docstring and decorators) holds work that belongs in ops/.
THIN_LINES = {"cli": 30, "flows": 30}

# Known debts, each to be paid by its owner; an entry that is paid must leave this list (the
# tests fail on a stale entry too, so it only shrinks).
KNOWN_LOOPS: list[list[str]] = []
KNOWN_FAT: set[str] = set()


def modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The project modules ``name`` imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*up, base] if base else up)
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base
                       for a in node.names]  # fmt: skip
        else:
            continue
        for target in targets:
            while target and target not in known:  # `import a.b.c` of a package path
                target = target.rpartition(".")[0]
            if target and target != name:
                out.add(target)
    return out


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports(name, path, known) for name, path in known.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_no_import_loop_anywhere():
    loops = cycles(graph())
    new = [loop for loop in loops if loop not in KNOWN_LOOPS]
    assert not new, f"import loops: {new}"
    assert not [k for k in KNOWN_LOOPS if k not in loops], "a known loop is gone: drop it"


def test_no_import_the_layering_forbids():
    wrong = []
    for name, targets in graph().items():
        top = name.split(".")[0]
        for target in targets:
            other = target.split(".")[0]
            if other != top and other not in ALLOWED[top]:
                wrong.append(f"{name} imports {target}")
    assert not wrong, "imports against the layers (docs/design.md):\n" + "\n".join(sorted(wrong))


def _length(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    body = fn.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]  # the docstring
    if not body:
        return 0
    return (body[-1].end_lineno or body[-1].lineno) - body[0].lineno + 1


def test_the_faces_stay_thin():
    fat = []
    for package, limit in THIN_LINES.items():
        for path in sorted((ROOT / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    if _length(node) > limit:
                        fat.append(f"{path.relative_to(ROOT)} {node.name}")
    new = sorted(set(fat) - KNOWN_FAT)
    assert not new, (
        f"functions in cli/ or flows/ over {THIN_LINES} lines (move work to ops/): {new}"
    )
    assert not KNOWN_FAT - set(fat), f"thin now, drop from KNOWN_FAT: {KNOWN_FAT - set(fat)}"


def test_the_walk_sees_a_loop_and_a_forbidden_import():
    """The checks can fail: a made-up loop is found, and so is pipeline -> cli."""
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    edges = graph()
    assert "ops.settings" in edges["cli.main"] or "ops.settings" in edges["cli.common"]
    assert "cli" not in ALLOWED["pipeline"] and "cli" not in ALLOWED["flows"]


# The one adapter module per dependency allowed to reach past its public API (each has a test
# that fails when an upgrade breaks it: tests/spiders/test_scrapy_compat.py).
COMPAT = {"spiders.scrapy_compat"}
DEPENDENCIES = ("prefect", "scrapy", "twisted", "duckdb", "click", "feedparser")


def test_no_private_api_of_a_dependency_outside_its_adapter():
    """No ``from prefect.x._y import …`` or ``import _name`` from Prefect, Scrapy and the
    rest, except in the adapter modules."""
    wrong = []
    for name, path in modules().items():
        if name in COMPAT:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and not node.level:
                parts = node.module.split(".")
                if parts[0] not in DEPENDENCIES:
                    continue
                private = [p for p in parts if p.startswith("_")]
                private += [a.name for a in node.names if a.name.startswith("_")]
                if private:
                    wrong.append(f"{name}: from {node.module} import ...")
    assert not wrong, f"private APIs of dependencies: {wrong}"
