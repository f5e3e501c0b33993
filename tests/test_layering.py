"""The package layout is the architecture: what the import-linter contract cannot say, and the contract itself."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).parent.parent / "eventlint"
MODULES = sorted(PACKAGE.rglob("*.py"))


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


GRAPH = {module_name(path): imports(path) for path in MODULES}


def importers_of(prefix: str) -> set[str]:
    return {name for name, targets in GRAPH.items() if any(t == prefix or t.startswith(prefix + ".") for t in targets)}


def test_only_the_extractor_reads_code_and_the_fixes_write_it_with_libcst() -> None:
    users = {n for n in GRAPH if n.startswith(("eventlint.extractor", "eventlint.fixes"))}
    assert importers_of("libcst") <= users


def test_only_the_command_line_uses_click() -> None:
    assert importers_of("click") == {"eventlint.cli"}


def test_only_the_language_server_uses_the_lsp_extra() -> None:
    users = importers_of("pygls") | importers_of("lsprotocol")
    assert users and all(name.startswith("eventlint.lsp.") for name in users)


def test_the_stages_import_downwards_only() -> None:
    """The whole order is the import-linter contract in pyproject.toml; this runs it as CI does."""
    result = subprocess.run(
        [sys.executable, "-c", "from importlinter.cli import lint_imports_command; lint_imports_command()", "--no-cache"],
        cwd=PACKAGE.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_modules_stay_small() -> None:
    sizes = {module_name(path): len(path.read_text(encoding="utf-8").splitlines()) for path in MODULES}
    assert max(sizes.values()) < 450, max(sizes.items(), key=lambda item: item[1])


def test_no_module_name_is_used_twice() -> None:
    """A module's name says one thing: two modules of one name in different stages would say two."""
    names = [path.name for path in MODULES if path.name != "__init__.py"]
    assert sorted({name for name in names if names.count(name) > 1}) == []
