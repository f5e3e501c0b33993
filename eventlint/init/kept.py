"""The maps a team already keeps of its system, read as a context map: tach, import-linter, Context Mapper.

A team that states its modules' boundaries in `tach.toml` (or `tach.yml`),
in import-linter contracts (`[tool.importlinter]` in `pyproject.toml`,
`.importlinter`, `[importlinter]` in `setup.cfg`) or in Context Mapper
`.cml` files has drawn its contexts itself: those are proposed, each with
the file and entry it comes from, and the flows the map allows become
relationships. Only what names a package of the project is taken; the rest
is left out with the reason.

The files are the project's, so they are untrusted: only regular files
inside the project are read (never through a link leading out), at most
`MAX_MAP_BYTES` of each, and a file that cannot be read or parsed costs
only itself, said in the proposal.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from eventlint.files.safeio import read_text
from eventlint.init.kept_cml import read_cml
from eventlint.init.kept_contracts import read_ini_contracts, read_toml_contracts
from eventlint.init.kept_declared import Declared
from eventlint.init.kept_tach import read_tach_toml, read_tach_yaml
from eventlint.init.phrases import counted, is_auxiliary
from eventlint.init.proposal import Entry, ProposedContext

MAX_MAP_BYTES = 1024 * 1024  # far past any hand-kept map
CML_DEPTH = 6  # folders below the project root searched for `.cml` files
CML_FILES = 20
MAX_SOURCE_ROOTS = 20  # a tach.toml lists a few
_SKIPPED = frozenset({"node_modules", "__pycache__", "site-packages", "venv", "env", "build", "dist", "target"})
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_SUFFIXES = ("BoundedContext", "Context")

Reader = Callable[[str, str], "Declared | None"]
# The files at the project root that may hold a map: name, reader, and the text a file must hold to be one.
ROOT_FILES: tuple[tuple[str, Reader, str], ...] = (
    ("tach.toml", read_tach_toml, ""),
    ("tach.yml", read_tach_yaml, ""),
    ("tach.yaml", read_tach_yaml, ""),
    ("pyproject.toml", read_toml_contracts, "importlinter"),
    (".importlinter", read_ini_contracts, ""),
    ("setup.cfg", read_ini_contracts, "importlinter"),
)


@dataclass(frozen=True)
class KeptMap:
    """What the maps a project keeps propose: contexts, relationships, shared kernels, each with its file."""

    read: tuple[Entry, ...]  # each map file found: what was taken from it, or why it could not be read
    contexts: tuple[ProposedContext, ...] = ()
    relationships: tuple[Entry, ...] = ()  # "upstream -> downstream" between proposed contexts
    shared_kernels: tuple[Entry, ...] = ()  # "a, b": contexts the map says share a kernel
    left_out: tuple[Entry, ...] = ()  # what a map names that is no context here, and why


def read_kept_maps(root: Path, modules: Sequence[str]) -> KeptMap | None:
    """The contexts and relationships the maps kept in the project at `root` declare, matched to its
    `modules`; None when the project keeps no such map."""
    declared: list[Declared] = []
    unread: list[Entry] = []
    for relative, reader, marker in _map_files(root):
        text = None
        try:
            text = read_text(root / relative, root, MAX_MAP_BYTES)
            if marker and marker not in text:
                continue
            found = reader(text, relative)
        except (OSError, ValueError, RecursionError) as error:
            if text is not None or not marker:  # an unreadable pyproject.toml may hold no map: not worth a word
                unread.append(Entry(relative, f"could not be read ({_why(error)}): nothing taken from it"))
            continue
        if found is not None:
            declared.append(found)
    if not (declared or unread):
        return None
    return _matched(declared, unread, _packages(modules))


def _map_files(root: Path) -> Iterator[tuple[str, Reader, str]]:
    for name, reader, marker in ROOT_FILES:
        if os.path.lexists(root / name):
            yield name, reader, marker
    found = 0
    for folder, folders, files in os.walk(root):  # links to folders are not followed
        depth = len(Path(folder).relative_to(root).parts)
        folders[:] = sorted(name for name in folders if not name.startswith(".") and name not in _SKIPPED and depth < CML_DEPTH)
        for name in sorted(files):
            if name.endswith(".cml"):
                found += 1
                yield (Path(folder) / name).relative_to(root).as_posix(), read_cml, ""
                if found == CML_FILES:
                    return


def _why(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    if isinstance(error, UnicodeDecodeError):
        return "it is not UTF-8 text"
    if isinstance(error, RecursionError):
        return "it is nested too deeply"
    return " ".join(str(error).split()) or type(error).__name__


def _packages(modules: Sequence[str]) -> frozenset[str]:
    """Every package and module of the project, by its dotted name (test code left out)."""
    found: set[str] = set()
    for module in modules:
        parts = module.split(".")
        if is_auxiliary(module) or not all(part.isidentifier() for part in parts):
            continue
        found.update(".".join(parts[:end]) for end in range(1, len(parts) + 1))
    return frozenset(found)


class _Matcher:
    """Names in one map file matched to the project's packages."""

    def __init__(self, declared: Declared, packages: frozenset[str], by_last: Mapping[str, Sequence[str]]) -> None:
        self.declared = declared
        self.packages = packages
        self.by_last = by_last  # the packages by their last part
        roots = (folder.strip("/").replace("/", ".") for folder in declared.source_roots[:MAX_SOURCE_ROOTS])
        self.roots = [dotted for dotted in roots if dotted not in ("", ".")]

    def package(self, name: str) -> tuple[str | None, str]:
        """The package a name of the map stands for, or None and why not."""
        if self.declared.by_name:
            return self._by_name(name)
        if name in self.packages:
            return name, ""
        for dotted in self.roots:
            if f"{dotted}.{name}" in self.packages:
                return f"{dotted}.{name}", ""
        return None, "names no package of this project"

    def _by_name(self, name: str) -> tuple[str | None, str]:
        stems = [name] + [name.removesuffix(suffix) for suffix in _SUFFIXES if name.endswith(suffix) and name != suffix]
        wanted = {form for stem in stems for form in (stem.lower(), _CAMEL.sub("_", stem).lower())}
        matches = sorted(package for form in wanted for package in self.by_last.get(form, ()))
        if not matches:
            return None, f"matches no package of this project by name ({', '.join(sorted(wanted))})"
        shallowest = min(package.count(".") for package in matches)
        top = [package for package in matches if package.count(".") == shallowest]
        if len(top) > 1:
            return None, f"matches several packages by name: {', '.join(top)}"
        return top[0], ""


def _matched(declared: Sequence[Declared], unread: Sequence[Entry], packages: frozenset[str]) -> KeptMap:
    by_last: dict[str, list[str]] = {}
    for package in packages:
        by_last.setdefault(package.rpartition(".")[2], []).append(package)
    matchers = [_Matcher(kept, packages, by_last) for kept in declared]
    owners, taken, left_out = _units(matchers)
    contexts = _named(owners.values())
    by_package = {context.modules[0]: context.name for context in contexts}
    relationships: dict[str, Entry] = {}
    kernels: dict[frozenset[str], Entry] = {}
    flows_of: dict[str, int] = {}
    for matcher in matchers:
        kept = matcher.declared
        for flow in kept.flows:
            upstream, downstream = _owner(matcher, by_package, flow.upstream), _owner(matcher, by_package, flow.downstream)
            value = f"{upstream} -> {downstream}"
            if upstream and downstream and upstream != downstream and value not in relationships:
                relationships[value] = Entry(value, flow.evidence)
                flows_of[kept.file] = flows_of.get(kept.file, 0) + 1
        for kernel in kept.kernels:
            first, second = _owner(matcher, by_package, kernel.upstream), _owner(matcher, by_package, kernel.downstream)
            if first and second and first != second:
                kernels.setdefault(frozenset((first, second)), Entry(f"{first}, {second}", kernel.evidence))
    read = [*unread]
    for kept in declared:
        named = taken.get(kept.file, set()) & by_package.keys()
        what = f"{counted(len(named), 'context')}, {counted(flows_of.get(kept.file, 0), 'relationship')} taken from it"
        read.append(Entry(kept.file, what))
    first_said = {entry.value: entry for entry in reversed(left_out) if entry.value not in by_package}
    return KeptMap(
        tuple(sorted(read, key=_value)),
        contexts,
        tuple(relationships.values()),
        tuple(kernels.values()),
        tuple(sorted(first_said.values(), key=_value)),
    )


def _units(matchers: Sequence[_Matcher]) -> tuple[dict[str, ProposedContext], dict[str, set[str]], list[Entry]]:
    """The packages the maps name as units (each with its first evidence), those each file named, and the rest
    left out: names of no package, and units holding others (containers)."""
    owners: dict[str, ProposedContext] = {}
    taken: dict[str, set[str]] = {}
    left_out: list[Entry] = []
    for matcher in matchers:
        left_out.extend(matcher.declared.left_out)
        for unit in matcher.declared.units:
            package, why = matcher.package(unit.name)
            if package is None:
                left_out.append(Entry(unit.name, f"{unit.evidence}, which {why}"))
                continue
            taken.setdefault(matcher.declared.file, set()).add(package)
            owners.setdefault(package, ProposedContext("", (package,), unit.evidence))
    inner: dict[str, str] = {}  # container -> a unit inside it
    for package in sorted(owners):
        parts = package.split(".")
        for end in range(1, len(parts)):
            outer = ".".join(parts[:end])
            if outer in owners:
                inner.setdefault(outer, package)
    for package, example in inner.items():
        evidence = owners.pop(package).evidence
        left_out.append(Entry(package, f"{evidence}, which holds {example}, named there too: a container, no context"))
    return owners, taken, left_out


def _owner(matcher: _Matcher, by_package: Mapping[str, str], name: str) -> str | None:
    """The context holding what a map's name stands for, if any."""
    package = matcher.package(name)[0]
    while package:
        if package in by_package:
            return by_package[package]
        package = package.rpartition(".")[0]
    return None


def _value(entry: Entry) -> str:
    return entry.value


def _named(found: Iterable[ProposedContext]) -> tuple[ProposedContext, ...]:
    """The contexts named after their packages' last part (with the parents' where two would clash)."""
    contexts = sorted(found, key=lambda context: context.modules[0])
    lasts = Counter(context.modules[0].rpartition(".")[2] for context in contexts)
    named = []
    for context in contexts:
        package = context.modules[0]
        last = package.rpartition(".")[2]
        named.append(ProposedContext(last if lasts[last] == 1 else package.replace(".", "_"), context.modules, context.evidence))
    return tuple(named)
