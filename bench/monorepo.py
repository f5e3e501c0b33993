"""Generate a large, realistic, event-driven Python monorepo to benchmark eventlint.

    python bench/monorepo.py DIR [--files 5000] [--seed 7]

The tree written under ``DIR`` is a monorepo of bounded contexts (``ordering``,
``catalog``, ``basket``, ``payment``, ...), each with ``domain``,
``application``, ``infrastructure``, ``api``, ``utils`` and ``tests`` layers,
next to ``mono.seedwork`` (the building blocks) and ``mono.contracts`` (the
published language), with an ``eventlint.toml`` describing the context map.

Most modules have nothing to do with events: value objects, policies,
schemas, repositories, mappers, workers, clients, helpers and tests, written
as ordinary, varied Python, some using ``send``, ``commit``, ``transaction``
or ``publish`` in unrelated senses, some with ``threading.Event`` or
``asyncio.Event`` stop flags. The event-related modules (domain events,
aggregates, application services, consumers, messaging adapters, contracts)
follow the clean shapes eventlint must leave alone, except for a known number
of planted violations, each marked on its line with ``# expect: EVLnnn``.
:func:`generate` returns those counts in :attr:`Planted.expected`, and the
targets of the benchmarks: a leaf module of event-related code that no module
imports (:attr:`Planted.leaf_target`) and a module defining an event that
the application services, handlers and consumers of every service import
(:attr:`Planted.event_target`, the seedwork mediator).

The output depends only on ``files`` and ``seed``: the same pair always
writes a byte-identical tree. It uses the standard library only: the generator
and its templates are the package ``monorepo_gen`` beside this file.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from monorepo_gen.generator import Monorepo, Planted

__all__ = ["Planted", "generate", "main"]


def generate(root: Path, files: int = 5000, seed: int = 7) -> Planted:
    """Write a monorepo of about ``files`` Python files under ``root`` (an empty directory).

    The same ``files`` and ``seed`` always give a byte-identical tree. Raise
    ``ValueError`` if ``root`` is not empty or ``files`` is too small to hold
    the event-related core of the services.
    """
    root = Path(root)
    if not root.is_dir():
        raise ValueError(f"{root} is not a directory")
    if any(root.iterdir()):
        raise ValueError(f"{root} is not empty")
    repo = Monorepo(files, seed)
    repo.build()
    return repo.write(root)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: generate the tree and print a one-line summary."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("directory", type=Path, help="where to write the tree (created if missing; must be empty)")
    parser.add_argument("--files", type=int, default=5000, help="number of Python files (default: 5000)")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default: 7)")
    args = parser.parse_args(argv)
    directory: Path = args.directory
    directory.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    try:
        planted = generate(directory, files=args.files, seed=args.seed)
    except ValueError as error:
        parser.error(str(error))
    seconds = time.perf_counter() - started
    findings = ", ".join(f"{code}={count}" for code, count in planted.expected.items())
    print(
        f"{directory}: {planted.files} files, {planted.lines} lines in {seconds:.1f}s; "
        f"expected {sum(planted.expected.values())} findings ({findings}); "
        f"edit {planted.edit_target}; plain {planted.plain_target}; leaf {planted.leaf_target}; "
        f"event module {planted.event_target} ({planted.event_importers} importers)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
