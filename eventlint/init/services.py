"""Deployable services of one repository: each a bounded context of its own.

A folder is a deployable unit when it has what runs or ships it on its own:
an entry point (`manage.py`; a `main.py`, `app.py` or `__main__.py` that
makes an app or runs as a script), a `Dockerfile`, a packaging file
(`pyproject.toml`, `setup.py`, `setup.cfg`) or a `settings` module (its own,
or that of a package directly inside it). Where two or more such folders
sit side by side and hold events, aggregates or handlers, each is one
context, even when they share one events module: the services are deployed,
versioned and owned apart, which is what a bounded context is. A folder named
for a process or a layer (`api`, `worker`, `shared`) is none: `backend/api`
and `backend/worker` are one context's code, run two ways. The
outermost such level wins (`services/orders`, not the `orders/settings`
package inside it), and the project root is never one: it is the repository.

A deployable holding nothing but its entry point (`services/user-service/main.py`)
beside others of its kind runs the one package of the project only it imports
(`src.services.user`): that package is its context, and a package holding
every service's code (`src`) is none.

A service's modules are the module prefixes of its files, as the `src` roots
name them: `services.orders` when named from the project root, its top-level
packages (`orders`) when the service is an import root of its own. A prefix
some file outside the service has too (every service's `main`, a Django
project's `config`) is no service's.

Several import roots make modules of one name (each service's `main.py`,
`manage.py`, its Django project's `settings`): Python never imports them
together, but one name stands for one file in a check, which warns of the
others. Those that run or configure a service (`main`, `manage`, `settings`,
`wsgi`, an empty `__init__.py`) and mention no event are proposed for
`exclude`, each named; other code of one name stays, and the check warns.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from eventlint.files.safeio import is_regular_file, read_text
from eventlint.index.contextmap import covers
from eventlint.init.contexts import LAYERS, SHARED, Holdings
from eventlint.init.phrases import is_auxiliary, listing
from eventlint.init.proposal import Entry, ProposedContext
from eventlint.sources.discovery import SourceFile, display_path

CONTAINER_FILES = ("Dockerfile",)
PACKAGING_FILES = ("pyproject.toml", "setup.cfg")
PYTHON_MARKERS = ("manage.py", "setup.py")
APP_MODULES = ("main.py", "app.py", "__main__.py")
SETTINGS = "settings"
# A module that makes an application object, or runs as a script.
_MAKES_APP = re.compile(
    r"^(?:app|application|api|server)[ \t]*(?::[^=\n]*)?=[^=]|^if[ \t]+__name__[ \t]*==[ \t]*['\"]__main__['\"]", re.M
)
_IMPORT = re.compile(r"^[ \t]*(?:from[ \t]+([A-Za-z_][\w.]*)[ \t]+import\b|import[ \t]+([A-Za-z_][\w.]*))", re.M)
_DOTTED = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")  # a prefix a context may name (not `<my-service>`)
# Folders named for the process they run or a layer (`api`, `worker`), not a part of the domain: two such
# deployables (`backend/api`, `backend/worker`) are most often one context's code run two ways.
PROCESSES = LAYERS | SHARED | {"worker", "workers", "scheduler", "cron", "jobs", "tasks", "celery", "consumer", "consumers"}
PROCESSES |= {"server", "client", "backend", "frontend", "gateway", "admin", "bot"}
SUFFIXES = ("-service", "_service", "-svc", "_svc")  # dropped from a folder's name to name its context
PREFIXES = ("service-", "service_", "svc-", "svc_")
# What runs or configures a service rather than its domain: `main`, `manage`, `settings`, `wsgi`.
GLUE = frozenset({"main", "manage", "app", "application", "wsgi", "asgi", "urls", "__main__", "celery", "gunicorn"})
PACKAGING = "setup"
CONFIGURATION = frozenset({"settings", "config"})


@dataclass(frozen=True)
class Service:
    """A deployable unit: its folder, and what in it makes it one (`Dockerfile`, `main.py`)."""

    folder: Path
    markers: tuple[str, ...]


def propose_services(
    root: Path, sources: Sequence[SourceFile], src: Sequence[Path], holdings: Mapping[str, Holdings]
) -> tuple[ProposedContext, ...]:
    """One context for each service holding evidence that sits beside another such service."""
    relevant = [source for source in sources if not is_auxiliary(source.module)]
    below: dict[Path, Holdings] = {}  # every folder under the root: what the files below it hold
    for source in relevant:
        held = holdings.get(source.module)
        for folder in _folders(root, source.path):
            below.setdefault(folder, Holdings()).add(held or Holdings())
    deployable = [
        service
        for service in _deployable(root, sources, below)
        if re.sub(r"\W", "_", service.folder.name.lower()) not in PROCESSES
    ]
    by_parent: dict[Path, list[Service]] = {}
    for service in deployable:
        if below[service.folder].weight:
            by_parent.setdefault(service.folder.parent, []).append(service)
    chosen = [service for group in by_parent.values() if len(group) >= 2 for service in group]
    served = _served(root, [service for service in deployable if not below[service.folder].weight], relevant, holdings)
    chosen = [service for service in chosen if not any(other.folder in service.folder.parents for other in chosen)]
    names = _names([service.folder for service in chosen])
    contexts = []
    roots = sorted({*src, root}, key=lambda folder: len(folder.parts), reverse=True)
    for service in chosen:
        modules = _modules(service.folder, relevant, roots)
        if modules:
            where = service.folder.relative_to(root).as_posix()
            evidence = f"{where}: {listing(service.markers, 4)}; {below[service.folder].phrase()}"
            contexts.append(ProposedContext(names[service.folder], modules, evidence))
    taken = {context.name for context in contexts}
    served_names = _names([service.folder for service, _ in served])
    for service, package in served:
        name = served_names[service.folder]
        where = service.folder.relative_to(root).as_posix()
        held = _held(package, holdings)
        holds = held.phrase() if held.weight else "it holds no event, aggregate or handler of its own"
        evidence = f"{where}: {listing(service.markers, 4)}, running {package}; {holds}"
        contexts.append(ProposedContext(name if name not in taken else package.replace(".", "_"), (package,), evidence))
    return tuple(sorted(contexts, key=lambda context: context.name))


def _served(
    root: Path, entries: Sequence[Service], sources: Sequence[SourceFile], holdings: Mapping[str, Holdings]
) -> list[tuple[Service, str]]:
    """Deployables holding no evidence themselves (`services/user-service/main.py`) beside each other, each with the
    one package of the project it alone imports (`src.services.user`): the code it runs, even when what it holds
    is only the calls publishing the shared events."""
    modules = {source.module for source in sources}
    imported: dict[Path, set[str]] = {}
    for service in entries:
        names = imported.setdefault(service.folder, set())
        prefix = os.path.join(str(service.folder), "")
        for source in sources:
            if str(source.path).startswith(prefix):
                names.update(_project_prefixes(source.path, modules))
    by_parent: dict[Path, list[Service]] = {}
    for service in entries:
        by_parent.setdefault(service.folder.parent, []).append(service)
    found: list[tuple[Service, str]] = []
    for group in by_parent.values():
        runs = {}
        for service in group:
            others = set().union(*(imported[other.folder] for other in group if other is not service))
            own = [name for name in imported[service.folder] - others if any(module.startswith(name + ".") for module in modules)]
            outermost = [name for name in own if not any(name.startswith(other + ".") for other in own)]
            if len(outermost) == 1:
                runs[service.folder] = (service, outermost[0])
        if len(runs) >= 2:
            found.extend(runs[folder] for folder in sorted(runs))
    return found


def _project_prefixes(path: Path, modules: set[str]) -> set[str]:
    """Every package or module of the project an import of the file names, with the packages above it."""
    try:
        text = read_text(path)
    except (OSError, UnicodeDecodeError):
        return set()
    found: set[str] = set()
    for match in _IMPORT.finditer(text):
        parts = (match[1] or match[2]).split(".")
        for end in range(1, len(parts) + 1):
            name = ".".join(parts[:end])
            if name in modules:
                found.add(name)
    return found


def _held(package: str, holdings: Mapping[str, Holdings]) -> Holdings:
    held = Holdings()
    for module, here in holdings.items():
        if covers(package, module) and not is_auxiliary(module):
            held.add(here)
    return held


def _folders(root: Path, path: Path) -> list[Path]:
    """The folders holding a file, from its own up to (not including) the root; none outside the root."""
    try:
        parts = path.parent.relative_to(root).parts
    except ValueError:
        return []
    return [root.joinpath(*parts[:end]) for end in range(len(parts), 0, -1)]


def _deployable(root: Path, sources: Sequence[SourceFile], below: Mapping[Path, Holdings]) -> list[Service]:
    """Every folder below the root holding code (auxiliary ones aside) with something that makes it deployable."""
    files = {source.path for source in sources}
    settings: dict[Path, str] = {}  # a folder with a settings module of its own or in a package inside it: which
    for path in sorted(files):
        module = path.parent if path.parent.name == SETTINGS else path if path.stem == SETTINGS else None
        if module is not None:
            for holder in (module.parent, module.parent.parent):
                settings.setdefault(holder, module.relative_to(holder).as_posix())
    found = []
    for folder in sorted(below):
        if not is_auxiliary(".".join(folder.relative_to(root).parts)):
            markers = _markers(folder, files)
            if markers or folder in settings:
                found.append(Service(folder, (*markers, *([settings[folder]] if folder in settings else []))))
    return found


def _markers(folder: Path, files: set[Path]) -> tuple[str, ...]:
    """What makes a folder deployable, as the evidence names it (a settings module aside)."""
    found = [name for name in CONTAINER_FILES if is_regular_file(folder / name)]
    found.extend(name for name in PYTHON_MARKERS if folder / name in files)
    found.extend(name for name in APP_MODULES if folder / name in files and _makes_app(folder / name))
    found.extend(name for name in PACKAGING_FILES if is_regular_file(folder / name))
    return tuple(found)


def _makes_app(path: Path) -> bool:
    if path.name == "__main__.py":
        return True
    try:
        return bool(_MAKES_APP.search(read_text(path)))
    except (OSError, UnicodeDecodeError):
        return False


def _modules(folder: Path, sources: Sequence[SourceFile], roots: Sequence[Path]) -> tuple[str, ...]:
    """The module prefixes only this service's files have."""
    inside: set[str] = set()
    prefix = os.path.join(str(folder), "")
    for source in sources:
        if str(source.path).startswith(prefix):
            naming = next(root for root in roots if root == source.path.parent or root in source.path.parents)
            depth = len(folder.parts) - len(naming.parts) if naming == folder or naming in folder.parents else 0
            inside.add(".".join(source.module.split(".")[: max(depth, 1)]))
    outside = [source.module for source in sources if not str(source.path).startswith(prefix)]
    return tuple(
        sorted(prefix for prefix in inside if _DOTTED.fullmatch(prefix) and not any(covers(prefix, module) for module in outside))
    )


def _names(folders: Sequence[Path]) -> dict[Path, str]:
    """Each service's context name: its folder's (`orders-service` gives `orders`), its parent's too where two clash."""

    def name(folder: Path) -> str:
        text = folder.name
        for suffix in SUFFIXES:
            if text.lower().endswith(suffix) and len(text) > len(suffix):
                text = text[: -len(suffix)]
        for prefix in PREFIXES:
            if text.lower().startswith(prefix) and len(text) > len(prefix):
                text = text[len(prefix) :]
        return re.sub(r"\W", "_", text)

    short = {folder: name(folder) for folder in folders}
    counts = list(short.values())
    return {folder: text if counts.count(text) == 1 else f"{name(folder.parent)}_{text}" for folder, text in short.items()}


def propose_apart(root: Path, sources: Sequence[SourceFile]) -> tuple[Entry, ...]:
    """`exclude` entries for the entry points, settings and empty package markers of the project sharing a module
    name, where none of them mentions an event. Other code of one name is left for the check to warn of."""
    by_module: dict[str, list[SourceFile]] = {}
    for source in sources:
        if not is_auxiliary(source.module):
            by_module.setdefault(source.module, []).append(source)
    entries = []
    for module, group in sorted(by_module.items()):
        reasons = {display_path(source.path, root): glue_of(source) for source in group}
        if len(group) < 2 or not all(reasons.values()):
            continue
        for path in sorted(reasons):
            others = listing([other for other in sorted(reasons) if other != path], 2)
            verb = "is" if len(reasons) == 2 else "are"
            entries.append(
                Entry(path, f"module `{module}`, as {others} {verb} too, each from its own import root; {reasons[path]}")
            )
    return tuple(entries)


def glue_of(source: SourceFile) -> str:
    """What a file mentioning no event does for its service (runs it, configures it, marks an empty package), or ``."""
    try:
        text = read_text(source.path)
    except (OSError, UnicodeDecodeError):
        return ""
    parts = source.module.split(".")
    if "event" in text.lower():
        return ""
    if CONFIGURATION & set(parts):
        return "configures its service"
    if parts[-1] in GLUE:
        return "runs its service"
    if parts == [PACKAGING]:
        return "packages its service"
    return "an empty package marker" if source.is_package and not text.strip() else ""
