"""Recursive computations over the user's code, run without recursing.

A function written recursively over a tree the user wrote (a function's
nested blocks, a chain of expressions) fails with `RecursionError` on a
shape deep enough, and how deep is enough depends on the stack under it.
Written as a generator instead, it yields the generator of each
sub-computation and is sent back its result (`inner = yield walk(child)`);
`unwind` runs the whole on a stack of its own, as deep as memory allows.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any, TypeVar

_R = TypeVar("_R")

Task = Generator[Any, Any, _R]  # yields sub-tasks, is sent their results, returns its own


def unwind(task: Task[_R]) -> _R:
    """The result of `task`, each sub-task it yields run to its end first."""
    stack: list[Task[Any]] = [task]
    sent: Any = None
    while True:
        try:
            inner = stack[-1].send(sent)
        except StopIteration as finished:
            stack.pop()
            if not stack:
                result: _R = finished.value
                return result
            sent = finished.value
            continue
        stack.append(inner)
        sent = None
