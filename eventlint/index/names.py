"""The project index: modules, names resolved across modules, the class hierarchy.

Built once per run; rules only read it. Name resolution follows imports,
aliases, re-exports through `__init__.py` and star imports to the module that
really defines a class, without importing anything.

Attributes are read the way Python reads them: a name a package's
`__init__.py` binds shadows its submodule of that name, for `package.name`
and `from package import name` alike (`from .celery_app import app as
celery_app` makes `shop.celery_app` the app). A plain `import package.name`
names the submodule, unless the package rebinds that name from inside the
submodule (`from .name import name`): the package has then loaded it already,
and Python leaves the package's binding in place.

The index holds the *relevant* modules (those the rules iterate over) and
reads any other module of the project on demand, the first time resolution
consults it, so a name resolves the same as if every file had been read.
"""

from __future__ import annotations

import collections
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass

from eventlint.facts import FunctionFact, ImportFact, ModuleFacts
from eventlint.facts.vocabulary import Vocabulary
from eventlint.index.class_info import Ancestry, ClassInfo
from eventlint.index.symbols import BUILTINS, EMPTY, KNOWN_NON_EVENT_BASES, Binding, Tables, build_tables
from eventlint.sources.discovery import SourceFile


@dataclass(frozen=True)
class ModuleEntry:
    """A module of the project: its file and its facts."""

    source: SourceFile
    facts: ModuleFacts


Loader = Callable[[SourceFile], "ModuleFacts | None"]


class ProjectIndex:
    """Modules, bindings and classes of the whole project, resolved across modules.

    `sources` names every module of the project that may be read (first file
    of a module name wins); `load` reads one; `relevant` are the modules the
    rules iterate over, read at once. `leading`, when known, holds every name
    that can lead to an event (`eventlint.pipeline.relevance`): a dotted name with none
    of them cannot resolve to an event class, so rules need not resolve it.
    """

    def __init__(
        self,
        sources: Mapping[str, SourceFile],
        load: Loader,
        relevant: Iterable[str],
        leading: frozenset[str] | None = None,
        vocabulary: Vocabulary | None = None,
        tables: dict[int, tuple[ModuleFacts, Tables]] | None = None,
    ) -> None:
        self.leading = leading
        self._made = tables if tables is not None else {}  # each facts' tables, by identity, kept across runs
        self._vocabulary = vocabulary or Vocabulary()
        self._sources = dict(sources)
        self._load = load
        self._entries: dict[str, ModuleEntry | None] = {}
        self._tables: dict[str, Tables] = {}
        self._class_infos: dict[str, ClassInfo | None] = {}
        self._lineages: dict[str, tuple[str, ...]] = {}
        self._ancestry: dict[str, Ancestry] = {}
        self.modules: dict[str, ModuleEntry] = {}
        for name in relevant:
            entry = self.entry(name)
            if entry is not None:
                self.modules.setdefault(name, entry)
        self._classes: list[ClassInfo] = []
        for name in self.modules:
            for fact in self._tables[name].classes.values():
                info = self.class_info(f"{name}.{fact.qualname}")
                if info is not None and info.module == name and info.fact is fact:
                    self._classes.append(info)
        self.subclassed: frozenset[str] = frozenset(
            base for info in self._classes if self.may_be_event_class(info) for base in info.bases
        )

    def may_name_event(self, dotted: str) -> bool:
        """False only when no part of a dotted name can lead to an event (so resolving it is moot)."""
        if self.leading is None:
            return True
        return any(part in self.leading or self._vocabulary.hits(part) for part in dotted.split("."))

    def may_be_event_class(self, info: ClassInfo) -> bool:
        """False only when a class can be no event: neither its name nor a base it names leads to one."""
        if self.leading is None or self._vocabulary.hits(info.fact.name) or "." in info.fact.qualname:
            return True  # a nested class may derive from a sibling, whose name no binding holds
        return any(self.may_name_event(base) for base in info.fact.bases)

    # -- modules ---------------------------------------------------------------
    def entry(self, module: str) -> ModuleEntry | None:
        """A module of the project with its facts, read on first use; None when unknown or unparsable."""
        if module in self._entries:
            return self._entries[module]
        source = self._sources.get(module)
        facts = self._load(source) if source is not None else None
        entry = ModuleEntry(source, facts) if source is not None and facts is not None else None
        self._entries[module] = entry
        self._tables[module] = self._tables_of(module, entry.facts) if entry is not None else EMPTY
        return entry

    def _tables_of(self, module: str, facts: ModuleFacts) -> Tables:
        made = self._made.get(id(facts))
        if made is not None and made[0] is facts:
            return made[1]
        tables = build_tables(module, facts)
        self._made[id(facts)] = (facts, tables)
        return tables

    def read_already(self, module: str) -> ModuleEntry | None:
        """A module's entry if it was read already (None: unknown, unparsable, or never needed so far)."""
        return self._entries.get(module)

    def source_of(self, module: str) -> SourceFile | None:
        """The file a module name stands for (None: no module of the project)."""
        return self._sources.get(module)

    def module_names(self) -> Iterator[str]:
        """Every module of the project that may be read, relevant or not (none is read by this)."""
        return iter(self._sources)

    def is_module(self, name: str) -> bool:
        """Whether a dotted name is a module of the project."""
        return name in self._sources

    def _table(self, module: str) -> Tables:
        if module not in self._tables:
            self.entry(module)
        return self._tables[module]

    def iter_classes(self) -> Iterator[ClassInfo]:
        """Every class of the relevant modules, in module then definition order."""
        return iter(self._classes)

    def iter_functions(self) -> Iterator[tuple[str, str, FunctionFact]]:
        """Every function of the relevant modules as (key, module, fact)."""
        for module in self.modules:
            for key, function in self.functions_of(module):
                yield key, module, function

    def functions_of(self, module: str) -> Iterator[tuple[str, FunctionFact]]:
        """Every function of one relevant module as (key, fact)."""
        for qualname, function in self._tables[module].functions.items():
            yield f"{module}.{qualname}", function

    # -- bindings ------------------------------------------------------------
    def _lookup(self, module: str, name: str, seen: frozenset[str], scoped: bool) -> str | None:
        """The canonical name `name` has inside `module` (what it binds, else its submodule), or None when unknown."""
        key = f"{module}:{name}"
        if module not in self._sources or key in seen or len(seen) > 64:
            return None
        seen = seen | {key}
        table = self._table(module)
        binding = self._binding(table, name, scoped)
        if binding is not None:
            kind, target = binding
            if kind in ("class", "function"):
                return target
            if kind in ("alias", "instance"):
                # An instance made at module level stands for its factory: its
                # methods are the factory's (`producer.send` is KafkaProducer.send).
                return self._resolve_in(module, target, seen, scoped=False)
            return self._imported(kind, target, seen)
        for star in table.stars:
            if star in self._sources and self._exported(star, name):
                found = self._lookup(star, name, seen, scoped=False)
                if found is not None:
                    return found
        submodule = f"{module}.{name}"
        if submodule in self._sources:
            return submodule
        return None

    @staticmethod
    def _binding(table: Tables, name: str, scoped: bool) -> Binding | None:
        binding = table.exports.get(name)
        return table.scoped.get(name) if binding is None and scoped else binding

    def _imported(self, kind: str, target: str, seen: frozenset[str]) -> str | None:
        """What an import binds: `import a.b as m` the module a.b, `from a import b` the attribute b of a."""
        if kind == "module":
            if target in self._sources and self._rebound(target):  # `import a.b as m` is `a.b` as `a` holds it
                package, _, name = target.rpartition(".")
                return self._lookup(package, name, seen, scoped=False)
            return target if target in self._sources else self._canonical(target, seen)
        source, _, name = target.rpartition(".")
        if source not in self._sources:
            return self._canonical(target, seen)
        found = self._lookup(source, name, seen, scoped=False)
        if found is None and target in self._sources:
            return target  # `from . import b` in the package a: b is not bound yet, the submodule is
        return found

    def imported(self, fact: ImportFact) -> str:
        """The canonical name an import (not a star import) binds (its target when not found)."""
        return self._imported("module" if fact.module else "import", fact.target, frozenset()) or fact.target

    def star_import(self, module: str, name: str) -> str | None:
        """What `from module import *` binds `name` to, if it binds it at all."""
        module = self.canonical(module)
        if module not in self._sources or not self._exported(module, name):
            return None
        return self._lookup(module, name, frozenset(), scoped=False)

    def _exported(self, module: str, name: str) -> bool:
        entry = self.entry(module)
        listed = entry.facts.all_names if entry is not None else ()
        return entry is not None and (name in listed if listed is not None else not name.startswith("_"))

    def _canonical(self, dotted: str, seen: frozenset[str]) -> str | None:
        """Follow an absolute dotted name to where it is really defined."""
        if dotted in seen or len(seen) > 64:
            return None
        seen = seen | {dotted}
        parts = dotted.split(".")
        for cut in range(len(parts), 0, -1):
            module = ".".join(parts[:cut])
            if module not in self._sources:
                continue
            rest = parts[cut:]
            if not rest:
                return module
            found = self._lookup(module, rest[0], seen, scoped=False)
            if found is None:
                return None
            return (
                ".".join([found, *rest[1:]])
                if found == f"{module}.{rest[0]}"
                else self._canonical(".".join([found, *rest[1:]]), seen)
            )
        return dotted  # outside the project: its own name is all we know

    def _resolve_in(self, module: str, dotted: str, seen: frozenset[str], scoped: bool) -> str | None:
        parts = dotted.split(".")
        loaded = self._loaded(module, parts, scoped)
        if loaded:
            return self._attributes(".".join(parts[:loaded]), parts[loaded:], seen)
        found = self._lookup(module, parts[0], seen, scoped)
        if found is None:
            if len(parts) == 1 and parts[0] in BUILTINS:
                return f"builtins.{parts[0]}"
            return None
        return self._attributes(found, parts[1:], seen)

    def _loaded(self, module: str, parts: list[str], scoped: bool) -> int:
        """How many leading parts of a dotted name a plain `import a.b.c` of `module` names as a submodule (0: none)."""
        table = self._table(module)
        if not table.loaded or self._binding(table, parts[0], scoped) != ("module", parts[0]):
            return 0
        for cut in range(len(parts), 1, -1):
            dotted = ".".join(parts[:cut])
            level = table.loaded.get(dotted)
            if level is not None and (level or scoped) and dotted in self._sources and not self._rebound(dotted):
                return cut
        return 0

    def _rebound(self, submodule: str) -> bool:
        """Whether `a/__init__.py` rebinds `b` from inside `a.b` (`from .b import b`): having loaded `a.b`, it keeps `a.b`
        (Python sets a submodule as its package's attribute once, when first loaded)."""
        package, _, name = submodule.rpartition(".")
        if package not in self._sources:
            return False
        binding = self._table(package).exports.get(name)
        return binding is not None and binding[0] == "import" and binding[1].startswith(f"{submodule}.")

    def _attributes(self, found: str, parts: list[str], seen: frozenset[str]) -> str:
        """`found.parts...` as Python reads it: a project module's attribute is what it binds, else its submodule."""
        for position, name in enumerate(parts):
            attribute = self._lookup(found, name, seen, scoped=False) if found in self._sources else None
            if attribute is None:
                # A class, a function, a name outside the project, or one this module does
                # not bind (a namespace package on the way): the longest module prefix decides.
                return ".".join([found, *parts[position:]])
            found = attribute
        return found

    def resolve(self, module: str, dotted: str) -> str | None:
        """The canonical name a dotted expression used in `module` refers to (attributes as Python reads them)."""
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
            if self.is_class(resolved):
                return resolved
            resolved = resolved.rpartition(".")[0]
        return None

    # -- classes and functions ---------------------------------------------------
    def _owner(self, qualname: str) -> Iterator[tuple[str, str]]:
        """(module, qualname inside it) for the module a dotted name is defined in: the longest prefix.

        A submodule shadows a same-named attribute of its package, so only the
        longest module prefix can define the name.
        """
        parts = qualname.split(".")
        for cut in range(len(parts) - 1, 0, -1):
            module = ".".join(parts[:cut])
            if module in self._sources:
                yield module, ".".join(parts[cut:])
                return

    def class_info(self, qualname: str) -> ClassInfo | None:
        """The project class of that canonical name, its bases resolved; None when not a class."""
        if qualname in self._class_infos:
            return self._class_infos[qualname]
        self._class_infos[qualname] = None  # guards recursion through odd hierarchies
        info = None
        for module, inner in self._owner(qualname):
            fact = self._table(module).classes.get(inner)
            if fact is not None:
                entry = self._entries[module]
                assert entry is not None
                info = ClassInfo(qualname, module, fact, entry.source, self)
                break
        self._class_infos[qualname] = info
        return info

    def is_class(self, qualname: str) -> bool:
        """Whether a canonical name is a class of the project."""
        return self.class_info(qualname) is not None

    def relevant_function(self, key: str) -> tuple[str, FunctionFact] | None:
        """The function (module, fact) of a `module.qualname` key when its module is a relevant one (none is read)."""
        parts = key.split(".")
        for cut in range(len(parts) - 1, 0, -1):
            module = ".".join(parts[:cut])
            if module in self.modules:
                function = self._tables[module].functions.get(".".join(parts[cut:]))
                if function is not None:
                    return module, function
        return None

    def function(self, key: str) -> tuple[str, FunctionFact] | None:
        """The project function (module, fact) of a `module.qualname` key."""
        for module, inner in self._owner(key):
            function = self._table(module).functions.get(inner)
            if function is not None:
                return module, function
        return None

    def methods_of(self, class_qualname: str) -> list[tuple[str, FunctionFact]]:
        """The functions defined in a project class's body, as (module, fact)."""
        info = self.class_info(class_qualname)
        if info is None:
            return []
        return [(info.module, function) for function in self._table(info.module).methods.get(info.fact.qualname, ())]

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
            info = self.class_info(current)
            if info is None:
                continue
            complete = complete and info.complete
            for base in info.bases:
                names.add(base)
                if self.is_class(base):
                    stack.append(base)
                elif not (base.startswith("builtins.") or base in KNOWN_NON_EVENT_BASES):
                    complete = False
        result = Ancestry(frozenset(names), complete)
        self._ancestry[qualname] = result
        return result

    def method(self, qualname: str) -> tuple[str, FunctionFact] | None:
        """The project function a qualified name denotes, looking up methods in base classes."""
        found = self.function(qualname)
        if found is not None:
            return found
        owner, _, name = qualname.rpartition(".")
        if self.is_class(owner):
            for base in self.lineage(owner):
                found = self.function(f"{base}.{name}")
                if found is not None:
                    return found
        return None

    def lineage(self, qualname: str) -> list[str]:
        """A project class and its project ancestors, nearest first (breadth first)."""
        known = self._lineages.get(qualname)
        if known is not None:
            return list(known)
        order: dict[str, None] = {}
        queue = collections.deque([qualname])
        while queue:
            current = queue.popleft()
            if current in order:
                continue
            info = self.class_info(current)
            if info is None:
                continue
            order[current] = None
            queue.extend(info.bases)
        self._lineages[qualname] = found = tuple(order)
        return list(found)
