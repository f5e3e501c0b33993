"""Which modules a module's names can lead to: what its findings can depend on.

Every name eventlint resolves in a module is resolved through that module's
imports, then through the imports of the modules they name, and so on (with
each module's packages, which Python runs first). So the findings of a module
can change only when it or one of the modules it reaches this way changes,
or when something every module shares changes (the configuration, the file
list, the event catalogue, the project-wide views: those are compared
separately). A module that was never read (no resolution needed it) is
reached but not followed: nothing was resolved through it.

Over-approximating is safe (a module judged again for nothing); missing a
module is not, so every dotted name a module uses whose head an import binds
counts, as written in its code, its aliases and its annotations.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from eventlint.facts import ModuleFacts
from eventlint.index.names import ProjectIndex

_Test = Callable[[str], bool]


class Reach:
    """The modules each module reaches, worked out once per module and run."""

    def __init__(self, index: ProjectIndex) -> None:
        self.index = index
        self._edges: dict[str, frozenset[str]] = {}

    def of(self, module: str) -> frozenset[str]:
        """Every project module `module` reaches, itself included."""
        seen = {module}
        stack = [module]
        while stack:
            for reached in self.edges(stack.pop()):
                if reached not in seen:
                    seen.add(reached)
                    stack.append(reached)
        return frozenset(seen)

    def edges(self, module: str) -> frozenset[str]:
        """The project modules one module names directly, with its packages and theirs."""
        known = self._edges.get(module)
        if known is None:
            known = self._edges[module] = frozenset(self._named(module))
        return known

    def _named(self, module: str) -> Iterator[str]:
        is_module = self.index.is_module
        yield from _packages(module, is_module)
        entry = self.index.read_already(module)
        if entry is None:
            return
        for dotted in _dotted_names(entry.facts):
            yield from _prefixes(dotted, is_module)


def _dotted_names(facts: ModuleFacts) -> Iterator[str]:
    """Every absolute dotted name the module's code can lead to through its imports."""
    bound: dict[str, str] = {}
    for fact in facts.imports:
        yield fact.target
        if fact.module:
            yield fact.module
        if not fact.star:
            bound[fact.name] = fact.target
    written: list[str] = [reference.dotted for reference in facts.references]
    written.extend(target for _, target in facts.aliases)
    written.extend(target for _, target in facts.instances)
    for declared in facts.classes:
        written.extend(declared.bases)
        written.extend(name for field in declared.fields for name in field.annotation)
    for function in facts.functions:
        written.extend(name for param in function.params for name in param.annotation)
    for dotted in written:
        head, dot, rest = dotted.partition(".")
        target = bound.get(head)
        if target is not None:
            yield f"{target}{dot}{rest}"


def _prefixes(dotted: str, is_module: _Test) -> Iterator[str]:
    """The project modules a dotted name goes through (`a`, `a.b` of `a.b.C`)."""
    parts = dotted.split(".")
    for cut in range(1, len(parts) + 1):
        name = ".".join(parts[:cut])
        if is_module(name):
            yield name


def _packages(module: str, is_module: _Test) -> Iterable[str]:
    parts = module.split(".")
    return [name for name in (".".join(parts[:cut]) for cut in range(1, len(parts))) if is_module(name)]
