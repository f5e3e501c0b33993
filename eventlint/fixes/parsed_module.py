"""One module read for a rename: its tree, its scopes, and where its imports lead."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import libcst as cst
from libcst.helpers import get_full_name_for_node
from libcst.metadata import BaseAssignment, ImportAssignment, MetadataWrapper, Scope, ScopeProvider

from eventlint.extractor.flow import resolve_relative
from eventlint.fixes.edits import RenameRefused


@dataclass
class ModuleReading:
    """A parsed module of the project, with the scope of each node (libcst's `ScopeProvider`)."""

    path: str
    module: str
    is_package: bool
    text: str
    tree: cst.Module
    scopes: Mapping[cst.CSTNode, Scope | None]
    # Module-level `from X import NAME` (or `as NAME`, the same name) and `from X import *`, by the name imported.
    reexports: dict[str, set[str]] = field(default_factory=dict)
    stars: set[str] = field(default_factory=set)

    def source_of(self, node: cst.ImportFrom) -> str:
        """The absolute module a `from ... import` reads from."""
        name = get_full_name_for_node(node.module) if node.module is not None else None
        level = len(node.relative)
        if level == 0:
            return name or ""
        return resolve_relative(self.module, self.is_package, level, name)

    def module_bound(self, assignment: BaseAssignment, name: str, modules: frozenset[str]) -> str | None:
        """The project module that `name`, bound by `assignment`, stands for; None if it is no module import."""
        if not isinstance(assignment, ImportAssignment):
            return None
        node = assignment.node
        if isinstance(node, cst.Import):
            for alias in node.names:
                full = get_full_name_for_node(alias.name) or ""
                bound = _asname(alias) or full.split(".")[0]
                if bound == name:
                    return full if alias.asname is not None else bound
        elif isinstance(node, cst.ImportFrom) and not isinstance(node.names, cst.ImportStar):
            source = self.source_of(node)
            for alias in node.names:
                imported = get_full_name_for_node(alias.name) or ""
                if (_asname(alias) or imported) == name:
                    candidate = f"{source}.{imported}" if source else imported
                    return candidate if candidate in modules else None
        return None


def _asname(alias: cst.ImportAlias) -> str | None:
    if alias.asname is None or not isinstance(alias.asname.name, cst.Name):
        return None
    return alias.asname.name.value


def imported_name(alias: cst.ImportAlias) -> str:
    """What a `from ... import` alias imports (not what it binds)."""
    return get_full_name_for_node(alias.name) or ""


def bound_name(alias: cst.ImportAlias) -> str:
    """The name a `from ... import` alias binds: its `as` name, else the name imported."""
    return _asname(alias) or imported_name(alias)


class _ModuleImports(cst.CSTVisitor):
    """The module-level `from ... import` statements (the ones that can re-export)."""

    def __init__(self, reading: ModuleReading) -> None:
        super().__init__()
        self.reading = reading

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        return False

    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        return False

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        source = self.reading.source_of(node)
        if isinstance(node.names, cst.ImportStar):
            self.reading.stars.add(source)
        else:
            for alias in node.names:
                if bound_name(alias) == imported_name(alias):
                    self.reading.reexports.setdefault(imported_name(alias), set()).add(source)
        return False


def read_module(path: str, module: str, text: str, *, scoped: bool = True) -> ModuleReading:
    """Parse one module and (when `scoped`) resolve its scopes; a file that cannot be parsed refuses the rename."""
    try:
        tree = cst.parse_module(text)
        wrapper = MetadataWrapper(tree, unsafe_skip_copy=True)
        scopes: Mapping[cst.CSTNode, Scope | None] = wrapper.resolve(ScopeProvider) if scoped else {}
    except (cst.ParserSyntaxError, RecursionError) as error:
        raise RenameRefused(f"cannot parse the file: {error}", path) from None
    is_package = path.replace("\\", "/").rsplit("/", 1)[-1] in ("__init__.py", "__init__.pyi")
    reading = ModuleReading(path, module, is_package, text, wrapper.module, scopes)
    reading.tree.visit(_ModuleImports(reading))
    return reading
