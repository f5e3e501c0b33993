"""Finding, reading and validating the configuration file into a `Config`.

Every problem in a configuration is collected and reported together, one line
each, naming the file and the dotted key (`contexts.basket.modules[1]: expected
a string, got an integer`), so a user fixes them all in one pass.
"""

from __future__ import annotations

import difflib
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from eventlint.config import keys
from eventlint.config.keys import Key, Value, names_in
from eventlint.config.presets import PRESETS
from eventlint.config.settings import (
    CONFIG_FILE,
    DEFAULT_EXCLUDE,
    PYPROJECT,
    BoundedContext,
    Config,
    ConfigError,
    DispatchPatterns,
    NamingOptions,
)
from eventlint.files.globs import problem as pattern_problem
from eventlint.files.safeio import read_text
from eventlint.model import Role

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

_DOTTED = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")
_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_DOTTED_NAME = rf"{_NAME}(?:\.{_NAME})*"
# `a.b.c`, `*.a.b`, `lib.**.method` and `@decorator.method`, as `eventlint.index.call_patterns` matches them.
_PATTERN = re.compile(rf"^(?:\*\.{_DOTTED_NAME}|{_DOTTED_NAME}|{_DOTTED_NAME}\.\*\*\.{_NAME}|@{_DOTTED_NAME}\.{_NAME})$")
_RELATIONSHIP = re.compile(r"^\s*(?P<up>[^\s>-]+)\s*->\s*(?P<down>[^\s>-]+)\s*$")


def find_config(start: Path) -> Path | None:
    """The nearest `eventlint.toml`, or `pyproject.toml` with `[tool.eventlint]`, walking up."""
    start = start.resolve()
    folder = start if start.is_dir() else start.parent
    for candidate in (folder, *folder.parents):
        own = candidate / CONFIG_FILE
        if own.is_file() or (os.path.lexists(own) and not own.is_dir()):  # a pipe or a bad link: say so, never skip it
            return own
        pyproject = candidate / PYPROJECT
        if pyproject.is_file() and declares_eventlint(pyproject):
            return pyproject
    return None


def declares_eventlint(pyproject: Path) -> bool:
    """Whether a `pyproject.toml` holds eventlint's table (or, broken, mentions it)."""
    try:
        text = read_text(pyproject)
    except (OSError, UnicodeDecodeError):
        return False
    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError, MemoryError):
        # Broken TOML (or nested past what the parser can follow): ours when it mentions our table, so that loading it
        # reports the error instead of silently falling back to defaults.
        return "tool.eventlint" in text

    tool = data.get("tool")
    return isinstance(tool, dict) and "eventlint" in tool


Check = Callable[[str], str | None]
"""What is wrong with one string of a configuration value, or None when nothing is."""

RuleCodes = Callable[[str], Sequence[str]]
"""The codes a selector covers (`EVL2` -> every EVL2xx code): the registry of rules, which lies above the configuration."""


def load_config(path: Path, display: str | None = None, *, rule_codes: RuleCodes) -> Config:
    """Read and validate a configuration file; raise `ConfigError` listing every problem.

    `rule_codes` tells which codes exist (`eventlint.checks.registry.codes_matching`).
    """
    name = display or str(path)
    try:
        text = read_text(path)
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else error
        raise ConfigError([f"{name}: cannot read the configuration: {reason}"]) from None
    # The project is the folder holding the name found, not where a linked
    # (shared) configuration points: its contents are read, its folder is not the project.
    root = path.absolute().parent.resolve()
    return parse_config(
        text, root=root, source=root / path.name, display=name, pyproject=path.name == PYPROJECT, rule_codes=rule_codes
    )


def parse_config(
    text: str,
    *,
    root: Path,
    source: Path | None = None,
    display: str = CONFIG_FILE,
    pyproject: bool = False,
    rule_codes: RuleCodes,
) -> Config:
    """Validate TOML text: top-level keys for `eventlint.toml`, `[tool.eventlint]` for pyproject."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError([f"{display}: invalid TOML: {error}"]) from None
    except (RecursionError, MemoryError) as error:
        raise ConfigError([f"{display}: not valid TOML: {too_deep(error)}"]) from None
    prefix = ""
    if pyproject:
        tool = data.get("tool", {})
        if not (isinstance(tool, dict) and "eventlint" in tool):
            raise ConfigError([f"{display}: no [tool.eventlint] table: in pyproject.toml, eventlint's keys go under it"])
        data = tool["eventlint"]
        prefix = "tool.eventlint"
        if not isinstance(data, dict):
            raise ConfigError([f"{display}: {prefix}: expected a table, got {_kind(data)}"])
    elif isinstance(data.get("tool"), dict) and "eventlint" in data["tool"]:
        raise ConfigError(
            [f"{display}: tool.eventlint: in eventlint.toml the keys go at the top level; [tool.eventlint] is for pyproject.toml"]
        )
    reader = _Reader(display, rule_codes)
    config = reader.read(data, prefix, root=root, source=source)
    if reader.problems:
        raise ConfigError(reader.problems)
    return config


def too_deep(error: RecursionError | MemoryError) -> str:
    """Why the TOML parser gave up on text it could not hold: its values nest past its stack, or its memory."""
    return "nested too deeply" if isinstance(error, RecursionError) else "too large to read"


def _kind(value: object) -> str:
    names = {str: "a string", bool: "a boolean", int: "an integer", float: "a float", list: "an array", dict: "a table"}
    return names.get(type(value), type(value).__name__)


_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def _key(prefix: str, key: str) -> str:
    """`prefix.key`, quoting `key` as TOML does when it is not a bare key (`"tests/*.py"`)."""
    if not _BARE_KEY.match(key):
        key = '"' + key.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{prefix}.{key}" if prefix else key


def _hint(key: str, known: tuple[str, ...] | list[str]) -> str:
    # A name the key begins (`kafka` for `kafka-python`) beats one merely alike.
    close = [name for name in known if name.startswith(key)] or difflib.get_close_matches(key, list(known), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


class _Reader:
    """Walks the TOML data once, building the config and collecting every problem."""

    # The keys each table may hold, as `eventlint.config.keys` declares them.
    TOP = names_in("")
    EVENTS = names_in("events")
    CONTEXT = names_in("contexts.<name>")
    CONTEXT_MAP = names_in("context-map")
    NAMING = names_in("naming")
    DISPATCH = names_in("dispatch")

    def __init__(self, display: str, rule_codes: RuleCodes) -> None:
        self.display = display
        self.rule_codes = rule_codes
        self.problems: list[str] = []
        # How each string of a value read as an array of strings is checked, by what the key holds.
        self.checks: dict[Value, Check | None] = {
            Value.STRINGS: None,
            Value.PATH_PATTERNS: pattern_problem,
            Value.RULE_CODES: self._check_code,
            Value.DOTTED_NAMES: _check_dotted,
            Value.RELATIONSHIPS: None,  # parsed and checked against the contexts once read
            Value.CALL_PATTERNS: _check_pattern,
            Value.PRESETS: _check_preset,
            Value.WORDS: _check_word,
        }

    def problem(self, key: str, message: str) -> None:
        self.problems.append(f"{self.display}: {key}: {message}")

    def table(self, data: Any, key: str, known: tuple[str, ...]) -> dict[str, Any]:
        if not isinstance(data, dict):
            self.problem(key, f"expected a table, got {_kind(data)}")
            return {}
        for name in data:
            if name not in known:
                self.problem(_key(key, name), f"unknown key{_hint(name, known)}")
        return data

    def boolean(self, data: dict[str, Any], prefix: str, key: str, default: bool) -> bool:
        """A `true`/`false` value, or `default` when absent."""
        if key not in data:
            return default
        value = data[key]
        if not isinstance(value, bool):
            self.problem(_key(prefix, key), f"expected a boolean, got {_kind(value)}")
            return default
        return value

    def array(self, data: dict[str, Any], prefix: str, key: Key) -> tuple[str, ...]:
        """The strings of a key's value, each checked as the key says what it holds."""
        return self.strings(data, prefix, key.leaf, self.checks[key.holds])

    def strings(self, data: dict[str, Any], prefix: str, key: str, check: Check | None = None) -> tuple[str, ...]:
        if key not in data:
            return ()
        value = data[key]
        where = _key(prefix, key)
        if not isinstance(value, list):
            self.problem(where, f"expected an array of strings, got {_kind(value)}")
            return ()
        out: list[str] = []
        for index, item in enumerate(value):
            if not isinstance(item, str):
                self.problem(f"{where}[{index}]", f"expected a string, got {_kind(item)}")
                continue
            error = check(item) if check else None
            if error:
                self.problem(f"{where}[{index}]", error)
                continue
            out.append(item)
        return tuple(out)

    def read(self, data: dict[str, Any], prefix: str, *, root: Path, source: Path | None) -> Config:
        for name in data:
            if name not in self.TOP:
                self.problem(_key(prefix, name), f"unknown key{_hint(name, self.TOP)}")
        src = tuple((root / item).resolve() for item in self.array(data, prefix, keys.SRC))
        exclude = DEFAULT_EXCLUDE + self.array(data, prefix, keys.EXCLUDE)
        respect_gitignore = self.boolean(data, prefix, keys.RESPECT_GITIGNORE.leaf, default=True)
        select = self.array(data, prefix, keys.SELECT) if keys.SELECT.leaf in data else None
        if data.get(keys.SELECT.leaf) == []:
            self.problem(
                _key(prefix, keys.SELECT.leaf), "no rule code given (a configuration that selects nothing checks nothing)"
            )
        ignore = self.array(data, prefix, keys.IGNORE)
        per_file = self._per_file_ignores(data.get(keys.PER_FILE_IGNORES.leaf, {}), _key(prefix, keys.PER_FILE_IGNORES.leaf))
        events_key = _key(prefix, "events")
        events = self.table(data.get("events", {}), events_key, self.EVENTS)
        domain_bases = self.array(events, events_key, keys.DOMAIN_BASES)
        integration_bases = self.array(events, events_key, keys.INTEGRATION_BASES)
        self._both_kinds(events, events_key, domain_bases)
        contexts = self._contexts(data.get("contexts", {}), _key(prefix, "contexts"))
        # Every declared context is a known name, even one reported above for a
        # missing or bad `modules`, so that one mistake is not reported twice.
        declared = data.get("contexts", {})
        names = tuple(declared) if isinstance(declared, dict) else ()
        map_key = _key(prefix, "context-map")
        context_map = self.table(data.get("context-map", {}), map_key, self.CONTEXT_MAP)
        published = self.array(context_map, map_key, keys.PUBLISHED_LANGUAGE)
        contract_modules = self.array(context_map, map_key, keys.CONTRACT_MODULES)
        kernels = self._kernels(context_map, map_key, names)
        relationships = self._relationships(context_map, map_key, names)
        dispatch = self._dispatch(data.get("dispatch", {}), _key(prefix, "dispatch"))
        naming_key = _key(prefix, "naming")
        naming = self.table(data.get("naming", {}), naming_key, self.NAMING)
        return Config(
            root=root,
            source=source,
            src=src,
            exclude=exclude,
            respect_gitignore=respect_gitignore,
            select=select,
            ignore=ignore,
            per_file_ignores=per_file,
            domain_bases=domain_bases,
            integration_bases=integration_bases,
            contexts=contexts,
            published_language=published,
            contract_modules=contract_modules,
            shared_kernels=kernels,
            relationships=relationships,
            dispatch=dispatch,
            naming=NamingOptions(
                past_tense_words=self.array(naming, naming_key, keys.PAST_TENSE_WORDS),
                ignore_names=self.array(naming, naming_key, keys.IGNORE_NAMES),
            ),
        )

    def _both_kinds(self, events: dict[str, Any], where: str, domain_bases: tuple[str, ...]) -> None:
        """A class in both base lists: its subclasses would be two kinds of event at once."""
        domain, integration = events.get(keys.DOMAIN_BASES.leaf), events.get(keys.INTEGRATION_BASES.leaf)
        if not (isinstance(domain, list) and isinstance(integration, list)):
            return
        for index, base in enumerate(integration):
            if isinstance(base, str) and base in domain_bases:
                self.problem(
                    f"{_key(where, keys.INTEGRATION_BASES.leaf)}[{index}]",
                    f"'{base}' is also in {_key(where, keys.DOMAIN_BASES.leaf)}[{domain.index(base)}]; a base is of one kind",
                )

    def _check_code(self, code: str) -> str | None:
        if not code.strip():
            # `codes_matching("")` is every code: an empty selector would switch every rule on or off.
            return "empty rule code (it would match every rule)"
        if self.rule_codes(code):
            return None
        return f"unknown rule code '{code}'"

    def _per_file_ignores(self, value: Any, where: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
        if not isinstance(value, dict):
            self.problem(where, f"expected a table, got {_kind(value)}")
            return ()
        out = []
        for pattern, codes in value.items():
            read = self.strings({pattern: codes}, where, pattern, self.checks[keys.PER_FILE_IGNORES.holds])
            out.append((pattern, read))
        return tuple(out)

    def _contexts(self, value: Any, where: str) -> tuple[BoundedContext, ...]:
        if not isinstance(value, dict):
            self.problem(where, f"expected a table, got {_kind(value)}")
            return ()
        owners: dict[str, str] = {}
        contexts = []
        for name, body in value.items():
            key = _key(where, name)
            body = self.table(body, key, self.CONTEXT)
            modules_key = _key(key, keys.CONTEXTS.leaf)
            if not body:
                if isinstance(value[name], dict):
                    self.problem(modules_key, "required key is missing")
                continue
            if keys.CONTEXTS.leaf not in body:
                self.problem(modules_key, "required key is missing")
                continue
            modules = self.array(body, key, keys.CONTEXTS)
            for index, module in enumerate(modules):
                if module in owners:
                    self.problem(f"{modules_key}[{index}]", f"'{module}' is already in context '{owners[module]}'")
                owners.setdefault(module, name)
            contexts.append(BoundedContext(name=name, modules=modules))
        return tuple(contexts)

    def _context_name(self, name: str, where: str, known: tuple[str, ...]) -> bool:
        if name in known:
            return True
        self.problem(where, f"unknown context '{name}'{_hint(name, known)}")
        return False

    def _kernels(self, context_map: dict[str, Any], where: str, known: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
        if keys.SHARED_KERNELS.leaf not in context_map:
            return ()
        value = context_map[keys.SHARED_KERNELS.leaf]
        key = _key(where, keys.SHARED_KERNELS.leaf)
        if not isinstance(value, list):
            self.problem(key, f"expected an array of arrays of context names, got {_kind(value)}")
            return ()
        kernels = []
        for index, group in enumerate(value):
            if not isinstance(group, list) or not all(isinstance(member, str) for member in group):
                self.problem(f"{key}[{index}]", "expected an array of context names")
                continue
            members = tuple(group)
            if len(members) < 2:
                self.problem(f"{key}[{index}]", "a shared kernel needs at least two contexts")
                continue
            if all(self._context_name(m, f"{key}[{index}][{i}]", known) for i, m in enumerate(members)):
                kernels.append(tuple(members))
        return tuple(kernels)

    def _relationships(self, context_map: dict[str, Any], where: str, known: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
        key = _key(where, keys.RELATIONSHIPS.leaf)
        out = []
        for index, text in enumerate(self.array(context_map, where, keys.RELATIONSHIPS)):
            match = _RELATIONSHIP.match(text)
            if not match:
                self.problem(f"{key}[{index}]", f"expected 'upstream -> downstream', got '{text}'")
                continue
            up, down = match["up"], match["down"]
            ok_up = self._context_name(up, f"{key}[{index}]", known)
            ok_down = self._context_name(down, f"{key}[{index}]", known)
            if ok_up and ok_down:
                out.append((up, down))
        return tuple(out)

    def _dispatch(self, value: Any, where: str) -> DispatchPatterns:
        body = self.table(value, where, self.DISPATCH)
        read = {role.value: self.strings(body, where, role.key, _check_pattern) for role in Role}
        disabled = self.strings(body, where, "disable-presets", _check_preset)
        return DispatchPatterns(**read, disable_presets=disabled)


def _check_preset(name: str) -> str | None:
    if name in PRESETS:
        return None
    return f"unknown preset '{name}'{_hint(name, sorted(PRESETS))}"


def _check_dotted(name: str) -> str | None:
    if _DOTTED.match(name):
        return None
    return f"expected a dotted module or class name, got '{name}'"


def _check_pattern(pattern: str) -> str | None:
    if _PATTERN.match(pattern):
        return None
    return f"expected 'a.b.c', '*.attribute.chain', 'lib.**.method' or '@decorator.method', got '{pattern}'"


def _check_word(word: str) -> str | None:
    if word.isalpha():
        return None
    return f"expected a single word, got '{word}'"
