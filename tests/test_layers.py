"""The rooms and their doors (docs/architecture.md), read from every module's imports.

Every import counts, those inside functions included: an import that only runs later still
ties the two modules together. Tests, migrations and vendored files are not modules of the app.

- Doors go one way: core ← members, documents ← campaign ← awards ← reports ← ops.
  `documents` may use `members` (roles and signers), never the other way round.
- Nothing imports ops or the settings package (thidua), except the settings package itself.
- Services never import tasks: only a `tasks` module, or Celery's autodiscovery, imports one.
- No app imports another app's views.
- No circle between modules.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ["core", "members", "documents", "campaign", "awards", "reports", "ops", "thidua"]
# The floor at 0; an app may import only apps on a lower floor (or its own).
FLOOR = {"core": 0, "members": 1, "documents": 2, "campaign": 3, "awards": 4, "reports": 5, "ops": 6, "thidua": 7}
NOT_MODULES = ("migrations", "__pycache__")


def module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def app_modules():
    found = {}
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if any(part in NOT_MODULES for part in path.relative_to(ROOT).parts):
                continue
            found[module_name(path)] = path
    return found


MODULES = app_modules()


def resolve(name):
    """The project module an imported dotted name is, or None for a library."""
    while name:
        if name in MODULES:
            return name
        name = name.rpartition(".")[0]
    return None


def imports_of(module, path):
    """[(imported project module, line, inside a function)] of one module."""
    tree = ast.parse(path.read_text(), filename=str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []

    def visit(node, nested):
        for child in ast.iter_child_nodes(node):
            inner = nested or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if isinstance(child, ast.Import):
                for alias in child.names:
                    target = resolve(alias.name)
                    if target:
                        found.append((target, child.lineno, inner))
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package.split(".")
                    base = base[: len(base) - (child.level - 1)]
                    source = ".".join(base + ([child.module] if child.module else []))
                else:
                    source = child.module
                for alias in child.names:
                    # `from pkg import module` imports the module; `from module import name` the module.
                    target = resolve(f"{source}.{alias.name}") or resolve(source)
                    if target:
                        found.append((target, child.lineno, inner))
            visit(child, inner)

    visit(tree, False)
    return found


GRAPH = {module: imports_of(module, path) for module, path in MODULES.items()}


def app_of(module):
    return module.split(".")[0]


def where(module, line):
    return f"{MODULES[module].relative_to(ROOT)}:{line}"


def test_every_app_is_read():
    assert {app_of(m) for m in MODULES} == set(APPS)
    assert len(MODULES) > 100


def test_doors_go_one_way():
    upward = [
        f"{where(module, line)} {module} → {target}"
        for module, edges in GRAPH.items()
        for target, line, _nested in edges
        if FLOOR[app_of(target)] > FLOOR[app_of(module)]
    ]
    assert upward == [], "imports that go up a floor:\n" + "\n".join(upward)


def test_nothing_imports_ops_or_the_settings_package():
    found = [
        f"{where(module, line)} {module} → {target}"
        for module, edges in GRAPH.items()
        for target, line, _nested in edges
        if app_of(target) in ("ops", "thidua") and app_of(module) != app_of(target) and app_of(module) != "thidua"
    ]
    assert found == [], "\n".join(found)


def test_only_tasks_import_tasks():
    found = [
        f"{where(module, line)} {module} → {target}"
        for module, edges in GRAPH.items()
        for target, line, _nested in edges
        if target.rpartition(".")[2] == "tasks" and module.rpartition(".")[2] != "tasks" and target != module
    ]
    assert found == [], "services enqueue by the task's registered name (core.jobs.enqueue):\n" + "\n".join(found)


def test_no_app_imports_another_apps_views():
    found = [
        f"{where(module, line)} {module} → {target}"
        for module, edges in GRAPH.items()
        for target, line, _nested in edges
        if ".views" in f".{target.partition('.')[2]}"
        and app_of(target) != app_of(module)
        and app_of(module) != "thidua"
    ]
    assert found == [], "\n".join(found)


def strongly_connected(graph):
    """Tarjan's algorithm: the groups of modules that reach each other."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []
    counter = [0]

    def connect(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                item = stack.pop()
                on_stack.discard(item)
                group.append(item)
                if item == node:
                    break
            groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return groups


def test_no_circle_between_modules():
    # A package's __init__ is run by importing any module in it; the edge to it is not a door.
    graph = {
        module: {target for target, _line, _nested in edges if target != module and not module.startswith(target + ".")}
        for module, edges in GRAPH.items()
    }
    circles = [group for group in strongly_connected(graph) if len(group) > 1]
    assert circles == [], "circles:\n" + "\n".join(" ↔ ".join(group) for group in circles)


@pytest.mark.parametrize(
    ("graph", "circles"),
    [
        ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
        ({"a": {"b"}, "b": {"a"}}, [["a", "b"]]),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}, [["a", "b", "c"]]),
    ],
)
def test_the_circle_finder_finds_circles(graph, circles):
    assert [group for group in strongly_connected(graph) if len(group) > 1] == circles


def test_imports_inside_functions_and_relative_imports_are_seen(tmp_path):
    fake = tmp_path / "fake.py"
    fake.write_text(
        "import core.jobs\n\n\ndef later():\n    from members import models\n    from .models import Campaign\n"
    )
    assert imports_of("campaign.fake", fake) == [
        ("core.jobs", 1, False),
        ("members.models", 5, True),
        ("campaign.models", 6, True),
    ]


def test_an_import_inside_a_function_says_why_on_its_line():
    """Imports go at the top of their module (ruff's PLC0415); the few that cannot say why, in words."""
    unexplained = []
    for module, path in MODULES.items():
        source = path.read_text()
        lines = source.splitlines()
        for node in ast.walk(ast.parse(source)):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for inner in ast.walk(node):
                if isinstance(inner, ast.Import | ast.ImportFrom):
                    line = lines[inner.lineno - 1]
                    comment = line.partition("#")[2]
                    if "PLC0415" not in comment or "(" not in comment.partition("PLC0415")[2]:
                        unexplained.append(f"{where(module, inner.lineno)}: {line.strip()}")
    assert unexplained == [], "\n".join(unexplained)
