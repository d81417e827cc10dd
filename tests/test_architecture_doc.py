"""docs/architecture.md names, for each rule, the one function that holds it and a test: both must exist."""

import ast
import importlib
import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
ROW = re.compile(r"^\| (?P<rule>[^|]+) \| (?P<functions>[^|]+) \| (?P<tests>[^|]+) \|$")
DOTTED = re.compile(r"`([a-z_]+(?:\.[A-Za-z_]+)+)`")
TEST = re.compile(r"`(tests/[\w/]+\.py)::(\w+)`")


def rows():
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    table = text.split("## Where each rule lives", 1)[1]
    return [
        m
        for line in table.splitlines()
        if (m := ROW.match(line)) and not line.startswith("| rule") and "---" not in line
    ]


def resolves(dotted):
    parts = dotted.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for name in parts[cut:]:
            obj = getattr(obj, name, None)
            if obj is None:
                return False
        return True
    return False


def test_the_rule_table_is_not_empty():
    assert len(rows()) >= 15


def test_every_function_the_rule_table_names_exists():
    missing = [name for row in rows() for name in DOTTED.findall(row["functions"]) if not resolves(name)]
    assert missing == []


def test_every_test_the_rule_table_names_exists():
    missing = []
    for row in rows():
        for path, name in TEST.findall(row["tests"]):
            tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
            if name not in {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}:
                missing.append(f"{path}::{name}")
    assert missing == []
