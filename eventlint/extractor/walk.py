"""A read-only walk over a libcst tree.

libcst's own `visit` rebuilds every node it passes (its visitors share the
machinery of its transformers), which costs more than the parse itself. A
read-only walk only reads each node's fields. Handlers keep libcst's names
and meaning: `visit_Name(node)` returning False skips the children,
`leave_Name(node)` runs after them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import libcst as cst

_Handlers = tuple[Callable[[Any], Any] | None, Callable[[Any], Any] | None]
_FIELDS: dict[type[cst.CSTNode], tuple[str, ...]] = {}


def _fields(kind: type[cst.CSTNode]) -> tuple[str, ...]:
    found = _FIELDS.get(kind)
    if found is None:
        found = _FIELDS[kind] = tuple(field.name for field in dataclasses.fields(kind))
    return found


class Walker:
    """Calls `visit_<Node>` / `leave_<Node>` methods while walking a tree, rebuilding nothing."""

    def __init__(self) -> None:
        self._handlers: dict[type[cst.CSTNode], _Handlers] = {}

    def walk(self, node: cst.CSTNode) -> None:
        """Walk `node` and everything below it, children in field order."""
        kind = type(node)
        handlers = self._handlers.get(kind)
        if handlers is None:
            name = kind.__name__
            handlers = self._handlers[kind] = (getattr(self, f"visit_{name}", None), getattr(self, f"leave_{name}", None))
        visit, leave = handlers
        if visit is None or visit(node) is not False:
            for name in _fields(kind):
                value = getattr(node, name)
                if isinstance(value, cst.CSTNode):
                    self.walk(value)
                elif type(value) is tuple or type(value) is list:
                    for item in value:
                        if isinstance(item, cst.CSTNode):
                            self.walk(item)
        if leave is not None:
            leave(node)
