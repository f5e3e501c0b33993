"""Literal settings: what a Django settings module assigns at its top level, read without running it.

Only upper-case names are settings (Django ignores the rest), though the dicts
they are built from may have any name; only string keys of dict literals are
followed, and a value that is not a literal is recorded as unknown (`?`), so a
later reader never mistakes a computed value for a literal one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

import libcst as cst

from eventlint.facts.records import SettingFact, is_settings_module
from eventlint.model import Span

_CONSTANTS = frozenset({"True", "False", "None"})


def literal_settings(
    module: str, statements: Sequence[cst.CSTNode], span: Callable[[cst.CSTNode], Span]
) -> tuple[SettingFact, ...]:
    """The settings a settings module's own top-level assignments give, in statement order (none elsewhere).

    A lower-case name counts too once it holds a dict literal or another
    name, the way settings build `DATABASES` (`_db = {...}`, then
    `DATABASES = {"default": _db}`); from then on, whatever rebinds it.
    """
    found: list[SettingFact] = []
    roots: set[str] = set()
    if not is_settings_module(module):
        return ()
    for statement in statements:
        if not isinstance(statement, cst.SimpleStatementLine):
            continue  # a setting under `if` or `try` may or may not be set: not a literal fact
        for small in statement.body:
            if isinstance(small, cst.Assign):
                pairs = [(target.target, small.value) for target in small.targets]
            elif isinstance(small, cst.AnnAssign) and small.value is not None:
                pairs = [(small.target, small.value)]
            else:
                continue
            for target, value in pairs:
                path = _path(target)
                if path is not None and (path[0].isupper() or path[0] in roots or isinstance(value, (cst.Dict, cst.Name))):
                    roots.add(path[0])
                    found.extend(_facts(path, value, span(statement), span))
    return tuple(found)


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
    if isinstance(value, cst.Name):
        yield SettingFact(path, value.value if value.value in _CONSTANTS else f"={value.value}", span(value))
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
