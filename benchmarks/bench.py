"""Measure eventlint on a generated codebase against a baseline measured in the same run.

    python benchmarks/bench.py [--files 1000] [--keep DIR]

The baseline is the cost of `libcst.parse_module` on every file of the same
tree (the floor any libcst-based linter pays); eventlint's figures are given
as ratios to it, so results compare across machines.
"""

from __future__ import annotations

import argparse
import random
import shutil
import tempfile
import time
from pathlib import Path

import libcst

from eventlint import lint_paths
from eventlint.api import resolve_config

CONTEXTS = ("ordering", "catalog", "basket", "payment", "identity")

MODULE = '''"""Module {n} of the {context} context."""

from __future__ import annotations

from dataclasses import dataclass

from shop.seedwork import DomainEvent, IntegrationEvent
from shop.{other}.m{m} import Item{m}ShippedDomainEvent, Item{m}PaidIntegrationEvent


@dataclass(frozen=True)
class Item{n}ShippedDomainEvent(DomainEvent):
    item_id: int


@dataclass(frozen=True)
class Item{n}PaidIntegrationEvent(IntegrationEvent):
    item_id: int
    amount: int


class Item{n}Service:
    """Application service: changes the item, then tells the others."""

    def __init__(self, uow, event_bus, mediator, repository) -> None:
        self.uow = uow
        self.event_bus = event_bus
        self.mediator = mediator
        self.repository = repository

    def ship(self, item_id: int) -> None:
        item = self.repository.get(item_id)
        item.ship()
        self.mediator.publish(Item{n}ShippedDomainEvent(item_id))
        self.uow.commit()
        self.event_bus.publish(Item{n}PaidIntegrationEvent(item_id, item.amount))

    def react(self, event: Item{m}ShippedDomainEvent) -> None:
        for line in self.repository.lines(event.item_id):
            if line.open:
                line.close()
            else:
                continue
        self.uow.commit()
'''

PLAIN = '''"""Helpers {n}: code that never mentions an event."""

from __future__ import annotations

import math


def area(radius: float) -> float:
    return math.pi * radius * radius


def describe(values: list[int]) -> str:
    total = sum(values)
    return f"{{len(values)}} values, total {{total}}"
'''


def generate(root: Path, files: int) -> None:
    """A project of `files` modules, one in five mentioning events and dispatch."""
    rng = random.Random(7)
    per_context = files // len(CONTEXTS)
    (root / "src/shop").mkdir(parents=True)
    (root / "src/shop/__init__.py").write_text("")
    (root / "src/shop/seedwork.py").write_text("class DomainEvent:\n    pass\n\n\nclass IntegrationEvent:\n    pass\n")
    for context in CONTEXTS:
        folder = root / "src/shop" / context
        folder.mkdir()
        (folder / "__init__.py").write_text("")
        for n in range(per_context):
            if n % 5 == 0:
                other, m = rng.choice(CONTEXTS), rng.randrange(0, per_context, 5)
                text = MODULE.format(n=n, m=m, context=context, other=other)
            else:
                text = PLAIN.format(n=n)
            (folder / f"m{n}.py").write_text(text)
    contexts = "".join(f'[contexts.{c}]\nmodules = ["shop.{c}"]\n' for c in CONTEXTS)
    (root / "eventlint.toml").write_text(
        'src = ["src"]\n[events]\ndomain-bases = ["shop.seedwork.DomainEvent"]\n'
        'integration-bases = ["shop.seedwork.IntegrationEvent"]\n' + contexts + "[dispatch]\n"
        'broker = ["*.event_bus.publish"]\nlocal = ["*.mediator.publish"]\ncommit = ["*.uow.commit"]\n'
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--keep", type=Path, help="generate here and keep the tree")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="eventlint-bench-"))
    try:
        if not (root / "eventlint.toml").exists():
            generate(root, args.files)
        paths = sorted(root.rglob("*.py"))
        lines = sum(len(path.read_text().splitlines()) for path in paths)

        start = time.perf_counter()
        for path in paths:
            libcst.parse_module(path.read_text())
        baseline = time.perf_counter() - start

        config, _ = resolve_config([root])
        start = time.perf_counter()
        result = lint_paths([root], config, base=root)
        cold = time.perf_counter() - start

        start = time.perf_counter()
        lint_paths([root], config, base=root)
        warm = time.perf_counter() - start

        one = paths[len(paths) // 2]
        start = time.perf_counter()
        lint_paths([one], config, base=root)
        single = time.perf_counter() - start

        print(f"{len(paths)} files, {lines} lines, {len(result.diagnostics)} findings")
        print(f"baseline libcst.parse_module of every file: {baseline:.2f} s (1.00x)")
        print(f"eventlint check, whole project:             {cold:.2f} s ({cold / baseline:.2f}x)")
        print(f"eventlint check again, same process:        {warm:.2f} s ({warm / baseline:.2f}x)")
        print(f"eventlint check of one file, same process:  {single:.2f} s ({single / baseline:.2f}x)")
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
