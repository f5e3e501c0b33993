"""A sweep over the running interpreter's own standard library (found at run time, never copied)."""

from __future__ import annotations

import sysconfig
import warnings
from pathlib import Path

import pytest

from eventlint import lint_paths
from eventlint.config.settings import default_config
from eventlint.facts.source_text import decode

STDLIB = Path(sysconfig.get_paths()["stdlib"]).resolve()

pytestmark = pytest.mark.skipif(not (STDLIB / "json" / "__init__.py").is_file(), reason="no standard library sources here")


def really_unparsable(path: Path) -> bool:
    """Whether Python itself (or libcst, for what Python accepts) cannot read the file."""
    data = path.read_bytes()
    try:
        text = decode(data)
    except (UnicodeDecodeError, SyntaxError, LookupError):
        return True
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(text, str(path), "exec", dont_inherit=True)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return True
    import libcst

    try:
        libcst.parse_module(text)
    except Exception:
        return True
    return False


def test_the_whole_standard_library_lints_without_internal_error() -> None:
    root = STDLIB
    config = default_config(root)
    result = lint_paths([root], config, base=root, cache=False, jobs=2)
    assert not result.errors, result.errors[0].details
    assert result.files > 500
    unparsable = {d.path for d in result.diagnostics if d.code == "EVL001"}
    for relpath in sorted(unparsable):
        assert really_unparsable(root / relpath), relpath


@pytest.mark.parametrize("package", ["json", "email", "asyncio", "concurrent", "importlib"])
def test_every_file_of_a_package_gives_facts_or_a_parse_failure(package: str) -> None:
    """Without the pre-check every file is parsed by libcst: none may raise out of the engine."""
    root = STDLIB / package
    result = lint_paths([root], default_config(root), base=root, cache=False, jobs=1, precheck=False)
    assert not result.errors, result.errors[0].details
    assert result.files > 3
