"""The files every monorepo has whatever its services: the eventlint configuration, the README, the root package, the seedwork and the contracts package."""

from __future__ import annotations

import textwrap

from monorepo_gen.plan import Service
from monorepo_gen.templates.project import CONFIG, CONTEXT, CONTRACTS_PACKAGE, README, ROOT_PACKAGE
from monorepo_gen.templates.seedwork import SEEDWORK
from monorepo_gen.tree import Tree


def write_project(tree: Tree, services: list[Service]) -> None:
    """Add the files around the services to ``tree``: the configuration names each service as a bounded context."""
    contexts = "".join(CONTEXT.format(name=service.name) for service in services)
    tree.put("eventlint.toml", CONFIG.format(contexts=contexts))
    tree.put("README.md", README.format(names=", ".join(service.name for service in services)))
    tree.put("src/mono/__init__.py", ROOT_PACKAGE)
    for path, text in SEEDWORK.items():
        tree.put(f"src/mono/seedwork/{path}", textwrap.dedent(text).lstrip("\n"))
    tree.put("src/mono/contracts/__init__.py", CONTRACTS_PACKAGE)
