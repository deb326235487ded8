"""No two modules of bot/ and flows/ import each other, directly or through others.

Issue 18 removed cycles that existed only for type hints (bot/app.py <-> the transparency
routes, the web demo <-> bot/app.py, flows/complaint.py <-> flows/safety.py): each meant
that one side could not be read, tested or loaded without the other. This test keeps them
out. It reads the imports at module level, those under `if TYPE_CHECKING:` included
(a type-only cycle is still a cycle for the reader); imports inside functions are the
documented way to load something late and are not counted.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _modules() -> dict[str, Path]:
    found = {}
    for package in ("bot", "flows"):
        for path in (ROOT / package).rglob("*.py"):
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            found[name.removesuffix(".__init__")] = path
    return found


def _imports(path: Path, known: dict[str, Path], own: str) -> set[str]:
    def known_module(dotted: str) -> str | None:
        while dotted:
            if dotted in known:
                return dotted
            dotted = dotted.rpartition(".")[0]
        return None

    found: set[str] = set()

    def visit(body: list[ast.stmt]) -> None:
        for node in body:
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [f"{node.module}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.If):  # if TYPE_CHECKING: (and other guards)
                visit(node.body)
                visit(node.orelse)
            for name in names:
                module = known_module(name)
                if module is not None and module != own:
                    found.add(module)

    visit(ast.parse(path.read_text(encoding="utf-8")).body)
    return found


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def connect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            connect(v)
    return components


def test_the_finder_sees_a_type_only_cycle(tmp_path: Path) -> None:
    """The check itself, on two modules importing each other, one only for a type hint,
    and a third that imports one of them late (inside a function: not a cycle)."""
    sources = {
        "pkg.a": "from pkg.b import B\n",
        "pkg.b": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg.a import A\n",
        "pkg.c": "import pkg.a\n",
        "pkg.d": "def late():\n    from pkg.c import C\n",
    }
    modules = {}
    for name, text in sources.items():
        path = tmp_path / f"{name}.py"
        path.write_text(text)
        modules[name] = path
    graph = {name: _imports(path, modules, name) for name, path in modules.items()}
    assert graph == {"pkg.a": {"pkg.b"}, "pkg.b": {"pkg.a"}, "pkg.c": {"pkg.a"}, "pkg.d": set()}
    assert _cycles(graph) == [["pkg.a", "pkg.b"]]


def test_no_import_cycles_in_bot_and_flows() -> None:
    modules = _modules()
    graph = {name: _imports(path, modules, name) for name, path in modules.items()}
    assert len(graph) > 100 and sum(len(v) for v in graph.values()) > 300  # really read
    assert _cycles(graph) == []
