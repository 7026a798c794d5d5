"""House rules a reader relies on: every function in launchwatch/ is short enough to read at once."""

from __future__ import annotations

import ast

import pytest

from launchwatch import loading

MAX_LINES = 60
PACKAGE = loading.REPO_ROOT / "launchwatch"


def _functions():
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                yield path.relative_to(loading.REPO_ROOT), node


def test_the_package_has_functions_to_check():
    assert sum(1 for _ in _functions()) > 100


@pytest.mark.parametrize(
    "where,lines",
    [
        pytest.param(f"{path}:{node.lineno} {node.name}", node.end_lineno - node.lineno + 1, id=f"{path}:{node.name}")
        for path, node in _functions()
    ],
)
def test_every_function_is_under_60_lines(where, lines):
    assert lines < MAX_LINES, f"{where} is {lines} lines long: split it"
