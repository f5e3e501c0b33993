"""The plain modules of each service, drawn kind by kind until the service has its share of the files."""

from __future__ import annotations

import random
from collections import Counter

from monorepo_gen.module import Module
from monorepo_gen.plain.block import Ctx
from monorepo_gen.plain.kinds import KIND_DIRS, KIND_FILE_SUFFIX, KIND_WEIGHTS, KINDS
from monorepo_gen.plain.tests import block_import_check
from monorepo_gen.plan import Service
from monorepo_gen.templates.project import PLAIN_MODULES, PURE_COMPUTATION
from monorepo_gen.text import words
from monorepo_gen.tree import Tree
from monorepo_gen.vocabulary import GENERIC_NOUNS, QUALIFIERS


class PlainModules:
    """Writes the plain modules of the services into a tree, tests last so they import what the others define."""

    def __init__(self, rng: random.Random, tree: Tree, services: list[Service]) -> None:
        self.rng = rng
        self.tree = tree
        self.first = services[0]
        self.exports: dict[str, list[tuple[str, str]]] = {service.name: [] for service in services}
        self.counters: Counter[str] = Counter()
        #: A plain utility module of the first service: a file with nothing for eventlint to find.
        self.plain_target = ""

    def fill(self, service: Service, count: int) -> None:
        """Add ``count`` plain modules to ``service``, the first of them a utility module."""
        rng = self.rng
        kinds = [kind for kind, _ in KIND_WEIGHTS]
        weights = [weight for _, weight in KIND_WEIGHTS]
        chosen = ["utils"] + rng.choices(kinds, weights=weights, k=count - 1) if count else []
        used = self.tree.under(f"src/mono/{service.name}")
        # Tests last: they import what the other modules define.
        for kind in sorted(chosen, key=lambda kind: kind == "tests"):
            topic = self._topic(service)
            directory = f"src/mono/{service.name}/{KIND_DIRS[kind]}"
            stem = ("test_" if kind == "tests" else "") + topic + KIND_FILE_SUFFIX[kind]
            path, number = f"{directory}/{stem}.py", 2
            while path in used:
                path, number = f"{directory}/{stem}_{number}.py", number + 1
            used.add(path)
            module = path[len("src/") : -len(".py")].replace("/", ".")
            m = self._module(service, kind, topic)
            if kind != "tests":
                self.exports[service.name] += [(module, name) for name in m.exports if not name.startswith("_")]
            self.tree.put(path, m.render())
            if not self.plain_target and service is self.first and kind == "utils":
                self.plain_target = path

    def _topic(self, service: Service) -> str:
        rng = self.rng
        noun = rng.choice(service.nouns) if rng.random() < 0.7 else rng.choice(GENERIC_NOUNS)
        return f"{rng.choice(QUALIFIERS)}_{noun}" if rng.random() < 0.6 else noun

    def _module(self, service: Service, kind: str, topic: str) -> Module:
        rng = self.rng
        doc = PLAIN_MODULES[kind].format(svc=service.name, topic=words(topic))
        if rng.random() < 0.08:
            doc += PURE_COMPUTATION
        m = Module(doc)
        ctx = Ctx(service.name, service.nouns, topic, self.counters)
        first, weighted = KINDS[kind]
        blocks = [block for block, _ in weighted]
        weights = [weight for _, weight in weighted]
        target = rng.randint(55, 175)
        if kind == "tests":
            exports = self.exports[service.name]
            if exports:
                picked = rng.sample(exports, min(len(exports), rng.randint(1, 3)))
                targets = list({name: (module, name) for module, name in picked}.values())
                block_import_check(m, rng, ctx, targets)
        for block in first:
            block(m, rng, ctx)
        while m.size < target:
            rng.choices(blocks, weights=weights)[0](m, rng, ctx)
        return m
