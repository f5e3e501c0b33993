"""GitHub Actions workflow commands: one annotation per finding, on the pull request's diff."""

from __future__ import annotations

from typing import TextIO

from eventlint.report.result import Result


def _data(text: str) -> str:
    """A command's message, escaped as the runner unescapes it."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    """A command's property value: the message escapes, and `:` and `,` too."""
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def emit_github(result: Result, out: TextIO) -> None:
    """`::error file=...,line=...,col=...,endLine=...,endColumn=...,title=EVL201::message` per finding."""
    for d in result.diagnostics:
        span = d.span
        properties = ",".join(
            (
                f"file={_property(d.path)}",
                f"line={span.line}",
                f"col={span.column}",
                f"endLine={span.end_line}",
                f"endColumn={span.end_column}",
                f"title={_property(f'{d.code} {d.name}')}",
            )
        )
        out.write(f"::error {properties}::{_data(d.message)}\n")
