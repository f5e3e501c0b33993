"""Each configuration key is declared once (`eventlint.config.keys`): the loader, the rules and the README read it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from eventlint.checks.registry import RULES, codes_matching
from eventlint.checks.rule import Rule
from eventlint.config.keys import KEYS, PER_FILE_IGNORES, Key, Value
from eventlint.config.loading import _Reader, parse_config
from eventlint.config.settings import ConfigError

README = Path(__file__).parent.parent / "README.md"

# A value of each thing a key may hold that the loader takes without a problem (contexts `a` and `b` are declared).
WELL_WRITTEN = {
    Value.BOOLEAN: "true",
    Value.STRINGS: '["."]',
    Value.PATH_PATTERNS: '["**/migrations/**"]',
    Value.RULE_CODES: '["EVL1"]',
    Value.DOTTED_NAMES: '["shop.a"]',
    Value.CONTEXT_NAMES: '[["a", "b"]]',
    Value.RELATIONSHIPS: '["a -> b"]',
    Value.CALL_PATTERNS: '["*.bus.publish"]',
    Value.PRESETS: '["celery"]',
    Value.WORDS: '["Rebuilt"]',
}

# A first entry each kind of string refuses: the loader checks every string as the key says what it holds.
BADLY_WRITTEN = {
    Value.PATH_PATTERNS: ('["#build"]', "[0]"),
    Value.RULE_CODES: ('["XYZ"]', "[0]"),
    Value.DOTTED_NAMES: ('["shop a"]', "[0]"),
    Value.CONTEXT_NAMES: ('[["a", "c"]]', "[0][1]"),
    Value.RELATIONSHIPS: ('["a -> c"]', "[0]"),
    Value.CALL_PATTERNS: ('["shop a"]', "[0]"),
    Value.PRESETS: ('["nope"]', "[0]"),
    Value.WORDS: ('["two words"]', "[0]"),
}


def in_context_a(name: str) -> str:
    """A declared dotted name as written for the context `a`: `contexts.a.modules`."""
    return name.replace("<name>", "a")


def written(name: str, value: str) -> str:
    """A TOML text setting the dotted key `name` to `value`, beside the contexts `a` and `b`."""
    name = in_context_a(name)
    contexts = [f'contexts.{context}.modules = ["shop.{context}"]' for context in "ab"]
    return "\n".join([f"{name} = {value}", *(line for line in contexts if not line.startswith(f"{name} "))]) + "\n"


def well_written(key: Key, value: str | None = None) -> str:
    """A value of `key` (made of `value`, else of one the loader takes without a problem)."""
    value = value or WELL_WRITTEN[key.holds]
    return f'{{ "tests/*" = {value} }}' if key is PER_FILE_IGNORES else value


def problems(text: str) -> list[str]:
    """Every problem the loader finds in a configuration text."""
    try:
        parse_config(text, root=Path("/project"), rule_codes=codes_matching)
    except ConfigError as error:
        return error.problems
    return []


def at_fault(text: str) -> list[str]:
    """The dotted key each problem of a configuration text names."""
    return [problem.partition(": ")[2].partition(": ")[0] for problem in problems(text)]


def accepted() -> list[str]:
    """Every key the loader's tables of known keys let through, dotted."""
    below = {
        "events": _Reader.EVENTS,
        "contexts": tuple(f"<name>.{name}" for name in _Reader.CONTEXT),
        "context-map": _Reader.CONTEXT_MAP,
        "dispatch": _Reader.DISPATCH,
        "naming": _Reader.NAMING,
    }
    return [f"{top}.{name}" if top in below else top for top in _Reader.TOP for name in below.get(top, ("",))]


def test_every_key_the_loader_accepts_is_declared_once() -> None:
    names = [key.name for key in KEYS]
    assert len(set(names)) == len(names)
    assert sorted(accepted()) == sorted(names)


@pytest.mark.parametrize("key", KEYS, ids=lambda key: key.name)
def test_a_declared_key_written_as_it_says_is_read_without_a_problem(key: Key) -> None:
    assert problems(written(key.name, well_written(key))) == []


@pytest.mark.parametrize("key", KEYS, ids=lambda key: key.name)
def test_a_declared_key_written_wrong_is_reported_on_that_key(key: Key) -> None:
    assert at_fault(written(key.name, "42")) == [in_context_a(key.name)]


@pytest.mark.parametrize("key", [key for key in KEYS if key.holds in BADLY_WRITTEN], ids=lambda key: key.name)
def test_each_string_of_a_key_is_checked_as_the_key_says_what_it_holds(key: Key) -> None:
    value, where = BADLY_WRITTEN[key.holds]
    pattern = '."tests/*"' if key is PER_FILE_IGNORES else ""
    assert at_fault(written(key.name, well_written(key, value))) == [in_context_a(key.name) + pattern + where]


@pytest.mark.parametrize("key", KEYS, ids=lambda key: key.name)
def test_a_misspelt_key_is_told_the_declared_one(key: Key) -> None:
    assert problems(written(f"{key.name}x", well_written(key))) == [
        f"eventlint.toml: {in_context_a(key.name)}x: unknown key (did you mean '{key.leaf}'?)"
    ]


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.code)
def test_a_rules_options_are_the_declarations_the_loader_reads(rule: Rule) -> None:
    for option in rule.options:
        assert any(option is key for key in KEYS), option.name


def test_the_readme_configuration_names_every_key() -> None:
    section = README.read_text(encoding="utf-8").partition("### The configuration\n")[2].partition("\n## ")[0]
    for key in KEYS:
        table = key.name.rpartition(".")[0].replace(".<name>", ".")
        assert not table or f"[{table}" in section, key.name
        assert re.search(rf"(?<![\w-]){re.escape(key.leaf)}(?![\w-])", section), key.name
