"""docs/security.md names, for each protection, the test that proves it: every name must exist."""

import ast
import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
CITATION = re.compile(r"`(tests/[\w/]+\.py)?::(\w+)`")


def _tests_in(path):
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    return {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}


def test_every_test_the_security_page_cites_exists():
    missing, current = [], None
    for line in (ROOT / "docs" / "security.md").read_text(encoding="utf-8").splitlines():
        for path, name in CITATION.findall(line):
            current = path or current  # "`::name`" continues the file named last
            if name not in _tests_in(current):
                missing.append(f"{current}::{name}")

    assert missing == []
