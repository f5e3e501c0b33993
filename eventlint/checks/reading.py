"""EVL001-EVL002: what the engine itself reports, while reading files and while applying suppressions."""

from __future__ import annotations

from eventlint.rule import Rule

UNPARSABLE = Rule(
    "EVL001",
    "unparsable-file",
    "a file that cannot be read, decoded or parsed",
    {"": "{reason}"},
)
UNUSED_NOQA = Rule(
    "EVL002",
    "unused-noqa",
    "a `# noqa` eventlint code that suppresses nothing where it stands",
    {"": "`# noqa: {code}` suppresses nothing here: {why}"},
    default_on=False,
)

READING_RULES: tuple[Rule, ...] = (UNPARSABLE, UNUSED_NOQA)
