"""String annotations (`e: "Old"`, `x: "events.Old"`, `"list[Old]"`): the names inside, renamed alike."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

import libcst as cst
from libcst.metadata import Scope

from eventlint.extractor.flow import dotted_name

if TYPE_CHECKING:
    from eventlint.fixes.references import Fate, References

_Node = TypeVar("_Node", bound=cst.CSTNode)


def renamed_annotation(string: cst.SimpleString, references: References, scope: Scope | None) -> str | None:
    """The string annotation's new source text, or None when it does not refer to the class.

    Its text is parsed as the expression it stands for and its names resolved
    in the scope the string stands in, as a type checker reads it. A string
    with escapes, or bytes or f-strings, is not an annotation to rewrite.
    """
    prefix = string.prefix.lower()
    if scope is None or "b" in prefix or "f" in prefix:
        return None
    body = string.value[len(string.prefix) + len(string.quote) : -len(string.quote)]
    if body != string.evaluated_value:
        return None
    try:
        expression = cst.parse_expression(body)
    except cst.ParserSyntaxError:
        return None
    renamer = _AnnotationNames(references, scope, string)
    changed = expression.visit(renamer)
    if not renamer.changed or not isinstance(changed, cst.BaseExpression):
        return None
    return f"{string.prefix}{string.quote}{cst.Module([]).code_for_node(changed)}{string.quote}"


class _AnnotationNames(cst.CSTTransformer):
    def __init__(self, references: References, scope: Scope, string: cst.SimpleString) -> None:
        super().__init__()
        self.references = references
        self.scope = scope
        self.string = string
        self.old = references.rename.old
        self.new = references.rename.new
        self.not_loads: set[int] = set()
        self.changed = False

    def visit_Attribute(self, node: cst.Attribute) -> None:
        self.not_loads.add(id(node.attr))

    def visit_Arg(self, node: cst.Arg) -> None:
        if node.keyword is not None:
            self.not_loads.add(id(node.keyword))

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.Name:
        if original_node.value != self.old or id(original_node) in self.not_loads:
            return updated_node
        fate = self.references.fate(self.scope[self.old])
        return self._apply(fate, updated_node.with_changes(value=self.new), updated_node)

    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.Attribute:
        chain = dotted_name(original_node.value)
        if original_node.attr.value != self.old or chain is None:
            return updated_node
        fate = self.references.attribute_fate(chain, self.scope)
        return self._apply(fate, updated_node.with_changes(attr=cst.Name(self.new)), updated_node)

    def _apply(self, fate: Fate, renamed: _Node, kept: _Node) -> _Node:
        if fate == "ambiguous":
            self.references.refuse(f"`{self.old}` in this annotation may be the class or another binding", self.string)
        if fate != "rename":
            return kept
        self.changed = True
        return renamed
