"""The language server: `eventlint lsp`, the findings of `check` in the editor as you type.

`create_server()` makes one; it holds a `Session` (`eventlint.api`) per project
it has files of, with the text of open (unsaved) buffers laid over the files on
disk, so a change costs what changed plus the judging. After each run it
publishes diagnostics for every file whose findings changed, the edited one
and the files that depend on it alike. A change to an idle project is
linted at once, a burst of changes once it pauses, and a run still judging
an older text when a newer one arrives stops for it. The configuration is found and loaded,
and the baseline applied, by the same code as `check`; a broken configuration
is a diagnostic on the key at fault. Code actions add `# noqa: CODE` or apply
the rule's fix; hover shows the rule. A file outside every workspace folder is
linted alone; garbage on the input is reported on stderr and skipped.

`server` holds the state and the runs, `features` the protocol's requests and
notifications, `convert` the translation between findings and the protocol's
types, `framing` the stdio framing, `tomlkeys` where a key sits in a TOML text.

Needs the `lsp` extra (`pip install 'eventlint[lsp]'`: pygls and lsprotocol).
"""

from __future__ import annotations

from eventlint.lsp.convert import noqa_edit
from eventlint.lsp.features import create_server, serve

__all__ = ["create_server", "noqa_edit", "serve"]
