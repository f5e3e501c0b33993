"""What a check prints: the report in its format, with a count per rule or the summary, written
to standard output or to the file asked for."""

from __future__ import annotations

import errno
import io
import os
import traceback
from pathlib import Path
from typing import TextIO

from eventlint.report.emitters import EMITTERS, emitter_for
from eventlint.report.emitters.printable import printable_result
from eventlint.report.result import InternalError, Result


class UnwritableOutput(Exception):
    """The report could not be written to the file asked for (it went to standard output instead)."""

    def __init__(self, path: Path, error: OSError) -> None:
        super().__init__(f"--output-file: cannot write '{path}': {error.strerror or error}")


def report(result: Result, out: TextIO, output_format: str, statistics: bool, quiet: bool) -> None:
    """The report of `result` in `output_format`, or its statistics; the summary after text unless quiet."""
    raw, result = result, printable_result(result)
    # SARIF percent-encodes a file name's real bytes (and makes the rest printable itself).
    emitter_for(output_format, statistics=statistics)(raw if output_format == "sarif" else result, out)
    if output_format == "text" and not quiet:
        out.write(summary(result) + "\n")


def deliver(
    result: Result, out: TextIO, output_file: Path | None, output_format: str, statistics: bool, quiet: bool
) -> list[InternalError]:
    """Write the report to `output_file`, else to `out`; a report that fails is an internal error, and every
    finding is still printed to `out` (so is a report that `output_file` would not take: `UnwritableOutput`)."""
    buffer = io.StringIO()
    try:
        report(result, buffer, output_format, statistics, quiet)
    except Exception:
        fallback = io.StringIO()
        EMITTERS["text"](printable_result(result), fallback)
        out.write(fallback.getvalue())
        return [InternalError(f"the {output_format} report", traceback.format_exc())]
    if output_file is None:
        out.write(buffer.getvalue())
        return []
    try:
        write_output(output_file, buffer.getvalue())
    except OSError as error:
        out.write(buffer.getvalue())
        raise UnwritableOutput(output_file, error) from None
    return []


def summary(result: Result) -> str:
    """The closing line of a text report: what was checked and found."""
    files = f"{result.files} file{'s' if result.files != 1 else ''}"
    hidden = result.baselined
    if not result.files:
        return "Nothing checked: no Python file of the project is under the given paths."
    if not result.diagnostics:
        extra = f"; {hidden} finding{'s' if hidden != 1 else ''} hidden by the baseline" if hidden else ""
        return f"All checks passed ({files} checked{extra})."
    count = len(result.diagnostics)
    with_findings = len({d.path for d in result.diagnostics})
    extra = f" ({hidden} more hidden by the baseline)" if hidden else ""
    return f"Found {count} finding{'s' if count != 1 else ''} in {with_findings} of {files}{extra}."


def write_output(path: Path, text: str) -> None:
    """Write a report to `path` without ever waiting to open it: a named pipe no process reads is an
    error at once (`ENXIO`), not a hang; one that a process reads (`/dev/stdout` in a pipeline) takes it."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0), 0o666)
    except OSError as error:
        if error.errno == errno.ENXIO:
            raise OSError(error.errno, "it is a named pipe that no process reads") from None
        raise
    os.set_blocking(fd, True)
    with open(fd, "w", encoding="utf-8") as out:
        out.write(text)
