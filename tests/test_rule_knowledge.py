"""A rule knows everything about itself: nothing outside `eventlint.checks` compares a rule code,
and one rule summary, generated from the registry, is shown wherever the rules are listed."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from projects import run

import eventlint
from eventlint.checks.registry import RULES, by_code, is_eventlint_code
from eventlint.checks.rule import Severity
from eventlint.checks.summary import summary_markdown, summary_text
from eventlint.checks.unparsable import UNPARSABLE, unparsable_file
from eventlint.checks.unused_noqa import UNUSED_NOQA, unused_noqa_code
from eventlint.facts.records import ParseFailure
from eventlint.model import Span
from eventlint.report.emitters.sarif import sarif_log
from eventlint.report.result import Result
from eventlint.sources.discovery import SourceFile

PACKAGE = Path(eventlint.__file__).parent
ROOT = PACKAGE.parent
CODE = re.compile(r"EVL\d{3}")
# What still decides by a rule's code outside the rules, and why it may for now.
KNOWN: set[tuple[str, str]] = set()


def _docstrings(tree: ast.Module) -> set[int]:
    """The string nodes of a module that are docstrings (prose may name a rule)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def _compared_codes(path: Path) -> list[tuple[int, str]]:
    """(line, literal) of each string that is a rule's code, or that names one inside a comparison."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = _docstrings(tree)
    compared = {id(node) for compare in ast.walk(tree) if isinstance(compare, ast.Compare) for node in ast.walk(compare)}
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Constant) or not isinstance(node.value, str) or id(node) in docstrings:
            continue
        if CODE.fullmatch(node.value) or (id(node) in compared and CODE.search(node.value)):
            found.append((node.lineno, node.value))
    return found


def test_no_code_outside_the_rules_compares_a_rule_code() -> None:
    modules = sorted(path for path in PACKAGE.rglob("*.py") if "checks" not in path.relative_to(PACKAGE).parts)
    assert len(modules) > 50
    found = {
        (path.relative_to(ROOT).as_posix(), line, literal)
        for path in modules
        for line, literal in _compared_codes(path)
    }
    assert {(path, literal) for path, _, literal in found} <= KNOWN, sorted(found)


def test_the_code_scan_finds_a_comparison_and_a_code_table(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        '"""EVL001 in a docstring is prose."""\n'
        'MARKS = frozenset({"EVL201"})\n'
        'def level(code):\n'
        '    """Say EVL002 here."""\n'
        '    return "error" if code == "EVL001" else "warning"  # EVL003 in a comment\n'
        'HINT = "(EVL101, EVL102) leave public classes alone"\n',
        encoding="utf-8",
    )
    assert sorted(_compared_codes(sample)) == [(2, "EVL201"), (5, "EVL001")]


def _table_under(text: str, heading: str) -> str:
    """The first table after `heading`, as written."""
    lines = text.split(heading, 1)[1].splitlines()
    start = next(number for number, line in enumerate(lines) if line.startswith("|"))
    end = next((number for number, line in enumerate(lines[start:], start) if not line.startswith("|")), len(lines))
    return "\n".join(lines[start:end])


def test_the_readme_shows_the_generated_rule_summary() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert _table_under(readme, "\n## Rules\n") == summary_markdown("rules/")


def test_the_rules_folder_shows_the_generated_rule_summary() -> None:
    index = (ROOT / "rules" / "README.md").read_text(encoding="utf-8")
    assert _table_under(index, "# eventlint rules\n") == summary_markdown("")


def test_the_summary_links_every_rule_to_its_document() -> None:
    for row in summary_markdown("rules/").splitlines()[2:]:
        link = re.match(r"\| \[(EVL\d{3})\]\((rules/[^)]+)\) \|", row)
        assert link, row
        assert (ROOT / link[2]).is_file()


def test_eventlint_rules_prints_the_generated_summary(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rules")
    assert code == 0
    assert out == summary_text() + "\n"
    assert len(out.splitlines()) == len(RULES) + 1


def test_sarif_levels_are_the_rules_severities() -> None:
    source = SourceFile(Path("shop/broken.py"), "shop/broken.py", "shop.broken", False)
    findings = (unparsable_file(source, ParseFailure("syntax error: invalid syntax", Span(2, 1, 2, 1))),)
    run_log = sarif_log(Result(findings, files=1))["runs"][0]
    rules = run_log["tool"]["driver"]["rules"]
    assert [rule["defaultConfiguration"]["level"] for rule in rules] == [rule.severity.value for rule in RULES]
    assert [result["level"] for result in run_log["results"]] == ["error"]
    assert [rule.code for rule in RULES if rule.severity is Severity.ERROR] == [UNPARSABLE.code]


def test_the_findings_met_on_the_way_are_made_by_their_rules() -> None:
    source = SourceFile(Path("shop/orders.py"), "shop/orders.py", "shop.orders", False)
    broken = unparsable_file(source, ParseFailure("cannot read the file: Permission denied", Span(1, 1, 1, 1)))
    assert (broken.code, broken.name, broken.message) == (UNPARSABLE.code, UNPARSABLE.name, "cannot read the file: Permission denied")
    unused = unused_noqa_code(source, Span(3, 20, 3, 26), "EVL201", enabled=True)
    waiting = unused_noqa_code(source, Span(3, 20, 3, 26), "EVL201", enabled=False)
    assert (unused.code, unused.span) == (UNUSED_NOQA.code, Span(3, 20, 3, 26))
    assert unused.message == "`# noqa: EVL201` suppresses nothing here: remove it"
    assert waiting.message == "`# noqa: EVL201` suppresses nothing here: EVL201 is not enabled"


def test_a_noqa_code_is_eventlints_by_its_prefix() -> None:
    assert is_eventlint_code("EVL2") and is_eventlint_code("EVL201")
    assert not is_eventlint_code("E501") and not is_eventlint_code("E")
    assert all(is_eventlint_code(code) for code in by_code())
