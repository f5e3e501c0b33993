"""The rule documents: one per registered rule, fixed sections, examples that really fire."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markers import SECTIONS, RuleDocument, actual, expected

from eventlint import lint_sources
from eventlint.checks.registry import RULES
from eventlint.checks.rule import Rule, Safety
from eventlint.cli import main
from eventlint.config.loading import _Reader
from eventlint.config.settings import DISPATCH_KINDS

CODES = RULES
DISPATCH_KEYS = (*DISPATCH_KINDS, "disable-presets")

RULES_DIR = Path(__file__).parent.parent / "rules"
DOCUMENTS = sorted(RULES_DIR.glob("EVL*.md"))


def test_one_document_per_rule_and_one_rule_per_document() -> None:
    documented = {path.stem for path in DOCUMENTS}
    assert documented == {f"{row.code}-{row.name}" for row in CODES}


def test_every_rule_but_those_of_the_pipeline_has_a_check() -> None:
    # EVL001 comes from reading the files, EVL002 from the suppressions stage.
    assert [rule.code for rule in RULES if rule.check is None] == ["EVL001", "EVL002"]
    assert [rule.code for rule in RULES] == sorted(rule.code for rule in RULES)


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.code)
def test_a_rules_options_are_the_keys_its_document_explains(rule: Rule) -> None:
    section = (RULES_DIR / f"{rule.code}-{rule.name}.md").read_text(encoding="utf-8").partition("## Configuration")[2]
    listed = re.findall(r"^- `([a-z<>.-]+)`", section.partition("\n## ")[0], re.MULTILINE)
    assert sorted(option.name for option in rule.options) == sorted(listed)
    for option in rule.options:
        top, _, key = option.name.partition(".")
        assert top in _Reader.TOP
        assert top == "contexts" or key in {"events": _Reader.EVENTS, "context-map": _Reader.CONTEXT_MAP,
                                            "naming": _Reader.NAMING, "dispatch": DISPATCH_KEYS}[top]


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.code)
def test_an_unsafe_fix_says_why_and_its_document_says_it_is_unsafe(rule: Rule) -> None:
    if rule.fix is None:
        return
    document = (RULES_DIR / f"{rule.code}-{rule.name}.md").read_text(encoding="utf-8")
    if rule.fix.safety is Safety.UNSAFE:
        assert rule.fix.why
        assert "--unsafe-fixes" in document


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.stem)
def test_document_has_the_fixed_sections(path: Path) -> None:
    document = RuleDocument.read(path)
    code, name = path.stem.split("-", 1)
    assert document.title == f"# {code}: {name}"
    assert document.headings == list(SECTIONS)


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.stem)
def test_example_fires_exactly_as_marked(path: Path) -> None:
    files, config = RuleDocument.read(path).project("Example")
    marked = expected(files)
    assert marked, "the Example must mark at least one finding"
    assert path.stem.split("-", 1)[0] in {code for _, _, code in marked}
    result = lint_sources(files, config)
    assert not result.errors
    assert actual(result) == marked


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.stem)
def test_use_instead_is_clean(path: Path) -> None:
    document = RuleDocument.read(path)
    files, config = document.project("Use instead")
    if config is None:
        config = document.project("Example")[1]
    assert files, "Use instead must show the fixed code"
    result = lint_sources(files, config)
    assert not result.errors
    assert actual(result) == {}


@pytest.mark.parametrize("row", CODES, ids=lambda row: row.code)
def test_explain_prints_the_document(row, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    assert main(["explain", row.code.lower()]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"# {row.code}: {row.name}\n")
    assert "## Use instead" in out
