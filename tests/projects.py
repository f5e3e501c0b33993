"""Test helpers, once: the small shop project, writing a project, running the command line in process.

A module of its own (not `conftest.py`, which pytest discourages importing).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import pytest
from markers import actual, expected

from eventlint import lint_sources
from eventlint.cli import main

CONFIG = """\
src = ["src"]
[events]
domain-bases = ["shop.seedwork.DomainEvent"]
integration-bases = ["shop.seedwork.IntegrationEvent"]
[contexts.ordering]
modules = ["shop.ordering"]
[contexts.basket]
modules = ["shop.basket"]
"""

# Three findings: the domain event used in another context (EVL201), a badly named one (EVL101, EVL104).
SHOP: dict[str, str | bytes] = {
    "eventlint.toml": CONFIG,
    "src/shop/__init__.py": "",
    "src/shop/seedwork.py": "class DomainEvent: ...\n\n\nclass IntegrationEvent: ...\n",
    "src/shop/ordering/__init__.py": "",
    "src/shop/ordering/events.py": (
        "from shop.seedwork import DomainEvent\n"
        "\n"
        "\n"
        "class OrderStartedDomainEvent(DomainEvent): ...\n"
        "\n"
        "\n"
        "class CreateOrder(DomainEvent): ...\n"
    ),
    "src/shop/basket/__init__.py": "",
    "src/shop/basket/handlers.py": "from shop.ordering.events import OrderStartedDomainEvent\n",
}

SHOP_FINDINGS = [
    ("src/shop/basket/handlers.py", "EVL201", 1),
    ("src/shop/ordering/events.py", "EVL101", 7),
    ("src/shop/ordering/events.py", "EVL104", 7),
]


def write(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """Write `{relative path: content}` below `root` (bytes as they are); return `root`."""
    for relpath, content in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return root


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """`eventlint ARGV` in process: exit code, stdout, stderr."""
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def findings(capsys: pytest.CaptureFixture[str], *argv: str) -> set[tuple[str, str, int, int]]:
    """The findings of `eventlint check --format json ARGV` as (code, path, line, column)."""
    code, out, err = run(capsys, "check", "--format", "json", *argv)
    assert code in (0, 1), err
    return {(d["code"], d["path"], d["line"], d["column"]) for d in json.loads(out)}


def assert_fires_as_marked(project: Mapping[str, str], config: str) -> None:
    """Lint an in-memory project: no internal error, and exactly the findings its `# expect:` markers name."""
    result = lint_sources(project, config)
    assert not result.errors, result.errors[0].details
    assert actual(result) == expected(dict(project))
