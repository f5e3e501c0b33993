"""A tach configuration read as a context map: its modules are the units, `depends_on` the flows.

`tach.toml` holds `[[modules]]` tables (`path`, `depends_on` of strings or
`{ path = ... }` tables, `utility = true` for shared code) and the
`source_roots` their paths are relative to. The older `tach.yml` holds the
same list in YAML; there is no YAML reader here, so only its plain block
shape is read (`- path: x`, `depends_on:` with `- y` items or `[]`), and a
file written any other way is reported as not read rather than guessed at.
A module A that depends on B lets B's events flow to A: `B -> A`.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping, Sequence

from eventlint.init.kept_declared import Declared, Flow, UnreadableMap, is_wildcard, not_valid, unquoted

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

ROOT_MODULE = "<root>"  # tach's name for the source root itself: no package
_YAML_KEY = re.compile(r"^([A-Za-z_][\w-]*):[ \t]*(.*)$")
_INLINE_LIST = re.compile(r"^\[(.*)\]$")


def read_tach_toml(text: str, file: str) -> Declared:
    """The modules and dependencies of a `tach.toml`."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise not_valid("TOML", error) from None
    modules = data.get("modules", [])
    roots = data.get("source_roots", [])
    if not isinstance(modules, list):
        raise UnreadableMap("`modules` is not an array of tables")
    declared = Declared(
        file, source_roots=tuple(root for root in roots if isinstance(root, str)) if isinstance(roots, list) else ()
    )
    for module in modules:
        if not isinstance(module, Mapping):
            continue
        paths = module.get("paths", [module.get("path")])
        depends_on = module.get("depends_on", [])
        dependencies = [
            dependency.get("path") if isinstance(dependency, Mapping) else dependency
            for dependency in (depends_on if isinstance(depends_on, list) else [])
        ]
        for path in paths if isinstance(paths, list) else []:
            if isinstance(path, str):
                _module(declared, path, module.get("utility") is True, [name for name in dependencies if isinstance(name, str)])
    return declared


def read_tach_yaml(text: str, file: str) -> Declared:
    """The modules and dependencies of a `tach.yml` in its plain block shape, or `UnreadableMap`."""
    modules: list[tuple[str, bool, list[str]]] = []
    roots: list[str] = []
    section, item_indent, in_depends = "", -1, False
    for number, raw in enumerate(text.splitlines(), 1):
        line = _uncommented(raw)
        if not line.strip() or line.strip() == "---":
            continue
        indent = len(line) - len(line.lstrip(" "))
        body = line.strip()
        if indent == 0 and not body.startswith("-"):
            key = _YAML_KEY.match(body)
            if key is None:
                raise UnreadableMap(f"line {number} is not of the plain `key: value` shape")
            section, item_indent, in_depends = key[1], -1, False
            if section == "modules" and key[2] and key[2].strip() != "[]":
                raise UnreadableMap(f"line {number} is not of the plain `- path: module` shape")
            if section == "source_root" and key[2]:
                roots.append(unquoted(key[2]))
            continue
        if section != "modules":
            continue
        if body.startswith("- path:") and item_indent in (-1, indent):
            item_indent, in_depends = indent, False
            modules.append((unquoted(body.removeprefix("- path:")), False, []))
            continue
        if not modules or indent <= item_indent:
            raise UnreadableMap(f"line {number} is not of the plain `- path: module` shape")
        path, utility, dependencies = modules[-1]
        if body.startswith("- ") and in_depends:
            dependencies.append(unquoted(body[2:].strip().removeprefix("path:")))
            continue
        key = _YAML_KEY.match(body)
        if key is None:
            raise UnreadableMap(f"line {number} is not of the plain `key: value` shape")
        in_depends = key[1] == "depends_on"
        if in_depends and key[2]:
            listed = _INLINE_LIST.match(key[2])
            if listed is None:
                raise UnreadableMap(f"line {number}: `depends_on` is neither a list nor `[...]`")
            dependencies.extend(unquoted(name) for name in listed[1].split(",") if name.strip())
        elif key[1] == "utility":
            modules[-1] = (path, key[2].strip().lower() == "true", dependencies)
    declared = Declared(file, source_roots=tuple(roots))
    for path, utility, dependencies in modules:
        _module(declared, path, utility, dependencies)
    return declared


def _module(declared: Declared, path: str, utility: bool, dependencies: Sequence[str]) -> None:
    if path == ROOT_MODULE:
        return
    if is_wildcard(path):
        declared.leave_out(path, f"module {path} is a pattern, which names no one package: not read")
        return
    if utility:
        declared.leave_out(path, f"module {path} is `utility = true`: shared code, no context")
        return
    declared.unit(path, f"{declared.file}: module {path}")
    for dependency in dependencies:
        if dependency != ROOT_MODULE and not is_wildcard(dependency):
            declared.flows.append(Flow(dependency, path, f"{declared.file}: {path} depends_on {dependency}"))


def _uncommented(line: str) -> str:
    """A YAML line without its comment (a `#` at the start or after a space)."""
    if line.lstrip().startswith("#"):
        return ""
    return line.split(" #", 1)[0].rstrip()
