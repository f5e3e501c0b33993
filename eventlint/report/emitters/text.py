"""`path:line:col: CODE message`, one per line, as editors' problem matchers read it."""

from __future__ import annotations

from typing import TextIO

from eventlint.report.result import Result


def emit_text(result: Result, out: TextIO) -> None:
    """One line per finding, sorted by path and position."""
    for d in result.diagnostics:
        out.write(f"{d.path}:{d.line}:{d.column}: {d.code} {d.message}\n")
