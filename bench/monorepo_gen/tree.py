"""The monorepo's files held in memory, each path written once, until they go to disk."""

from __future__ import annotations

from pathlib import Path


class Tree:
    """The text of every file of the monorepo, by its POSIX path relative to the root."""

    def __init__(self) -> None:
        self.texts: dict[str, str] = {}

    def __contains__(self, path: str) -> bool:
        return path in self.texts

    def put(self, path: str, text: str) -> None:
        """Add the file ``path``; a path made twice is a bug of the generator."""
        if path in self.texts:
            raise AssertionError(f"generated {path} twice")
        self.texts[path] = text

    def python_files(self) -> int:
        """How many Python files the tree holds."""
        return sum(1 for path in self.texts if path.endswith(".py"))

    def under(self, folder: str) -> set[str]:
        """The paths below ``folder``."""
        return {path for path in self.texts if path.startswith(f"{folder}/")}

    def write(self, root: Path) -> tuple[int, int]:
        """Write every file under ``root``, in path order; return the number of Python files and of their lines."""
        lines = 0
        files = 0
        for path in sorted(self.texts):
            target = root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            data = self.texts[path].encode("utf-8")
            target.write_bytes(data)
            if path.endswith(".py"):
                files += 1
                lines += self.texts[path].count("\n")
        return files, lines
