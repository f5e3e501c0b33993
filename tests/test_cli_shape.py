"""The command line stays thin: each function reads options and calls down, none longer than a screen."""

from __future__ import annotations

import ast
from pathlib import Path

CLI = Path(__file__).parent.parent / "eventlint" / "cli.py"
MOST_LINES = 40  # from the `def` line through the last line, decorators not counted


def functions(tree: ast.Module) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    return [node for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))]


def test_no_function_of_the_command_line_is_over_40_lines() -> None:
    tree = ast.parse(CLI.read_text(encoding="utf-8"))
    found = functions(tree)
    assert {"check", "map_command", "main"} <= {function.name for function in found}
    lengths = {function.name: function.end_lineno - function.lineno + 1 for function in found if function.end_lineno}
    assert {name: lines for name, lines in lengths.items() if lines > MOST_LINES} == {}


def test_the_count_starts_at_the_def_line() -> None:
    """Decorators (the click options) are not counted; the signature, docstring and body are."""
    tree = ast.parse("@decorated\n@twice\ndef f(\n    a: int,\n) -> int:\n    '''Doc.'''\n    return a\n")
    (function,) = functions(tree)
    assert function.end_lineno is not None
    assert function.end_lineno - function.lineno + 1 == 5


def test_check_and_map_share_one_validation_of_their_options() -> None:
    tree = ast.parse(CLI.read_text(encoding="utf-8"))
    by_name = {function.name: function for function in functions(tree)}
    for command in ("check", "map_command"):
        called = {node.func.id for node in ast.walk(by_name[command]) if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)}
        assert "_validate" in called, command
