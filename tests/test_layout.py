"""The layout shows the pipeline: each module belongs to a stage, data flows one way (source →
passages → translations → speech → timings → what is published → pages and exports), and no
module imports one of a later stage, nor is part of an import circle. Imports inside
functions count: they hide an edge from a reader, not from Python."""
from __future__ import annotations

import ast
from pathlib import Path

from projects import REPO

PACKAGE = REPO / "reader"

# Earlier stages first. A module belongs to the stage of its longest listed prefix.
STAGES = [
    ("foundation", ["reader.errors", "reader.library", "reader.settings", "reader.files", "reader.interrupts",
                    "reader.text_files", "reader.mp3", "reader.segment"]),
    ("source", ["reader.source"]),
    ("translation", ["reader.translation"]),
    ("speech", ["reader.speech"]),
    ("timings", ["reader.timing_map"]),
    ("publish", ["reader.publish"]),
    ("build", ["reader.build"]),
    ("check", ["reader.check"]),
    ("web", ["reader.web"]),
    ("export", ["reader.export"]),
    ("commands", ["reader.cli", "reader.wsgi", "reader"]),
]


def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(REPO).with_suffix("").parts)
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imports(name: str, path: Path, known: dict[str, Path]) -> list[tuple[str, int]]:
    """The project's modules `name` imports, anywhere in it (with the line)."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = ".".join(package[:len(package) - node.level + 1] + [node.module or ""]).strip(".") \
                if node.level else node.module or ""
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
        elif isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        else:
            continue
        for target in targets:
            while target not in known and "." in target:
                target = target.rsplit(".", 1)[0]
            if target in known and target != name:
                found.append((target, node.lineno))
    return found


def stage(name: str) -> int:
    best = max(((len(prefix), index) for index, (_, prefixes) in enumerate(STAGES) for prefix in prefixes
                if name == prefix or name.startswith(prefix + ".")), default=None)
    assert best is not None, f"{name} belongs to no stage: add it to STAGES"
    return best[1]


def graph() -> dict[str, list[tuple[str, int]]]:
    known = modules()
    return {name: imports(name, path, known) for name, path in known.items()}


def circles(edges: dict[str, list[tuple[str, int]]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target, _ in edges[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_no_module_imports_a_later_stage():
    back = [f"{name}:{line} imports {target} ({STAGES[stage(target)][0]} comes after {STAGES[stage(name)][0]})"
            for name, targets in graph().items() for target, line in targets if stage(target) > stage(name)]
    assert back == [], "\n".join(back)


def test_no_import_circle():
    assert circles(graph()) == []


def test_the_check_finds_a_back_edge_and_a_circle():
    """The checker itself, on a made-up graph: a circle of two and an edge against the flow."""
    edges = {"reader.web.views": [("reader.export.epub", 1)], "reader.export.epub": [("reader.web.views", 2)],
             "reader.source.model": []}
    assert circles(edges) == [["reader.export.epub", "reader.web.views"]]
    assert stage("reader.export.epub") > stage("reader.web.views") > stage("reader.source.model")


PROJECT_FOLDERS = ("content", "translations", "audio", "covers")
LAYOUT_MODULE = "reader.library"


def folder_paths(tree: ast.AST) -> list[tuple[str, int]]:
    """`something / "content"`: a project folder's path written out (line)."""
    return [(node.right.value, node.lineno) for node in ast.walk(tree)
            if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div)
            and isinstance(node.right, ast.Constant) and node.right.value in PROJECT_FOLDERS]


def test_the_project_layout_is_written_once():
    """content/, translations/ and audio/ are joined onto a path in library.py's Layout alone:
    every other module asks it (a static export's own audio/ folder is its output's)."""
    found = [f"{name}:{line} writes out {folder}/" for name, path in modules().items() if name != LAYOUT_MODULE
             for folder, line in folder_paths(ast.parse(path.read_text(encoding="utf-8")))
             if name != "reader.export.static_site"]
    assert found == [], "\n".join(found)
    assert sorted(folder_paths(ast.parse('covers = root / "content" / "covers"'))) == [("content", 1), ("covers", 1)]
