"""The reference services: the clean variant has no finding, the violating one exactly its markers."""

from __future__ import annotations

import collections
from pathlib import Path

import pytest
from markers import actual, expected

from eventlint import lint_paths
from eventlint.api import resolve_config
from eventlint.checks.registry import RULES as CODES
from eventlint.cli import main

EXAMPLES = Path(__file__).parent.parent / "examples"
CLEAN = EXAMPLES / "shop"
VIOLATIONS = EXAMPLES / "shop-violations"


def run(project: Path, *paths: Path):  # type: ignore[no-untyped-def]
    config, found = resolve_config([project])
    assert found
    return lint_paths(list(paths) or [project], config, base=project)


def markers(project: Path) -> collections.Counter[tuple[str, int, str]]:
    sources = {
        path.relative_to(project).as_posix(): path.read_bytes().decode("utf-8", errors="replace")
        for path in project.rglob("*.py")
    }
    return expected(sources)


def test_clean_services_have_no_finding() -> None:
    result = run(CLEAN)
    assert result.files > 40
    assert not result.errors
    assert actual(result) == {}


def test_violating_services_report_exactly_their_markers() -> None:
    result = run(VIOLATIONS)
    assert not result.errors
    assert actual(result) == markers(VIOLATIONS)


def test_violating_services_break_every_rule() -> None:
    codes = {code for _, _, code in markers(VIOLATIONS)}
    assert codes == {row.code for row in CODES}


def test_every_file_alone_gives_the_findings_of_the_full_run() -> None:
    full = run(VIOLATIONS).diagnostics
    files = sorted(VIOLATIONS.rglob("*.py"))
    for path in files:
        alone = run(VIOLATIONS, path).diagnostics
        relpath = path.relative_to(VIOLATIONS).as_posix()
        assert alone == tuple(d for d in full if d.path == relpath), relpath


@pytest.mark.parametrize(("project", "code"), [(CLEAN, 0), (VIOLATIONS, 1)], ids=["clean", "violations"])
def test_cli_exit_codes_from_inside_and_outside(
    project: Path, code: int, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(EXAMPLES.parent)
    assert main(["check", str(project.relative_to(EXAMPLES.parent))]) == code
    outside = capsys.readouterr().out
    monkeypatch.chdir(project)
    assert main(["check"]) == code
    inside = capsys.readouterr().out
    prefix = project.relative_to(EXAMPLES.parent).as_posix() + "/"
    assert outside.replace(prefix, "") == inside


@pytest.mark.parametrize("project", [CLEAN, VIOLATIONS], ids=["clean", "violations"])
def test_the_pre_check_changes_no_finding_of_the_reference_services(project: Path) -> None:
    config, _ = resolve_config([project])
    checked = lint_paths([project], config, base=project, cache=False)
    everything = lint_paths([project], config, base=project, cache=False, precheck=False)
    assert not checked.errors and not everything.errors
    assert checked.diagnostics == everything.diagnostics
