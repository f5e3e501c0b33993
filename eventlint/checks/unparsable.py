"""EVL001: a file that cannot be read, decoded or parsed; found while the files are read, before any rule runs."""

from __future__ import annotations

from eventlint.checks.rule import Rule

UNPARSABLE = Rule(
    "EVL001",
    "unparsable-file",
    "a file that cannot be read, decoded or parsed",
    {"": "{reason}"},
)
