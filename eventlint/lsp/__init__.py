"""The language server: `eventlint lsp`, the findings of `check` in the editor as you type.

It runs the same engine as `check`, with the text of open (unsaved) buffers
laid over the files on disk, and keeps what it learnt of each project in
memory between runs (the file list, facts, stat stamps), so a change costs
what changed plus the judging. After each run it publishes diagnostics for
every file whose findings changed, the edited one and the files that depend
on it alike. A changed configuration is reloaded; a broken one is shown as a
diagnostic on the configuration file, on the key at fault. The baseline hides
what it records, as in `check`. Code actions add `# noqa: CODE`; hover shows
the rule. A file outside every workspace folder is linted alone; garbage on
the input is reported on stderr and skipped.

Needs the `lsp` extra (`pip install 'eventlint[lsp]'`: pygls and lsprotocol).
"""

from __future__ import annotations

from eventlint.lsp.convert import noqa_edit
from eventlint.lsp.features import create_server, serve

__all__ = ["create_server", "noqa_edit", "serve"]
