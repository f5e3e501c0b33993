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


# Folders whose children are the project's parts by its own word: `contexts/testing` is a context, not test code.
PARTS_FOLDERS = frozenset({"contexts", "bounded_contexts", "boundedcontexts", "modules", "domains", "subdomains", "services"})


def is_auxiliary(module: str) -> bool:
    """Whether a module is test, example or benchmark code, or a package of it."""
    parts = module.split(".")
    return any(
        (part in AUXILIARY and not (part == "testing" and at and parts[at - 1] in PARTS_FOLDERS and at < len(parts) - 1))
        or part.startswith("test_")
        or part.endswith("_test")
        for at, part in enumerate(parts)
    )
