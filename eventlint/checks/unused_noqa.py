"""EVL002: a `# noqa` that suppresses nothing; found while the suppressions are applied, after every other rule."""

from __future__ import annotations

from eventlint.checks.rule import Rule

UNUSED_NOQA = Rule(
    "EVL002",
    "unused-noqa",
    "a `# noqa` eventlint code that suppresses nothing where it stands",
    {"": "`# noqa: {code}` suppresses nothing here: {why}"},
    default_on=False,
)
