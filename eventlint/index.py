"""The project index: modules, names resolved across modules, the class hierarchy.

Built once per run from every module's facts; rules only read it. Name
resolution follows imports, aliases, re-exports through `__init__.py` and
star imports to the module that really defines a class, without importing
anything.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from eventlint.discovery import SourceFile
from eventlint.facts import ClassFact, FunctionFact, ModuleFacts

_BUILTINS = frozenset(name for name in dir(builtins) if isinstance(getattr(builtins, name), type))

# Bases from outside the project whose whole hierarchy is known to hold no event base.
KNOWN_NON_EVENT_BASES = frozenset(
    {
        "abc.ABC",
        "typing.NamedTuple",
        "typing.TypedDict",
        "typing.Generic",
        "typing.Protocol",
        "typing_extensions.TypedDict",
        "typing_extensions.Protocol",
        "typing_extensions.NamedTuple",
        "enum.Enum",
        "enum.IntEnum",
        "enum.StrEnum",
        "pydantic.BaseModel",
        "pydantic.main.BaseModel",
    }
)


@dataclass(frozen=True)
class ModuleEntry:
    """A module of the project: its file and its facts."""

    source: SourceFile
    facts: ModuleFacts


@dataclass(frozen=True)
class ClassInfo:
    """A class of the project with its bases resolved to canonical names."""

    qualname: str
    module: str
    fact: ClassFact
    source: SourceFile
    bases: tuple[str, ...]
    complete: bool  # every base resolved to a project class or a known outside class


@dataclass(frozen=True)
class Ancestry:
    """All ancestors of a class, and whether the hierarchy is fully known."""

    names: frozenset[str]
    complete: bool


class ProjectIndex:
    """Modules, bindings and classes of the whole project, resolved across modules."""

    def __init__(self, entries: Mapping[str, ModuleEntry]) -> None:
        self.modules: dict[str, ModuleEntry] = dict(entries)
        self._exports: dict[str, dict[str, tuple[str, str]]] = {}
        self._locals: dict[str, dict[str, str]] = {}
        self._stars: dict[str, list[str]] = {}
        self.functions: dict[str, tuple[str, FunctionFact]] = {}
        for name, entry in self.modules.items():
            self._index_bindings(name, entry.facts)
        self.classes: dict[str, ClassInfo] = {}
        for name, entry in self.modules.items():
            for fact in entry.facts.classes:
                qualname = f"{name}.{fact.qualname}"
                self.classes.setdefault(qualname, self._class_info(qualname, name, fact, entry.source))
        self.subclassed: frozenset[str] = frozenset(base for info in self.classes.values() for base in info.bases)
        self._ancestry: dict[str, Ancestry] = {}

    # -- bindings ------------------------------------------------------------
    def _index_bindings(self, module: str, facts: ModuleFacts) -> None:
        exports: dict[str, tuple[str, str]] = {}
        for name, callee in facts.instances:
            exports[name] = ("instance", callee)
        for name, dotted in facts.aliases:
            exports[name] = ("alias", dotted)
        for fact in facts.imports:
            if fact.module_level and not fact.star:
                exports[fact.name] = ("import", fact.target)
        for function in facts.functions:
            if "." not in function.qualname and not function.qualname.startswith("<"):
                exports[function.name] = ("function", f"{module}.{function.name}")
            self.functions[f"{module}.{function.qualname}"] = (module, function)
        for cls in facts.classes:
            if "." not in cls.qualname:
                exports[cls.name] = ("class", f"{module}.{cls.name}")
        self._exports[module] = exports
        # Imports inside functions bind names only there; we read them as
        # module-wide, which is right for every name that is not shadowed.
        self._locals[module] = {fact.name: fact.target for fact in facts.imports if not fact.star and not fact.module_level}
        self._stars[module] = [fact.target for fact in facts.imports if fact.star]

    def _lookup(self, module: str, name: str, seen: frozenset[str], scoped: bool) -> str | None:
        """The canonical name `name` has inside `module`, or None when unknown."""
        exports = self._exports.get(module)
        key = f"{module}:{name}"
        if exports is None or key in seen or len(seen) > 64:
            return None
        seen = seen | {key}
        binding = exports.get(name)
        if binding is None and scoped and name in self._locals.get(module, {}):
            binding = ("import", self._locals[module][name])
        if binding is not None:
            kind, target = binding
            if kind in ("class", "function"):
                return target
            if kind in ("alias", "instance"):
                # An instance made at module level stands for its factory: its
                # methods are the factory's (`producer.send` is KafkaProducer.send).
                return self._resolve_in(module, target, seen, scoped=False)
            return self._canonical(target, seen)
        for star in self._stars.get(module, ()):
            if star in self.modules and self._exported(star, name):
                found = self._lookup(star, name, seen, scoped=False)
                if found is not None:
                    return found
        submodule = f"{module}.{name}"
        if submodule in self.modules:
            return submodule
        return None

    def star_import(self, module: str, name: str) -> str | None:
        """What `from module import *` binds `name` to, if it binds it at all."""
        module = self.canonical(module)
        if module not in self.modules or not self._exported(module, name):
            return None
        return self._lookup(module, name, frozenset(), scoped=False)

    def _exported(self, module: str, name: str) -> bool:
        listed = self.modules[module].facts.all_names
        if listed is not None:
            return name in listed
        return not name.startswith("_")

    def _canonical(self, dotted: str, seen: frozenset[str]) -> str | None:
        """Follow an absolute dotted name to where it is really defined."""
        if dotted in seen or len(seen) > 64:
            return None
        seen = seen | {dotted}
        parts = dotted.split(".")
        for cut in range(len(parts), 0, -1):
            module = ".".join(parts[:cut])
            if module not in self.modules:
                continue
            rest = parts[cut:]
            if not rest:
                return module
            found = self._lookup(module, rest[0], seen, scoped=False)
            if found is None:
                return None
            return ".".join([found, *rest[1:]]) if found == f"{module}.{rest[0]}" else self._canonical(
                ".".join([found, *rest[1:]]), seen
            )
        return dotted  # outside the project: its own name is all we know

    def _resolve_in(self, module: str, dotted: str, seen: frozenset[str], scoped: bool) -> str | None:
        head, _, rest = dotted.partition(".")
        found = self._lookup(module, head, seen, scoped)
        if found is None:
            if not rest and head in _BUILTINS:
                return f"builtins.{head}"
            return None
        return f"{found}.{rest}" if rest else found

    def resolve(self, module: str, dotted: str) -> str | None:
        """The canonical name a dotted expression used in `module` refers to."""
        resolved = self._resolve_in(module, dotted, frozenset(), scoped=True)
        if resolved is None or "." not in resolved:
            return resolved
        return self._canonical(resolved, frozenset()) or resolved

    def canonical(self, dotted: str) -> str:
        """An absolute name followed through re-exports (itself when not found)."""
        return self._canonical(dotted, frozenset()) or dotted

    def resolve_class(self, module: str, dotted: str) -> str | None:
        """The project class a dotted expression names, or whose attribute it reads."""
        resolved = self.resolve(module, dotted)
        while resolved:
            if resolved in self.classes:
                return resolved
            resolved = resolved.rpartition(".")[0]
        return None

    # -- classes ---------------------------------------------------------------
    def _class_info(self, qualname: str, module: str, fact: ClassFact, source: SourceFile) -> ClassInfo:
        bases: list[str] = []
        complete = not fact.opaque_bases
        for written in fact.bases:
            resolved = self.resolve(module, written)
            if resolved is None:
                bases.append(written)  # unknown: keep the written name for name-based kinds
                complete = False
            else:
                bases.append(resolved)
        return ClassInfo(qualname, module, fact, source, tuple(bases), complete)

    def ancestry(self, qualname: str) -> Ancestry:
        """Every transitive base of a project class, by canonical name."""
        cached = self._ancestry.get(qualname)
        if cached is not None:
            return cached
        names: set[str] = set()
        complete = True
        stack = [qualname]
        visited: set[str] = set()
        while stack:
            current = stack.pop()
            if current in visited:
                continue
            visited.add(current)
            info = self.classes.get(current)
            if info is None:
                continue
            complete = complete and info.complete
            for base in info.bases:
                names.add(base)
                if base in self.classes:
                    stack.append(base)
                elif not (base.startswith("builtins.") or base in KNOWN_NON_EVENT_BASES):
                    complete = False
        result = Ancestry(frozenset(names), complete)
        self._ancestry[qualname] = result
        return result

    def method(self, qualname: str) -> tuple[str, FunctionFact] | None:
        """The project function a qualified name denotes, looking up methods in base classes."""
        found = self.functions.get(qualname)
        if found is not None:
            return found
        owner, _, name = qualname.rpartition(".")
        if owner in self.classes:
            for base in self.lineage(owner):
                found = self.functions.get(f"{base}.{name}")
                if found is not None:
                    return found
        return None

    def lineage(self, qualname: str) -> list[str]:
        """A project class and its project ancestors, nearest first (breadth first)."""
        order, queue = [], [qualname]
        while queue:
            current = queue.pop(0)
            if current in order or current not in self.classes:
                continue
            order.append(current)
            queue.extend(self.classes[current].bases)
        return order

    def iter_classes(self) -> Iterator[ClassInfo]:
        """Every project class, in module then definition order."""
        return iter(self.classes.values())
