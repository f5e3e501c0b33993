"""Renaming an event class across the project: its statement and every reference to it."""

from __future__ import annotations

import keyword
import re
from collections.abc import Mapping

import libcst as cst
from libcst.metadata import Assignment

from eventlint.fixes.edits import Edit, RenameRefused
from eventlint.fixes.parsed_module import ModuleReading, read_module
from eventlint.fixes.references import ClassRename, References

_STAR = re.compile(r"\bimport\s*\*")


def rename_class(sources: Mapping[str, str], modules: Mapping[str, str], qualname: str, new_name: str) -> list[Edit]:
    """The edits that rename the module-level class `qualname` to `new_name` everywhere, by path.

    `sources` holds `{path: text}` of every Python file of the project and
    `modules` `{path: dotted module name}`; `qualname` is the class's fully
    qualified name (`shop.ordering.events.OrderStarted`). Renamed are the
    class statement and every name that resolves to it: imports (`from m
    import Old`, keeping an `as` alias; relative; re-exports through
    `__init__.py`, which carry the new name on to their importers), `m.Old`
    through `import m` or `import pkg.m as x`, annotations and string
    annotations, bases, decorators, calls, and `__all__` entries. Other
    bindings of the same name (another module's class, a local variable, an
    attribute) and other strings, comments and docstrings are left as they are.

    Only files whose text contains the old name, or an `import *`, are parsed. No class of that
    name in that module: no edits (so a second run changes nothing). Raises
    `RenameRefused`, and changes no file, when the new name is already bound
    where the rename would bind it, when a name may be the class or something
    else, or when a file mentioning the class cannot be parsed.
    """
    if not new_name.isidentifier() or keyword.iskeyword(new_name):
        raise RenameRefused(f"`{new_name}` is not a valid class name")
    names = frozenset(modules.values())
    module, _, old = qualname.rpartition(".")
    if module not in names:
        if any(qualname.startswith(f"{name}.") for name in names):
            raise RenameRefused(f"`{qualname}` is not a module-level class: only those can be renamed")
        return []
    if old == new_name:
        return []
    readings = [
        read_module(path, modules[path], text) for path, text in sorted(sources.items()) if path in modules and old in text
    ]
    # A module re-exporting with `import *` need not spell the name: read its imports only.
    stars = [
        read_module(path, modules[path], text, scoped=False)
        for path, text in sorted(sources.items())
        if path in modules and old not in text and _STAR.search(text)
    ]
    if not any(_defines(reading, old) for reading in readings if reading.module == module):
        return []
    rename = ClassRename(module, old, new_name, _exporters([*readings, *stars], module, old), names)
    references = [References(reading, rename) for reading in readings]
    edits = []
    for found in references:
        after = found.renamed_text()
        if after != found.reading.text:
            edits.append(Edit(found.reading.path, found.reading.text, after))
    return edits


def _defines(reading: ModuleReading, name: str) -> bool:
    """Whether a module has a module-level class statement of that name."""
    scope = reading.scopes.get(reading.tree)
    return scope is not None and any(
        isinstance(assignment, Assignment) and isinstance(assignment.node, cst.ClassDef) for assignment in scope.assignments[name]
    )


def _exporters(readings: list[ModuleReading], module: str, old: str) -> frozenset[str]:
    """The modules that bind the class as `old`: its own, and those re-exporting it, transitively."""
    exporters = {module}
    grown = True
    while grown:
        grown = False
        for reading in readings:
            if reading.module in exporters:
                continue
            sources = reading.reexports.get(old, set()) | reading.stars
            if sources & exporters:
                exporters.add(reading.module)
                grown = True
    return frozenset(exporters)
