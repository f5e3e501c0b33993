"""Test helpers, once: the small shop project and its configuration, writing a project, running the command line in process.

A module of its own (not `conftest.py`, which pytest discourages importing).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest
from markers import actual, expected

from eventlint import lint_sources
from eventlint.cli import main

# The event bases of `shop.seedwork`, by kind.
BASES = {"domain": "shop.seedwork.DomainEvent", "integration": "shop.seedwork.IntegrationEvent"}

# The calls the small projects dispatch through, by role.
PATTERNS = {
    "broker": "*.event_bus.publish",
    "local": "*.mediator.publish",
    "outbox": "*.outbox.add",
    "commit": "*.uow.commit",
    "transaction": "*.uow.transaction",
    "after-commit": "*.uow.on_commit",
}


def shop_config(
    *contexts: str,
    src: bool = False,
    exclude: Sequence[str] = (),
    events: Sequence[str] = ("domain", "integration"),
    published_language: bool = False,
    relationships: Sequence[str] = (),
    shared_kernels: Sequence[tuple[str, str]] = (),
    dispatch: Sequence[str] = (),
    patterns: Mapping[str, str] | None = None,
    packages: Mapping[str, str] | None = None,
) -> str:
    """The eventlint.toml of a small shop: each context NAME holds `shop.NAME` (or its entry in `packages`),
    the `events` kinds have their base in `shop.seedwork`, `shop.contracts` is the published language when
    `published_language`, and each `dispatch` role calls its pattern (from PATTERNS, or `patterns` where it
    names the role)."""
    lines = ['src = ["src"]'] if src else []
    if exclude:
        lines.append(f"exclude = {json.dumps(list(exclude))}")
    if events:
        lines.append("[events]")
        lines.extend(f"{kind}-bases = {json.dumps([BASES[kind]])}" for kind in events)
    for name in contexts:
        package = (packages or {}).get(name, f"shop.{name}")
        lines.extend((f"[contexts.{name}]", f"modules = {json.dumps([package])}"))
    context_map = []
    if published_language:
        context_map.append('published-language = ["shop.contracts"]')
    if relationships:
        context_map.append(f"relationships = {json.dumps(list(relationships))}")
    if shared_kernels:
        context_map.append(f"shared-kernels = {json.dumps([list(pair) for pair in shared_kernels])}")
    if context_map:
        lines.extend(("[context-map]", *context_map))
    if dispatch:
        chosen = {**PATTERNS, **(patterns or {})}
        lines.append("[dispatch]")
        lines.extend(f"{role} = {json.dumps([chosen[role]])}" for role in dispatch)
    return "".join(line + "\n" for line in lines)


CONFIG = shop_config("ordering", "basket", src=True)

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


def tool_tables(config: str) -> str:
    """An eventlint.toml's tables as pyproject.toml holds them, below `[tool.eventlint]` (keys before the first
    table are left where they are)."""
    return re.sub(r"^\[", "[tool.eventlint.", config, flags=re.MULTILINE)


def write(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """Write `{relative path: content}` below `root` (bytes as they are); return `root`."""
    for relpath, content in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return root


def write_configured(root: Path, files: Mapping[str, str | bytes], config: str, *, name: str = "eventlint.toml") -> Path:
    """Write the project `files` below `root` with `config` as its configuration file `name` (in place of
    one `files` holds); return `root`."""
    return write(root, {**files, name: config})


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
