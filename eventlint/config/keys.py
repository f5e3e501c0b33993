"""Every configuration key, declared once: its dotted name, its kind and purpose as users read them, what it holds.

The loader's tables of known keys (and so its did-you-mean hints) are made from `KEYS`, and it checks each
string of a key's value as the key says what it `holds`; a rule's `options` are these declarations themselves.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from eventlint.model import Role


class Value(enum.Enum):
    """What a key's value is made of; the loader checks each string of it so (rule codes against the registry)."""

    BOOLEAN = "true or false"
    STRINGS = "any strings"
    PATH_PATTERNS = "path patterns, as in .gitignore"
    RULE_CODES = "rule codes or their prefixes"
    DOTTED_NAMES = "dotted module or class names"
    CONTEXT_NAMES = "names of declared contexts"
    RELATIONSHIPS = 'pairs of declared contexts, "upstream -> downstream"'
    CALL_PATTERNS = "call patterns"
    PRESETS = "names of built-in presets"
    WORDS = "single words"


@dataclass(frozen=True)
class Key:
    """A configuration key: where it is written, what it holds, what it is for."""

    name: str  # dotted, as in eventlint.toml: "naming.past-tense-words"; "contexts.<name>.modules" in every context
    kind: str  # as users read it: "list of call patterns", "boolean", ...
    description: str
    holds: Value

    @property
    def leaf(self) -> str:
        """The key's name in its own table: "past-tense-words"."""
        return self.name.rpartition(".")[2]


_CLASSES = "list of class names"
_PATTERNS = "list of call patterns"
_CODES = "list of rule codes"

SRC = Key("src", "list of folders", "the import roots, relative to the configuration", Value.STRINGS)
EXCLUDE = Key("exclude", "list of path patterns", "paths left out, added to the defaults", Value.PATH_PATTERNS)
RESPECT_GITIGNORE = Key("respect-gitignore", "boolean", "whether what .gitignore files ignore is left out", Value.BOOLEAN)
SELECT = Key("select", _CODES, "the only rules that run", Value.RULE_CODES)
IGNORE = Key("ignore", _CODES, "rules switched off", Value.RULE_CODES)
PER_FILE_IGNORES = Key(
    "per-file-ignores",
    "table of path pattern to rule codes",
    "rules switched off in the files a pattern matches",
    Value.RULE_CODES,
)
DOMAIN_BASES = Key("events.domain-bases", _CLASSES, "the classes whose subclasses are domain events", Value.DOTTED_NAMES)
INTEGRATION_BASES = Key(
    "events.integration-bases", _CLASSES, "the classes whose subclasses are integration events", Value.DOTTED_NAMES
)
CONTEXTS = Key("contexts.<name>.modules", "list of module prefixes", "the modules each bounded context owns", Value.DOTTED_NAMES)
PUBLISHED_LANGUAGE = Key(
    "context-map.published-language", "list of modules", "the contracts every context may import", Value.DOTTED_NAMES
)
CONTRACT_MODULES = Key(
    "context-map.contract-modules", "list of modules", "more modules whose classes are contract types", Value.DOTTED_NAMES
)
SHARED_KERNELS = Key(
    "context-map.shared-kernels", "list of context lists", "contexts that may share domain events", Value.CONTEXT_NAMES
)
RELATIONSHIPS = Key(
    "context-map.relationships", 'list of "upstream -> downstream"', "the declared event flows", Value.RELATIONSHIPS
)
# One key per dispatch role, named as users write the role (`Role.key`), by which the loader reads the `[dispatch]` table.
BROKER = Key(f"dispatch.{Role.BROKER.key}", _PATTERNS, "calls that send to a message broker", Value.CALL_PATTERNS)
LOCAL = Key(f"dispatch.{Role.LOCAL.key}", _PATTERNS, "in-process, synchronous dispatch calls", Value.CALL_PATTERNS)
OUTBOX = Key(f"dispatch.{Role.OUTBOX.key}", _PATTERNS, "calls that write to a transactional outbox", Value.CALL_PATTERNS)
COMMIT = Key(f"dispatch.{Role.COMMIT.key}", _PATTERNS, "calls that commit the unit of work", Value.CALL_PATTERNS)
TRANSACTION = Key(
    f"dispatch.{Role.TRANSACTION.key}", _PATTERNS, "context managers and decorators that commit on exit", Value.CALL_PATTERNS
)
AFTER_COMMIT = Key(
    f"dispatch.{Role.AFTER_COMMIT.key}", _PATTERNS, "hooks whose callback runs after the commit", Value.CALL_PATTERNS
)
SUBSCRIBER = Key(f"dispatch.{Role.SUBSCRIBER.key}", _PATTERNS, "decorators that register event handlers", Value.CALL_PATTERNS)
DISABLE_PRESETS = Key("dispatch.disable-presets", "list of preset names", "built-in presets switched off", Value.PRESETS)
PAST_TENSE_WORDS = Key("naming.past-tense-words", "list of words", "more words that read as past tense", Value.WORDS)
IGNORE_NAMES = Key("naming.ignore-names", "list of glob patterns", "class names the naming rules never judge", Value.STRINGS)

KEYS: tuple[Key, ...] = (
    SRC,
    EXCLUDE,
    RESPECT_GITIGNORE,
    SELECT,
    IGNORE,
    PER_FILE_IGNORES,
    DOMAIN_BASES,
    INTEGRATION_BASES,
    CONTEXTS,
    PUBLISHED_LANGUAGE,
    CONTRACT_MODULES,
    SHARED_KERNELS,
    RELATIONSHIPS,
    BROKER,
    LOCAL,
    OUTBOX,
    COMMIT,
    TRANSACTION,
    AFTER_COMMIT,
    SUBSCRIBER,
    DISABLE_PRESETS,
    PAST_TENSE_WORDS,
    IGNORE_NAMES,
)
"""Every key, in the order the loader reads them and names them in a did-you-mean hint."""


def names_in(table: str) -> tuple[str, ...]:
    """The names a table may hold, in declared order: `names_in("")` the top level, `names_in("naming")`, ..."""
    start = f"{table}." if table else ""
    below = (key.name[len(start) :] for key in KEYS if key.name.startswith(start))
    return tuple(dict.fromkeys(name.partition(".")[0] for name in below))
