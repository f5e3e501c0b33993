"""Strings and a rename: string annotations (`e: "Old"`, `"list[Old]"`) renamed alike, other strings named.

A string that names the class as data (`type(e).__name__ == "Old"`, a
`mock.patch("shop.events.Old")` target, a serialised type name) is not a
reference Python resolves: renaming it could change what another system
reads, keeping it may fail a test. So it is left as it is and shown.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from collections.abc import Iterator
from typing import TYPE_CHECKING, TypeVar

import libcst as cst
from libcst.metadata import Scope

from eventlint.extractor.flow import dotted_name

if TYPE_CHECKING:
    from eventlint.fixes.references import Fate, References

_Node = TypeVar("_Node", bound=cst.CSTNode)
_DOTTED = re.compile(r"(?:[A-Za-z_][A-Za-z_0-9]*\.)*(?P<last>[A-Za-z_][A-Za-z_0-9]*)\Z")


def strings_naming(text: str, name: str) -> Iterator[tuple[int, str]]:
    """(line, value) of each string literal that is `name` or a dotted path ending in it, read as tokens.

    Only whole literals: a name inside a sentence, a comment or an f-string is not one.
    """
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type != tokenize.STRING or name not in token.string:
                continue
            try:
                value = ast.literal_eval(token.string)
            except (ValueError, SyntaxError, MemoryError, RecursionError):
                continue
            match = _DOTTED.match(value) if isinstance(value, str) else None
            if match is not None and match.group("last") == name:
                yield token.start[0], value
    except (tokenize.TokenError, SyntaxError, ValueError):
        return  # a file that does not tokenize was refused by the rename before


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
