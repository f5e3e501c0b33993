"""The generator: plan the services and the violations, then write the project files, each service's core and its plain modules."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

from monorepo_gen.core.service import handlers_path, service_path, write_core
from monorepo_gen.plain.filler import PlainModules
from monorepo_gen.plan import plan_plants, plan_services
from monorepo_gen.project import write_project
from monorepo_gen.tree import Tree
from monorepo_gen.vocabulary import SERVICE_TABLE

#: Roughly how many files one bounded context gets; the number of contexts
#: grows with the requested file count until the service table runs out.
FILES_PER_SERVICE = 215

#: The module defining events that every service's application services, domain-event handlers and consumers import.
EVENT_TARGET = "src/mono/seedwork/mediator.py"


@dataclass(frozen=True)
class Planted:
    """What :func:`generate` wrote, and what eventlint must report on it."""

    files: int
    lines: int
    expected: dict[str, int]
    edit_target: str
    plain_target: str
    leaf_target: str = ""  # a module holding event-related code that no module imports: its handlers of domain events
    event_target: str = ""  # a module defining an event, imported by many modules (`event_importers`)
    event_importers: int = 0


class Monorepo:
    """Builds the file texts of the monorepo in memory; one random generator, drawn in a fixed order, decides everything."""

    def __init__(self, files: int, seed: int) -> None:
        self.requested = files
        self.rng = random.Random(seed)
        self.tree = Tree()
        count = max(2, min(len(SERVICE_TABLE), round(files / FILES_PER_SERVICE)))
        self.services = plan_services(self.rng, count)
        self.plants = plan_plants(self.rng, self.services)
        self.edit_target = service_path(self.services[0].aggregates[0])
        self.plain = PlainModules(self.rng, self.tree, self.services)

    def build(self) -> None:
        """Create every file text."""
        write_project(self.tree, self.services)
        for service in self.services:
            write_core(self.tree, self.rng, self.plants, service)
        filler = self.requested - self.tree.python_files()
        if filler < 0:
            minimum = self.requested - filler
            raise ValueError(f"files={self.requested} is too few: {len(self.services)} services need {minimum}")
        for index, service in enumerate(self.services):
            share = filler // len(self.services) + (1 if index < filler % len(self.services) else 0)
            self.plain.fill(service, share)

    def write(self, root: Path) -> Planted:
        """Write the files under ``root`` and describe them."""
        files, lines = self.tree.write(root)
        return Planted(
            files=files,
            lines=lines,
            expected=dict(sorted(self.plants.expected.items())),
            edit_target=self.edit_target,
            plain_target=self.plain.plain_target,
            leaf_target=handlers_path(self.services[0]),
            event_target=EVENT_TARGET,
            event_importers=self.importers(EVENT_TARGET),
        )

    def importers(self, path: str) -> int:
        """How many Python files of the tree import the module at ``path`` by its dotted name."""
        module = path.removeprefix("src/").removesuffix(".py").replace("/", ".")
        pattern = re.compile(rf"^(?:from {re.escape(module)} import |import {re.escape(module)}\b)", re.MULTILINE)
        return sum(1 for name, text in self.tree.texts.items() if name.endswith(".py") and pattern.search(text))
