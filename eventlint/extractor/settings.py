"""Literal settings: what a Django settings module assigns at its top level, read without running it.

Only upper-case names are settings (Django ignores the rest); only string keys
of dict literals are followed, and a value that is not a literal is recorded
as unknown (`?`), so a later reader never mistakes a computed value for a
literal one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

import libcst as cst

from eventlint.facts.records import SettingFact
from eventlint.model import Span

_CONSTANTS = frozenset({"True", "False", "None"})


def literal_settings(statements: Sequence[cst.CSTNode], span: Callable[[cst.CSTNode], Span]) -> tuple[SettingFact, ...]:
    """The settings the module's own top-level assignments give, in statement order."""
    found: list[SettingFact] = []
    for statement in statements:
        if not isinstance(statement, cst.SimpleStatementLine):
            continue  # a setting under `if` or `try` may or may not be set: not a literal fact
        for small in statement.body:
            if isinstance(small, cst.Assign):
                for target in small.targets:
                    found.extend(_assigned(target.target, small.value, span(statement), span))
            elif isinstance(small, cst.AnnAssign) and small.value is not None:
                found.extend(_assigned(small.target, small.value, span(statement), span))
    return tuple(found)


def _assigned(
    target: cst.BaseExpression, value: cst.BaseExpression, statement: Span, span: Callable[[cst.CSTNode], Span]
) -> Iterator[SettingFact]:
    path = _path(target)
    if path is not None and path[0].isupper():
        yield from _facts(path, value, statement, span)


def _path(target: cst.BaseExpression) -> tuple[str, ...] | None:
    """`NAME` or `NAME["key"]["key"]...`: the setting and its keys; None for any other target."""
    keys: list[str] = []
    while isinstance(target, cst.Subscript):
        if len(target.slice) != 1:
            return None
        index = target.slice[0].slice
        if not (isinstance(index, cst.Index) and isinstance(index.value, cst.SimpleString)):
            return None
        key = index.value.evaluated_value
        if not isinstance(key, str):
            return None
        keys.append(key)
        target = target.value
    if not isinstance(target, cst.Name):
        return None
    return (target.value, *reversed(keys))


def _facts(
    path: tuple[str, ...], value: cst.BaseExpression, statement: Span, span: Callable[[cst.CSTNode], Span]
) -> Iterator[SettingFact]:
    """The fact of one value, then (for a dict literal) those of its string keys, in order.

    A constant is located at itself, anything else at its statement. A
    `**spread` may set any key: it makes the dict unknown (`?`) at that
    point, and only the keys written after it are known again.
    """
    if isinstance(value, cst.Name) and value.value in _CONSTANTS:
        yield SettingFact(path, value.value, span(value))
        return
    if not isinstance(value, cst.Dict):
        yield SettingFact(path, "?", statement)
        return
    yield SettingFact(path, "{}", statement)
    for element in value.elements:
        if not isinstance(element, cst.DictElement):  # `**spread`
            yield SettingFact(path, "?", statement)
            continue
        key = element.key.evaluated_value if isinstance(element.key, cst.SimpleString) else None
        if isinstance(key, str):
            yield from _facts((*path, key), element.value, statement, span)
