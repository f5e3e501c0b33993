"""Where one module refers to the class being renamed, and the module with those references renamed.

Names are resolved through libcst's scopes, never matched as text: a `Name`
is renamed where every binding it can refer to is one the rename changes (the
class statement, a `from ... import` of it under its own name, a `*` import of
a module exporting it); an attribute `m.Old` where `m` is bound to a module
exporting it. A name that may refer to the class or to something else stops
the rename: guessing either way could break the code.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Literal

import libcst as cst
from libcst.metadata import Assignment, BaseAssignment, ImportAssignment, PositionProvider, Scope

from eventlint.extractor.flow import dotted_name
from eventlint.fixes.edits import RenameRefused
from eventlint.fixes.parsed_module import ModuleReading, bound_name, imported_name
from eventlint.fixes.strings import renamed_annotation

Fate = Literal["rename", "keep", "ambiguous"]


@dataclass(frozen=True)
class ClassRename:
    """The rename being made: the class `old` of `module` becomes `new`; `exporters` bind it as `old`."""

    module: str
    old: str
    new: str
    exporters: frozenset[str]
    modules: frozenset[str]


class References:
    """What of one module the rename changes, found before anything is changed."""

    def __init__(self, reading: ModuleReading, rename: ClassRename) -> None:
        self.reading = reading
        self.rename = rename
        self.classes: set[int] = set()
        self.aliases: set[int] = set()
        self.names: set[int] = set()
        self.attributes: set[int] = set()
        self.strings: dict[int, str] = {}
        self.binds_new = False  # whether the module gains the new name as a bare binding
        self.star_binds = any(source in rename.exporters for source in reading.stars)
        self.renamed: set[BaseAssignment] = set()
        self.scopes = {scope for scope in reading.scopes.values() if scope is not None}
        # The strings libcst reads as type annotations (not `Literal["Old"]`, not docstrings).
        self.annotation_strings = {
            id(access.node) for scope in self.scopes for access in scope.accesses if isinstance(access.node, cst.SimpleString)
        }
        self._bindings()
        self._names()
        reading.tree.visit(_Finder(self))
        if self.binds_new or (self.star_binds and self.names):
            self._check_collision()

    # -- what binds the class under its old name ----------------------------------
    def _bindings(self) -> None:
        for scope in self.scopes:
            for assignment in scope.assignments[self.rename.old]:
                if self._renamed_binding(assignment, scope):
                    self.renamed.add(assignment)
                elif scope is scope.globals and self.reading.module in self.rename.exporters:
                    self.refuse(f"`{self.rename.old}` is bound more than once here", _node_of(assignment))

    def _renamed_binding(self, assignment: BaseAssignment, scope: Scope) -> bool:
        node = assignment.node if isinstance(assignment, Assignment) else None
        if isinstance(node, cst.ClassDef):
            found = scope is scope.globals and self.reading.module == self.rename.module
            if found:
                self.classes.add(id(node))
                self.binds_new = True
            return found
        statement = assignment.node if isinstance(assignment, ImportAssignment) else None
        if not isinstance(statement, cst.ImportFrom) or isinstance(statement.names, cst.ImportStar):
            return False
        return self.reading.source_of(statement) in self.rename.exporters and any(
            imported_name(alias) == self.rename.old for alias in statement.names if bound_name(alias) == self.rename.old
        )

    # -- references ---------------------------------------------------------------
    def _names(self) -> None:
        for scope in self.scopes:
            for access in scope.accesses[self.rename.old]:
                node = access.node
                if not isinstance(node, cst.Name) or node.value != self.rename.old:
                    continue
                fate = self.fate(access.referents)
                if fate == "ambiguous":
                    self.refuse(f"`{self.rename.old}` may be the class or another binding here", node)
                if fate == "rename":
                    self.names.add(id(node))

    def fate(self, referents: Collection[BaseAssignment]) -> Fate:
        """Whether a name bound by `referents` is the class under the name the rename changes."""
        if not referents:
            return "rename" if self.star_binds else "keep"
        renamed = sum(1 for referent in referents if referent in self.renamed)
        return "rename" if renamed == len(referents) else "keep" if renamed == 0 else "ambiguous"

    def attribute_fate(self, chain: str, scope: Scope | None) -> Fate:
        """Whether `chain.Old` is the class: `chain` names a module that exports it."""
        if scope is None:
            return "keep"
        root, _, rest = chain.partition(".")
        assignments = scope[root]
        if not assignments:
            return "keep"
        hits = 0
        for assignment in assignments:
            module = self.reading.module_bound(assignment, root, self.rename.modules)
            if module is not None and (f"{module}.{rest}" if rest else module) in self.rename.exporters:
                hits += 1
        return "rename" if hits == len(assignments) else "keep" if hits == 0 else "ambiguous"

    def _check_collision(self) -> None:
        new = self.rename.new
        for scope in self.scopes:
            for access in scope.accesses[new]:
                self.refuse(f"`{new}` is already a name here", access.node)
            for assignment in scope.assignments[new]:
                self.refuse(f"`{new}` is already a name here", _node_of(assignment))

    def refuse(self, reason: str, node: cst.CSTNode | None) -> None:
        """Stop the rename, naming the line at fault."""
        line = None
        if node is not None:
            positions = cst.MetadataWrapper(self.reading.tree, unsafe_skip_copy=True).resolve(PositionProvider)
            position = positions.get(node)
            line = position.start.line if position is not None else None
        raise RenameRefused(reason, self.reading.path, line)

    def renamed_text(self) -> str:
        """The module's text with the rename made (the same text when it does not refer to the class)."""
        if not (self.classes or self.aliases or self.names or self.attributes or self.strings):
            return self.reading.text
        return self.reading.tree.visit(_Renamer(self)).code


def _node_of(assignment: BaseAssignment) -> cst.CSTNode | None:
    return assignment.node if isinstance(assignment, (Assignment, ImportAssignment)) else None


class _Finder(cst.CSTVisitor):
    """Imports of the class, `module.Old` attributes, string annotations, `__all__` entries."""

    def __init__(self, references: References) -> None:
        super().__init__()
        self.references = references
        self.old = references.rename.old
        self.annotations = 0
        self.annotated_data: set[int] = set()  # `Annotated[T, ...]`: what follows the type is data, not a type
        self.in_metadata = 0
        self.depth = 0  # inside a function or class body

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        if isinstance(node.names, cst.ImportStar):
            return
        if self.references.reading.source_of(node) not in self.references.rename.exporters:
            return
        for alias in node.names:
            if imported_name(alias) == self.old:
                self.references.aliases.add(id(alias))
                self.references.binds_new |= bound_name(alias) == self.old

    def visit_Attribute(self, node: cst.Attribute) -> None:
        chain = dotted_name(node.value)
        if node.attr.value != self.old or chain is None:
            return
        fate = self.references.attribute_fate(chain, self.references.reading.scopes.get(node))
        if fate == "ambiguous":
            self.references.refuse(f"`{chain}` may or may not be a module exporting the class here", node)
        if fate == "rename":
            self.references.attributes.add(id(node))

    def visit_Annotation(self, node: cst.Annotation) -> None:
        self.annotations += 1

    def leave_Annotation(self, original_node: cst.Annotation) -> None:
        self.annotations -= 1

    def visit_Subscript(self, node: cst.Subscript) -> None:
        if (dotted_name(node.value) or "").rsplit(".", 1)[-1] == "Annotated":
            self.annotated_data.update(id(element) for element in node.slice[1:])

    def visit_SubscriptElement(self, node: cst.SubscriptElement) -> None:
        self.in_metadata += id(node) in self.annotated_data

    def leave_SubscriptElement(self, original_node: cst.SubscriptElement) -> None:
        self.in_metadata -= id(original_node) in self.annotated_data

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        if self.old not in node.value or id(node) not in self.references.annotation_strings:
            return
        if self.annotations and not self.in_metadata:
            value = renamed_annotation(node, self.references, self.references.reading.scopes.get(node))
            if value is not None:
                self.references.strings[id(node)] = value

    # `__all__` at module level, in a module exporting the class under its old name
    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.depth += 1

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self.depth -= 1

    visit_ClassDef = visit_FunctionDef  # type: ignore[assignment]
    leave_ClassDef = leave_FunctionDef  # type: ignore[assignment]

    def visit_Assign(self, node: cst.Assign) -> None:
        if any(_is_all(target.target) for target in node.targets):
            self._entries(node.value)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        if _is_all(node.target):
            self._entries(node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if _is_all(node.target) and node.value is not None:
            self._entries(node.value)

    def visit_Call(self, node: cst.Call) -> None:
        if dotted_name(node.func) in ("__all__.append", "__all__.extend", "__all__.insert") and node.args:
            self._entries(node.args[-1].value)

    def _entries(self, value: cst.BaseExpression) -> None:
        if self.depth or self.references.reading.module not in self.references.rename.exporters:
            return
        elements = [element.value for element in value.elements] if isinstance(value, (cst.List, cst.Tuple)) else [value]
        for element in elements:
            if isinstance(element, cst.SimpleString) and element.evaluated_value == self.old:
                body = element.value[len(element.prefix) + len(element.quote) : -len(element.quote)]
                if body == self.old:
                    self.references.strings[id(element)] = _requoted(element, self.references.rename.new)


def _requoted(string: cst.SimpleString, body: str) -> str:
    return f"{string.prefix}{string.quote}{body}{string.quote}"


def _is_all(target: cst.BaseExpression) -> bool:
    return isinstance(target, cst.Name) and target.value == "__all__"


class _Renamer(cst.CSTTransformer):
    """Makes the changes `References` found, and no other."""

    def __init__(self, references: References) -> None:
        super().__init__()
        self.references = references
        self.new = references.rename.new
        self.old = references.rename.old

    def leave_ClassDef(self, original_node: cst.ClassDef, updated_node: cst.ClassDef) -> cst.ClassDef:
        if id(original_node) in self.references.classes:
            return updated_node.with_changes(name=updated_node.name.with_changes(value=self.new))
        return updated_node

    def leave_ImportAlias(self, original_node: cst.ImportAlias, updated_node: cst.ImportAlias) -> cst.ImportAlias:
        if id(original_node) not in self.references.aliases:
            return updated_node
        changed = updated_node.with_changes(name=cst.Name(self.new))
        asname = updated_node.asname
        if asname is not None and isinstance(asname.name, cst.Name) and asname.name.value == self.old:
            changed = changed.with_changes(asname=asname.with_changes(name=asname.name.with_changes(value=self.new)))
        return changed

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.Name:
        if id(original_node) in self.references.names:
            return updated_node.with_changes(value=self.new)
        return updated_node

    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.Attribute:
        if id(original_node) in self.references.attributes:
            return updated_node.with_changes(attr=updated_node.attr.with_changes(value=self.new))
        return updated_node

    def leave_SimpleString(self, original_node: cst.SimpleString, updated_node: cst.SimpleString) -> cst.SimpleString:
        value = self.references.strings.get(id(original_node))
        return updated_node.with_changes(value=value) if value is not None else updated_node
