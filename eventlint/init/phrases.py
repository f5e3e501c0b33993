"""How evidence reads in a proposal's comments: counts and short lists of names."""

from __future__ import annotations

from collections.abc import Sequence

SHOWN = 3  # names listed before `...`
# Code beside the design: its dummy events and handlers say nothing of the contexts.
AUXILIARY = frozenset(
    {"tests", "test", "testing", "conftest", "examples", "samples", "docs", "doc", "benchmarks", "bench", "scripts"}
)


def counted(number: int, singular: str, plural: str | None = None) -> str:
    """`1 class`, `14 classes`."""
    return f"{number} {singular if number == 1 else plural or singular + 's'}"


def listing(names: Sequence[str], shown: int = SHOWN) -> str:
    """The first few names, then `...` when there are more: `A, B, C, ...`."""
    head = ", ".join(names[:shown])
    return f"{head}, ..." if len(names) > shown else head


def is_auxiliary(module: str) -> bool:
    """Whether a module is test, example or benchmark code, or a package of it."""
    return any(part in AUXILIARY or part.startswith("test_") or part.endswith("_test") for part in module.split("."))
