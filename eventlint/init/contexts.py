"""Bounded contexts and published language, from where the events, aggregates and handlers are.

The package tree is read from the top: a level with a single package that
holds evidence is a way down (`shop`, `src`); a level where several sibling
packages hold it is where the contexts are (`shop.ordering`, `shop.catalog`).
Shared code (`seedwork`, `shared_kernel`, ...) and layers (`domain`,
`application`, `infrastructure`, ...) are never contexts: a package whose
evidence sits in its layers is one context; shared code holding evidence is
listed with why it is left out. Packages named like containers (`modules`,
`contexts`) are looked through. Test code is no evidence. Deployable
services found beside each other are contexts before the tree is read.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from eventlint.index.contextmap import covers
from eventlint.init.phrases import counted, is_auxiliary
from eventlint.init.proposal import Entry, ProposedContext

# Code every context builds on: named so, it is left out of the contexts, and the proposal says why.
SHARED_CODE = frozenset(
    {
        "shared",
        "seedwork",
        "common",
        "commons",
        "building_blocks",
        "buildingblocks",
        "shared_kernel",
        "sharedkernel",
        "kernel",
        "core",
        "lib",
        "libs",
        "utils",
        "util",
        "helpers",
    }
)
# Never contexts either: configuration, tests, migrations, tooling, infrastructure.
SHARED = SHARED_CODE | frozenset(
    {"infrastructure", "infra", "config", "settings", "tests", "test", "migrations", "alembic", "scripts"}
)
LAYERS = frozenset(
    {
        "domain",
        "application",
        "app",
        "apps",
        "adapters",
        "service_layer",
        "services",
        "entrypoints",
        "presentation",
        "api",
        "apis",
        "web",
        "ui",
        "cli",
        "ports",
        "interfaces",
        "interface",
        "models",
        "model",
        "events",
        "commands",
        "queries",
        "handlers",
        "repositories",
        "repository",
        "use_cases",
        "usecases",
        "controllers",
        "routers",
        "views",
        "persistence",
        "db",
        "schemas",
        "dto",
        "dtos",
        # the same layers as teams name them in Spanish and Portuguese
        "dominio",
        "aplicacion",
        "aplicacao",
        "infraestructura",
        "infraestrutura",
        "adaptadores",
        "puertos",
        "presentacion",
        "persistencia",
        "repositorios",
        "servicios",
        "comandos",
        "consultas",
        "eventos",
        "manejadores",
        "despachadores",
        "entidades",
        "modelos",
    }
)
ENTRY_POINTS = frozenset({"api", "apis", "web", "ui", "cli", "entrypoints", "presentation"})
NAMED_CONTEXTS = frozenset({"contexts", "bounded_contexts", "boundedcontexts"})
CONTAINERS = NAMED_CONTEXTS | {"modules", "domains", "subdomains", "components", "modulos", "contextos", "dominios"}
PUBLISHED_LANGUAGE = frozenset(
    {
        "contracts",
        "contract",
        "integration_events",
        "integrationevents",
        "messages",
        "published_language",
        "public_events",
        "public",
        "shared_events",
        "events_contracts",
        "message_contracts",
    }
)


@dataclass
class Holdings:
    """What a module or package holds that marks a bounded context."""

    events: int = 0
    integration_events: int = 0
    aggregates: int = 0
    handlers: int = 0

    @property
    def weight(self) -> int:
        """How much evidence: every event, aggregate and handler counts once."""
        return self.events + self.aggregates + self.handlers

    def add(self, other: Holdings) -> None:
        """Add another module's holdings to these."""
        self.events += other.events
        self.integration_events += other.integration_events
        self.aggregates += other.aggregates
        self.handlers += other.handlers

    def phrase(self) -> str:
        """`holds 6 events, 2 aggregates, 3 handlers`."""
        parts = [counted(self.events, "event"), counted(self.aggregates, "aggregate"), counted(self.handlers, "handler")]
        return "holds " + ", ".join(part for part in parts if not part.startswith("0 "))


class PackageTree:
    """The project's modules as a tree of packages, each with the holdings below it."""

    def __init__(self, modules: Iterable[str], holdings: Mapping[str, Holdings]) -> None:
        self.children: dict[str, set[str]] = {"": set()}
        self.beside: list[str] = []  # packages holding handlers only, beside the project's `contexts` folder
        self.below: dict[str, Holdings] = {"": Holdings()}
        for module in modules:
            parts = module.split(".")
            if not all(parts):
                continue  # the `__init__.py` of an import root that is a package itself: no name of its own
            for end in range(1, len(parts) + 1):
                name, parent = ".".join(parts[:end]), ".".join(parts[: end - 1])
                self.children.setdefault(parent, set()).add(name)
                self.children.setdefault(name, set())
                self.below.setdefault(name, Holdings())
        for module, held in holdings.items():
            if is_auxiliary(module) or module not in self.below:
                continue
            parts = module.split(".")
            for end in range(len(parts) + 1):
                self.below[".".join(parts[:end])].add(held)

    def candidates(self, package: str) -> list[tuple[str, bool]]:
        """The sub-packages that may be contexts (holding evidence, neither shared nor a layer), each
        with whether it is one as it is: a child of a `contexts` folder is, by the project's own word.

        Containers (`modules`, `contexts`) are looked through. A top-level package named like a
        layer (`app`) is the application's own package, not a layer.
        """
        found: list[tuple[str, bool]] = []
        final = package.rpartition(".")[2] in NAMED_CONTEXTS
        for child in sorted(self.children.get(package, ())):
            last = child.rpartition(".")[2]
            layer = last in LAYERS and (package != "" or last in ENTRY_POINTS)
            if self.below[child].weight == 0 or last in SHARED or layer or last in PUBLISHED_LANGUAGE:
                continue
            if last in CONTAINERS and self.children[child]:
                found.extend(self.candidates(child))
            elif self.children[child]:  # a package, not a module
                found.append((child, final))
        return found

    def layered(self) -> tuple[str, ...]:
        """The top-level packages holding evidence, where two or more of them are named like layers (`domain`,
        `infrastructure`): then the whole project is one context, its packages its layers (none otherwise)."""
        top = [child for child in sorted(self.children[""]) if self.children[child] and self.below[child].weight]
        layers = [child for child in top if child in LAYERS and child not in ENTRY_POINTS]
        if len(layers) < 2:
            return ()
        return tuple(child for child in top if child not in SHARED)

    def _handles_only(self, package: str) -> bool:
        held = self.below[package]
        return held.events == 0 and held.aggregates == 0

    def contexts(self, package: str = "", descend: bool = True) -> list[str]:
        """The packages that are contexts, at or below `package`."""
        candidates = self.candidates(package)
        names = [name for name, _ in candidates]
        inside = sum(self.below[name].weight for name in names)
        own = self.below[package].weight - inside
        top = package == ""
        declared = any(final for _, final in candidates)
        if declared:  # the project names its contexts by a folder: beside it, handlers alone make none
            beside = [name for name, final in candidates if not final and self._handles_only(name)]
            self.beside.extend(name for name in beside if name not in self.beside)
            candidates = [(name, final) for name, final in candidates if name not in beside]
        if len(candidates) >= 2 and (top or inside > own):
            return [
                context for name, final in candidates for context in ([name] if final else self.contexts(name, descend=False))
            ]
        if len(candidates) == 1 and (candidates[0][1] or (descend and (top or own == 0))):
            name, final = candidates[0]
            return [name] if final else self.contexts(name)
        return [] if top or self.below[package].weight == 0 else [package]


def propose_contexts(
    modules: Iterable[str], holdings: Mapping[str, Holdings], services: Sequence[ProposedContext] = (), name: str = ""
) -> tuple[tuple[ProposedContext, ...], PackageTree]:
    """The contexts, each named after its package (with its parent's name where two would clash).

    `services` are contexts already (deployable units, `eventlint.init.services`): the tree is read
    without their modules, and its contexts are added to theirs.
    """
    owned = [module for service in services for module in service.modules]
    outside = [module for module in modules if not any(covers(prefix, module) for prefix in owned)]
    kept = {module: held for module, held in holdings.items() if not any(covers(prefix, module) for prefix in owned)}
    tree = PackageTree(outside, kept)
    packages = tree.contexts()
    layered = tree.layered()
    if name and layered and not services:  # the import root is one service's, its packages its layers
        return (ProposedContext(name, layered, tree.below[""].phrase() + "; its top-level packages are layers"),), tree
    taken = {service.name for service in services}
    lasts = [package.rpartition(".")[2] for package in packages]
    contexts = list(services)
    for package, last in zip(packages, lasts):
        if any(covers(package, module) for module in owned):
            continue  # a package holding the services' code (`src`) is none of them
        name = last if lasts.count(last) == 1 and last not in taken else package.replace(".", "_")
        contexts.append(ProposedContext(name, (package,), tree.below[package].phrase()))
    return tuple(sorted(contexts, key=lambda context: context.name) if services else contexts), tree


def propose_left_out(tree: PackageTree, contexts: Sequence[ProposedContext], bases: Iterable[str]) -> tuple[Entry, ...]:
    """The packages named like shared code (`seedwork`, `libs`) outside every context that hold event bases,
    events, aggregates or handlers, each with why it is no context."""
    owned = [module for context in contexts for module in context.modules]
    qualnames = list(bases)
    found: list[Entry] = []
    for name in sorted(tree.below):
        last = name.rpartition(".")[2]
        if last not in SHARED_CODE or is_auxiliary(name):
            continue
        if any(covers(prefix, name) for prefix in owned) or any(covers(entry.value, name) for entry in found):
            continue
        held = tree.below[name]
        based = any(covers(name, base) for base in qualnames)
        if not (based or held.weight):
            continue
        reason = "its events are bases for every context" if based else "what it holds serves every context, not one"
        also = f"; {held.phrase()}" if held.weight else ""
        found.append(Entry(name, f"shared code (`{last}`): {reason}{also}"))
    for name in tree.beside:
        if not any(covers(prefix, name) for prefix in owned):
            why = "beside the project's own `contexts` folder: code coordinating the contexts, not one of them"
            found.append(Entry(name, f"{tree.below[name].phrase()} only, {why} (list it as a context if it is one)"))
    return tuple(found)


def propose_published_language(tree: PackageTree, contexts: Sequence[ProposedContext]) -> tuple[Entry, ...]:
    """Modules named like shared contracts, outside every context, that hold events."""
    owned = [module for context in contexts for module in context.modules]
    found: list[Entry] = []
    for name in sorted(tree.below):
        last = name.rpartition(".")[2]
        held = tree.below[name]
        if last not in PUBLISHED_LANGUAGE or held.events == 0 or is_auxiliary(name):
            continue
        if any(covers(prefix, name) for prefix in owned) or any(covers(entry.value, name) for entry in found):
            continue
        kind = "integration event" if held.integration_events == held.events else "event"
        found.append(Entry(name, f"holds {counted(held.events, kind)}, outside every context"))
    return tuple(found)
