"""The fixes: pure functions from source text to edited source text, as libcst codemods.

The extractor reads code; the fixes write it. Each takes text (and, for a
rename, the whole project as `{path: text}` with its module names) and
returns the edited text; none reads or writes a file, so the command line
(`--fix`, `--diff`, `--add-noqa`) and the language server's code actions
decide where the text goes. Every fix keeps the rest of a file byte for byte,
produces code that parses, and changes nothing when applied a second time.

Renaming an event class (EVL101, EVL102) and deferring a publish into an
after-commit hook (EVL302) change what other systems see (the type name
serialisers and brokers carry, the time a message leaves), so they are unsafe
fixes, applied only with `--unsafe-fixes`; `add_noqa` changes no behaviour.
"""

from __future__ import annotations

from eventlint.fixes.add_noqa import add_noqa
from eventlint.fixes.after_commit import NotDeferred, defer_publish, move_publish_after_commit
from eventlint.fixes.edits import Edit, RenameRefused
from eventlint.fixes.rename import rename_class

__all__ = [
    "Edit",
    "NotDeferred",
    "RenameRefused",
    "add_noqa",
    "defer_publish",
    "move_publish_after_commit",
    "rename_class",
]
