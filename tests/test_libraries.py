"""A library's own event classes (a package shipping `py.typed`) are its API, not events to rename."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from projects import write

from eventlint import lint_sources
from eventlint.cli import main

DOMAIN = '''\
class DomainEvent: ...


class LogEvent(DomainEvent): ...


class Snapshot(DomainEvent): ...


class Aggregate:
    class Event(DomainEvent): ...

    class Created(Event): ...


class _Recorded(DomainEvent): ...
'''
LIBRARY = {"lib/__init__.py": "", "lib/domain.py": DOMAIN}
ALL = {("EVL101", "LogEvent"), ("EVL104", "LogEvent"), ("EVL101", "Snapshot"), ("EVL104", "Snapshot"), ("EVL101", "Created"), ("EVL101", "_Recorded")}
PRIVATE = {("EVL101", "_Recorded")}


def findings(root: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[set[tuple[str, str]], str]:
    code = main(["check", "--format", "json", str(root / "lib"), *extra])
    captured = capsys.readouterr()
    assert code in (0, 1), captured.err
    return {(d["code"], d["message"].split("`")[1]) for d in json.loads(captured.out)}, captured.err


def test_a_typed_package_keeps_its_public_event_classes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, {**LIBRARY, "lib/py.typed": ""})
    found, err = findings(tmp_path, capsys, "--no-cache")
    assert found == PRIVATE
    assert "package 'lib' ships py.typed, so it is taken as a library" in err


def test_the_same_code_as_an_application_is_judged(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, LIBRARY)
    found, err = findings(tmp_path, capsys, "--no-cache")
    assert found == ALL
    assert "py.typed" not in err


def marker_as_link(root: Path) -> None:
    (root / "elsewhere").write_text("")
    os.symlink(root / "elsewhere", root / "lib" / "py.typed")


@pytest.mark.parametrize(
    ("layout", "library"),
    [
        ({"lib/py.typed": ""}, True),
        ({"lib/sub/__init__.py": "", "lib/sub/py.typed": ""}, False),  # PEP 561: the top-level package marks it
        ({"lib/py.typed/keep": ""}, False),  # a folder, not the marker
        ({"lib/py.typed.bak": ""}, False),
        ({"py.typed": ""}, False),  # beside the packages, not in one
        ({}, False),
    ],
)
def test_which_marker_makes_a_library(tmp_path: Path, capsys: pytest.CaptureFixture[str], layout: dict[str, str], library: bool) -> None:
    write(tmp_path, {**LIBRARY, **layout})
    found, _ = findings(tmp_path, capsys, "--no-cache")
    assert found == (PRIVATE if library else ALL)


def test_a_marker_that_is_a_link_does_not_make_a_library(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, LIBRARY)
    marker_as_link(tmp_path)
    found, _ = findings(tmp_path, capsys, "--no-cache")
    assert found == ALL


def test_adding_the_marker_changes_a_warm_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, LIBRARY)
    assert findings(tmp_path, capsys)[0] == ALL
    (tmp_path / "lib" / "py.typed").write_text("")
    assert findings(tmp_path, capsys)[0] == PRIVATE
    (tmp_path / "lib" / "py.typed").unlink()
    assert findings(tmp_path, capsys)[0] == ALL


def test_in_memory_projects_mark_a_library_the_same_way() -> None:
    def codes(files: dict[str, str]) -> set[tuple[str, str]]:
        return {(d.code, d.message.split("`")[1]) for d in lint_sources(files).diagnostics}

    assert codes({**LIBRARY, "lib/py.typed": ""}) == PRIVATE
    assert codes(LIBRARY) == ALL


def test_a_library_still_gets_the_contradiction_and_boundary_rules() -> None:
    files = {
        **LIBRARY,
        "lib/py.typed": "",
        "lib/payments.py": "from lib.domain import DomainEvent\n\n\nclass PaymentCompletedIntegrationEvent(DomainEvent): ...\n",
    }
    assert [d.code for d in lint_sources(files).diagnostics if d.path == "lib/payments.py"] == ["EVL103"]


def test_a_typed_package_of_a_src_layout_is_a_library(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`src/lib/py.typed`: with no configuration `src` is an import root, and `lib` its top-level package."""
    write(tmp_path, {f"src/{relpath}": text for relpath, text in {**LIBRARY, "lib/py.typed": ""}.items()})
    code = main(["check", "--format", "json", "--no-cache", str(tmp_path)])
    captured = capsys.readouterr()
    assert code in (0, 1), captured.err
    assert {(d["code"], d["message"].split("`")[1]) for d in json.loads(captured.out)} == PRIVATE
    assert "package 'lib' ships py.typed, so it is taken as a library" in captured.err


def test_a_typed_package_of_a_src_layout_in_memory() -> None:
    files = {f"src/{relpath}": text for relpath, text in {**LIBRARY, "lib/py.typed": ""}.items()}
    assert {(d.code, d.message.split("`")[1]) for d in lint_sources(files).diagnostics} == PRIVATE
